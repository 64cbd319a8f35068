//! Lenient readers for the values CashWeb sends beside the ones Paydesk needs: times (RFC 3339
//! UTC with `Z`, reference §8), counts and ids. A required time must parse; an optional value
//! that is missing, null or unreadable is simply not known, and never sinks the record.

use chrono::{DateTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::exact::{WireDecimal, parse_rfc3339};

/// A required time.
pub(crate) fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_rfc3339(&text).map_err(|_| D::Error::custom("not an RFC 3339 time"))
}

/// An optional time: absent, null, or not a time reads as `None`.
pub(crate) fn de_opt_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(text)) => parse_rfc3339(&text).ok(),
        _ => None,
    })
}

/// An optional count given as a number or a numeric string; anything else is not known.
pub(crate) fn de_opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// An optional text given as a string or a number (ids, references); null or anything else
/// is not known.
pub(crate) fn de_opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A text that may be missing: the empty text then (an id the caller fills in from what it
/// asked for).
pub(crate) fn de_text_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    de_opt_text(d).map(Option::unwrap_or_default)
}

/// An optional decimal (a string or a number, never through a float); absent, null or not a
/// number reads as `None`.
pub(crate) fn de_opt_decimal<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<WireDecimal>, D::Error> {
    let raw = Option::<Box<RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|raw| raw.get().parse::<WireDecimal>().ok()))
}
