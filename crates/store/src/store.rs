//! Opening the cache: the file, its pragmas, the migrations and the connection pools.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::checkpoint::Checkpointer;
use crate::error::StoreError;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How many read connections browse, charts and export may use at once.
const READERS: u32 = 4;

/// A read connection unused this long is closed, and its page cache (up to 4 MiB) with it: a
/// desk left open holds no cache it is not using. Browsing keeps its connections; the first
/// query after a pause opens one again (a millisecond or two, the file's pages still in the
/// system's cache).
const READER_IDLE: Duration = Duration::from_secs(5);

/// The local cache: one SQLite file in WAL mode.
///
/// Writes go through a single connection (SQLite allows one writer at a time, so queueing them
/// in the pool is cheaper than retrying on `SQLITE_BUSY`); reads use a few read-only
/// connections that see a consistent snapshot while a sync batch commits. Cloning is cheap and
/// shares the pools.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) writer: SqlitePool,
    pub(crate) reader: SqlitePool,
    pub(crate) checkpoints: Checkpointer,
}

impl Store {
    /// How the cache's file is opened (WAL, page cache, checkpoints): the writer's settings,
    /// which the readers narrow. Public so that a benchmark's baseline can open its own file
    /// exactly as the store does.
    pub fn connect_options(path: impl AsRef<Path>) -> Result<SqliteConnectOptions, StoreError> {
        Ok(SqliteConnectOptions::from_str("sqlite:")?
            .filename(path.as_ref())
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 16 MiB of page cache for the writer (a sync batch updates several indexes); the
            // readers get 4 MiB each below, enough for a keyset page or a chart's index range.
            // No memory-mapped I/O: mapped pages of a large cache count in the app's resident
            // memory (1 GiB on a 1,000,000-row history), and the kernel's page cache keeps the
            // file hot for the readers anyway.
            .pragma("cache_size", "-16384")
            .pragma("mmap_size", "0")
            .pragma("temp_store", "memory")
            // The writer's own checkpoint is the bound, at ~40 MiB of WAL: normally the
            // background checkpointer (checkpoint.rs) has copied most frames back long before,
            // off the writer's path. The WAL file is truncated back to 64 MiB after a
            // checkpoint.
            .pragma("wal_autocheckpoint", "10000")
            .pragma("journal_size_limit", "67108864"))
    }

    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let options = Store::connect_options(path)?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        let checkpoints = Checkpointer::start(options.clone(), READER_IDLE);
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .idle_timeout(READER_IDLE)
            // Lets an export's rows run ahead of the writer in chunks instead of one by one
            // across threads; still a fixed bound, so memory does not grow with the row count.
            .connect_with(
                options
                    .read_only(true)
                    .pragma("cache_size", "-4096")
                    .row_buffer_size(1024),
            )
            .await?;
        Ok(Store {
            writer,
            reader,
            checkpoints,
        })
    }

    /// The connections open now: the writer's, the readers' and the checkpointer's (at most
    /// 1 + 4 + 1).
    pub fn open_connections(&self) -> u32 {
        self.writer.size() + self.reader.size() + self.checkpoints.open_connections()
    }

    /// Gives back the memory the writer's page cache holds (`PRAGMA shrink_memory`; up to 16
    /// MiB after a large sync). Call when a burst of writes is over, a sync round for example;
    /// the next write reads its pages again from the file.
    pub async fn release_memory(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA shrink_memory")
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics (`PRAGMA optimize`); cheap, call after a large
    /// sync or at shutdown.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA optimize").execute(&self.writer).await?;
        Ok(())
    }

    /// Checks the file and the search index against the rows (`PRAGMA quick_check` and FTS5's
    /// `integrity-check`); an error names what is damaged.
    pub async fn check_integrity(&self) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await?;
        let result: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&mut *conn)
            .await?;
        if result != "ok" {
            return Err(StoreError::corrupt("database", result));
        }
        sqlx::query(
            "INSERT INTO transactions_fts (transactions_fts, rank) VALUES ('integrity-check', 1)",
        )
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::corrupt("transactions_fts", e.to_string()))?;
        Ok(())
    }

    /// Copies the WAL's frames back into the database file now, without waiting for readers
    /// or the writer (a passive checkpoint, as the background checkpointer runs after writes):
    /// returns the WAL's frames and how many of them are now in the database file.
    pub async fn checkpoint(&self) -> Result<(i64, i64), StoreError> {
        self.checkpoints.checkpoint_now().await
    }

    /// Closes every connection, checkpointing the WAL.
    pub async fn close(&self) {
        self.checkpoints.close().await;
        self.reader.close().await;
        self.writer.close().await;
    }
}
