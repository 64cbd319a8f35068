//! Hubcash's error body into `ProviderError`, parsed once here (reference 3 and 11): any 2xx is
//! success; 401 is `Unauthorized`; 400/404 keep every `Errors` entry; a capture or cancel the
//! status no longer allows (and a duplicate `Ref`) is a `Conflict`. An answer that cannot be
//! read becomes a `Malformed` error in a few words; the body goes to the log only.

use super::assumptions;
use super::wire::{HubcashErrorEntry, HubcashErrors, Unreadable};
use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;

const PROVIDER: paydesk_domain::ProviderKind = paydesk_domain::ProviderKind::Hubcash;

/// How much of an unreadable body the log keeps.
const LOGGED_BODY_CHARS: usize = 2000;

/// Reads Hubcash's `{"Errors": [...]}` from any non-2xx answer (reference 3 and 11). The code
/// is the first entry's `Field`; the message joins every entry as `"<Field>: <Description>"`,
/// as Hubcash's SDK shows it. A body that is not Hubcash's is logged, not shown.
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
        _ => {
            tracing::warn!(
                provider = "hubcash",
                status,
                body = %body_text(&response.body),
                "Hubcash answered an error without its error body"
            );
            (
                None,
                format!("Hubcash answered HTTP {status} without saying why"),
            )
        }
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

/// A 2xx answer that cannot be read: `Malformed`, in the reader's short words; the reader's
/// detail and the body go to the log.
pub(super) fn unreadable(endpoint: &str, body: &[u8], problem: &Unreadable) -> ProviderError {
    tracing::warn!(
        provider = "hubcash",
        endpoint,
        detail = %problem.detail,
        body = %body_text(body),
        "unreadable Hubcash answer"
    );
    ProviderError::malformed(PROVIDER, &problem.what)
}

/// A value Paydesk cannot use (a date, a currency): `Malformed`, with the words given.
pub(super) fn malformed(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(LOGGED_BODY_CHARS)
        .collect()
}

fn is_state_refusal(entry: &HubcashErrorEntry) -> bool {
    let (ref_field, ref_text) = assumptions::DUPLICATE_REF;
    (entry.field == "Status"
        && entry
            .description
            .starts_with(assumptions::STATE_REFUSAL_PREFIX))
        || (entry.field == ref_field && entry.description == ref_text)
}
