//! Transaction ids of the simulated HPG: `tx_` + 24 lowercase alphanumerics (section 3.4),
//! derived from the ledger index by an invertible mix, so a ledger of millions needs no id map.

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
const fn inverse(a: u64) -> u64 {
    // Newton's iteration for the inverse of an odd number modulo 2^64.
    let mut x = a;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}
const MIX_INV: u64 = inverse(MIX);
const B36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn base36(mut v: u64, width: usize, out: &mut String) {
    let mut digits = vec![b'0'; width];
    for d in digits.iter_mut().rev() {
        *d = B36
            .get(usize::try_from(v % 36).unwrap_or(0))
            .copied()
            .unwrap_or(b'0');
        v /= 36;
    }
    out.extend(digits.into_iter().map(char::from));
}

/// The ledger's ids: `tx_` + 24 lowercase alphanumerics (section 3.4), invertible to an index.
#[derive(Debug, Clone, Copy)]
pub struct IdCodec {
    key: u64,
}

impl IdCodec {
    /// A codec keyed by the seed and the environment.
    pub fn new(key: u64) -> IdCodec {
        IdCodec { key }
    }

    /// The id of transaction `index`.
    pub fn id(&self, index: u32) -> String {
        let x = (u64::from(index) ^ self.key).wrapping_mul(MIX);
        let mut out = String::with_capacity(27);
        out.push_str("tx_");
        base36(
            x.rotate_left(23).wrapping_mul(0xD6E8_FEB8_6659_FD93) >> 8,
            11,
            &mut out,
        );
        base36(x, 13, &mut out);
        out
    }

    /// The index of an id, if it is one of this codec's.
    pub fn index(&self, id: &str) -> Option<u32> {
        let digits = id.strip_prefix("tx_")?;
        if digits.len() != 24 {
            return None;
        }
        let mut x: u64 = 0;
        for b in digits.bytes().skip(11) {
            let d = B36.iter().position(|c| *c == b)?;
            x = x.checked_mul(36)?.checked_add(u64::try_from(d).ok()?)?;
        }
        let index = u32::try_from(x.wrapping_mul(MIX_INV) ^ self.key).ok()?;
        (self.id(index) == id).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let codec = IdCodec::new(0x1234_5678_9abc_def0);
        for i in [0u32, 1, 2, 999_999, u32::MAX] {
            let id = codec.id(i);
            assert_eq!(id.len(), 27, "{id}");
            assert!(
                id[3..]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            );
            assert_eq!(codec.index(&id), Some(i));
        }
        assert_eq!(codec.index("tx_abc123"), None);
        assert_eq!(IdCodec::new(1).index(&codec.id(5)), None);
    }
}
