//! Reference data: transaction statuses and types (§3.5, §3.6).

use serde::Deserialize;

use crate::error::ProviderError;

use super::read;

/// A reference item's id: a number or a string (ASSUMPTION U8).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ReferenceId {
    /// A numeric id.
    Number(i64),
    /// A text id.
    Text(String),
}

/// A transaction status or type (ASSUMPTION U8: `{id, name, description?}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceItem {
    /// Its id (informational only).
    pub id: ReferenceId,
    /// Its name, e.g. `processing`, `transfer`.
    pub name: String,
    /// A description, when given.
    #[serde(default)]
    pub description: Option<String>,
}

/// `{"success": true, "data": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceList {
    /// `true` on success.
    pub success: bool,
    /// The items.
    pub data: Vec<ReferenceItem>,
}

/// Reads `GET /transaction-statuses` or `GET /transaction-types`.
pub fn parse_reference_list(body: &[u8]) -> Result<ReferenceList, ProviderError> {
    read(body, "reference data")
}
