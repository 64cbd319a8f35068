//! Lenient readers (reference 3 and 11): absent, `null` and `""` are "none"; numbers come as
//! strings or numbers; a text may come as a list of texts.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::exact::WireDecimal;

/// Reads an optional text where absent, `null` and `""` all mean "none" (reference 3).
pub(super) fn opt_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(deserializer)?;
    Ok(value.filter(|s| !s.trim().is_empty()))
}

/// Reads a number given as a JSON string or number (`"100"` or `100`) into its exact text.
pub(super) fn opt_decimal_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let raw = Option::<Box<RawValue>>::deserialize(deserializer)?;
    let Some(raw) = raw else { return Ok(None) };
    let token = raw.get().trim();
    if token == "null" || token == "\"\"" {
        return Ok(None);
    }
    token
        .parse::<WireDecimal>()
        .map(|d| Some(d.0.to_string()))
        .map_err(D::Error::custom)
}

/// Reads a text or a list of texts (joined with `", "`).
pub(super) fn text_or_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrList {
        Text(String),
        List(Vec<String>),
    }
    let value = Option::<TextOrList>::deserialize(deserializer)?;
    Ok(match value {
        None => None,
        Some(TextOrList::Text(text)) => Some(text),
        Some(TextOrList::List(list)) => Some(list.join(", ")),
    }
    .filter(|s| !s.trim().is_empty()))
}
