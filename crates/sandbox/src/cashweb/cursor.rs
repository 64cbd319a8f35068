//! Opaque page cursors for the CashWeb simulator: unpadded base64url of
//! `{"created_at":…,"id":…}`, as CashWeb's example cursor decodes (§3.5).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::model::{id_text, parse_id, time_text};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url.
pub fn b64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Decodes unpadded base64url; `None` for anything else.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = B64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (bits < 6).then_some(out)
}

/// An opaque page cursor: base64url of `{"created_at":...,"id":...}` (as CashWeb's example).
pub fn cursor_text(created: DateTime<Utc>, id: u128) -> String {
    let json = json!({"created_at": time_text(created), "id": id_text(id)});
    b64url(json.to_string().as_bytes())
}

/// The id a cursor continues after, or `None` for a tampered cursor.
pub fn cursor_id(cursor: &str) -> Option<u128> {
    cursor_parts(cursor).map(|(_, id)| id)
}

/// The time and id a cursor continues after, or `None` for a tampered cursor.
pub fn cursor_parts(cursor: &str) -> Option<(DateTime<Utc>, u128)> {
    let bytes = b64url_decode(cursor)?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    let at = DateTime::parse_from_rfc3339(value.get("created_at")?.as_str()?).ok()?;
    Some((
        at.with_timezone(&Utc),
        parse_id(value.get("id")?.as_str()?)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cashweb::model::{at_ms, make_id};

    #[test]
    fn base64_and_cursors_round_trip() {
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(
                b64url_decode(&b64url(s.as_bytes())),
                Some(s.as_bytes().to_vec())
            );
        }
        assert_eq!(b64url(b"{\"a\""), "eyJhIg");
        let id = make_id(1_739_361_300_000, 42);
        let cursor = cursor_text(at_ms(0), id);
        assert_eq!(cursor_id(&cursor), Some(id));
        assert_eq!(cursor_id("not*base64"), None);
        assert_eq!(cursor_id(&format!("{cursor}x")), None);
    }
}
