//! The write path for transactions: batches upserted in one SQLite transaction, keyed by
//! (account, provider id), plus reading one transaction back with its status history.
//!
//! Re-upserting a record that has not changed writes nothing: the upsert's `WHERE` clause skips
//! the row, so no trigger fires and no history row appears. A record older than the stored one
//! (a smaller `updated_at`) is skipped too, so a late page never undoes a newer status. Status
//! history, search index and daily totals are kept by triggers (see the migration).

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, ProviderKind, Transaction, TransactionStatus};
use serde::{Deserialize, Serialize};
use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Sqlite, SqliteConnection};

use crate::codec::{
    TRANSACTION_COLUMNS, decode_transaction, from_micros, get, parse_status, to_micros,
};
use crate::error::StoreError;
use crate::store::Store;
use crate::sync_state::{SyncState, write_sync_state};

/// What a batch upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsertOutcome {
    /// Records inserted or changed.
    pub written: u64,
    /// Records identical to (or older than) what was stored: nothing was written for them.
    pub unchanged: u64,
}

/// One change of status, as Paydesk observed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The unified status before.
    pub old_status: TransactionStatus,
    /// The unified status after.
    pub new_status: TransactionStatus,
    /// The provider's word before.
    pub old_provider_status: String,
    /// The provider's word after.
    pub new_provider_status: String,
    /// The provider's time of the change (the record's `updated_at`).
    pub provider_updated_at: DateTime<Utc>,
    /// When this machine stored the change.
    pub observed_at: DateTime<Utc>,
}

/// A stored transaction with every status change seen since it was first stored, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTransaction {
    /// The transaction as last stored.
    pub transaction: Transaction,
    /// Its status changes, oldest first.
    pub history: Vec<StatusChange>,
}

/// The columns a batch writes, in the order of each row's values.
const COLUMNS: &str = "account_id, provider, provider_id, merchant_reference, direction, kind, \
    status, provider_status, currency, scale, amount_minor, fee_minor, net_minor, cp_name, \
    cp_phone, cp_bank_account, cp_card_last4, description, created_at, updated_at, raw";
const COLUMN_COUNT: usize = 21;

/// What a row already stored becomes: the newer record wins, an identical or older one writes
/// nothing (no trigger fires, no history row appears).
const ON_CONFLICT: &str = " ON CONFLICT (account_id, provider_id) DO UPDATE SET \
    provider = excluded.provider, merchant_reference = excluded.merchant_reference, \
    direction = excluded.direction, kind = excluded.kind, status = excluded.status, \
    provider_status = excluded.provider_status, currency = excluded.currency, \
    scale = excluded.scale, amount_minor = excluded.amount_minor, \
    fee_minor = excluded.fee_minor, net_minor = excluded.net_minor, \
    cp_name = excluded.cp_name, cp_phone = excluded.cp_phone, \
    cp_bank_account = excluded.cp_bank_account, cp_card_last4 = excluded.cp_card_last4, \
    description = excluded.description, created_at = excluded.created_at, \
    updated_at = excluded.updated_at, raw = excluded.raw \
    WHERE excluded.updated_at >= transactions.updated_at AND ( \
    transactions.provider IS NOT excluded.provider \
    OR transactions.merchant_reference IS NOT excluded.merchant_reference \
    OR transactions.direction IS NOT excluded.direction \
    OR transactions.kind IS NOT excluded.kind \
    OR transactions.status IS NOT excluded.status \
    OR transactions.provider_status IS NOT excluded.provider_status \
    OR transactions.currency IS NOT excluded.currency \
    OR transactions.scale IS NOT excluded.scale \
    OR transactions.amount_minor IS NOT excluded.amount_minor \
    OR transactions.fee_minor IS NOT excluded.fee_minor \
    OR transactions.net_minor IS NOT excluded.net_minor \
    OR transactions.cp_name IS NOT excluded.cp_name \
    OR transactions.cp_phone IS NOT excluded.cp_phone \
    OR transactions.cp_bank_account IS NOT excluded.cp_bank_account \
    OR transactions.cp_card_last4 IS NOT excluded.cp_card_last4 \
    OR transactions.description IS NOT excluded.description \
    OR transactions.created_at IS NOT excluded.created_at \
    OR transactions.updated_at IS NOT excluded.updated_at \
    OR transactions.raw IS NOT excluded.raw)";

/// Rows per statement: a batch is written in statements of 64, 32, ... 1 rows (at most 1,344
/// bound values, within every SQLite's limit), so the driver makes a handful of calls per batch
/// instead of one per row, and only seven statement shapes are ever prepared.
const CHUNKS: [usize; 7] = [ROWS_PER_STATEMENT, 32, 16, 8, 4, 2, 1];

/// The most rows one upsert statement writes (the benchmark's baseline writes as many).
pub const ROWS_PER_STATEMENT: usize = 64;

