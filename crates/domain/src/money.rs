//! Exact money: a [`Decimal`] amount tied to a [`Currency`] and held at that currency's scale.
//!
//! Rules this module enforces, so no caller has to remember them:
//! - an amount never has more decimal places than its currency allows (no silent rounding);
//! - every amount fits in `i64` minor units, so SQLite sums and the UI agree to the cent;
//! - there is no constructor from `f64`: text, integer minor units or an exact `Decimal` only;
//! - adding or subtracting two currencies is an error, never a sum.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest scale a currency may have: `i64` minor units must still hold useful amounts.
pub const MAX_SCALE: u32 = 12;

/// Why a currency or an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a currency code (2 to 8 uppercase ASCII letters or digits).
    #[error("'{0}' is not a currency code")]
    InvalidCurrencyCode(String),
    /// The code is well formed but Paydesk does not know its scale; the provider must declare it.
    #[error("currency {0} is not known; its number of decimal places must be given")]
    UnknownCurrency(String),
    /// A declared scale contradicts the known scale of that currency, or is out of range.
    #[error("currency {code} cannot have {scale} decimal places")]
    InvalidScale {
        /// The currency code.
        code: String,
        /// The scale that was refused.
        scale: u32,
    },
    /// The text is not a plain decimal number such as `1234.50` or `-7`.
    #[error("'{0}' is not an amount: use digits with an optional '.' and decimals, like 1234.50")]
    InvalidAmount(String),
    /// The amount has more decimal places than the currency allows.
    #[error("{amount} has more than {scale} decimal places, the most {code} allows")]
    TooManyDecimals {
        /// The amount as given.
        amount: String,
        /// The currency code.
        code: String,
        /// The currency's scale.
        scale: u32,
    },
    /// The amount does not fit in 64-bit minor units.
    #[error("amount is too large")]
    Overflow,
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {left} with {right}: different currencies")]
    CurrencyMismatch {
        /// The left operand's currency.
        left: String,
        /// The right operand's currency.
        right: String,
    },
}

/// A currency code with its number of decimal places (its scale).
///
/// Known currencies take their scale from ISO 4217 (or, for stablecoins, from how Paydesk's
/// providers quote them); a provider that declares its own currencies (Hubcash's
/// `GET /currencies` gives `DecimalPlace`) can build one with [`Currency::with_scale`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 8],
    len: u8,
    scale: u8,
}

/// Currencies Paydesk meets through its providers, with their scale.
const KNOWN: &[(&str, u32)] = &[
    // Hexai (The Gambia)
    ("GMD", 2),
    // HPAY (account currencies seen in its documents, and their neighbours)
    ("XOF", 0),
    ("XAF", 0),
    ("CAD", 2),
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("GNF", 0),
    ("MAD", 2),
    ("NGN", 2),
    ("GHS", 2),
    ("KES", 2),
    ("ZAR", 2),
    // HG.Cash (Latin America)
    ("ARS", 2),
    ("BRL", 2),
    ("CLP", 0),
    ("MXN", 2),
    ("COP", 2),
    ("PEN", 2),
    ("UYU", 2),
    ("PYG", 0),
    ("JPY", 0),
    // CashWeb stablecoins
    ("USDT", 6),
    ("USDC", 6),
];

impl Currency {
    /// A known currency by its code, e.g. `Currency::from_code("GMD")`.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        let upper = normalise_code(code)?;
        match KNOWN.iter().find(|(known, _)| *known == upper) {
            Some((_, scale)) => Currency::build(&upper, *scale),
            None => Err(MoneyError::UnknownCurrency(upper)),
        }
    }

    /// A currency with a scale declared by a provider. For a known code the scale must agree.
    pub fn with_scale(code: &str, scale: u32) -> Result<Currency, MoneyError> {
        let upper = normalise_code(code)?;
        if let Some((_, known)) = KNOWN.iter().find(|(known, _)| *known == upper)
            && *known != scale
        {
            return Err(MoneyError::InvalidScale { code: upper, scale });
        }
        Currency::build(&upper, scale)
    }

    fn build(code: &str, scale: u32) -> Result<Currency, MoneyError> {
        if scale > MAX_SCALE {
            return Err(MoneyError::InvalidScale {
                code: code.to_owned(),
                scale,
            });
        }
        let mut bytes = [0u8; 8];
        bytes[..code.len()].copy_from_slice(code.as_bytes());
        Ok(Currency {
            code: bytes,
            // Both fit: the code is at most 8 bytes and the scale at most MAX_SCALE.
            len: code.len() as u8,
            scale: scale as u8,
        })
    }

    /// The code, e.g. `"GMD"`.
    pub fn code(&self) -> &str {
        // Only ASCII letters and digits are ever stored.
        std::str::from_utf8(&self.code[..usize::from(self.len)]).unwrap_or("???")
    }

    /// The number of decimal places, e.g. 2 for GMD, 0 for XOF, 6 for USDT.
    pub fn scale(&self) -> u32 {
        u32::from(self.scale)
    }

    /// Every currency whose scale Paydesk knows, in table order.
    pub fn known() -> impl Iterator<Item = Currency> {
        KNOWN
            .iter()
            .filter_map(|(code, scale)| Currency::build(code, *scale).ok())
    }
}

