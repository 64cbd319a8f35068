//! The cursor page CashWeb nests in `data` on every list endpoint (§3.5), read once for the
//! transaction list ([`super::wire`]) and the revenue and outbox lists ([`super::ledger`]).

use serde::Deserialize;
use serde_json::value::RawValue;

/// A cursor page as `/transactions`, `/revenue` and `/webhooks/events` nest it in `data` (§3.5).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct RawPage<S> {
    /// The items, each kept as its own JSON text.
    pub data: Vec<Box<RawValue>>,
    /// More after this page.
    #[serde(default)]
    pub has_more: bool,
    /// The page size used.
    #[serde(default)]
    pub limit: Option<u32>,
    /// Where the next page starts (opaque).
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// The window summary: `/revenue` with `include_summary=true` only.
    #[serde(default)]
    pub summary: Option<S>,
}
