//! CashWeb quotes (seed "Transaction Create Modes", "Expiry and Deadlines"; reference §3.1).
//! The seed shows no quote body: only `quote_id` is required; a quote without `expires_at` is
//! executable for the seed's 120 s from the moment Paydesk asked.

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::envelope::unreadable;
use super::lenient::{de_opt_decimal, de_opt_text, de_opt_time};
use crate::cashweb::assumptions::{CRYPTO_PLACES, QUOTE_VALIDITY};
use crate::error::ProviderError;
use crate::exact::WireDecimal;

/// `POST /quotes` body (reference §3.1): exactly one of the two amounts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuoteRequest {
    /// Lowercase stablecoin (`usdt`).
    pub crypto_currency: String,
    /// Lowercase chain (`bep20`, `trc20`).
    pub network: String,
    /// The crypto amount, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crypto_amount: Option<String>,
    /// The fiat amount, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiat_amount: Option<String>,
}

#[derive(Deserialize)]
struct QuoteReply {
    #[serde(default, deserialize_with = "de_opt_text")]
    quote_id: Option<String>,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    base_rate: Option<WireDecimal>,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    adjusted_rate: Option<WireDecimal>,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    amount: Option<WireDecimal>,
    #[serde(default, deserialize_with = "de_opt_time")]
    expires_at: Option<DateTime<Utc>>,
}

/// An executable quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quote's id, for quote mode.
    pub quote_id: String,
    /// The market rate, when CashWeb gave it.
    pub base_rate: Option<WireDecimal>,
    /// The executable rate (the transaction's `rate`), when CashWeb gave it.
    pub adjusted_rate: Option<WireDecimal>,
    /// The amount in the requested mode (ASSUMPTION U13), when CashWeb gave it.
    pub amount: Option<WireDecimal>,
    /// When the quote stops being executable: CashWeb's `expires_at`, or 120 s after asking.
    pub expires_at: DateTime<Utc>,
}

impl Quote {
    /// Reads the `data` of `POST /quotes`, asked at `asked_at`.
    pub fn parse(data: &str, asked_at: DateTime<Utc>) -> Result<Quote, ProviderError> {
        let reply: QuoteReply = serde_json::from_str(data)
            .map_err(|e| unreadable("the quote could not be read", &e, data))?;
        let quote_id = reply
            .quote_id
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| unreadable("the quote names no quote_id", &"", data))?;
        Ok(Quote {
            quote_id,
            base_rate: reply.base_rate,
            adjusted_rate: reply.adjusted_rate,
            amount: reply.amount,
            expires_at: reply.expires_at.unwrap_or(asked_at + QUOTE_VALIDITY),
        })
    }

    /// The crypto a fiat amount buys at the quote's executable rate (ASSUMPTION U13), when
    /// CashWeb gave the rate.
    pub fn crypto_amount_for(&self, fiat: Decimal) -> Option<Decimal> {
        let rate = self.adjusted_rate?.0;
        if rate <= Decimal::ZERO {
            return None;
        }
        // Written as CashWeb writes crypto amounts: at most the coin's places, at least two.
        fiat.checked_div(rate).map(|c| {
            let mut c = c
                .round_dp_with_strategy(CRYPTO_PLACES, RoundingStrategy::ToZero)
                .normalize();
            if c.scale() < 2 {
                c.rescale(2);
            }
            c
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn quote_at(rate: &str) -> Quote {
        let data = format!(r#"{{"quote_id":"q1","adjusted_rate":"{rate}"}}"#);
        Quote::parse(&data, Utc::now()).expect("a quote")
    }

    #[test]
    fn the_crypto_is_the_fiat_at_the_rate_written_as_cashweb_writes_it() {
        let fiat = |text: &str| Decimal::from_str(text).expect("decimal");
        let shown = |rate: &str, amount: &str| {
            quote_at(rate)
                .crypto_amount_for(fiat(amount))
                .map(|c| c.to_string())
        };
        assert_eq!(shown("1615.00", "161500.00").as_deref(), Some("100.00"));
        // Never more than the coin's places, cut rather than rounded up.
        assert_eq!(shown("1615.00", "1000.00").as_deref(), Some("0.619195"));
        assert_eq!(shown("3", "10").as_deref(), Some("3.333333"));
        assert_eq!(shown("0", "10"), None);
    }
}
