//! Where each account's history sync stands: the provider's cursor, progress and last error.

use chrono::{DateTime, Utc};
use paydesk_domain::AccountId;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::codec::{from_micros, get, to_micros};
use crate::error::StoreError;
use crate::store::Store;

/// One account's sync position and progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The provider's cursor (or page token, or last timestamp) to resume from; opaque here.
    pub cursor: Option<String>,
    /// When a sync last completed.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// The last failure, in words, or `None` after a success.
    pub last_error: Option<String>,
    /// Records fetched so far in the current (or last) sync.
    pub records_done: u64,
    /// The provider's estimate of the total, where it gives one.
    pub estimated_total: Option<u64>,
}

const TABLE: &str = "sync_state";

fn to_sql_count(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::InvalidInput(format!("count {value} is too large")))
}

fn from_sql_count(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::corrupt(TABLE, format!("count {value}")))
}

pub(crate) async fn write_sync_state(
    conn: &mut SqliteConnection,
    account: &AccountId,
    state: &SyncState,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_state (account_id, cursor, last_synced_at, last_error, records_done, \
         estimated_total, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (account_id) DO UPDATE SET cursor = excluded.cursor, \
         last_synced_at = excluded.last_synced_at, last_error = excluded.last_error, \
         records_done = excluded.records_done, estimated_total = excluded.estimated_total, \
         updated_at = excluded.updated_at",
    )
    .bind(account.as_str())
    .bind(&state.cursor)
    .bind(state.last_synced_at.map(to_micros))
    .bind(&state.last_error)
    .bind(to_sql_count(state.records_done)?)
    .bind(state.estimated_total.map(to_sql_count).transpose()?)
    .bind(to_micros(Utc::now()))
    .execute(conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::UnknownAccount(account.clone())
        }
        _ => StoreError::Database(e),
    })?;
    Ok(())
}

impl Store {
    /// The account's sync state; `None` before its first sync.
    pub async fn sync_state(&self, account: &AccountId) -> Result<Option<SyncState>, StoreError> {
        let row = sqlx::query("SELECT * FROM sync_state WHERE account_id = ?")
            .bind(account.as_str())
            .fetch_optional(&self.reader)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let synced: Option<i64> = get(&row, TABLE, "last_synced_at")?;
        let estimated: Option<i64> = get(&row, TABLE, "estimated_total")?;
        Ok(Some(SyncState {
            cursor: get(&row, TABLE, "cursor")?,
            last_synced_at: synced.map(|t| from_micros(TABLE, t)).transpose()?,
            last_error: get(&row, TABLE, "last_error")?,
            records_done: from_sql_count(get(&row, TABLE, "records_done")?)?,
            estimated_total: estimated.map(from_sql_count).transpose()?,
        }))
    }

    /// Saves the account's sync state on its own (e.g. to record an error). To save it with
    /// the rows it describes, use [`Store::commit_sync_batch`].
    pub async fn set_sync_state(
        &self,
        account: &AccountId,
        state: &SyncState,
    ) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await?;
        write_sync_state(&mut conn, account, state).await
    }
}
