//! Syncing: every account's history and balances into the cache, one run at a time, with
//! progress forwarded to the UI; and the scheduler that runs it in the background.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::StreamExt;
use paydesk_domain::{AccountId, AppError, ErrorCode};
use paydesk_engine::sync::{ProgressFn, SyncOptions, SyncProgress, sync_account};

use crate::views::{SyncEvent, SyncStatusView, count};
use crate::{Desk, lock};

impl Desk {
    /// Syncs every connected account now (two at a time) and waits for the end. A run already
    /// going makes this one wait for it, then run again. One failing account does not stop
    /// the others; its error shows on its card.
    pub async fn sync_now(&self) -> Result<(), AppError> {
        self.ready().await;
        let _gate = self.inner.sync_gate.lock().await;
        let accounts: Vec<AccountId> = {
            let clients = lock(&self.inner.clients);
            let mut ids: Vec<AccountId> = clients.keys().cloned().collect();
            ids.sort();
            ids
        };
        let progress = self.progress_relay();
        let options = SyncOptions::default();
        let outcomes: Vec<Result<(), AppError>> = futures::stream::iter(accounts)
            .map(|account| {
                let progress = progress.clone();
                let options = options.clone();
                async move {
                    let Some(client) = self.client(&account) else {
                        return Ok(());
                    };
                    self.mark_running(&account);
                    sync_account(&self.inner.store, &account, &client, &options, &progress)
                        .await
                        .map(|_| ())
                }
            })
            .buffer_unordered(options.concurrency.max(1))
            .collect()
            .await;
        let reached_none = !outcomes.is_empty()
            && outcomes.iter().all(|o| {
                o.as_ref()
                    .is_err_and(|e| e.code == ErrorCode::ProviderUnavailable)
            });
        self.inner.offline.store(reached_none, Ordering::SeqCst);
        // Payouts still open get a status read with every sync.
        if let Err(e) = self.inner.payouts.poll_open().await {
            tracing::warn!(code = e.code.as_str(), "open payouts not polled");
        }
        // The round's writes are over: the writer's page cache need not stay until the next.
        if let Err(e) = self.inner.store.release_memory().await {
            tracing::warn!(error = %e, "the cache's memory was not released");
        }
        Ok(())
    }

    fn mark_running(&self, account: &AccountId) {
        let mut live = lock(&self.inner.sync_live);
        let status = live.entry(account.clone()).or_default();
        status.running = true;
        status.error = None;
    }

    /// Keeps each account's live status and forwards progress to the UI.
    fn progress_relay(&self) -> ProgressFn {
        let desk = self.clone();
        Arc::new(move |p: SyncProgress| {
            {
                let mut live = lock(&desk.inner.sync_live);
                let status = live.entry(p.account.clone()).or_default();
                status.running = !p.finished;
                status.done = count(p.done);
                status.estimated_total = p.estimated_total.map(count);
                if p.finished {
                    status.error.clone_from(&p.error);
                }
            }
            desk.inner.events.sync_progress(SyncEvent {
                account: p.account.as_str().to_owned(),
                done: count(p.done),
                estimated_total: p.estimated_total.map(count),
                finished: p.finished,
                error: p.error,
            });
        })
    }

    /// One account's sync status: live while a sync runs, otherwise the stored state.
    pub(crate) async fn sync_status(&self, account: &AccountId) -> SyncStatusView {
        let live = lock(&self.inner.sync_live).get(account).cloned();
        let stored = self
            .inner
            .store
            .sync_state(account)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut status = live.unwrap_or_default();
        status.last_sync = stored.last_synced_at.map(crate::views::time_text);
        if !status.running {
            status.done = count(stored.records_done);
            status.estimated_total = stored.estimated_total.map(count);
            status.error = stored.last_error;
        }
        status
    }

    /// True when the last sync reached no provider.
    pub fn is_offline(&self) -> bool {
        self.inner.offline.load(Ordering::SeqCst)
    }

    /// Syncs now and then at the interval the settings give, until shutdown; a changed
    /// interval takes effect at once (no interval: no scheduled sync until one is set).
    pub(crate) fn spawn_scheduler(&self) {
        let desk = self.clone();
        let mut every = self.inner.sync_every.subscribe();
        let task = tokio::spawn(async move {
            loop {
                let interval = *every.borrow_and_update();
                match interval {
                    Some(interval) => {
                        if let Err(e) = desk.sync_now().await {
                            tracing::warn!(code = e.code.as_str(), message = %e.message, "scheduled sync failed");
                        }
                        tokio::select! {
                            () = tokio::time::sleep(interval) => {}
                            changed = every.changed() => if changed.is_err() { return },
                        }
                    }
                    None => {
                        if every.changed().await.is_err() {
                            return;
                        }
                    }
                }
            }
        });
        self.keep_task(task);
    }
}
