//! HPAY's error envelope into [`ProviderError`] (§3.7): business refusals come back as HTTP
//! 200 with `success:false`; infrastructure failures as HTTP errors.

use super::assumptions;
use super::wire::Envelope;
use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;
use paydesk_domain::ProviderKind;

const PROVIDER: ProviderKind = ProviderKind::Hpay;

/// Maps HPAY's `error_code` and `message` to a kind (§3.7). Only the auth-type codes are
/// trusted as numbers; everything else is read from the message.
pub fn classify(code: i64, message: &str) -> ErrorKind {
    let m = message.to_ascii_lowercase();
    let has = |hints: &[&str]| hints.iter().any(|h| m.contains(h));
    if assumptions::AUTH_ERROR_CODES.contains(&code) {
        ErrorKind::Unauthorized
    } else if has(&assumptions::VALIDATION_MESSAGE_HINTS) {
        ErrorKind::Validation
    } else if has(&assumptions::AUTH_MESSAGE_HINTS) {
        ErrorKind::Unauthorized
    } else if has(&assumptions::MODE_MESSAGE_HINTS) {
        ErrorKind::Forbidden
    } else if has(&assumptions::NOT_FOUND_MESSAGE_HINTS) {
        ErrorKind::NotFound
    } else if has(&assumptions::UNAVAILABLE_MESSAGE_HINTS) {
        ErrorKind::Server
    } else {
        ErrorKind::Rejected
    }
}

pub(crate) fn business_error(code: i64, message: &str) -> ProviderError {
    let message = if message.trim().is_empty() {
        format!("HPAY refused the call (error_code {code})")
    } else {
        message.to_owned()
    };
    ProviderError::http(
        PROVIDER,
        classify(code, &message),
        200,
        Some(code.to_string()),
        message,
    )
}

pub(crate) fn http_error(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let envelope = serde_json::from_slice::<Envelope>(&response.body).ok();
    let code = envelope
        .as_ref()
        .and_then(|e| e.error_code)
        .map(|c| c.0.to_string());
    let message = envelope
        .and_then(|e| e.message)
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("HTTP {status}: {}", response.body_excerpt()));
    let mut error = ProviderError::http(
        PROVIDER,
        ProviderError::kind_for_status(status),
        status,
        code,
        message,
    );
    error.retry_after = response.retry_after();
    error
}

pub(super) fn malformed(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

pub(super) fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::new(PROVIDER, ErrorKind::Validation, message)
}
