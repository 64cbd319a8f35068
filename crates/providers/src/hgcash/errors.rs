//! HG.Cash's error body into `ProviderError` (§2.2, §3.3, U3), read once here: the HTTP
//! status, HG.Cash's `code` and its message are kept; a body that is not HG.Cash's envelope
//! is logged and summed up in words, never shown raw.

use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;

use super::wire::{ErrorEnvelope, PROVIDER};

/// The kind of failure for an HTTP status and HG.Cash's code.
pub fn error_kind(status: u16, code: Option<&str>) -> ErrorKind {
    match code {
        Some("INSUFFICIENT_NET_BALANCE") | Some("INSUFFICIENT_BALANCE") => {
            ErrorKind::InsufficientFunds
        }
        Some("DUPLICATE_EXTERNAL_ID") => ErrorKind::Conflict,
        Some("VALIDATION_ERROR") => ErrorKind::Validation,
        Some("ACCOUNT_NOT_FOUND") => ErrorKind::NotFound,
        Some("ACCOUNT_NOT_OPERATIVE") => ErrorKind::Forbidden,
        _ => ProviderError::kind_for_status(status),
    }
}

/// The envelope of a non-2xx body, when it is one (the raw body is logged when it is not).
pub fn envelope_of(status: u16, body: &[u8]) -> Option<ErrorEnvelope> {
    match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(envelope) => Some(envelope),
        Err(e) => {
            let text = String::from_utf8_lossy(body);
            let excerpt: String = text.chars().take(2_000).collect();
            tracing::warn!(
                provider = "hgcash",
                status,
                detail = %e,
                body = %excerpt,
                "HG.Cash answered an error without its error body"
            );
            None
        }
    }
}

/// The `ProviderError` for a non-2xx status and body, keeping status, code and message.
pub fn error_for(status: u16, body: &[u8]) -> ProviderError {
    error_of(status, envelope_of(status, body))
}

/// The `ProviderError` for a non-2xx status whose body was read already ([`envelope_of`]).
pub fn error_of(status: u16, envelope: Option<ErrorEnvelope>) -> ProviderError {
    match envelope {
        Some(envelope) => ProviderError::http(
            PROVIDER,
            error_kind(status, envelope.code.as_deref()),
            status,
            envelope.code,
            envelope.error,
        ),
        None => ProviderError::http(
            PROVIDER,
            ProviderError::kind_for_status(status),
            status,
            None,
            format!("HG.Cash answered HTTP {status} without an explanation Paydesk can read"),
        ),
    }
}

/// The `ProviderError` for a non-2xx answer, with `Retry-After` kept.
pub fn error_from(response: &Response) -> ProviderError {
    let mut error = error_for(response.status.as_u16(), &response.body);
    error.retry_after = response.retry_after();
    error
}
