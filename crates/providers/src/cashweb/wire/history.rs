//! The audited status timeline of one transaction (`GET /transactions/{id}/status-history`,
//! reference §3.6). Status words are read as everywhere else: any letter case, an unknown word
//! kept.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::lenient::{de_opt_text, de_text_or_empty, de_time};
use super::status::CwStatus;

/// One audited transition.
#[derive(Debug, Clone, Deserialize)]
pub struct HistoryEntry {
    /// When.
    #[serde(deserialize_with = "de_time")]
    pub changed_at: DateTime<Utc>,
    /// From (null on the first entry).
    #[serde(default)]
    pub from_status: Option<CwStatus>,
    /// To.
    #[serde(default)]
    pub to_status: CwStatus,
    /// `area:event`.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub reason: Option<String>,
    /// Free-form metadata, kept as text.
    #[serde(default)]
    pub metadata: Option<Box<RawValue>>,
}

/// `GET /transactions/{id}/status-history`.
#[derive(Debug, Clone, Deserialize)]
pub struct StatusHistory {
    /// The transaction.
    #[serde(default, deserialize_with = "de_text_or_empty")]
    pub id: String,
    /// Its current status.
    #[serde(default)]
    pub status: CwStatus,
    /// The transitions, oldest first (ASSUMPTION).
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}
