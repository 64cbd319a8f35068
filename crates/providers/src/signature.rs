//! Webhook signatures: HMAC-SHA256 over the exact bytes received, compared in constant time.
//! Each provider's module says which header carries it and in which encoding.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Lowercase hex HMAC-SHA256 of `body` under `secret`, as `openssl dgst -sha256 -hmac` prints it.
pub fn hmac_sha256_hex(secret: &[u8], body: &[u8]) -> String {
    hex::encode(hmac_sha256(secret, body))
}

/// Raw HMAC-SHA256 of `body` under `secret`.
pub fn hmac_sha256(secret: &[u8], body: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    match HmacSha256::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// True when `signature_hex` (case-insensitive hex, optionally `sha256=`-prefixed) is the
/// HMAC-SHA256 of `body` under `secret`. Constant-time in the signature's content.
pub fn verify_hmac_sha256_hex(secret: &[u8], body: &[u8], signature_hex: &str) -> bool {
    let text = signature_hex.trim();
    let text = text.strip_prefix("sha256=").unwrap_or(text);
    let Ok(given) = hex::decode(text.to_ascii_lowercase()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_hexai_reference_vector() {
        let body = br#"{"event":"transaction.completed","transaction":{"id":"tx_abc123","client_reference":"INV-001","type":"COLLECTION","amount":500.00,"status":"SUCCEEDED"}}"#;
        let expected = "8cc219d6b81ca97bdcfcd47347fa54fcb7dbd7999815aa4b565c1ed95a31d3ae";
        assert_eq!(hmac_sha256_hex(b"whsec_test_secret", body), expected);
        assert!(verify_hmac_sha256_hex(b"whsec_test_secret", body, expected));
        assert!(verify_hmac_sha256_hex(
            b"whsec_test_secret",
            body,
            &format!("sha256={}", expected.to_uppercase())
        ));
        assert!(!verify_hmac_sha256_hex(b"other", body, expected));
        assert!(!verify_hmac_sha256_hex(
            b"whsec_test_secret",
            b"{}",
            expected
        ));
        assert!(!verify_hmac_sha256_hex(b"whsec_test_secret", body, "zz"));
    }
}
