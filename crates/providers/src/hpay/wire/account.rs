//! The merchant's balances, fee quotes and the country list (§3.4 to §3.6).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Balance, Money};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::common::{Envelope, LooseText, currency, money, shorten};
use crate::exact::{WireDecimal, parse_decimal_token};

/// `/getCollectBalance/` answer (balances as strings there).
#[derive(Debug, Clone, Deserialize)]
pub struct CollectBalanceResponse {
    /// `entreprise_name`.
    #[serde(default)]
    pub entreprise_name: Option<String>,
    /// `entreprise_contact`.
    #[serde(default)]
    pub entreprise_contact: Option<LooseText>,
    /// `entreprise_currency`.
    pub entreprise_currency: String,
    /// `main_balance`.
    pub main_balance: WireDecimal,
    /// `profit_balance`.
    pub profit_balance: WireDecimal,
}

/// The merchant's two HPAY balances (U11), labelled as HPAY labels them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectBalance {
    /// `entreprise_name`.
    pub company: Option<String>,
    /// `entreprise_contact`.
    pub contact: Option<String>,
    /// `main_balance`: collected funds.
    pub main_balance: Money,
    /// `profit_balance`: accumulated net profit.
    pub profit_balance: Money,
}

impl TryFrom<CollectBalanceResponse> for CollectBalance {
    type Error = String;
    fn try_from(wire: CollectBalanceResponse) -> Result<Self, Self::Error> {
        let currency = currency(&wire.entreprise_currency)?;
        Ok(CollectBalance {
            company: wire.entreprise_name,
            contact: wire.entreprise_contact.map(|c| c.0),
            main_balance: money(wire.main_balance, currency, "main_balance")?,
            profit_balance: money(wire.profit_balance, currency, "profit_balance")?,
        })
    }
}

impl CollectBalance {
    /// The account's balance for the dashboard: `main_balance` is what is available.
    pub fn to_balance(&self, account: &AccountId, as_of: DateTime<Utc>) -> Balance {
        Balance {
            account: account.clone(),
            available: self.main_balance,
            pending: None,
            as_of,
        }
    }
}

/// `/getFees/` answer: amounts are strings with up to 6 places, `fees` a `"x.xxxx %"` text.
#[derive(Debug, Clone, Deserialize)]
pub struct FeesResponse {
    /// `rate`.
    pub rate: WireDecimal,
    /// `amount_converted`.
    pub amount_converted: WireDecimal,
    /// `fees` (`"0.0000 %"`).
    pub fees: String,
    /// `fees_amount`.
    pub fees_amount: WireDecimal,
    /// `total`.
    pub total: WireDecimal,
    /// `partner_profit`.
    #[serde(default)]
    pub partner_profit: Option<WireDecimal>,
}

/// A conversion and fee quote, exact as HPAY gave it (more places than the currency has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeQuote {
    /// One unit of `from` in `to`.
    pub rate: Decimal,
    /// The amount in `to`.
    pub amount_converted: Decimal,
    /// The fee in percent (`fees` without its `%`).
    pub fee_percent: Decimal,
    /// The fee in `to`.
    pub fees_amount: Decimal,
    /// What the customer pays in `to`.
    pub total: Decimal,
    /// `partner_profit`.
    pub partner_profit: Option<Decimal>,
    /// HPAY's message (it names the conversion).
    pub message: Option<String>,
}

impl FeeQuote {
    /// Reads a `/getFees/` answer.
    pub fn from_wire(wire: FeesResponse, message: Option<String>) -> Result<FeeQuote, String> {
        Ok(FeeQuote {
            rate: wire.rate.0,
            amount_converted: wire.amount_converted.0,
            fee_percent: parse_percent(&wire.fees)?,
            fees_amount: wire.fees_amount.0,
            total: wire.total.0,
            partner_profit: wire.partner_profit.map(|p| p.0),
            message,
        })
    }
}

/// Reads `"0.0000 %"` (or `"2.5%"`, or a bare number) as a percentage.
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let number = text.trim().trim_end_matches('%').trim();
    parse_decimal_token(number).map_err(|e| format!("fees: {e}"))
}

/// `/getCountry/` answer: a wrapper around a second envelope.
#[derive(Debug, Clone, Deserialize)]
pub struct CountryResponse {
    /// `country`.
    pub country: CountryEnvelope,
}

/// The inner `country` object.
#[derive(Debug, Clone, Deserialize)]
pub struct CountryEnvelope {
    /// Its own `success`.
    #[serde(default)]
    pub success: Option<bool>,
    /// Its own `message`.
    #[serde(default)]
    pub message: Option<String>,
    /// Its own `error_code`.
    #[serde(default)]
    pub error_code: Option<WireDecimal>,
    /// `results`, keyed by ISO-3166 alpha-2 code.
    #[serde(default)]
    pub results: BTreeMap<String, CountryWire>,
}

impl CountryEnvelope {
    /// Its own `success`, `message`, `error_code` as an [`Envelope`].
    pub fn envelope(&self) -> Envelope {
        Envelope {
            success: self.success,
            message: self.message.clone(),
            error_code: self.error_code,
        }
    }
}

/// One country as HPAY sends it (numbers as strings).
#[derive(Debug, Clone, Deserialize)]
pub struct CountryWire {
    /// `country_id`.
    pub country_id: String,
    /// `country_name`.
    pub country_name: String,
    /// `country_currency`.
    #[serde(default)]
    pub country_currency: Option<String>,
    /// `country_prefixes`.
    #[serde(default)]
    pub country_prefixes: Option<LooseText>,
    /// `msisdn_length_min`.
    #[serde(default)]
    pub msisdn_length_min: Option<LooseText>,
    /// `msisdn_length_max`.
    #[serde(default)]
    pub msisdn_length_max: Option<LooseText>,
}

/// A country HPAY serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO-3166 alpha-2 code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its currency code.
    pub currency: Option<String>,
    /// Its dialling prefix(es), as HPAY writes them.
    pub prefixes: Option<String>,
    /// Shortest phone number.
    pub msisdn_length_min: Option<u32>,
    /// Longest phone number.
    pub msisdn_length_max: Option<u32>,
}

impl TryFrom<CountryWire> for Country {
    type Error = String;
    fn try_from(wire: CountryWire) -> Result<Self, Self::Error> {
        let length = |t: Option<LooseText>, name: &str| -> Result<Option<u32>, String> {
            t.map(|t| {
                t.0.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("{name} '{}' is not a length", shorten(&t.0)))
            })
            .transpose()
        };
        Ok(Country {
            msisdn_length_min: length(wire.msisdn_length_min, "msisdn_length_min")?,
            msisdn_length_max: length(wire.msisdn_length_max, "msisdn_length_max")?,
            code: wire.country_id,
            name: wire.country_name,
            currency: wire.country_currency,
            prefixes: wire.country_prefixes.map(|p| p.0),
        })
    }
}
