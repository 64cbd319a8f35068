//! Hubcash's error body, `{"Errors": [{"Type", "Field", "Description"}]}` (reference 3). The
//! top-level `errors.rs` turns it into a `ProviderError`.

use serde::{Deserialize, Serialize};

/// One entry of Hubcash's error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashErrorEntry {
    /// `"Error"` or `"Authorization"`.
    #[serde(default)]
    pub r#type: String,
    /// The input at fault (`"Card.Number"`, `"headers"`).
    #[serde(default)]
    pub field: String,
    /// Short text (`"Required"`).
    #[serde(default)]
    pub description: String,
}

/// Hubcash's error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubcashErrors {
    /// Every failing input.
    #[serde(rename = "Errors")]
    pub errors: Vec<HubcashErrorEntry>,
}