/// The upsert of `rows` rows in one statement; rows are applied in order, so a record
/// delivered twice in one batch ends as its later delivery.
fn upsert_statement(rows: usize) -> &'static str {
    static STATEMENTS: OnceLock<Vec<String>> = OnceLock::new();
    let statements = STATEMENTS.get_or_init(|| {
        CHUNKS
            .iter()
            .map(|&n| {
                let row = format!("({})", vec!["?"; COLUMN_COUNT].join(", "));
                format!(
                    "INSERT INTO transactions ({COLUMNS}) VALUES {}{ON_CONFLICT}",
                    vec![row; n].join(", ")
                )
            })
            .collect()
    });
    let at = CHUNKS
        .iter()
        .position(|&n| n == rows)
        .unwrap_or(CHUNKS.len() - 1);
    statements.get(at).map_or("", String::as_str)
}

/// Binds one transaction's 21 column values, in the order of the `transactions` table's
/// columns after `id` (the write path, and the benchmark's plain-table baseline, which must
/// write exactly the same values).
pub fn bind_transaction<'q>(
    query: Query<'q, Sqlite, SqliteArguments<'q>>,
    t: &'q Transaction,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    let currency = t.amount.currency();
    query
        .bind(t.account.as_str())
        .bind(t.provider.as_str())
        .bind(&t.provider_id)
        .bind(&t.merchant_reference)
        .bind(t.direction.as_str())
        .bind(t.kind.as_str())
        .bind(t.status.as_str())
        .bind(&t.provider_status)
        .bind(currency.code().to_owned())
        .bind(i64::from(currency.scale()))
        .bind(t.amount.minor_units())
        .bind(t.fee.map(|m| m.minor_units()))
        .bind(t.net.map(|m| m.minor_units()))
        .bind(&t.counterparty.name)
        .bind(&t.counterparty.phone)
        .bind(&t.counterparty.bank_account)
        .bind(&t.counterparty.card_last4)
        .bind(&t.description)
        .bind(to_micros(t.created_at))
        .bind(to_micros(t.updated_at))
        .bind(&t.raw)
}

/// Adds the rows stored since the last fold (ids above `folded_through`) to the search index.
const FOLD_SEARCH: &str = "INSERT INTO transactions_fts (rowid, provider_id, merchant_reference, \
    cp_name, cp_phone, cp_bank_account, cp_card_last4, description) \
    SELECT id, provider_id, merchant_reference, cp_name, cp_phone, cp_bank_account, \
    cp_card_last4, description FROM transactions WHERE id > ?";

/// Adds the same rows to the daily totals, with the rules of the `daily_totals` triggers.
const FOLD_TOTALS: &str = "INSERT INTO daily_totals (account_id, currency, scale, day, \
    in_count, in_volume_minor, in_fee_minor, in_net_minor, out_count, out_volume_minor, \
    out_fee_minor, open_count) \
    SELECT account_id, currency, max(scale), day, sum(is_in), sum(is_in * amount_minor), \
    sum(is_in * coalesce(fee_minor, 0)), \
    sum(is_in * coalesce(net_minor, amount_minor - coalesce(fee_minor, 0))), \
    sum(is_out), sum(is_out * amount_minor), sum(is_out * coalesce(fee_minor, 0)), sum(is_open) \
    FROM (SELECT account_id, currency, scale, amount_minor, fee_minor, net_minor, \
    (created_at - (((created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000 AS day, \
    (direction = 'in' AND status = 'succeeded') AS is_in, \
    (direction = 'out' AND status = 'succeeded') AS is_out, \
    (status IN ('pending', 'processing', 'unknown')) AS is_open \
    FROM transactions WHERE id > ? AND status IN ('succeeded', 'pending', 'processing', 'unknown')) \
    WHERE true GROUP BY day, account_id, currency \
    ON CONFLICT (day, account_id, currency) DO UPDATE SET \
    in_count = in_count + excluded.in_count, \
    in_volume_minor = in_volume_minor + excluded.in_volume_minor, \
    in_fee_minor = in_fee_minor + excluded.in_fee_minor, \
    in_net_minor = in_net_minor + excluded.in_net_minor, \
    out_count = out_count + excluded.out_count, \
    out_volume_minor = out_volume_minor + excluded.out_volume_minor, \
    out_fee_minor = out_fee_minor + excluded.out_fee_minor, \
    open_count = open_count + excluded.open_count";

