//! The audit log: what the merchant did in Paydesk and when, for their own review. Entries are
//! only ever appended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;

use crate::codec::{from_micros, get, to_micros};
use crate::error::StoreError;
use crate::store::Store;

/// An action to record. `details` must not hold a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAuditEntry {
    /// Who acted: `merchant`, or `paydesk` for automatic actions.
    pub actor: String,
    /// What was done, as a stable dotted name: `account.added`, `payout.sent`, `export.csv`.
    pub action: String,
    /// The particulars, as JSON.
    pub details: serde_json::Value,
}

/// A recorded action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its position in the log; later entries have larger ids.
    pub id: i64,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Who acted.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// The particulars.
    pub details: serde_json::Value,
}

const TABLE: &str = "audit_log";

fn decode(row: &SqliteRow) -> Result<AuditEntry, StoreError> {
    let details: String = get(row, TABLE, "details")?;
    Ok(AuditEntry {
        id: get(row, TABLE, "id")?,
        at: from_micros(TABLE, get(row, TABLE, "at")?)?,
        actor: get(row, TABLE, "actor")?,
        action: get(row, TABLE, "action")?,
        details: serde_json::from_str(&details)
            .map_err(|e| StoreError::corrupt(TABLE, e.to_string()))?,
    })
}

impl Store {
    /// Appends an entry stamped with the current time.
    pub async fn append_audit(&self, entry: &NewAuditEntry) -> Result<AuditEntry, StoreError> {
        let details = serde_json::to_string(&entry.details)?;
        let row = sqlx::query(
            "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?) RETURNING *",
        )
        .bind(to_micros(Utc::now()))
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(details)
        .fetch_one(&self.writer)
        .await?;
        decode(&row)
    }

    /// Entries newest first, at most `limit`, starting below id `before` (the last id of the
    /// previous page) when given.
    pub async fn list_audit(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(decode).collect()
    }
}
