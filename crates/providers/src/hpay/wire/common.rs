//! What every HPAY answer shares: the `mode`, the `success`/`message`/`error_code` envelope,
//! texts sent as strings or numbers, and the money and currency readers (§3, §8).
//!
//! The documents mix numbers and strings for the same kind of field (§8), so every amount is
//! read with [`WireDecimal`] from either token, never through `f64`.

use paydesk_domain::{Currency, Money};
use rust_decimal::prelude::ToPrimitive;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::exact::WireDecimal;

/// `mode`: which of HPAY's environments a call is for (§2.2). The same host serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HpayMode {
    /// `TEST`: links never charge real cards.
    #[serde(rename = "TEST")]
    Test,
    /// `PROD`: real payments.
    #[serde(rename = "PROD")]
    Prod,
}

impl HpayMode {
    /// `TEST` or `PROD`.
    pub fn as_str(self) -> &'static str {
        match self {
            HpayMode::Test => "TEST",
            HpayMode::Prod => "PROD",
        }
    }
}

/// Text HPAY may send as a JSON string or a bare number (`"10"` or `10`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LooseText(pub String);

impl<'de> Deserialize<'de> for LooseText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let token = raw.get().trim();
        if token.starts_with('"') {
            serde_json::from_str::<String>(token)
                .map(LooseText)
                .map_err(D::Error::custom)
        } else if token
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        {
            Ok(LooseText(token.to_owned()))
        } else {
            Err(D::Error::custom(format!(
                "expected text or a number, got {token}"
            )))
        }
    }
}

/// The fields every answer carries (§3.7): `success`, `message`, `error_code`.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope {
    /// `true` on success.
    #[serde(default)]
    pub success: Option<bool>,
    /// HPAY's message.
    #[serde(default)]
    pub message: Option<String>,
    /// `0` on success; absent counts as `0` (§3.7). Read from a number or a string.
    #[serde(default)]
    pub error_code: Option<WireDecimal>,
}

impl Envelope {
    /// The error code as an integer (`0` when absent).
    pub fn code(&self) -> i64 {
        self.error_code
            .and_then(|c| c.0.trunc().to_i64())
            .unwrap_or(0)
    }

    /// True when HPAY says the call succeeded: `success == true && error_code == 0`.
    pub fn is_ok(&self) -> bool {
        self.success == Some(true) && self.error_code.is_none_or(|c| c.0.is_zero())
    }
}

pub(crate) fn currency(code: &str) -> Result<Currency, String> {
    Currency::from_code(code).map_err(|e| format!("currency: {e}"))
}

pub(crate) fn money(amount: WireDecimal, currency: Currency, field: &str) -> Result<Money, String> {
    Money::from_decimal(amount.0, currency).map_err(|e| format!("{field}: {e}"))
}

pub(crate) fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}
