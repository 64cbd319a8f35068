//! What can go wrong talking to a provider, keeping everything the provider said: the HTTP
//! status, its own error code and its message.

use std::fmt;
use std::time::Duration;

use paydesk_domain::{AppError, ErrorCode, ProviderKind};

/// The kind of failure, as the engine needs to decide what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The credentials were refused (401), or a token expired and could not be renewed.
    Unauthorized,
    /// Valid credentials, action not allowed (403, blocked account).
    Forbidden,
    /// The provider refused the request's content (400/422 validation).
    Validation,
    /// The record does not exist (404).
    NotFound,
    /// A conflict: duplicate reference, idempotency mismatch, state no longer allows it (409).
    Conflict,
    /// The balance does not cover the request.
    InsufficientFunds,
    /// Too many requests (429); `retry_after` says when to try again if the provider said.
    RateLimited,
    /// The provider failed (5xx). The request may or may not have been carried out.
    Server,
    /// The provider could not be reached: nothing was sent.
    Unreachable,
    /// The request was sent and no answer came in time: the outcome is unknown.
    Timeout,
    /// The connection broke after the request was sent: the outcome is unknown.
    ConnectionLost,
    /// The answer could not be read (not JSON, missing fields, inconsistent amounts).
    Malformed,
    /// Any other refusal the provider explained (a business error with HTTP 200).
    Rejected,
    /// The provider answered with a redirect (3xx), which Paydesk never follows: nothing was
    /// sent to the other address.
    RedirectRefused,
    /// The reply was longer than Paydesk reads (`transport::MAX_REPLY_BYTES`); the request may
    /// have been carried out.
    ReplyTooLarge,
}

/// A failed provider call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ProviderError {
    /// Which provider.
    pub provider: ProviderKind,
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// The provider's own error code (`INSUFFICIENT_BALANCE`, `error_code: 2`...).
    pub code: Option<String>,
    /// The provider's message, or ours when it gave none. Never holds a credential.
    pub message: String,
    /// How long the provider asked us to wait (429 `Retry-After`).
    pub retry_after: Option<Duration>,
}

impl ProviderError {
    /// An error with no HTTP answer behind it.
    pub fn new(provider: ProviderKind, kind: ErrorKind, message: impl Into<String>) -> Self {
        ProviderError {
            provider,
            kind,
            http_status: None,
            code: None,
            message: message.into(),
            retry_after: None,
        }
    }

    /// An error answered by the provider over HTTP.
    pub fn http(
        provider: ProviderKind,
        kind: ErrorKind,
        status: u16,
        code: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        ProviderError {
            http_status: Some(status),
            code,
            ..ProviderError::new(provider, kind, message)
        }
    }

    /// A response that cannot be read.
    pub fn malformed(provider: ProviderKind, what: impl fmt::Display) -> Self {
        ProviderError::new(
            provider,
            ErrorKind::Malformed,
            format!("unreadable answer: {what}"),
        )
    }

    /// The usual kind for an HTTP status when the body says nothing more precise.
    pub fn kind_for_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            400 | 405..=428 | 430..=499 => ErrorKind::Validation,
            _ => ErrorKind::Server,
        }
    }

    /// True when the request may have been carried out although no success came back:
    /// a payout in this state must be recovered by looking it up, never blindly resent.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Timeout
                | ErrorKind::ConnectionLost
                | ErrorKind::Server
                | ErrorKind::Malformed
                | ErrorKind::ReplyTooLarge
        )
    }

    /// True when repeating the same request later can succeed (for requests safe to repeat).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::RateLimited
                | ErrorKind::Server
                | ErrorKind::Unreachable
                | ErrorKind::Timeout
                | ErrorKind::ConnectionLost
        )
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider.display_name(), self.message)?;
        match (&self.code, self.http_status) {
            (Some(code), Some(status)) => write!(f, " ({code}, HTTP {status})"),
            (Some(code), None) => write!(f, " ({code})"),
            (None, Some(status)) => write!(f, " (HTTP {status})"),
            (None, None) => Ok(()),
        }
    }
}

impl From<ProviderError> for AppError {
    fn from(error: ProviderError) -> Self {
        let code = match error.kind {
            ErrorKind::Unauthorized => ErrorCode::ProviderUnauthorized,
            ErrorKind::RateLimited => ErrorCode::ProviderRateLimited,
            ErrorKind::NotFound => ErrorCode::ProviderNotFound,
            ErrorKind::InsufficientFunds => ErrorCode::PayoutInsufficientBalance,
            ErrorKind::Malformed => ErrorCode::ProviderMalformed,
            ErrorKind::RedirectRefused => ErrorCode::ProviderRedirectRefused,
            ErrorKind::ReplyTooLarge => ErrorCode::ProviderReplyTooLarge,
            ErrorKind::Server
            | ErrorKind::Unreachable
            | ErrorKind::Timeout
            | ErrorKind::ConnectionLost => ErrorCode::ProviderUnavailable,
            ErrorKind::Forbidden
            | ErrorKind::Validation
            | ErrorKind::Conflict
            | ErrorKind::Rejected => ErrorCode::ProviderRejected,
        };
        AppError::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_the_provider_said() {
        let e = ProviderError::http(
            ProviderKind::Hexai,
            ErrorKind::InsufficientFunds,
            400,
            Some("INSUFFICIENT_BALANCE".into()),
            "Your account balance is insufficient for this payout.",
        );
        assert_eq!(
            e.to_string(),
            "Hexai: Your account balance is insufficient for this payout. (INSUFFICIENT_BALANCE, HTTP 400)"
        );
        let app = AppError::from(e);
        assert_eq!(app.code, ErrorCode::PayoutInsufficientBalance);
        assert!(
            !ProviderError::new(ProviderKind::Hpay, ErrorKind::Unreachable, "x").outcome_unknown()
        );
        assert!(ProviderError::new(ProviderKind::Hpay, ErrorKind::Timeout, "x").outcome_unknown());
    }
}
