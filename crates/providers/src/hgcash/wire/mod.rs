//! HG.Cash's own request and response types, spelled exactly as its API spells them
//! (`externalID`, `toCBU`, `pendingFees`...), one file per topic, and their conversions into
//! Paydesk's domain types (the status mapping is `From<&RequestStatus> for TransactionStatus`
//! in `status.rs`).
//!
//! Money arrives as JSON numbers (balances) or decimal strings (webhooks); both are read with
//! [`WireDecimal`], never through `f64`. Every parser here answers an error for bad input,
//! never a panic; an answer that cannot be read becomes a short `Malformed` error and the body
//! goes to the log only.

mod accounts;
mod error_body;
mod notifications;
mod reference;
mod requests;
mod status;

pub use accounts::*;
pub use error_body::*;
pub use notifications::*;
pub use reference::*;
pub use requests::*;
pub use status::*;

use std::fmt;

use paydesk_domain::{Currency, Money, ProviderKind};
use serde::Deserialize;

use crate::error::ProviderError;
use crate::exact::WireDecimal;

pub(crate) const PROVIDER: ProviderKind = ProviderKind::HgCash;

/// How much of an unreadable body the log keeps.
const LOGGED_BODY_CHARS: usize = 2_000;

fn malformed(what: impl fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

/// Logs an answer Paydesk could not read (the body and the parser's words go to the log,
/// never to the merchant) and answers the short error for it.
pub(crate) fn unreadable(what: &str, body: &[u8], detail: &dyn fmt::Display) -> ProviderError {
    let text = String::from_utf8_lossy(body);
    let excerpt: String = text.chars().take(LOGGED_BODY_CHARS).collect();
    tracing::warn!(
        provider = "hgcash",
        what,
        detail = %detail,
        body = %excerpt,
        "HG.Cash sent an answer Paydesk cannot read"
    );
    malformed(format!("the {what}"))
}

fn read<'a, T: Deserialize<'a>>(body: &'a [u8], what: &str) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| unreadable(what, body, &e))
}

/// A currency code from HG.Cash (`"ARS"`), as a Paydesk currency.
pub fn currency(code: &str) -> Result<Currency, ProviderError> {
    Currency::from_code(code).map_err(|e| malformed(format!("currency: {e}")))
}

/// An HG.Cash amount in a currency, refusing more decimals than the currency has.
pub fn money(amount: WireDecimal, currency: Currency) -> Result<Money, ProviderError> {
    Money::from_decimal(amount.0, currency).map_err(|e| malformed(format!("amount: {e}")))
}

#[cfg(test)]
mod tests;
