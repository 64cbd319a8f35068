//! A credential held in memory: it prints as `***` everywhere, so it cannot leak through a log
//! line, a debug dump, an error message or a serialized reply by accident.

use std::fmt;

/// A secret string (API key, token, webhook secret). Read it only with [`Secret::expose`],
/// and only while building a request.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself. Call this only where the value leaves for its provider.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters, which the UI may show to help recognise a key; `None` for
    /// secrets too short to hint at without giving most of them away.
    pub fn last4(&self) -> Option<String> {
        let chars: Vec<char> = self.0.chars().collect();
        (chars.len() >= 12).then(|| chars[chars.len() - 4..].iter().collect())
    }

    /// True for an empty secret.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrite the bytes we own before the allocation is freed.
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.iter_mut().for_each(|b| *b = 0);
        std::hint::black_box(&bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let s = Secret::new("sk_test_0123456789abcdef");
        assert_eq!(format!("{s:?} {s} {:?}", Some(&s)), "*** *** Some(***)");
        assert_eq!(s.expose(), "sk_test_0123456789abcdef");
        assert_eq!(s.last4().as_deref(), Some("cdef"));
        assert_eq!(Secret::new("short").last4(), None);
    }
}
