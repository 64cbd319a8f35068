//! Lenient readers (reference 3 and 11): absent, `null` and `""` are "none"; numbers come as
//! strings or numbers; a text may come as a list of texts. Also [`Unreadable`], what a reader
//! says when an answer cannot be read at all.

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

/// An answer that cannot be read: short words a merchant may see, and the reader's own
/// detail, which goes to the log only (never into a view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// What could not be read, in a few words (`"a sale in the list cannot be read"`).
    pub what: String,
    /// The reader's detail (serde's message), for the log.
    pub detail: String,
}

impl Unreadable {
    /// `what` in words, `detail` for the log.
    pub fn new(what: impl Into<String>, detail: impl std::fmt::Display) -> Unreadable {
        Unreadable {
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}
