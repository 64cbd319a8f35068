//! Reference data: transaction statuses and types (§3.5, §3.6). The seed's own example is
//! `{"success": true, "data": [{}, {}, {}]}`: every field of an item is optional, an id may
//! be a number or a string, and an item of another shape is kept empty rather than sinking
//! the list.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::ProviderError;

use super::{malformed, read};

/// A reference item's id: a number or a string (ASSUMPTION U8). Sent back as it came, as
/// `typeID` on a cash-out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ReferenceId {
    /// A numeric id.
    Number(i64),
    /// A text id.
    Text(String),
}

/// A transaction status or type (ASSUMPTION U8: `{id, name, description?}`, every field
/// optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceItem {
    /// Its id, when given as a number or a string.
    pub id: Option<ReferenceId>,
    /// Its name, e.g. `processing`, `transfer`.
    pub name: Option<String>,
    /// A description, when given.
    pub description: Option<String>,
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

impl ReferenceItem {
    /// An item from any JSON value: an object's `id`/`name`/`description`, a bare string as
    /// a name, anything else as an empty item.
    fn from_value(value: &Value) -> ReferenceItem {
        match value {
            Value::Object(map) => ReferenceItem {
                id: match map.get("id") {
                    Some(Value::Number(n)) => n.as_i64().map(ReferenceId::Number),
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        Some(ReferenceId::Text(s.clone()))
                    }
                    _ => None,
                },
                name: text(map.get("name")),
                description: text(map.get("description")),
            },
            Value::String(name) => ReferenceItem {
                name: Some(name.clone()),
                ..ReferenceItem::default()
            },
            _ => ReferenceItem::default(),
        }
    }
}

impl<'de> Deserialize<'de> for ReferenceItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|v| ReferenceItem::from_value(&v))
    }
}

/// `{"success": true, "data": [...]}` (seed).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceList {
    /// `true` on success (taken as true when absent: the items are there).
    #[serde(default = "yes")]
    pub success: bool,
    /// The items.
    pub data: Vec<ReferenceItem>,
}

fn yes() -> bool {
    true
}

impl ReferenceList {
    /// The id of the item named `name` (letter case ignored), when it has one.
    pub fn id_named(&self, name: &str) -> Option<&ReferenceId> {
        self.data
            .iter()
            .filter(|item| {
                item.name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            })
            .find_map(|item| item.id.as_ref())
    }
}

/// The shapes accepted: the documented envelope, or the bare array.
#[derive(Deserialize)]
#[serde(untagged)]
enum Shape {
    Envelope(ReferenceList),
    Bare(Vec<ReferenceItem>),
}

/// Reads `GET /transaction-statuses` or `GET /transaction-types`. `success: false` is an
/// answer Paydesk cannot use.
pub fn parse_reference_list(body: &[u8]) -> Result<ReferenceList, ProviderError> {
    let list = match read::<Shape>(body, "reference data")? {
        Shape::Envelope(list) => list,
        Shape::Bare(data) => ReferenceList {
            success: true,
            data,
        },
    };
    if list.success {
        Ok(list)
    } else {
        Err(malformed("reference data says it did not succeed"))
    }
}
