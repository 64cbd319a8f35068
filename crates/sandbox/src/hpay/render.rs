//! The JSON the HPAY simulator answers, shaped exactly as the reference shows it (§3),
//! including its mixed types: numbers written from exact decimals (never floats), strings
//! where HPAY sends strings, and the `amount_as_string` knob that flips them.

use axum::Json;
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::SimMode;
use super::state::{Payment, State};

/// `date_generated`'s format (§3.3).
pub(crate) const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A decimal written as a JSON number or as a JSON string.
pub(crate) struct Amt {
    text: String,
    as_string: bool,
}

impl Amt {
    /// The documented type, or the other one when `flip` (the `amount_as_string` knob).
    pub(crate) fn typed(text: String, documented_as_string: bool, flip: bool) -> Amt {
        Amt {
            text,
            as_string: documented_as_string != flip,
        }
    }
}

impl Serialize for Amt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.as_string {
            serializer.serialize_str(&self.text)
        } else {
            let raw =
                RawValue::from_string(self.text.clone()).map_err(serde::ser::Error::custom)?;
            raw.serialize(serializer)
        }
    }
}

fn decimal(minor: i64, scale: u32) -> Decimal {
    Decimal::new(minor, scale)
}

/// `"100"`, `"0.5"`: no trailing zeros.
pub(crate) fn plain(minor: i64, scale: u32) -> String {
    decimal(minor, scale).normalize().to_string()
}

/// At least two places: `"7000.00"` (history amounts).
pub(crate) fn two_places(minor: i64, scale: u32) -> String {
    let mut d = decimal(minor, scale);
    d.rescale(scale.max(2));
    d.to_string()
}

/// The `{"success": false, ...}` error (HTTP 200, §3.7).
pub(crate) fn error(code: i64, message: &str) -> Response {
    error_with_status(axum::http::StatusCode::OK, code, message)
}

/// The error envelope with another HTTP status (fault knobs).
pub(crate) fn error_with_status(
    status: axum::http::StatusCode,
    code: i64,
    message: &str,
) -> Response {
    #[derive(Serialize)]
    struct Out<'a> {
        success: bool,
        message: &'a str,
        error_code: i64,
    }
    (
        status,
        Json(Out {
            success: false,
            message,
            error_code: code,
        }),
    )
        .into_response()
}

/// One `history` item.
#[derive(Serialize)]
pub(crate) struct HistoryItemOut<'a> {
    transaction_id: &'a str,
    amount: Amt,
    fees: Amt,
    profit: Amt,
    currency: &'a str,
    mode: &'static str,
    status: String,
    product: String,
    description: String,
    payment_link: String,
    date_generated: String,
}

pub(crate) fn checkout_url(state: &State, id: &str) -> String {
    format!("{}?ref={id}", state.checkout_base)
}

pub(crate) fn history_item<'a>(
    state: &'a State,
    mode: SimMode,
    p: &'a Payment,
) -> HistoryItemOut<'a> {
    let scale = state.merchant.scale;
    let flip = state.knobs.amount_as_string;
    HistoryItemOut {
        transaction_id: &p.id,
        amount: Amt::typed(two_places(p.amount, scale), true, flip),
        fees: Amt::typed(two_places(p.fees, scale), true, flip),
        profit: Amt::typed(plain(p.profit(), scale), false, flip),
        currency: &state.merchant.currency,
        mode: mode.as_wire(),
        status: super::profile::shown_status(state, mode, p),
        product: p.text.product(),
        description: p.text.description(),
        payment_link: checkout_url(state, &p.id),
        date_generated: DateTime::from_timestamp(p.created, 0)
            .map(|t| t.format(DATE_FORMAT).to_string())
            .unwrap_or_default(),
    }
}

/// The notification body: the history item with `"event": "payment.paid"` first (§5).
pub(crate) fn notification(state: &State, mode: SimMode, p: &Payment) -> Vec<u8> {
    let item = serde_json::to_string(&history_item(state, mode, p)).unwrap_or_default();
    let rest = item.strip_prefix('{').unwrap_or("}");
    format!("{{\"event\":\"payment.paid\",{rest}").into_bytes()
}

/// `/getToken/`'s answer.
#[derive(Serialize)]
pub(crate) struct TokenOut<'a> {
    pub success: bool,
    pub message: &'static str,
    pub token: &'a str,
    pub livetime: String,
    pub time_generated: i64,
    pub error_code: i64,
    pub company: &'a str,
    pub mode: &'static str,
    pub balance: TokenBalanceOut<'a>,
}

/// `/getToken/`'s `balance` (numbers).
#[derive(Serialize)]
pub(crate) struct TokenBalanceOut<'a> {
    pub currency: &'a str,
    pub main_balance: Amt,
    pub profit_balance: Amt,
}

/// `/payment/`'s answer (`amount` a string, `fees` a number; no `error_code` in the seed).
#[derive(Serialize)]
pub(crate) struct PaymentOut<'a> {
    pub success: bool,
    pub message: &'static str,
    pub amount: Amt,
    pub fees: Amt,
    pub currency: &'a str,
    pub transaction_id: &'a str,
    pub mode: &'static str,
    pub company: &'a str,
    pub checkout_url: String,
}

/// `/getPaymentHistory/`'s answer.
#[derive(Serialize)]
pub(crate) struct HistoryOut<'a> {
    pub success: bool,
    pub message: &'static str,
    pub error_code: i64,
    pub history: Vec<HistoryItemOut<'a>>,
}

/// `/getCollectBalance/`'s answer (balances as strings).
#[derive(Serialize)]
pub(crate) struct CollectBalanceOut<'a> {
    pub success: bool,
    pub message: &'static str,
    pub error_code: i64,
    pub entreprise_name: &'a str,
    pub entreprise_contact: &'a str,
    pub entreprise_currency: &'a str,
    pub main_balance: Amt,
    pub profit_balance: Amt,
}

/// `/getFees/`'s answer (strings; `fees` as `"x.xxxx %"`).
#[derive(Serialize)]
pub(crate) struct FeesOut {
    pub success: bool,
    pub message: String,
    pub rate: String,
    pub amount_converted: String,
    pub fees: String,
    pub fees_amount: String,
    pub total: String,
    pub partner_profit: String,
    pub error_code: i64,
}

/// `/getCountry/`'s answer: a wrapper around a second envelope.
#[derive(Serialize)]
pub(crate) struct CountryOut {
    pub success: bool,
    pub country: CountryInner,
}

/// The inner `country` object.
#[derive(Serialize)]
pub(crate) struct CountryInner {
    pub success: bool,
    pub message: &'static str,
    pub error_code: i64,
    pub results: std::collections::BTreeMap<&'static str, CountryItem>,
}

/// One country (numbers as strings).
#[derive(Serialize)]
pub(crate) struct CountryItem {
    pub country_id: &'static str,
    pub country_name: &'static str,
    pub country_currency: &'static str,
    pub country_prefixes: &'static str,
    pub msisdn_length_min: &'static str,
    pub msisdn_length_max: &'static str,
}

/// Serializes with exact numbers; a failure (impossible for these types) becomes error 9.
pub(crate) fn json<T: Serialize>(body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response(),
        Err(_) => error(9, "Service unavailable"),
    }
}
