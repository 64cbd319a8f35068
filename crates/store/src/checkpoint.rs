//! Checkpointing the WAL off the writer's path.
//!
//! A sync batch dirties pages all over the key and amount indexes, so the WAL fills quickly
//! during a large sync. Left to SQLite's automatic checkpoint, the writer that crosses the
//! threshold copies those pages back into the database file and waits for two `fsync`s before
//! its commit returns; every write queued behind it (a payout's journal entry among them) waits
//! too. Here a connection of its own runs `PRAGMA wal_checkpoint(PASSIVE)` in the background
//! after writes, one checkpoint at a time: a passive checkpoint never blocks the writer nor a
//! reader. The writer keeps its automatic checkpoint as the bound (see `store.rs`), reached
//! only when the background one falls behind; by then most frames are already copied back, so
//! it is short.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tokio::sync::Notify;

use crate::error::StoreError;

/// The background checkpointer of one store. Cloning shares it; when the last clone is dropped
/// its task ends.
#[derive(Debug, Clone)]
pub(crate) struct Checkpointer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    pool: SqlitePool,
    /// Woken after each write transaction, and once more when the store is dropped.
    wake: Arc<Notify>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.wake.notify_one();
    }
}

impl Checkpointer {
    /// Opens the checkpointing connection (lazily, on the first checkpoint; closed again after
    /// `idle` without one) and starts the task.
    pub(crate) fn start(options: SqliteConnectOptions, idle: Duration) -> Checkpointer {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            // Closed when the writes stop, as idle readers are.
            .idle_timeout(idle)
            .connect_lazy_with(
                // A checkpoint copies frames from the WAL file to the database file; it needs
                // next to no page cache of its own.
                options.pragma("cache_size", "-256"),
            );
        let wake = Arc::new(Notify::new());
        let shared = Arc::new(Shared {
            pool,
            wake: wake.clone(),
        });
        tokio::spawn(run(Arc::downgrade(&shared), wake));
        Checkpointer { shared }
    }

    /// Asks for a checkpoint soon: call after a write transaction commits. Never waits.
    pub(crate) fn nudge(&self) {
        self.shared.wake.notify_one();
    }

    /// Runs one passive checkpoint now and waits for it: how many WAL frames were there and how
    /// many are now copied back.
    pub(crate) async fn checkpoint_now(&self) -> Result<(i64, i64), StoreError> {
        passive_checkpoint(&self.shared.pool).await
    }

    /// The checkpointer's open connections (0 or 1).
    pub(crate) fn open_connections(&self) -> u32 {
        self.shared.pool.size()
    }

    /// Closes the checkpointing connection; nudges after this do nothing.
    pub(crate) async fn close(&self) {
        self.shared.pool.close().await;
    }
}

async fn passive_checkpoint(pool: &SqlitePool) -> Result<(i64, i64), StoreError> {
    let (_busy, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok((log, copied))
}

/// The task: waits for a nudge, checkpoints, and again, until the store is gone or closed.
/// Nudges that arrive during a checkpoint fold into one more checkpoint after it.
async fn run(shared: Weak<Shared>, wake: Arc<Notify>) {
    loop {
        wake.notified().await;
        let Some(shared) = shared.upgrade() else {
            return;
        };
        if shared.pool.is_closed() {
            return;
        }
        // A failed checkpoint loses nothing: the frames stay in the WAL, readers still see
        // them, and the writer's automatic checkpoint copies them back at its bound.
        if let Err(e) = passive_checkpoint(&shared.pool).await {
            tracing::debug!(error = %e, "background checkpoint did not run");
        }
    }
}
