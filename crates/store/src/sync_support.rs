//! What the sync engine and the webhook receiver need beyond batches: the account's records
//! that are not final yet (to re-read them), a status change applied to a known row, and
//! verified webhook deliveries recorded once and applied in the same SQLite transaction.
//!
//! The store does not decide which status may replace which: the caller passes that rule
//! (`allow(stored, incoming)`), so the engine keeps it in one place.

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, ProviderKind, Transaction, TransactionStatus};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::codec::{parse_status, to_micros};
use crate::error::StoreError;
use crate::store::Store;
use crate::sync_state::{SyncState, write_sync_state};
use crate::write::upsert_on;

/// A verified webhook delivery, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery<'a> {
    /// The account it is for.
    pub account: &'a AccountId,
    /// Its provider.
    pub provider: ProviderKind,
    /// The provider's key for the event (same key, same event).
    pub dedup_key: &'a str,
    /// When Paydesk received it.
    pub received_at: DateTime<Utc>,
    /// The body as received.
    pub body: &'a str,
}

/// A status reported for a record by its provider id, without the full record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate<'a> {
    /// The provider's id of the record.
    pub provider_id: &'a str,
    /// The unified status reported.
    pub status: TransactionStatus,
    /// The provider's own word for it.
    pub provider_status: &'a str,
    /// When the provider says it changed (or when it was observed).
    pub updated_at: DateTime<Utc>,
}

/// What recording a delivery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryOutcome {
    /// Seen before (same account and key): nothing was written.
    Duplicate,
    /// Recorded; its record was written or its status moved.
    Applied,
    /// Recorded; the stored record was as final or newer, so it was left alone.
    Stale,
    /// Recorded; a status for a record not stored yet (the next sync brings it).
    UnknownRecord,
    /// Recorded; it carried nothing to apply.
    Recorded,
}

impl DeliveryOutcome {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryOutcome::Duplicate => "duplicate",
            DeliveryOutcome::Applied => "applied",
            DeliveryOutcome::Stale => "stale",
            DeliveryOutcome::UnknownRecord => "unknown",
            DeliveryOutcome::Recorded => "recorded",
        }
    }
}

/// The stored status of a record, if stored.
async fn stored_status(
    conn: &mut SqliteConnection,
    account: &AccountId,
    provider_id: &str,
) -> Result<Option<TransactionStatus>, StoreError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM transactions WHERE account_id = ? AND provider_id = ?",
    )
    .bind(account.as_str())
    .bind(provider_id)
    .fetch_optional(&mut *conn)
    .await?;
    status
        .map(|s| {
            parse_status(&s)
                .ok_or_else(|| StoreError::corrupt("transactions", format!("status '{s}'")))
        })
        .transpose()
}

/// Applies a full record unless `allow` refuses its status over the stored one.
async fn apply_record(
    conn: &mut SqliteConnection,
    transaction: &Transaction,
    allow: &(dyn Fn(TransactionStatus, TransactionStatus) -> bool + Sync),
) -> Result<DeliveryOutcome, StoreError> {
    let stored = stored_status(conn, &transaction.account, &transaction.provider_id).await?;
    if stored.is_some_and(|s| !allow(s, transaction.status)) {
        return Ok(DeliveryOutcome::Stale);
    }
    let outcome = upsert_on(conn, std::slice::from_ref(transaction)).await?;
    Ok(if outcome.written > 0 {
        DeliveryOutcome::Applied
    } else {
        DeliveryOutcome::Stale
    })
}

/// Moves a known record's status unless `allow` refuses it; the stored `updated_at` never
/// goes back.
async fn apply_status(
    conn: &mut SqliteConnection,
    account: &AccountId,
    update: &StatusUpdate<'_>,
    allow: &(dyn Fn(TransactionStatus, TransactionStatus) -> bool + Sync),
) -> Result<DeliveryOutcome, StoreError> {
    let Some(stored) = stored_status(conn, account, update.provider_id).await? else {
        return Ok(DeliveryOutcome::UnknownRecord);
    };
    if !allow(stored, update.status) {
        return Ok(DeliveryOutcome::Stale);
    }
    let result = sqlx::query(
        "UPDATE transactions SET status = ?, provider_status = ?, \
         updated_at = max(updated_at, ?) \
         WHERE account_id = ? AND provider_id = ? \
         AND (status IS NOT ? OR provider_status IS NOT ?)",
    )
    .bind(update.status.as_str())
    .bind(update.provider_status)
    .bind(to_micros(update.updated_at))
    .bind(account.as_str())
    .bind(update.provider_id)
    .bind(update.status.as_str())
    .bind(update.provider_status)
    .execute(&mut *conn)
    .await?;
    Ok(if result.rows_affected() > 0 {
        DeliveryOutcome::Applied
    } else {
        DeliveryOutcome::Stale
    })
}