/// Folds the rows inserted since the last fold into the search index and the daily totals
/// (see `derived_state` in the migration). Runs inside the inserting transaction.
pub(crate) async fn fold_new_rows(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let folded: i64 = sqlx::query_scalar("SELECT folded_through FROM derived_state WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(FOLD_SEARCH)
        .bind(folded)
        .execute(&mut *conn)
        .await?;
    sqlx::query(FOLD_TOTALS)
        .bind(folded)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE derived_state SET folded_through = \
         (SELECT coalesce(max(id), 0) FROM transactions) WHERE id = 1",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Checks every record, then upserts them on `conn` (inside the caller's transaction).
pub(crate) async fn upsert_on(
    conn: &mut SqliteConnection,
    transactions: &[Transaction],
) -> Result<UpsertOutcome, StoreError> {
    let mut providers: HashMap<&AccountId, ProviderKind> = HashMap::new();
    for t in transactions {
        t.check().map_err(|source| StoreError::InvalidTransaction {
            provider_id: t.provider_id.clone(),
            source,
        })?;
        let actual = match providers.get(&t.account) {
            Some(p) => *p,
            None => {
                let provider: Option<String> =
                    sqlx::query_scalar("SELECT provider FROM accounts WHERE id = ?")
                        .bind(t.account.as_str())
                        .fetch_optional(&mut *conn)
                        .await?;
                let provider =
                    provider.ok_or_else(|| StoreError::UnknownAccount(t.account.clone()))?;
                let provider: ProviderKind = provider.parse().map_err(|_| {
                    StoreError::corrupt("accounts", format!("provider '{provider}'"))
                })?;
                providers.insert(&t.account, provider);
                provider
            }
        };
        if actual != t.provider {
            return Err(StoreError::ProviderMismatch {
                provider_id: t.provider_id.clone(),
                account: t.account.clone(),
                claimed: t.provider,
                actual,
            });
        }
    }
    // Written in key order: the unique (account, provider id) index is the widest random
    // write of a batch, and neighbouring keys share its pages. The sort is stable, so two
    // deliveries of one record keep their order.
    let mut rows: Vec<&Transaction> = transactions.iter().collect();
    rows.sort_by(|a, b| {
        (a.account.as_str(), &a.provider_id).cmp(&(b.account.as_str(), &b.provider_id))
    });
    let mut written = 0;
    let mut rest = rows.as_slice();
    while !rest.is_empty() {
        let n = CHUNKS.into_iter().find(|&n| n <= rest.len()).unwrap_or(1);
        let (chunk, after) = rest.split_at(n.min(rest.len()));
        let mut query = sqlx::query(upsert_statement(chunk.len()));
        for t in chunk {
            query = bind_transaction(query, t);
        }
        written += query.execute(&mut *conn).await?.rows_affected();
        rest = after;
    }
    let outcome = UpsertOutcome {
        written,
        unchanged: (transactions.len() as u64).saturating_sub(written),
    };
    fold_new_rows(conn).await?;
    Ok(outcome)
}

impl Store {
    /// Upserts a batch in one SQLite transaction: all of it is stored, or (on any invalid
    /// record, unknown account or error) none of it.
    pub async fn upsert_transactions(
        &self,
        transactions: &[Transaction],
    ) -> Result<UpsertOutcome, StoreError> {
        let mut tx = self.writer.begin().await?;
        let outcome = upsert_on(&mut tx, transactions).await?;
        tx.commit().await?;
        self.checkpoints.nudge();
        Ok(outcome)
    }

    /// Upserts a sync batch of `account` and saves the account's new sync state in the same
    /// SQLite transaction: after a crash either both are stored or neither, so a resumed sync
    /// restarts from a cursor that matches the stored rows. Every record must belong to
    /// `account`.
    pub async fn commit_sync_batch(
        &self,
        account: &AccountId,
        transactions: &[Transaction],
        state: &SyncState,
    ) -> Result<UpsertOutcome, StoreError> {
        if let Some(t) = transactions.iter().find(|t| &t.account != account) {
            return Err(StoreError::WrongAccount {
                provider_id: t.provider_id.clone(),
                expected: account.clone(),
                found: t.account.clone(),
            });
        }
        let mut tx = self.writer.begin().await?;
        let outcome = upsert_on(&mut tx, transactions).await?;
        write_sync_state(&mut tx, account, state).await?;
        tx.commit().await?;
        self.checkpoints.nudge();
        Ok(outcome)
    }

    /// One transaction by its account and provider id, with its status history; `None` if it
    /// is not stored.
    pub async fn get_transaction(
        &self,
        account: &AccountId,
        provider_id: &str,
    ) -> Result<Option<StoredTransaction>, StoreError> {
        let mut conn = self.reader.acquire().await?;
        let sql = format!(
            "SELECT {TRANSACTION_COLUMNS} FROM transactions t \
             WHERE t.account_id = ? AND t.provider_id = ?"
        );
        let row = sqlx::query(&sql)
            .bind(account.as_str())
            .bind(provider_id)
            .fetch_optional(&mut *conn)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let (id, transaction) = decode_transaction(&row)?;
        let rows = sqlx::query(
            "SELECT * FROM transaction_status_history WHERE transaction_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        const HISTORY: &str = "transaction_status_history";
        let status = |text: String| {
            parse_status(&text)
                .ok_or_else(|| StoreError::corrupt(HISTORY, format!("status '{text}'")))
        };
        let history = rows
            .iter()
            .map(|r| {
                Ok(StatusChange {
                    old_status: status(get(r, HISTORY, "old_status")?)?,
                    new_status: status(get(r, HISTORY, "new_status")?)?,
                    old_provider_status: get(r, HISTORY, "old_provider_status")?,
                    new_provider_status: get(r, HISTORY, "new_provider_status")?,
                    provider_updated_at: from_micros(
                        HISTORY,
                        get(r, HISTORY, "provider_updated_at")?,
                    )?,
                    observed_at: from_micros(HISTORY, get(r, HISTORY, "observed_at")?)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(StoredTransaction {
            transaction,
            history,
        }))
    }
}
