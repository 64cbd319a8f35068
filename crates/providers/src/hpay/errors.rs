//! HPAY's error envelope into [`ProviderError`], read once here (§3.7): business refusals
//! come back as HTTP 200 with `success:false` and a non-zero `error_code`; infrastructure
//! failures as HTTP errors. An answer that cannot be read becomes a `Malformed` error in a few
//! words; the body and the reader's detail go to the log only.

use serde::de::DeserializeOwned;

use super::assumptions;
use super::wire::Envelope;
use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;
use paydesk_domain::ProviderKind;

const PROVIDER: ProviderKind = ProviderKind::Hpay;

/// How much of an unreadable body the log keeps.
const LOGGED_BODY_CHARS: usize = 2000;

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

/// The error an HPAY answer carries, if any: an HTTP status outside 2xx (§3.7: a transport
/// error, keeping HPAY's message when the body has one), or HTTP 200 with `success` not true
/// or a non-zero `error_code` (a business refusal). A 2xx whose body is not HPAY's envelope
/// at all is `Malformed`. `None` when the call succeeded.
pub fn error_from(response: &Response) -> Option<ProviderError> {
    let status = response.status.as_u16();
    let envelope = serde_json::from_slice::<Envelope>(&response.body);
    if !response.is_success() {
        let envelope = envelope.ok();
        let code = envelope
            .as_ref()
            .and_then(|e| e.error_code)
            .map(|c| c.0.to_string());
        let message = match envelope.and_then(|e| e.message) {
            Some(m) if !m.trim().is_empty() => m,
            _ => {
                log_body("an HTTP error without HPAY's envelope", &response.body);
                format!("HPAY answered HTTP {status} without saying why")
            }
        };
        let mut error = ProviderError::http(
            PROVIDER,
            ProviderError::kind_for_status(status),
            status,
            code,
            message,
        );
        error.retry_after = response.retry_after();
        return Some(error);
    }
    match envelope {
        Err(e) => Some(unreadable(
            "the answer is not HPAY's",
            &e.to_string(),
            &response.body,
        )),
        Ok(envelope) if envelope.is_ok() => None,
        Ok(envelope) => Some(business_error(
            envelope.code(),
            envelope.message.as_deref().unwrap_or(""),
        )),
    }
}

/// A refusal in HPAY's envelope (HTTP 200, `success:false`).
pub(super) fn business_error(code: i64, message: &str) -> ProviderError {
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

/// Reads a successful answer of `endpoint` as `T`; an answer that does not read is
/// `Malformed` in short words, its body logged.
pub(super) fn read<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| {
        unreadable(
            &format!("HPAY's answer to {endpoint} cannot be read"),
            &e.to_string(),
            body,
        )
    })
}

/// `Malformed` with `what` in words; `detail` and the body go to the log only.
pub(super) fn unreadable(what: &str, detail: &str, body: &[u8]) -> ProviderError {
    tracing::warn!(provider = "hpay", what, detail, body = %body_text(body), "unreadable HPAY answer");
    ProviderError::malformed(PROVIDER, what)
}

/// A value Paydesk cannot use (a currency, a date), with the words given.
pub(super) fn malformed(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

/// A request Paydesk will not send.
pub(super) fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::new(PROVIDER, ErrorKind::Validation, message)
}

fn log_body(what: &str, body: &[u8]) {
    tracing::warn!(provider = "hpay", what, body = %body_text(body), "HPAY answer logged");
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(LOGGED_BODY_CHARS)
        .collect()
}
