//! The card-form helpers' answers: currencies (`GET /currencies`) and card brands
//! (`GET /brands`, `GET /brands/{number}`), reference 5.9.

use serde::{Deserialize, Serialize};

use super::lenient::opt_text;

/// A currency (reference 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashCurrency {
    /// Identifier.
    #[serde(default, deserialize_with = "opt_text")]
    pub currency_id: Option<String>,
    /// The name used in `Sale.Currency` (`"BRL"`).
    pub name: String,
    /// Left symbol (`"R$"`).
    #[serde(default, deserialize_with = "opt_text")]
    pub symbol_left: Option<String>,
    /// Right symbol.
    #[serde(default, deserialize_with = "opt_text")]
    pub symbol_right: Option<String>,
    /// Minor-unit places (BRL: 2).
    pub decimal_place: u32,
}

/// A card brand (reference 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashBrand {
    /// Unique brand name (`"Mastercard"`).
    pub name: String,
    /// Image URL.
    #[serde(default, deserialize_with = "opt_text")]
    pub image: Option<String>,
    /// Digits in a card number.
    pub number_digits: u32,
    /// Digits in the security code.
    pub number_security: u32,
}