impl Store {
    /// The provider ids of `account`'s records not final (pending, processing or unknown), at
    /// most `limit`, in id order after `after` (for paging through them).
    pub async fn open_provider_ids(
        &self,
        account: &AccountId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<String>, StoreError> {
        let ids = sqlx::query_scalar(
            "SELECT provider_id FROM transactions INDEXED BY transactions_open_by_account \
             WHERE account_id = ? AND status IN ('pending', 'processing', 'unknown') AND provider_id > ? \
             ORDER BY provider_id LIMIT ?",
        )
        .bind(account.as_str())
        .bind(after.unwrap_or(""))
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        Ok(ids)
    }

    /// Applies reported statuses to known records of `account`, each only where
    /// `allow(stored, reported)` agrees, and saves the account's sync `state`, all in one
    /// SQLite transaction; returns how many rows moved.
    pub async fn apply_statuses(
        &self,
        account: &AccountId,
        updates: &[StatusUpdate<'_>],
        allow: &(dyn Fn(TransactionStatus, TransactionStatus) -> bool + Sync),
        state: &SyncState,
    ) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let mut moved = 0;
        for update in updates {
            if apply_status(&mut tx, account, update, allow).await? == DeliveryOutcome::Applied {
                moved += 1;
            }
        }
        write_sync_state(&mut tx, account, state).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Records a verified delivery once and applies what it carries, in one SQLite
    /// transaction: a full record (upserted unless `allow` refuses its status over the stored
    /// one) or a status for a known record. A second delivery with the same account and key
    /// changes nothing and answers [`DeliveryOutcome::Duplicate`].
    pub async fn record_delivery(
        &self,
        delivery: &NewDelivery<'_>,
        transaction: Option<&Transaction>,
        status: Option<&StatusUpdate<'_>>,
        allow: &(dyn Fn(TransactionStatus, TransactionStatus) -> bool + Sync),
    ) -> Result<DeliveryOutcome, StoreError> {
        if let Some(t) = transaction.filter(|t| &t.account != delivery.account) {
            return Err(StoreError::WrongAccount {
                provider_id: t.provider_id.clone(),
                expected: delivery.account.clone(),
                found: t.account.clone(),
            });
        }
        let mut tx = self.writer.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO webhook_deliveries (account_id, provider, dedup_key, received_at, body, \
             outcome) VALUES (?, ?, ?, ?, ?, 'recorded') \
             ON CONFLICT (account_id, dedup_key) DO NOTHING",
        )
        .bind(delivery.account.as_str())
        .bind(delivery.provider.as_str())
        .bind(delivery.dedup_key)
        .bind(to_micros(delivery.received_at))
        .bind(delivery.body)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::UnknownAccount(delivery.account.clone())
            }
            _ => StoreError::Database(e),
        })?;
        if inserted.rows_affected() == 0 {
            return Ok(DeliveryOutcome::Duplicate);
        }
        let outcome = match (transaction, status) {
            (Some(t), _) => apply_record(&mut tx, t, allow).await?,
            (None, Some(update)) => apply_status(&mut tx, delivery.account, update, allow).await?,
            (None, None) => DeliveryOutcome::Recorded,
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET outcome = ? WHERE account_id = ? AND dedup_key = ?",
        )
        .bind(outcome.as_str())
        .bind(delivery.account.as_str())
        .bind(delivery.dedup_key)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// How many deliveries are recorded for `account`.
    pub async fn delivery_count(&self, account: &AccountId) -> Result<u64, StoreError> {
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM webhook_deliveries WHERE account_id = ?")
                .bind(account.as_str())
                .fetch_one(&self.reader)
                .await?;
        u64::try_from(count).map_err(|_| StoreError::corrupt("webhook_deliveries", "count"))
    }
}
