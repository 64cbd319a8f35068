//! Fills an existing Paydesk data dir's cache with synthetic transactions, for measuring the
//! app on a large history (`scripts/measure.sh`). The rows are store-bench's deterministic
//! synthetic history, spread evenly over the accounts already in the database (run the app
//! once on the data dir first so its sandbox accounts exist), written through the store's
//! own write path without touching any account's sync state.
//!
//! `fill-cache --data-dir DIR [--rows 1000000] [--batch 5000]`

// Rates for people to read; no money goes through a float here.
#![allow(clippy::float_arithmetic)]

#[path = "store-bench/synthetic.rs"]
#[allow(dead_code)] // The benchmark's batching helpers are not used here.
mod synthetic;

use std::time::Instant;

use paydesk_domain::ProviderKind;
use paydesk_store::Store;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

// The values store-bench uses, so the rows are the same.
pub(crate) const SEED: u64 = 0x5EED_2026;
pub(crate) const ACCOUNTS_PER_PROVIDER: usize = 2;
pub(crate) const DAYS: i64 = 90;

/// The sandbox database inside a data dir (the desk's `SANDBOX_DATABASE_FILE`): the measured
/// app runs in sandbox mode, on its simulators' accounts.
const DATABASE_FILE: &str = "paydesk-sandbox.sqlite3";

async fn run(data_dir: std::path::PathBuf, rows: usize, batch: usize) -> BenchResult<()> {
    let db = data_dir.join(DATABASE_FILE);
    if !db.exists() {
        return Err(format!(
            "no database at {}: run the app once on this data dir first",
            db.display()
        )
        .into());
    }
    let store = Store::open(&db).await?;
    let accounts = store.list_accounts().await?;
    if accounts.is_empty() {
        return Err("the database has no accounts: run the app once on this data dir first".into());
    }
    let before = store.transaction_count().await?;
    let began = Instant::now();
    let per_account = rows / accounts.len();
    for (n, account) in accounts.iter().enumerate() {
        // store-bench's account index for this provider, so the rows match the provider.
        let index = ProviderKind::ALL
            .iter()
            .position(|p| *p == account.provider)
            .ok_or("unknown provider")?
            * ACCOUNTS_PER_PROVIDER;
        let count = if n + 1 == accounts.len() {
            rows - per_account * (accounts.len() - 1)
        } else {
            per_account
        };
        let mut start = 0;
        while start < count {
            let end = (start + batch).min(count);
            let mut rows = Vec::with_capacity(end - start);
            for i in start..end {
                let mut t = synthetic::synthetic(index, i, count)?;
                t.account = account.id.clone();
                rows.push(t);
            }
            store.upsert_transactions(&rows).await?;
            start = end;
        }
        eprintln!("fill-cache: {} rows for {}", count, account.id.as_str());
    }
    store.optimize().await?;
    let after = store.transaction_count().await?;
    let seconds = began.elapsed().as_secs_f64();
    println!(
        "{{\"rows_before\": {before}, \"rows_after\": {after}, \"accounts\": {}, \"seconds\": {:.1}}}",
        accounts.len(),
        seconds
    );
    store.close().await;
    Ok(())
}

fn main() -> BenchResult<()> {
    let mut data_dir = None;
    let mut rows = 1_000_000;
    let mut batch = 5000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => data_dir = Some(args.next().ok_or("--data-dir needs a path")?.into()),
            "--rows" => rows = args.next().ok_or("--rows needs a number")?.parse()?,
            "--batch" => batch = args.next().ok_or("--batch needs a number")?.parse()?,
            other => {
                return Err(format!(
                    "unknown argument {other}; use --data-dir DIR [--rows N] [--batch N]"
                )
                .into());
            }
        }
    }
    let data_dir = data_dir.ok_or("--data-dir DIR is required")?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(data_dir, rows, batch.max(1)))
}
