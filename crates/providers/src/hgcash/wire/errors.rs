//! The error envelope and its mapping to `ProviderError` (§2.2, §3.3, U3).

use serde::{Deserialize, Deserializer};

use crate::error::{ErrorKind, ProviderError};
use crate::exact::WireDecimal;

use super::{PROVIDER, read};

/// Extra facts some errors carry (`details`); both are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ErrorDetails {
    /// With `INSUFFICIENT_NET_BALANCE`: the most that can be cashed out now.
    #[serde(rename = "maxWithdrawableAmount", default)]
    pub max_withdrawable_amount: Option<WireDecimal>,
    /// With `DUPLICATE_EXTERNAL_ID`: the earlier request (simulator only, non-contractual).
    #[serde(rename = "existingId", default)]
    pub existing_id: Option<String>,
}

/// The error envelope: `{"error": msg, "code"?: CODE, "details"?: {...}}` (observed + U3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorEnvelope {
    /// The message.
    pub error: String,
    /// A machine code, when given.
    #[serde(default)]
    pub code: Option<String>,
    /// Details, when given and readable.
    #[serde(default, deserialize_with = "tolerant_details")]
    pub details: Option<ErrorDetails>,
}

fn tolerant_details<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ErrorDetails>, D::Error> {
    let raw = Option::<Box<serde_json::value::RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|r| serde_json::from_str(r.get()).ok()))
}

/// Reads an error envelope.
pub fn parse_error(body: &[u8]) -> Result<ErrorEnvelope, ProviderError> {
    read(body, "error")
}

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

/// The `ProviderError` for a non-2xx answer, keeping status, code and message.
pub fn error_from(status: u16, body: &[u8]) -> ProviderError {
    match parse_error(body) {
        Ok(envelope) => ProviderError::http(
            PROVIDER,
            error_kind(status, envelope.code.as_deref()),
            status,
            envelope.code,
            envelope.error,
        ),
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let excerpt: String = text.chars().take(200).collect();
            let message = if excerpt.trim().is_empty() {
                format!("HTTP {status} with no explanation")
            } else {
                excerpt
            };
            ProviderError::http(
                PROVIDER,
                ProviderError::kind_for_status(status),
                status,
                None,
                message,
            )
        }
    }
}
