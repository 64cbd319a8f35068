//! One account's sync, phase by phase: balances, history walk, re-reads, each step committed
//! with the sync state that resumes after it.

use paydesk_domain::{AccountId, AppError, ProviderKind, Transaction};
use paydesk_providers::cashweb::HISTORY_OVERLAP;
use paydesk_providers::hpay::HpayClient;
use paydesk_providers::{ErrorKind, ProviderError};
use paydesk_store::{StatusUpdate, Store, SyncState};

use super::client::ProviderClient;
use super::phase::Phase;
use super::{ProgressFn, SyncOptions, SyncProgress, SyncReport};
use crate::webhooks::status_rank;

/// The status rule every write from a re-read or a webhook obeys: never less final.
pub(crate) fn may_replace(
    stored: paydesk_domain::TransactionStatus,
    incoming: paydesk_domain::TransactionStatus,
) -> bool {
    status_rank(incoming) >= status_rank(stored)
}

struct Run<'a> {
    store: &'a Store,
    account: &'a AccountId,
    client: &'a ProviderClient,
    options: &'a SyncOptions,
    progress: &'a ProgressFn,
    /// When this run started: saved as `last_synced_at` once it completes, so the next
    /// incremental window also covers what was created while this one ran.
    started_at: chrono::DateTime<chrono::Utc>,
    state: SyncState,
    written: u64,
}

/// Where a new sync starts, given when the last one completed.
fn first_phase(client: &ProviderClient, options: &SyncOptions, state: &SyncState) -> Phase {
    let last = state.last_synced_at;
    match (client.provider(), last) {
        // HG.Cash has no history endpoint: only the open cash-outs are re-read.
        (ProviderKind::HgCash, _) => Phase::Reread { after: None },
        (_, None) => Phase::Walk {
            incremental: false,
            cursor: None,
        },
        (ProviderKind::Hexai | ProviderKind::Hubcash, Some(_)) => Phase::Walk {
            incremental: true,
            cursor: None,
        },
        (ProviderKind::Hpay, Some(_)) => Phase::Walk {
            incremental: true,
            cursor: Some(HpayClient::rescan_cursor((options.now)().date_naive())),
        },
        (ProviderKind::CashWeb, Some(last)) => Phase::Walk {
            incremental: true,
            cursor: Some(
                paydesk_providers::cashweb::HistoryCursor::since(last - HISTORY_OVERLAP).to_text(),
            ),
        },
    }
}

/// What follows a finished walk: CashWeb's window scan does not show status changes of
/// older records, so those still open locally are re-read by id.
fn after_walk(provider: ProviderKind, incremental: bool) -> Option<Phase> {
    (provider == ProviderKind::CashWeb && incremental).then_some(Phase::Reread { after: None })
}

pub(super) async fn run(
    store: &Store,
    account: &AccountId,
    client: &ProviderClient,
    options: &SyncOptions,
    progress: &ProgressFn,
) -> Result<SyncReport, AppError> {
    let saved = store.sync_state(account).await?.unwrap_or_default();
    let resumed = saved.cursor.as_deref().and_then(Phase::parse);
    let mut run = Run {
        store,
        account,
        client,
        options,
        progress,
        started_at: (options.now)(),
        state: saved.clone(),
        written: 0,
    };
    let mut phase = match resumed {
        Some(phase) => phase,
        None => {
            run.state.records_done = 0;
            run.state.estimated_total = None;
            first_phase(client, options, &saved)
        }
    };
    run.emit(false, None);
    let balances = run.balances().await?;
    loop {
        let next = match phase {
            Phase::Walk {
                incremental,
                cursor,
            } => run.walk_page(incremental, cursor).await?,
            Phase::Reread { after } => run.reread(after).await?,
        };
        match next {
            Some(next) => phase = next,
            None => break,
        }
    }
    run.state.cursor = None;
    run.state.last_synced_at = Some(run.started_at);
    run.state.last_error = None;
    store.set_sync_state(account, &run.state).await?;
    run.emit(true, None);
    Ok(SyncReport {
        account: account.clone(),
        records: run.state.records_done,
        written: run.written,
        balances,
    })
}

