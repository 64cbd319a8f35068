//! Sync: bring each account's local cache up to date with its provider.
//!
//! For each account, [`sync_account`] reads what changed since its saved sync state through
//! the provider's client ([`ProviderClient`]), and writes each batch together with the new
//! sync state in one SQLite transaction ([`Store::commit_sync_batch`]). Interrupted anywhere
//! (error, timeout, killed process), the next run resumes from the last committed batch and
//! ends with the same rows: rows are upserted by (account, provider id), never duplicated.
//!
//! Per provider (see `strategy.rs`):
//! - Hexai: pages newest first; a sync after the first stops at the first page that was
//!   already stored unchanged (or at the end).
//! - CashWeb: a created-time window scan from `last sync - HISTORY_OVERLAP`, then every
//!   locally non-final record is re-read by id.
//! - HPAY: the first sync reads all history; later ones re-scan the trailing 7 days
//!   (`HpayClient::rescan_cursor`).
//! - Hubcash: the whole offset walk every time (rows are upserted by sale id).
//! - HG.Cash: balances and the status of locally known open cash-outs; its inbound history
//!   comes from webhooks ([`StoreDeliverySink`]).
//!
//! Balances are stored as snapshots with their as-of time for providers with a balance
//! endpoint. Progress is reported as [`SyncProgress`] events through a callback the shell
//! forwards to the UI. [`sync_all`] runs a few accounts at a time; one failing account does
//! not stop the others, and its error is kept in its sync state.

mod client;
mod phase;
mod run;
mod sink;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use paydesk_domain::{AccountId, AppError};
use paydesk_store::Store;
use serde::Serialize;

pub use client::{Capabilities, ClientSettings, ProviderClient};
pub use sink::StoreDeliverySink;

/// One progress event of one account's sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncProgress {
    /// The account being synced.
    pub account: AccountId,
    /// Records read so far in this sync (a resumed sync continues the count).
    pub done: u64,
    /// The provider's total, where it gives one.
    pub estimated_total: Option<u64>,
    /// True on the account's last event (success or failure).
    pub finished: bool,
    /// The failure, in words, on a failed account's last event.
    pub error: Option<String>,
}

/// Where progress events go (e.g. a closure sending them to the UI).
pub type ProgressFn = Arc<dyn Fn(SyncProgress) + Send + Sync>;

/// A progress callback that drops every event.
pub fn no_progress() -> ProgressFn {
    Arc::new(|_| {})
}

/// The clock sync reads (the sandbox's clock in tests, the system's otherwise).
pub type NowFn = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// How sync runs.
#[derive(Clone)]
pub struct SyncOptions {
    /// The time "now": when a sync completed, and where incremental windows start.
    pub now: NowFn,
    /// Accounts synced at once by [`sync_all`].
    pub concurrency: usize,
    /// Records re-read by id per committed batch (CashWeb, HG.Cash).
    pub reread_batch: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            now: Arc::new(Utc::now),
            concurrency: 2,
            reread_batch: 50,
        }
    }
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("concurrency", &self.concurrency)
            .field("reread_batch", &self.reread_batch)
            .finish_non_exhaustive()
    }
}

/// What one account's sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The account.
    pub account: AccountId,
    /// Records read in this sync (a resumed sync counts from where it resumed).
    pub records: u64,
    /// Records inserted or changed by this run.
    pub written: u64,
    /// Balance snapshots stored.
    pub balances: usize,
}

/// One account to sync and its client.
#[derive(Debug)]
pub struct SyncTarget {
    /// The Paydesk account.
    pub account: AccountId,
    /// Its provider's client.
    pub client: ProviderClient,
}

/// Syncs one account (see the module docs). On failure the error is saved in the account's
/// sync state (its resume point kept), reported as a finished progress event, and returned.
pub async fn sync_account(
    store: &Store,
    account: &AccountId,
    client: &ProviderClient,
    options: &SyncOptions,
    progress: &ProgressFn,
) -> Result<SyncReport, AppError> {
    match run::run(store, account, client, options, progress).await {
        Ok(report) => Ok(report),
        Err(error) => {
            let mut state = store
                .sync_state(account)
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            state.last_error = Some(error.message.clone());
            if let Err(e) = store.set_sync_state(account, &state).await {
                tracing::warn!(account = %account, error = %e, "sync error not saved");
            }
            progress(SyncProgress {
                account: account.clone(),
                done: state.records_done,
                estimated_total: state.estimated_total,
                finished: true,
                error: Some(error.message.clone()),
            });
            Err(error)
        }
    }
}

/// Syncs every target, [`SyncOptions::concurrency`] at a time, and returns each account's
/// outcome in the targets' order. A failure of one account does not stop the others.
pub async fn sync_all(
    store: &Store,
    targets: &[SyncTarget],
    options: &SyncOptions,
    progress: &ProgressFn,
) -> Vec<(AccountId, Result<SyncReport, AppError>)> {
    futures::stream::iter(targets)
        .map(|target| async move {
            let outcome =
                sync_account(store, &target.account, &target.client, options, progress).await;
            (target.account.clone(), outcome)
        })
        .buffered(options.concurrency.max(1))
        .collect()
        .await
}
