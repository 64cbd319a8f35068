//! Ingest: the store's real write path, and the raw SQLite baseline over the same rows.

use std::path::Path;
use std::time::{Duration, Instant};

use paydesk_domain::{Mode, ProviderKind};
use paydesk_store::{NewAccount, ROWS_PER_STATEMENT, Store, SyncState, bind_transaction};
use sqlx::sqlite::SqlitePoolOptions;

use crate::synthetic::{account_id, batches, make_batch, provider_of};
use crate::{ACCOUNTS_PER_PROVIDER, BenchResult};

pub(crate) async fn ingest_store(
    store: &Store,
    rows: usize,
    batch: usize,
) -> BenchResult<Duration> {
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    for account in 0..accounts {
        store
            .create_account(&NewAccount {
                id: account_id(account)?,
                provider: provider_of(account),
                label: format!(
                    "{} {}",
                    provider_of(account).display_name(),
                    account % 2 + 1
                ),
                mode: Mode::Sandbox,
                base_url: None,
            })
            .await?;
    }
    let mut total = Duration::ZERO;
    let mut done = vec![0_u64; accounts];
    for (account, start, end) in batches(rows, batch) {
        let batch = make_batch(account, start, end, per_account)?;
        done[account] += batch.len() as u64;
        let state = SyncState {
            cursor: Some(format!("after={}", end)),
            last_synced_at: None,
            last_error: None,
            records_done: done[account],
            estimated_total: Some(per_account as u64),
        };
        let id = account_id(account)?;
        let began = Instant::now();
        store.commit_sync_batch(&id, &batch, &state).await?;
        total += began.elapsed();
    }
    // The background checkpointer may still be copying frames back: the ingest is done when
    // the WAL is, as the baseline's below.
    let began = Instant::now();
    store.checkpoint().await?;
    total += began.elapsed();
    Ok(total)
}

/// The baseline: the same rows through the same driver into a plain table (no key, no index,
/// no trigger), in the store's multi-row statements (`ROWS_PER_STATEMENT` rows), one
/// transaction per batch, in a file opened with the store's own options (page cache,
/// checkpoints), the WAL copied back at the end. What the store costs beyond it is its key,
/// indexes, triggers, search index and totals.
pub(crate) async fn ingest_raw(path: &Path, rows: usize, batch: usize) -> BenchResult<Duration> {
    let options = Store::connect_options(path)?;
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE raw_transactions (account_id TEXT, provider TEXT, provider_id TEXT, \
         merchant_reference TEXT, direction TEXT, kind TEXT, status TEXT, provider_status TEXT, \
         currency TEXT, scale INTEGER, amount_minor INTEGER, fee_minor INTEGER, net_minor INTEGER, \
         cp_name TEXT, cp_phone TEXT, cp_bank_account TEXT, cp_card_last4 TEXT, description TEXT, \
         created_at INTEGER, updated_at INTEGER, raw TEXT)",
    )
    .execute(&pool)
    .await?;
    let row = format!("({})", vec!["?"; 21].join(", "));
    let statement = |n: usize| {
        format!(
            "INSERT INTO raw_transactions VALUES {}",
            vec![row.as_str(); n].join(", ")
        )
    };
    let full = statement(ROWS_PER_STATEMENT);
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    let mut total = Duration::ZERO;
    for (account, start, end) in batches(rows, batch) {
        let batch = make_batch(account, start, end, per_account)?;
        let began = Instant::now();
        let mut tx = pool.begin().await?;
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let tail;
            let sql = if chunk.len() == ROWS_PER_STATEMENT {
                full.as_str()
            } else {
                tail = statement(chunk.len());
                tail.as_str()
            };
            let query = chunk
                .iter()
                .fold(sqlx::query(sql), |q, t| bind_transaction(q, t));
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        total += began.elapsed();
    }
    let began = Instant::now();
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(&pool)
        .await?;
    total += began.elapsed();
    pool.close().await;
    Ok(total)
}
