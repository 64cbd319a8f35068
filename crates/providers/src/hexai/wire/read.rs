//! Reading HPG's answers: the success envelope (§3.1), JSON documents into wire types with an
//! error in a few words (the body itself goes to the log, never into a message), and amounts
//! given as bututs next to GMD text (§4).

use paydesk_domain::{Currency, Money, ProviderKind};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::super::assumptions::{SUCCESS_ENVELOPE_WORD, currency_is_accepted};
use crate::error::ProviderError;
use crate::exact::WireDecimal;

const P: ProviderKind = ProviderKind::Hexai;

/// How much of an unreadable body the log keeps.
const LOGGED_BODY_CHARS: usize = 4000;

/// An unreadable answer, said in a few words.
pub(crate) fn bad(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(P, what)
}

/// Logs an unreadable body with the parser's reason; the merchant sees only `what`.
pub(crate) fn log_unreadable(what: &str, reason: &dyn std::fmt::Display, body: &str) {
    let mut excerpt: String = body.chars().take(LOGGED_BODY_CHARS).collect();
    if body.chars().count() > LOGGED_BODY_CHARS {
        excerpt.push('…');
    }
    tracing::warn!(
        provider = "hexai",
        what,
        reason = %reason,
        body = %excerpt,
        "unreadable Hexai answer"
    );
}

/// GMD with its two decimals.
pub fn gmd() -> Result<Currency, ProviderError> {
    Currency::from_code(super::super::CURRENCY).map_err(|_| bad("GMD is not a known currency"))
}

/// A currency code HPG gave, when it gave one: GMD only (§4).
pub(crate) fn check_currency(currency: Option<&str>) -> Result<(), ProviderError> {
    match currency {
        None => Ok(()),
        Some(c) if currency_is_accepted(c) => Ok(()),
        Some(_) => Err(bad("an amount is not in GMD")),
    }
}

/// An amount given as bututs and/or GMD text; both must agree when both are there (§4).
pub(crate) fn amount_pair(
    field: &str,
    bututs: Option<i64>,
    gmd_text: Option<WireDecimal>,
) -> Result<Money, ProviderError> {
    let currency = gmd()?;
    let from_gmd = gmd_text
        .map(|g| {
            Money::from_decimal(g.0, currency)
                .map_err(|_| bad(format!("{field}_gmd is not a GMD amount")))
        })
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

/// A lone GMD amount (a string or a JSON number, as the webhook gives it).
pub(crate) fn gmd_amount(field: &str, amount: WireDecimal) -> Result<Money, ProviderError> {
    Money::from_decimal(amount.0, gmd()?).map_err(|_| bad(format!("{field} is not a GMD amount")))
}

/// Parses one JSON document into a wire type. On failure the merchant reads "the `what` could
/// not be read"; the parser's reason and the body go to the log only.
pub fn parse<'a, T: Deserialize<'a>>(what: &str, json: &'a str) -> Result<T, ProviderError> {
    serde_json::from_str(json).map_err(|e| {
        log_unreadable(what, &e, json);
        bad(format!("the {what} could not be read"))
    })
}

/// §3.1: unwraps `{"status":"success","data":...}`, or takes a bare body as it is (stats and
/// chart come bare in the seed). Returns the JSON text of the payload.
pub fn unwrap_success(body: &[u8]) -> Result<&str, ProviderError> {
    #[derive(Deserialize)]
    struct Probe<'a> {
        status: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow)]
        data: Option<&'a RawValue>,
    }
    let Ok(text) = std::str::from_utf8(body) else {
        log_unreadable("answer", &"not UTF-8", &String::from_utf8_lossy(body));
        return Err(bad("the answer is not text"));
    };
    // The whole body must be one JSON value before anything else reads it.
    let whole: &RawValue = serde_json::from_str(text).map_err(|e| {
        log_unreadable("answer", &e, text);
        bad("the answer is not JSON")
    })?;
    if whole.get().starts_with('{')
        && let Ok(probe) = serde_json::from_str::<Probe<'_>>(whole.get())
        && probe
            .status
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(SUCCESS_ENVELOPE_WORD))
        && let Some(data) = probe.data
    {
        return Ok(data.get());
    }
    Ok(whole.get())
}
