//! Logs: stderr, and files in `<data dir>/logs` rolled by day and by size ([`rolling`]: at most
//! 10 MiB a file, 50 MiB in all, a week), private to the merchant (folder `0700`, files `0600`).
//!
//! Nothing secret is ever passed to a log macro: credentials are `domain::Secret`, which prints
//! `***`, and provider errors carry codes and messages, not request headers.

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

pub mod rolling;

/// Starts logging. Keep the guard alive for as long as the app runs: dropping it flushes the file.
pub fn init(log_dir: &Path) -> Result<WorkerGuard, String> {
    let appender = rolling::RollingFile::open(log_dir, "paydesk", rolling::Limits::default())
        .map_err(|e| format!("cannot open the log file in {}: {e}", log_dir.display()))?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("PAYDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr),
        )
        .with(fmt::layer().with_ansi(false).with_writer(file_writer))
        .try_init()
        .map_err(|e| format!("logging is already set up: {e}"))?;
    Ok(guard)
}
