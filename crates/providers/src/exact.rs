//! Exact numbers on the wire. Providers send money as JSON strings, JSON numbers or integer
//! minor units; all of them are read here from the raw JSON token into a `Decimal`, never
//! through `f64`. Amounts going out as JSON numbers are written from the decimal's own text.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use paydesk_domain::{Currency, Money, MoneyError};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A decimal read exactly from a JSON string (`"4500.50"`) or number (`4500.50`, `15000.5`).
///
/// Only works when deserializing from JSON text (`serde_json::from_slice`/`from_str`), which
/// is how every provider answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WireDecimal(pub Decimal);

impl<'de> Deserialize<'de> for WireDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        parse_decimal_token(raw.get())
            .map(WireDecimal)
            .map_err(D::Error::custom)
    }
}

impl Serialize for WireDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JsonNumber(self.0).serialize(serializer)
    }
}

/// Parses one JSON token holding a decimal: a string or a number, never a float conversion.
pub fn parse_decimal_token(token: &str) -> Result<Decimal, String> {
    let token = token.trim();
    let text: String = if token.starts_with('"') {
        serde_json::from_str::<String>(token).map_err(|e| format!("bad string: {e}"))?
    } else {
        token.to_owned()
    };
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty amount".to_owned());
    }
    let looks_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    if !looks_numeric {
        return Err(format!("'{}' is not a number", shorten(text)));
    }
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).map_err(|e| format!("'{}': {e}", shorten(text)))
    } else {
        Decimal::from_str_exact(text).map_err(|e| format!("'{}': {e}", shorten(text)))
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

/// A decimal written as a JSON number token with exactly its own digits (`15000.50`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonNumber(pub Decimal);

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A provider amount in major units into `Money`, refusing more decimals than the currency has.
pub fn money(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
    Money::from_decimal(amount, currency)
}

/// A provider amount in minor units (cents, bututs) into `Money`.
pub fn money_from_minor(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

/// An RFC 3339 timestamp (`2026-01-25T10:15:00Z`, `+00:00`, fractional seconds) in UTC.
pub fn parse_rfc3339(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("'{}' is not an RFC 3339 time: {e}", shorten(text)))
}

/// Decimal text with a fixed number of places (`"4500.50"`), for requests that want strings.
pub fn fixed_text(amount: Decimal, places: u32) -> String {
    let mut d = amount;
    d.rescale(places);
    d.to_string()
}

impl FromStr for WireDecimal {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_decimal_token(s).map(WireDecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Wire {
        a: WireDecimal,
        b: WireDecimal,
        c: Option<WireDecimal>,
        d: Option<WireDecimal>,
    }

    #[test]
    fn reads_strings_and_numbers_exactly() {
        let w: Wire =
            serde_json::from_str(r#"{"a": 15000.5, "b": "4500.50", "c": null, "d": 0.1}"#)
                .expect("parses");
        assert_eq!(w.a.0.to_string(), "15000.5");
        assert_eq!(w.b.0.to_string(), "4500.50");
        assert!(w.c.is_none());
        assert_eq!(w.d.map(|d| d.0.to_string()).as_deref(), Some("0.1"));
        // Digits a float would lose.
        let w: WireDecimal = serde_json::from_str("12345678901234567.89").expect("parses");
        assert_eq!(w.0.to_string(), "12345678901234567.89");
        assert_eq!(
            parse_decimal_token("1e3").map(|d| d.normalize().to_string()),
            Ok("1000".into())
        );
        for bad in ["true", "\"abc\"", "{}", "[]", "\"\"", "\"1,5\""] {
            assert!(serde_json::from_str::<WireDecimal>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_numbers_with_their_own_digits() {
        let json =
            serde_json::to_string(&JsonNumber(Decimal::from_str("15000.50").expect("valid")))
                .expect("serializes");
        assert_eq!(json, "15000.50");
        assert_eq!(
            fixed_text(Decimal::from_str("100").expect("valid"), 2),
            "100.00"
        );
    }
}
