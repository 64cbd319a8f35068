//! HG.Cash's own request and response types, spelled exactly as its API spells them
//! (`externalID`, `toCBU`, `pendingFees`...), and their conversions into Paydesk's domain types.
//!
//! Money arrives as JSON numbers (balances) or decimal strings (webhooks); both are read with
//! [`WireDecimal`], never through `f64`. Every parser here answers an error for bad input,
//! never a panic.

mod accounts;
mod errors;
mod reference;
mod requests;

pub use accounts::*;
pub use errors::*;
pub use reference::*;
pub use requests::*;

use std::fmt;

use paydesk_domain::{Currency, Money, ProviderKind};
use serde::Deserialize;

use crate::error::ProviderError;
use crate::exact::WireDecimal;

pub(crate) const PROVIDER: ProviderKind = ProviderKind::HgCash;

fn malformed(what: impl fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

fn read<'a, T: Deserialize<'a>>(body: &'a [u8], what: &str) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| malformed(format!("{what}: {e}")))
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
