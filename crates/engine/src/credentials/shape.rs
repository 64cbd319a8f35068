//! The shape rules credentials must meet when the merchant enters them, in one place. They
//! check shape only (prefix, length, alphabet where a provider documents one); whether a key
//! works is for the provider to say.
//!
//! Error texts name the field and the rule, never the value entered.

use paydesk_domain::{FieldError, Secret};

use crate::secrets::SecretName;

/// HG.Cash tokens: `cash_` and 64 lowercase hex characters (HG.Cash reference, section 2.2).
pub(crate) const HGCASH_TOKEN_PREFIX: &str = "cash_";
/// How many hex characters follow [`HGCASH_TOKEN_PREFIX`].
pub(crate) const HGCASH_TOKEN_HEX_LEN: usize = 64;

/// Hexai's sandbox key prefix (Hexai reference, section 2).
pub(crate) const HEXAI_TEST_PREFIX: &str = "sk_test_";
/// Hexai's live key prefix.
pub(crate) const HEXAI_LIVE_PREFIX: &str = "sk_live_";

/// A value as entered, without the blanks copy and paste tends to add around it, checked to be
/// non-empty and free of whitespace and control characters. Paydesk's own rule for every
/// field: these values travel in HTTP headers and bodies, where a stray space or line break
/// breaks authentication.
pub(crate) fn required(field: SecretName, value: &Secret) -> Result<Secret, FieldError> {
    let trimmed = value.expose().trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field.as_str(), "is required"));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new(
            field.as_str(),
            "must not contain spaces, line breaks or control characters",
        ));
    }
    Ok(Secret::new(trimmed))
}

/// An optional value: absent or blank means "not configured", anything else follows
/// [`required`].
pub(crate) fn optional(
    field: SecretName,
    value: Option<&Secret>,
) -> Result<Option<Secret>, FieldError> {
    match value {
        Some(value) if !value.expose().trim().is_empty() => required(field, value).map(Some),
        _ => Ok(None),
    }
}

/// An HG.Cash bearer token.
pub(crate) fn hgcash_token(value: &Secret) -> Result<Secret, FieldError> {
    let token = required(SecretName::Token, value)?;
    let ok = token
        .expose()
        .strip_prefix(HGCASH_TOKEN_PREFIX)
        .is_some_and(|hex| {
            hex.len() == HGCASH_TOKEN_HEX_LEN
                && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        });
    if ok {
        Ok(token)
    } else {
        Err(FieldError::new(
            SecretName::Token.as_str(),
            "must be cash_ followed by 64 lowercase hexadecimal characters (0-9, a-f), as \
             shown in your HG.Cash dashboard",
        ))
    }
}

/// A Hexai secret key. ASSUMPTION (Hexai reference, section 2): only emptiness and the prefix
/// are checked, not the length or alphabet, and keys without a known prefix are accepted.
pub(crate) fn hexai_secret_key(value: &Secret) -> Result<Secret, FieldError> {
    let key = required(SecretName::SecretKey, value)?;
    if key.expose() == HEXAI_TEST_PREFIX || key.expose() == HEXAI_LIVE_PREFIX {
        return Err(FieldError::new(
            SecretName::SecretKey.as_str(),
            "has nothing after its sk_test_ or sk_live_ prefix; paste the whole key",
        ));
    }
    Ok(key)
}
