//! HPG's error body (§3.2), read once into a [`ProviderError`]: the HTTP status decides the
//! kind (it is documented), `error.code` refines the special cases and is kept verbatim with
//! the message (§6.4). Both the nested shape of the seed and the flat one seen in public code
//! are read; a body that is neither keeps only its HTTP status in words, and goes to the log.

use paydesk_domain::ProviderKind;
use serde::Deserialize;

use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;

const P: ProviderKind = ProviderKind::Hexai;

/// The error envelope (§3.2): nested (the seed) or flat (public code).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HexaiErrorEnvelope {
    /// `"error"`.
    #[serde(default)]
    pub status: Option<String>,
    /// The nested error.
    #[serde(default)]
    pub error: Option<HexaiErrorBody>,
    /// The flat shape's code.
    #[serde(default)]
    pub code: Option<String>,
    /// The flat shape's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// The nested `error` object.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HexaiErrorBody {
    /// SCREAMING_SNAKE_CASE code.
    #[serde(default)]
    pub code: Option<String>,
    /// Readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// Code-dependent details (bututs for `INSUFFICIENT_BALANCE`).
    #[serde(default)]
    pub details: Option<serde_json::Value>,
}

impl HexaiErrorEnvelope {
    /// Reads an error body; anything that is not one of the two shapes gives an empty envelope.
    pub fn read(body: &[u8]) -> HexaiErrorEnvelope {
        serde_json::from_slice(body).unwrap_or_default()
    }

    /// The code and message, whichever shape carried them.
    pub fn code_and_message(&self) -> (Option<String>, Option<String>) {
        match &self.error {
            Some(e) => (
                e.code.clone().or_else(|| self.code.clone()),
                e.message.clone().or_else(|| self.message.clone()),
            ),
            None => (self.code.clone(), self.message.clone()),
        }
    }
}

/// Maps an HTTP error answer (any status but 2xx) to Paydesk's error.
pub fn error_from(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let (code, message) = HexaiErrorEnvelope::read(&response.body).code_and_message();
    let kind = match code.as_deref() {
        Some("INSUFFICIENT_BALANCE") | Some("INSUFFICIENT_FUNDS") => ErrorKind::InsufficientFunds,
        Some("DUPLICATE_REFERENCE") => ErrorKind::Conflict,
        Some("ACCOUNT_BLOCKED") => ErrorKind::Forbidden,
        _ => ProviderError::kind_for_status(status),
    };
    // The HTTP status is documented, the code is not: a 429 is a rate limit whatever its code.
    let kind = if status == 429 {
        ErrorKind::RateLimited
    } else {
        kind
    };
    let message = match message.filter(|m| !m.trim().is_empty()) {
        Some(message) => message,
        None if response.body.is_empty() => format!("HTTP {status} with no body"),
        None => {
            tracing::warn!(
                provider = "hexai",
                status,
                body = %response.body_excerpt(),
                "Hexai error answer without its error body"
            );
            format!("HTTP {status} without a Hexai error body")
        }
    };
    let mut error = ProviderError::http(P, kind, status, code, message);
    error.retry_after = response.retry_after();
    error
}
