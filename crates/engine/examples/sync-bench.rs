//! Sync benchmark: starts the simulators in-process on loopback with a large history, syncs
//! every account into a fresh SQLite file (two accounts at a time, as the app does) and
//! prints the figures as JSON.
//!
//! `cargo run --release -p paydesk-engine --example sync-bench -- --records 200000`
//! (`--records` is the total, split evenly over Hexai, HPAY, CashWeb and Hubcash; HG.Cash has
//! no history endpoint, its history arrives by webhook).

// Rates and seconds for people to read; no money goes through a float here.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use futures::StreamExt;
use paydesk_domain::{AccountId, Mode, ProviderKind, Secret};
use paydesk_engine::credentials::{
    CashWebCredentials, Credentials, HexaiCredentials, HpayCredentials, HpayMode,
    HubcashCredentials,
};
use paydesk_engine::sync::{
    ClientSettings, ProviderClient, SyncOptions, SyncReport, no_progress, sync_account,
};
use paydesk_providers::HttpConfig;
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, cashweb, hexai, hpay, hubcash};
use paydesk_store::{NewAccount, Store};
use serde_json::json;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn seconds(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e3).round() / 1e3
}

fn rate(records: u64, d: Duration) -> f64 {
    (records as f64 / d.as_secs_f64().max(1e-9)).round()
}

struct Target {
    account: AccountId,
    provider: ProviderKind,
    client: ProviderClient,
}

async fn run(records: usize) -> BenchResult<()> {
    let per_provider = records / 4;
    let clock = Clock::manual(chrono::Utc::now());
    let started = Instant::now();
    let mut hexai_config = hexai::Config::demo(clock.clone());
    hexai_config.history_size = per_provider;
    let hexai = hexai::Simulator::new(hexai_config)
        .start(any_loopback_port())
        .await?;
    let mut hpay_config = hpay::Config::demo(clock.clone());
    hpay_config.history_size = per_provider;
    let hpay = hpay::Simulator::new(hpay_config)
        .start(any_loopback_port())
        .await?;
    let mut cashweb_config = cashweb::Config::demo(clock.clone());
    cashweb_config.history_size = per_provider;
    cashweb_config.knobs.auto_progress = None;
    let cashweb = cashweb::Simulator::new(cashweb_config)
        .start(any_loopback_port())
        .await?;
    let hubcash = hubcash::Simulator::new(hubcash::Config::test(clock.clone(), per_provider))
        .start(any_loopback_port())
        .await?;
    let simulators_ready = started.elapsed();

    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path().join("sync-bench.sqlite")).await?;
    let mut settings = ClientSettings::new(Mode::Sandbox);
    settings.http = HttpConfig::default();
    settings.hpay_pacing = Some(Duration::ZERO);
    let accounts = [
        (
            ProviderKind::Hexai,
            hexai.api_base_url(),
            Credentials::Hexai(HexaiCredentials::new(
                Secret::new(hexai::DEFAULT_TEST_KEY),
                None,
            )?),
        ),
        (
            ProviderKind::Hpay,
            hpay.base_url.clone(),
            Credentials::Hpay(HpayCredentials::new(
                Secret::new(hpay::TEST_API_KEY),
                Secret::new(hpay::TEST_PUBLIC_KEY),
                Secret::new(hpay::TEST_SECRET_KEY),
                HpayMode::Test,
            )?),
        ),
        (
            ProviderKind::CashWeb,
            cashweb.base_url.clone(),
            Credentials::CashWeb(CashWebCredentials::new(
                Secret::new(cashweb::SANDBOX_API_KEY),
                None,
            )?),
        ),
        (
            ProviderKind::Hubcash,
            hubcash.base_url.clone(),
            Credentials::Hubcash(HubcashCredentials::new(
                Secret::new(hubcash::SANDBOX_CODE),
                Secret::new(hubcash::SANDBOX_TOKEN),
            )?),
        ),
    ];
    let mut targets = Vec::new();
    for (provider, base_url, credentials) in accounts {
        let account = AccountId::new(format!("bench-{}", provider.as_str()))?;
        store
            .create_account(&NewAccount {
                id: account.clone(),
                provider,
                label: format!("{provider} bench"),
                mode: Mode::Sandbox,
                base_url: Some(base_url.clone()),
            })
            .await?;
        let client = ProviderClient::build(&account, &base_url, &credentials, &settings)?;
        targets.push(Target {
            account,
            provider,
            client,
        });
    }

    let options = SyncOptions::default();
    let progress = no_progress();
    let sync_started = Instant::now();
    let outcomes: Vec<(
        ProviderKind,
        Duration,
        Result<SyncReport, paydesk_domain::AppError>,
    )> = futures::stream::iter(&targets)
        .map(|t| {
            let (store, options, progress) = (&store, &options, &progress);
            async move {
                let start = Instant::now();
                let outcome = sync_account(store, &t.account, &t.client, options, progress).await;
                (t.provider, start.elapsed(), outcome)
            }
        })
        .buffer_unordered(options.concurrency)
        .collect()
        .await;
    let sync_time = sync_started.elapsed();

    let mut per_provider_figures = Vec::new();
    let mut total = 0;
    for (provider, time, outcome) in &outcomes {
        let report = outcome
            .as_ref()
            .map_err(|e| format!("{provider} sync failed: {}", e.message))?;
        total += report.records;
        per_provider_figures.push(json!({
            "provider": provider.as_str(),
            "records": report.records,
            "seconds": seconds(*time),
            "transactions_per_second": rate(report.records, *time),
        }));
    }
    let stored = store.transaction_count().await?;
    let file_bytes = std::fs::metadata(dir.path().join("sync-bench.sqlite"))?.len();
    let figures = json!({
        "benchmark": "sync",
        "records_requested": records,
        "records_synced": total,
        "rows_stored": stored,
        "concurrency": options.concurrency,
        "simulators_start_seconds": seconds(simulators_ready),
        "sync_seconds": seconds(sync_time),
        "transactions_per_second": rate(total, sync_time),
        "database_bytes": file_bytes,
        "per_provider": per_provider_figures,
    });
    println!("{}", serde_json::to_string_pretty(&figures)?);
    store.close().await;
    Ok(())
}

fn main() -> BenchResult<()> {
    let mut records = 200_000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--records" => records = args.next().ok_or("--records needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}; use --records N").into()),
        }
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(records))
}
