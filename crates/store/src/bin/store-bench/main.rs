//! Paydesk store benchmark: builds a synthetic merchant history in a fresh temporary database
//! and prints figures as JSON (ingest vs raw SQLite inserts, page latency at depth vs OFFSET,
//! search, chart series, CSV export time and memory).
//!
//! `cargo run --release -p paydesk-store --bin store-bench -- --rows 1000000 --out FILE`
//! (`--batch N` sets the rows per sync batch, 1000 by default; `--runs N` how many times the
//! ingest and its baseline run in turn, 3 by default; `--keep FILE` keeps the measured
//! database there afterwards, for `EXPLAIN QUERY PLAN` and other questions; `--reads-only
//! FILE` skips the ingest and measures the reads on a database kept earlier).

// Rates and milliseconds for people to read; no money goes through a float here.
#![allow(clippy::float_arithmetic)]

mod ingest;
mod reads;
mod synthetic;

use std::io::Write;
use std::time::Duration;

use paydesk_store::{ROWS_PER_STATEMENT, Store};
use serde_json::{Value, json};

use ingest::{ingest_raw, ingest_store};
use reads::{bench_aggregates, bench_export, bench_pages, bench_search};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

pub(crate) const SEED: u64 = 0x5EED_2026;
pub(crate) const ACCOUNTS_PER_PROVIDER: usize = 2;
pub(crate) const DAYS: i64 = 90;
pub(crate) const DEPTH: usize = 50_000;
pub(crate) const PAGE: u32 = 50;
pub(crate) const REPEATS: usize = 60;

pub(crate) fn rate(rows: usize, time: Duration) -> f64 {
    rows as f64 / time.as_secs_f64().max(1e-9)
}

pub(crate) fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

pub(crate) fn percentiles(mut samples: Vec<Duration>) -> Value {
    samples.sort();
    let at = |q: usize| samples.get((samples.len() * q / 100).min(samples.len().saturating_sub(1)));
    json!({
        "p50_ms": at(50).map(|d| ms(*d)),
        "p99_ms": at(99).map(|d| ms(*d)),
        "max_ms": samples.last().map(|d| ms(*d)),
        "samples": samples.len(),
    })
}

