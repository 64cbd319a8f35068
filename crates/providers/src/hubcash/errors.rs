//! Hubcash's error body into `ProviderError` (reference 3 and 11): any 2xx is success; 401
//! is `Unauthorized`; 400/404 keep every `Errors` entry; a capture or cancel the status no
//! longer allows (and a duplicate `Ref`) is a `Conflict`; 5xx and non-JSON bodies keep what
//! came.

use super::wire::{HubcashErrorEntry, HubcashErrors};
use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;

const PROVIDER: paydesk_domain::ProviderKind = paydesk_domain::ProviderKind::Hubcash;

pub(super) fn is_status_required(error: &ProviderError) -> bool {
    error.kind == ErrorKind::Validation
        && error.code.as_deref() == Some("Status")
        && error.message.contains("Status: Required")
}

/// Reads Hubcash's `{"Errors": [...]}` from any 400/401/404 (reference 3 and 11). The code is
/// the first entry's `Field`; the message joins every entry as `"<Field>: <Description>"`,
/// as Hubcash's SDK shows it.
pub fn error_from(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let parsed: Option<HubcashErrors> = serde_json::from_slice(&response.body).ok();
    let mut kind = ProviderError::kind_for_status(status);
    let (code, message) = match &parsed {
        Some(errors) if !errors.errors.is_empty() => {
            let message = errors
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.description))
                .collect::<Vec<_>>()
                .join("; ");
            (errors.errors.first().map(|e| e.field.clone()), message)
        }
        _ => (
            None,
            format!(
                "HTTP {status} without a Hubcash error body: {}",
                response.body_excerpt()
            ),
        ),
    };
    if status == 400
        && let Some(errors) = &parsed
        && errors.errors.iter().any(is_state_refusal)
    {
        // A capture or cancel the sale's status no longer allows, or a duplicate Ref.
        kind = ErrorKind::Conflict;
    }
    let mut error = ProviderError::http(PROVIDER, kind, status, code, message);
    if status == 429 {
        error.retry_after = response.retry_after();
    }
    error
}

fn is_state_refusal(entry: &HubcashErrorEntry) -> bool {
    (entry.field == "Status" && entry.description.starts_with("Sale "))
        || (entry.field == "Ref" && entry.description == "Not allowed")
}