impl Run<'_> {
    fn emit(&self, finished: bool, error: Option<String>) {
        (self.progress)(SyncProgress {
            account: self.account.clone(),
            done: self.state.records_done,
            estimated_total: self.state.estimated_total,
            finished,
            error,
        });
    }

    async fn balances(&mut self) -> Result<usize, AppError> {
        let Some(found) = self.client.balances().await else {
            return Ok(0);
        };
        let balances = found?;
        for balance in &balances {
            self.store.record_balance(balance).await?;
        }
        Ok(balances.len())
    }

    /// Commits `transactions` with the state that resumes at `next`.
    async fn commit(
        &mut self,
        transactions: &[Transaction],
        next: Option<&Phase>,
    ) -> Result<u64, AppError> {
        let mut state = self.state.clone();
        state.records_done += transactions.len() as u64;
        state.cursor = next.map(Phase::to_text);
        if next.is_none() {
            // The last batch completes the sync: a crash right after it must not start over.
            state.last_synced_at = Some(self.started_at);
            state.last_error = None;
        }
        let outcome = self
            .store
            .commit_sync_batch(self.account, transactions, &state)
            .await?;
        self.state = state;
        self.written += outcome.written;
        self.emit(false, None);
        Ok(outcome.written)
    }

    async fn walk_page(
        &mut self,
        incremental: bool,
        cursor: Option<String>,
    ) -> Result<Option<Phase>, AppError> {
        let provider = self.client.provider();
        let Some(page) = self.client.history_page(cursor.as_deref()).await else {
            return Ok(after_walk(provider, incremental));
        };
        let page = page?;
        if page.estimated_total.is_some() {
            self.state.estimated_total = page.estimated_total;
        }
        let next = match page.next {
            Some(cursor) => Some(Phase::Walk {
                incremental,
                cursor: Some(cursor),
            }),
            None => after_walk(provider, incremental),
        };
        let written = self.commit(&page.transactions, next.as_ref()).await?;
        // Hexai: a later sync stops at the first page already stored unchanged; newer
        // records come first, so everything below it was seen before. (A record below that
        // settles later is moved by its webhook hint, or by the next full sync.)
        let caught_up = provider == ProviderKind::Hexai
            && incremental
            && written == 0
            && !page.transactions.is_empty();
        Ok(if caught_up { None } else { next })
    }

    /// Re-reads up to one batch of the account's open records after `after`.
    async fn reread(&mut self, after: Option<String>) -> Result<Option<Phase>, AppError> {
        let ids = self
            .store
            .open_provider_ids(self.account, after.as_deref(), self.options.reread_batch)
            .await?;
        let Some(last) = ids.last().cloned() else {
            return Ok(None);
        };
        let next = Phase::Reread { after: Some(last) };
        match self.client {
            ProviderClient::CashWeb(client) => {
                let mut transactions = Vec::with_capacity(ids.len());
                for id in &ids {
                    let record = match client.transaction(id).await {
                        Ok(record) => record,
                        Err(e) if gone(&e) => continue,
                        Err(e) => return Err(e.into()),
                    };
                    transactions.push(record.to_transaction(self.account, client.fiat_currency())?);
                }
                // Never let a re-read move a record back (the store also keeps the newest).
                self.commit(&transactions, Some(&next)).await?;
            }
            ProviderClient::HgCash(client) => {
                let mut found = Vec::with_capacity(ids.len());
                for id in &ids {
                    match client.transaction_status(id).await {
                        Ok(status) => found.push(status),
                        Err(e) if gone(&e) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
                let mut updates = Vec::with_capacity(found.len());
                for status in &found {
                    updates.push(StatusUpdate {
                        provider_id: &status.id,
                        status: status.status.to_status(),
                        provider_status: status.status.as_str(),
                        updated_at: status.updated_at()?,
                    });
                }
                let mut state = self.state.clone();
                state.records_done += found.len() as u64;
                state.cursor = Some(next.to_text());
                let moved = self
                    .store
                    .apply_statuses(self.account, &updates, &may_replace, &state)
                    .await?;
                self.state = state;
                self.written += moved;
                self.emit(false, None);
            }
            // Other providers' walks show status changes themselves.
            ProviderClient::Hexai(_) | ProviderClient::Hpay(_) | ProviderClient::Hubcash(_) => {
                return Ok(None);
            }
        }
        Ok(Some(next))
    }
}

/// The provider no longer knows the record: nothing to re-read.
fn gone(error: &ProviderError) -> bool {
    error.kind == ErrorKind::NotFound
}