pub(crate) fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Ingest, `runs` times in turn: the raw baseline into a fresh file, then the store into a
/// fresh database (the last one is kept for the read figures), each after the disk has
/// settled. The machine's load changes between runs, so each pair gives a ratio and the report
/// takes their median.
async fn ingest_rounds(
    dir: &std::path::Path,
    rows: usize,
    batch: usize,
    runs: usize,
) -> BenchResult<(Store, std::path::PathBuf, Value)> {
    let mut pairs = Vec::new();
    let mut kept: Option<(Store, std::path::PathBuf)> = None;
    for run in 1..=runs {
        let raw_path = dir.join(format!("raw-{run}.sqlite"));
        eprintln!("run {run}/{runs}: raw SQLite baseline, {rows} rows...");
        settle_disk();
        let raw_time = ingest_raw(&raw_path, rows, batch).await?;
        remove_database(&raw_path)?;
        if let Some((store, path)) = kept.take() {
            store.close().await;
            remove_database(&path)?;
        }
        let db = dir.join(format!("paydesk-{run}.sqlite"));
        eprintln!("run {run}/{runs}: store ingest, {rows} rows...");
        let store = Store::open(&db).await?;
        settle_disk();
        let store_time = ingest_store(&store, rows, batch).await?;
        pairs.push(json!({
            "store_rows_per_s": rate(rows, store_time).round(),
            "store_seconds": store_time.as_secs_f64(),
            "raw_sqlite_rows_per_s": rate(rows, raw_time).round(),
            "raw_sqlite_seconds": raw_time.as_secs_f64(),
            "ratio_store_to_raw": ratio(rate(rows, store_time), rate(rows, raw_time)),
        }));
        kept = Some((store, db));
    }
    let mut ratios: Vec<f64> = pairs
        .iter()
        .filter_map(|p| p["ratio_store_to_raw"].as_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios.get(ratios.len() / 2).copied();
    let (store, db) = kept.ok_or("at least one run is needed")?;
    let report = json!({
        "ratio_store_to_raw_median": median,
        "ratio_store_to_raw_min": ratios.first(),
        "ratio_store_to_raw_max": ratios.last(),
        "runs": pairs,
        "batch_rows": batch,
        "baseline": format!(
            "the same rows through the same driver into a plain table (no key, no index, no \
             trigger), in the store's multi-row statements ({ROWS_PER_STATEMENT} rows), one \
             transaction per batch, the store's page cache and checkpoint settings, the WAL \
             copied back at the end; both sides after `sync`"
        ),
    });
    Ok((store, db, report))
}

/// Has the kernel write out what earlier runs left dirty (the files just removed included),
/// so neither side of a pair pays for the other's writeback. Best effort: without `sync`, the
/// runs are only noisier.
fn settle_disk() {
    if let Err(e) = std::process::Command::new("sync").status() {
        eprintln!("store-bench: could not run sync ({e}); figures may be noisier");
    }
}

fn ratio(store: f64, raw: f64) -> f64 {
    (store / raw.max(1e-9) * 1000.0).round() / 1000.0
}

/// Removes a database file and its WAL companions.
fn remove_database(path: &std::path::Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// What one invocation asks for.
struct Options {
    rows: usize,
    batch: usize,
    runs: usize,
    out: Option<String>,
    keep: Option<std::path::PathBuf>,
    reads_only: Option<std::path::PathBuf>,
}

async fn run(options: Options) -> BenchResult<()> {
    let Options {
        rows,
        batch,
        runs,
        out,
        keep,
        reads_only,
    } = options;
    let dir = tempfile::tempdir()?;
    let rows_requested = reads_only.is_none().then_some(rows);
    let (store, db, ingest) = match reads_only {
        Some(db) => (Store::open(&db).await?, db, Value::Null),
        None => ingest_rounds(dir.path(), rows, batch, runs).await?,
    };
    let count = store.transaction_count().await?;
    eprintln!("pages...");
    let pages = bench_pages(&store, &db).await?;
    eprintln!("search...");
    let search = bench_search(&store).await?;
    eprintln!("aggregates...");
    let aggregates = bench_aggregates(&store).await?;
    eprintln!("export...");
    let export = bench_export(&store, &dir.path().join("export.csv")).await?;
    let db_bytes = std::fs::metadata(&db)?.len();
    let report = json!({
        "rows_requested": rows_requested,
        "row_count": count,
        "database_bytes": db_bytes,
        "ingest": ingest,
        "pages": pages,
        "page_rows": PAGE,
        "search": search,
        "aggregates": aggregates,
        "csv_export": export,
    });
    let text = serde_json::to_string_pretty(&report)?;
    println!("{text}");
    if let Some(out) = out {
        let mut file = std::fs::File::create(out)?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
    }
    store.close().await;
    if let Some(keep) = keep {
        // Closing checkpointed the log into the file, so the file alone is the database.
        std::fs::copy(&db, &keep)?;
        eprintln!("database kept at {}", keep.display());
    }
    Ok(())
}

fn main() -> BenchResult<()> {
    let mut rows = 100_000;
    let mut batch = 1000;
    let mut runs = 3;
    let mut out = None;
    let mut keep = None;
    let mut reads_only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rows" => rows = args.next().ok_or("--rows needs a number")?.parse()?,
            "--batch" => batch = args.next().ok_or("--batch needs a number")?.parse()?,
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            "--out" => out = Some(args.next().ok_or("--out needs a file")?),
            "--keep" => keep = Some(args.next().ok_or("--keep needs a file")?.into()),
            "--reads-only" => {
                reads_only = Some(args.next().ok_or("--reads-only needs a file")?.into());
            }
            other => {
                return Err(format!(
                    "unknown argument {other}; use --rows N [--batch N] [--runs N] [--out FILE] [--keep FILE] [--reads-only FILE]"
                )
                .into());
            }
        }
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(Options {
            rows,
            batch: batch.max(1),
            runs: runs.max(1),
            out,
            keep,
            reads_only,
        }))
}