fn normalise_code(code: &str) -> Result<String, MoneyError> {
    let upper = code.trim().to_ascii_uppercase();
    let ok = (2..=8).contains(&upper.len())
        && upper
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && upper.bytes().next().is_some_and(|b| b.is_ascii_uppercase());
    if ok {
        Ok(upper)
    } else {
        Err(MoneyError::InvalidCurrencyCode(code.to_owned()))
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code(), self.scale)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}

/// An exact amount of one currency, always held at that currency's scale.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Zero of a currency.
    pub fn zero(currency: Currency) -> Money {
        Money::from_minor(0, currency)
    }

    /// From integer minor units (cents, bututs, ...): `from_minor(450050, GMD)` is 4500.50 GMD.
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(minor, currency.scale()),
            currency,
        }
    }

    /// From decimal text such as `"4500.50"`, `"-7"` or `"0.000001"`.
    ///
    /// Strict on purpose: no sign `+`, no exponent, no spaces, no thousands separators, and no
    /// more decimal places than the currency has (`"1.005"` GMD is refused, not rounded).
    /// Trailing zeros beyond the scale are exact and accepted (`"7000.00"` XOF is 7000).
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let invalid = || MoneyError::InvalidAmount(text.to_owned());
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) {
            return Err(invalid());
        }
        if let Some(fraction) = fraction
            && (fraction.is_empty() || !all_digits(fraction))
        {
            return Err(invalid());
        }
        // Leading zeros add nothing but can overflow the parser's 28 digits.
        let significant = whole.trim_start_matches('0').len() + fraction.map_or(0, str::len);
        if significant > 27 {
            return Err(MoneyError::Overflow);
        }
        let decimal = Decimal::from_str(text).map_err(|_| invalid())?;
        Money::from_decimal(decimal, currency).map_err(|error| match error {
            MoneyError::TooManyDecimals { code, scale, .. } => MoneyError::TooManyDecimals {
                amount: text.to_owned(),
                code,
                scale,
            },
            other => other,
        })
    }

    /// From an exact [`Decimal`]; refused if it needs more places than the currency has.
    pub fn from_decimal(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        let normalized = amount.normalize();
        if normalized.scale() > currency.scale() {
            return Err(MoneyError::TooManyDecimals {
                amount: amount.to_string(),
                code: currency.code().to_owned(),
                scale: currency.scale(),
            });
        }
        let mut rescaled = normalized;
        rescaled.rescale(currency.scale());
        if rescaled.scale() != currency.scale() {
            return Err(MoneyError::Overflow);
        }
        let money = Money {
            amount: rescaled,
            currency,
        };
        money.checked_minor().ok_or(MoneyError::Overflow)?;
        Ok(money)
    }

    fn checked_minor(&self) -> Option<i64> {
        let mantissa = self.amount.mantissa();
        i64::try_from(mantissa).ok()
    }

    /// The amount in integer minor units: 4500.50 GMD is 450050.
    pub fn minor_units(&self) -> i64 {
        // Every constructor checks that the mantissa at the currency's scale fits in i64.
        self.checked_minor().unwrap_or(i64::MAX)
    }

    /// The exact decimal amount, at the currency's scale.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as text with exactly the currency's decimals, e.g. `"4500.50"`; no code.
    pub fn amount_text(&self) -> String {
        self.amount.to_string()
    }

    /// `self + other`, refused for different currencies or on overflow.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor_units()
            .checked_add(other.minor_units())
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// `self - other`, refused for different currencies or on overflow.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor_units()
            .checked_sub(other.minor_units())
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// The same amount with the opposite sign.
    pub fn checked_neg(&self) -> Result<Money, MoneyError> {
        let minor = self
            .minor_units()
            .checked_neg()
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// Compares two amounts of the same currency.
    pub fn checked_cmp(&self, other: &Money) -> Result<std::cmp::Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.minor_units().cmp(&other.minor_units()))
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency.code().to_owned(),
                right: other.currency.code().to_owned(),
            })
        }
    }

    /// True for amounts above zero.
    pub fn is_positive(&self) -> bool {
        self.minor_units() > 0
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.minor_units() == 0
    }

    /// True for amounts below zero.
    pub fn is_negative(&self) -> bool {
        self.minor_units() < 0
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({} {})", self.amount, self.currency.code())
    }
}

