//! Reading HPG's answers: the malformed-answer error, JSON parsing that names the document
//! and quotes an excerpt of it, and amounts given as bututs next to GMD text (section 4).
//! Shared by the wire types and the dashboard figures.

use paydesk_domain::{Currency, Money, ProviderKind};
use serde::Deserialize;

use crate::error::ProviderError;
use crate::exact::WireDecimal;

const P: ProviderKind = ProviderKind::Hexai;

pub(super) fn bad(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(P, what)
}

/// GMD with its two decimals.
pub fn gmd() -> Result<Currency, ProviderError> {
    Currency::from_code(super::CURRENCY).map_err(bad)
}

/// An amount given as bututs and/or GMD text; both must agree when both are there (section 4).
pub(super) fn amount_pair(
    field: &str,
    bututs: Option<i64>,
    gmd_text: Option<WireDecimal>,
) -> Result<Money, ProviderError> {
    let currency = gmd()?;
    let from_gmd = gmd_text
        .map(|g| Money::from_decimal(g.0, currency).map_err(|e| bad(format!("{field}_gmd: {e}"))))
        .transpose()?;
    match (bututs, from_gmd) {
        (Some(b), Some(g)) if g.minor_units() == b => Ok(g),
        (Some(b), Some(g)) => Err(bad(format!(
            "{field}_gmd {} disagrees with {field}_bututs {b}",
            g.amount_text()
        ))),
        (Some(b), None) => Ok(Money::from_minor(b, currency)),
        (None, Some(g)) => Ok(g),
        (None, None) => Err(bad(format!("{field}_bututs is missing"))),
    }
}

pub(super) fn excerpt(raw: &str) -> String {
    let mut text: String = raw.chars().take(300).collect();
    if raw.chars().count() > 300 {
        text.push('…');
    }
    text
}

/// Parses one JSON document into a wire type, naming the document in the error.
pub fn parse<'a, T: Deserialize<'a>>(what: &str, json: &'a str) -> Result<T, ProviderError> {
    serde_json::from_str(json).map_err(|e| bad(format!("{what}: {e}; in {}", excerpt(json))))
}