/// `4500.50 GMD`: the amount at the currency's scale, a space, the code.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency.code())
    }
}

/// The wire and IPC form: `{"amount": "4500.50", "currency": "GMD"}`. The amount is text, so
/// no JSON reader ever turns it into a float.
#[derive(Serialize, Deserialize)]
struct MoneyRepr {
    amount: String,
    currency: String,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MoneyRepr {
            amount: self.amount_text(),
            currency: self.currency.code().to_owned(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = MoneyRepr::deserialize(deserializer)?;
        let currency = match Currency::from_code(&repr.currency) {
            Ok(currency) => currency,
            // A provider-declared currency: the serialized text always carries its full scale.
            Err(MoneyError::UnknownCurrency(code)) => {
                let scale = repr.amount.split_once('.').map_or(0, |(_, f)| f.len());
                let scale = u32::try_from(scale).map_err(serde::de::Error::custom)?;
                Currency::with_scale(&code, scale).map_err(serde::de::Error::custom)?
            }
            Err(other) => return Err(serde::de::Error::custom(other)),
        };
        Money::parse(&repr.amount, currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).expect("known currency")
    }

    #[test]
    fn known_scales() {
        assert_eq!(c("GMD").scale(), 2);
        assert_eq!(c("XOF").scale(), 0);
        assert_eq!(c("usdt").scale(), 6);
        assert_eq!(c("ARS").code(), "ARS");
        assert!(matches!(
            Currency::from_code("ZZZ"),
            Err(MoneyError::UnknownCurrency(_))
        ));
        assert!(Currency::from_code("G D").is_err());
        assert!(Currency::with_scale("BRL", 3).is_err());
        assert_eq!(Currency::with_scale("PTS", 3).map(|c| c.scale()), Ok(3));
    }

    #[test]
    fn parse_is_exact_and_strict() {
        let gmd = c("GMD");
        assert_eq!(
            Money::parse("4500.5", gmd).map(|m| m.minor_units()),
            Ok(450050)
        );
        assert_eq!(
            Money::parse("4500.50", gmd)
                .map(|m| m.to_string())
                .as_deref(),
            Ok("4500.50 GMD")
        );
        assert_eq!(Money::parse("-0.01", gmd).map(|m| m.minor_units()), Ok(-1));
        assert_eq!(
            Money::parse("7000.00", c("XOF")).map(|m| m.minor_units()),
            Ok(7000)
        );
        assert_eq!(
            Money::parse("00012", gmd).map(|m| m.minor_units()),
            Ok(1200)
        );
        for bad in [
            "", "-", ".5", "5.", "1e3", "+1", " 1", "1 000", "1,5", "1_000", "NaN", "--1",
        ] {
            assert!(
                matches!(Money::parse(bad, gmd), Err(MoneyError::InvalidAmount(_))),
                "{bad:?} should be refused"
            );
        }
        assert!(matches!(
            Money::parse("1.005", gmd),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            Money::parse("7000.50", c("XOF")),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert_eq!(
            Money::parse("99999999999999999999", gmd),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies() {
        let a = Money::from_minor(100, c("GMD"));
        let b = Money::from_minor(100, c("CAD"));
        assert!(matches!(
            a.checked_add(&b),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert!(a.checked_sub(&b).is_err());
        assert!(a.checked_cmp(&b).is_err());
        let max = Money::from_minor(i64::MAX, c("GMD"));
        assert_eq!(max.checked_add(&a), Err(MoneyError::Overflow));
    }

    #[test]
    fn serde_keeps_amounts_as_text() {
        let m = Money::parse("12.30", c("USDT")).expect("valid");
        let json = serde_json::to_string(&m).expect("serializes");
        assert_eq!(json, r#"{"amount":"12.300000","currency":"USDT"}"#);
        let back: Money = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, m);
        let custom = Money::from_minor(1234, Currency::with_scale("PTS", 3).expect("valid"));
        let json = serde_json::to_string(&custom).expect("serializes");
        let back: Money = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, custom);
        assert!(serde_json::from_str::<Money>(r#"{"amount":12.3,"currency":"GMD"}"#).is_err());
    }
}
