//! Shared set-up for the sync tests: a real SQLite store in a temporary directory, the
//! simulators on loopback with a manual clock, accounts and their clients, and readers that
//! put the store's rows and the simulators' records side by side.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Mode, ProviderKind, Secret, Transaction};
use paydesk_engine::credentials::{
    CashWebCredentials, Credentials, HexaiCredentials, HgCashCredentials, HpayCredentials,
    HpayMode, HubcashCredentials,
};
use paydesk_engine::sync::{ClientSettings, ProgressFn, ProviderClient, SyncOptions, SyncProgress};
use paydesk_providers::{HttpConfig, RetryPolicy};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, cashweb, hexai, hgcash, hpay, hubcash};
use paydesk_store::{Filter, NewAccount, Sort, Store};
use tempfile::TempDir;

pub const T0: &str = "2026-02-12T12:00:00Z";

pub fn t0() -> DateTime<Utc> {
    T0.parse().expect("time")
}

/// A store in a fresh temporary directory (kept alive by the returned guard).
pub async fn temp_store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("paydesk.sqlite"))
        .await
        .expect("store opens");
    (store, dir)
}

pub fn account_id(name: &str) -> AccountId {
    AccountId::new(name).expect("valid account id")
}

pub async fn add_account(store: &Store, id: &AccountId, provider: ProviderKind) {
    store
        .create_account(&NewAccount {
            id: id.clone(),
            provider,
            label: format!("{provider} test"),
            mode: Mode::Sandbox,
            base_url: None,
        })
        .await
        .expect("account created");
}

/// Short timeouts and quick retries, so a fault costs milliseconds.
pub fn http(attempts: u32) -> HttpConfig {
    HttpConfig {
        timeout: StdDuration::from_secs(2),
        retry: RetryPolicy {
            max_attempts: attempts,
            base_delay: StdDuration::from_millis(5),
            max_delay: StdDuration::from_millis(50),
        },
    }
}

pub fn settings(clock: &Clock, attempts: u32) -> ClientSettings {
    let now = clock.clone();
    ClientSettings {
        http: http(attempts),
        mode: Mode::Sandbox,
        hpay_pacing: Some(StdDuration::ZERO),
        now: Some(Arc::new(move || now.now())),
    }
}

pub fn options(clock: &Clock) -> SyncOptions {
    let now = clock.clone();
    SyncOptions {
        now: Arc::new(move || now.now()),
        ..SyncOptions::default()
    }
}

/// Collects progress events.
pub fn recorder() -> (ProgressFn, Arc<Mutex<Vec<SyncProgress>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let progress: ProgressFn = Arc::new(move |event| {
        sink.lock().expect("lock").push(event);
    });
    (progress, events)
}

pub fn hexai_credentials() -> Credentials {
    Credentials::Hexai(
        HexaiCredentials::new(
            Secret::new(hexai::DEFAULT_TEST_KEY),
            Some(Secret::new(hexai::DEFAULT_WEBHOOK_SECRET)),
        )
        .expect("credentials"),
    )
}

pub fn hgcash_credentials() -> Credentials {
    Credentials::HgCash(
        HgCashCredentials::new(
            Secret::new(hgcash::SANDBOX_TOKEN),
            Some(Secret::new(hgcash::SANDBOX_SIGNING_SECRET)),
        )
        .expect("credentials"),
    )
}

pub fn hpay_credentials() -> Credentials {
    Credentials::Hpay(
        HpayCredentials::new(
            Secret::new(hpay::TEST_API_KEY),
            Secret::new(hpay::TEST_PUBLIC_KEY),
            Secret::new(hpay::TEST_SECRET_KEY),
            HpayMode::Test,
        )
        .expect("credentials"),
    )
}

pub fn cashweb_credentials() -> Credentials {
    Credentials::CashWeb(
        CashWebCredentials::new(
            Secret::new(cashweb::SANDBOX_API_KEY),
            Some(Secret::new(cashweb::SANDBOX_WEBHOOK_SECRET)),
        )
        .expect("credentials"),
    )
}

pub fn hubcash_credentials() -> Credentials {
    Credentials::Hubcash(
        HubcashCredentials::new(
            Secret::new(hubcash::SANDBOX_CODE),
            Secret::new(hubcash::SANDBOX_TOKEN),
        )
        .expect("credentials"),
    )
}

pub fn client(
    account: &AccountId,
    base_url: &str,
    credentials: &Credentials,
    clock: &Clock,
    attempts: u32,
) -> ProviderClient {
    ProviderClient::build(account, base_url, credentials, &settings(clock, attempts))
        .expect("client builds")
}

pub async fn start_hexai(clock: &Clock, size: usize) -> hexai::Running {
    let mut config = hexai::Config::demo(clock.clone());
    config.history_size = size;
    hexai::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hexai starts")
}

/// A Hexai simulator with `size` generated records answering in the `variance` profile.
pub async fn start_hexai_with(
    clock: &Clock,
    size: usize,
    variance: paydesk_sandbox::variance::Variance,
) -> hexai::Running {
    let mut config = hexai::Config::demo(clock.clone());
    config.history_size = size;
    config.variance = variance;
    hexai::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hexai starts")
}

/// The Hexai simulator's records with the status word its reads show now (the reply profile's
/// spelling, or its unknown word).
pub fn hexai_shown_rows(sim: &hexai::Simulator) -> Rows {
    sim.records(hexai::Env::Test)
        .into_iter()
        .map(|t| {
            let word = sim.shown_status(&t.id).expect("a record shows a status");
            (t.id, (word, t.amount_bututs))
        })
        .collect()
}

pub async fn start_hpay(clock: &Clock, size: usize) -> hpay::Running {
    let mut config = hpay::Config::demo(clock.clone());
    config.history_size = size;
    hpay::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hpay starts")
}

/// An HPAY simulator with `size` generated links answering in the `variance` profile.
pub async fn start_hpay_with(
    clock: &Clock,
    size: usize,
    variance: paydesk_sandbox::variance::Variance,
) -> hpay::Running {
    let mut config = hpay::Config::demo(clock.clone());
    config.history_size = size;
    config.variance = variance;
    hpay::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hpay starts")
}

/// The HPAY simulator's TEST links with the status word its reads show now (`UNPAID`,
/// `PAID`, or the reply profile's unknown word), amounts in XOF.
pub fn hpay_shown_rows(sim: &hpay::Simulator) -> Rows {
    sim.payments(hpay::SimMode::Test)
        .into_iter()
        .map(|p| {
            let minor = p
                .amount
                .trunc()
                .try_into()
                .expect("XOF amounts are whole and fit");
            (p.transaction_id, (p.shown_status, minor))
        })
        .collect()
}

pub async fn start_cashweb(clock: &Clock, size: usize) -> cashweb::Running {
    let mut config = cashweb::Config::demo(clock.clone());
    config.history_size = size;
    config.knobs.auto_progress = None;
    cashweb::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("cashweb starts")
}

pub async fn start_hubcash(clock: &Clock, size: usize) -> hubcash::Running {
    let config = hubcash::Config::test(clock.clone(), size);
    hubcash::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hubcash starts")
}

/// A Hubcash simulator with `size` generated sales answering in the `variance` profile.
pub async fn start_hubcash_with(
    clock: &Clock,
    size: usize,
    variance: paydesk_sandbox::variance::Variance,
) -> hubcash::Running {
    let mut config = hubcash::Config::test(clock.clone(), size);
    config.variance = variance;
    hubcash::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hubcash starts")
}

/// The Hubcash simulator's sales with the status its reads show now (the seed's name, or
/// the reply profile's unknown word), amounts in cents.
pub fn hubcash_shown_rows(sim: &hubcash::Simulator) -> Rows {
    sim.records()
        .into_iter()
        .map(|s| (s.sale_id, (s.shown_status, s.amount)))
        .collect()
}

pub async fn start_hgcash(clock: &Clock, size: usize) -> hgcash::Running {
    let mut config = hgcash::Config::demo(clock.clone());
    config.history_size = size;
    hgcash::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hgcash starts")
}

/// An HG.Cash simulator with `size` generated movements answering in the `variance` profile.
pub async fn start_hgcash_with(
    clock: &Clock,
    size: usize,
    variance: paydesk_sandbox::variance::Variance,
) -> hgcash::Running {
    let mut config = hgcash::Config::demo(clock.clone());
    config.history_size = size;
    config.variance = variance;
    hgcash::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("hgcash starts")
}

/// What HG.Cash pushed for the first user, as the simulator records it: every cash-out with
/// the status word its reads show now (the profile's spelling, or its unknown word), every
/// movement made while running, and the first `history` generated movements; amounts in
/// ARS cents.
pub fn hgcash_shown_rows(sim: &hgcash::Simulator, history: usize) -> Rows {
    let cents = |amount: rust_decimal::Decimal| -> i64 {
        (amount * rust_decimal::Decimal::from(100))
            .trunc()
            .try_into()
            .expect("fits")
    };
    let variance = sim.variance();
    let first_users: Vec<String> = sim
        .accounts()
        .into_iter()
        .filter(|a| a.user == 0)
        .map(|a| a.config.id)
        .collect();
    let requests = sim
        .requests()
        .into_iter()
        .filter(|r| r.user == 0)
        .map(|r| (r.id.clone(), (r.status_word(&variance), cents(r.amount))));
    let movements = sim
        .movements()
        .into_iter()
        .filter(|m| first_users.contains(&m.account_id))
        .chain((0..history).filter_map(|i| sim.history_movement(i)))
        .map(|m| (m.id, (m.status, cents(m.amount))));
    requests.chain(movements).collect()
}

/// What a test compares: provider id -> (provider status, amount in minor units).
pub type Rows = BTreeMap<String, (String, i64)>;

/// Every stored transaction of `account`, by provider id.
pub async fn stored(store: &Store, account: &AccountId) -> Vec<Transaction> {
    let filter = Filter {
        accounts: vec![account.clone()],
        ..Filter::default()
    };
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_transactions(&filter, Sort::Newest, after.as_ref(), 1000)
            .await
            .expect("listing");
        all.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    all
}

pub async fn stored_rows(store: &Store, account: &AccountId) -> Rows {
    let all = stored(store, account).await;
    let count = all.len();
    let rows: Rows = all
        .into_iter()
        .map(|t| (t.provider_id, (t.provider_status, t.amount.minor_units())))
        .collect();
    assert_eq!(rows.len(), count, "a provider id is stored twice");
    rows
}

pub fn hexai_rows(sim: &hexai::Simulator) -> Rows {
    sim.records(hexai::Env::Test)
        .into_iter()
        .map(|t| (t.id, (t.status.as_str().to_owned(), t.amount_bututs)))
        .collect()
}

pub fn hpay_rows(sim: &hpay::Simulator) -> Rows {
    sim.payments(hpay::SimMode::Test)
        .into_iter()
        .map(|p| {
            let minor = p
                .amount
                .trunc()
                .try_into()
                .expect("XOF amounts are whole and fit");
            (p.transaction_id, (p.status.to_owned(), minor))
        })
        .collect()
}

pub fn hubcash_rows(sim: &hubcash::Simulator) -> Rows {
    sim.records()
        .into_iter()
        .map(|s| {
            let status = paydesk_providers::hubcash::HubcashStatus::try_from(u64::from(s.status))
                .expect("known status");
            (s.sale_id, (status.name().to_owned(), s.amount))
        })
        .collect()
}

/// The default partner's records (the first partner owns the generated history), amounts
/// in NGN minor units (2 places).
pub fn cashweb_rows(sim: &cashweb::Simulator) -> Rows {
    sim.records()
        .into_iter()
        .filter(|r| r.partner == 0)
        .map(|r| {
            let amount = match &r.json["amount"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let amount: rust_decimal::Decimal = amount.parse().expect("decimal amount");
            let minor: i64 = (amount * rust_decimal::Decimal::from(100))
                .trunc()
                .try_into()
                .expect("fits");
            (r.id, (r.status.as_str().to_owned(), minor))
        })
        .collect()
}

/// Creates a live CashWeb deposit request (only those can be driven by `simulate`) and
/// returns its id.
pub async fn create_cashweb(sim: &cashweb::Running, reference: &str) -> String {
    let client = paydesk_providers::cashweb::CashWebClient::with_config(
        &sim.base_url,
        Secret::new(cashweb::SANDBOX_API_KEY),
        account_id("cashweb-direct"),
        paydesk_domain::Currency::from_code("NGN").expect("NGN"),
        http(3),
    )
    .expect("client");
    let body = paydesk_providers::cashweb::CreateTransactionRequest::direct(
        reference,
        "2500.00".parse().expect("decimal"),
        "usdt",
        "trc20",
    );
    client
        .create_transaction(&body, &format!("key-{reference}"))
        .await
        .expect("created")
        .wire
        .id
}

/// A CashWeb simulator with `size` history records, the timed lifecycle off, answering with
/// the reply profile `variance`.
pub async fn start_cashweb_with(
    clock: &Clock,
    size: usize,
    variance: paydesk_sandbox::Variance,
) -> cashweb::Running {
    let mut config = cashweb::Config::demo(clock.clone());
    config.history_size = size;
    config.knobs.auto_progress = None;
    config.variance = variance;
    cashweb::Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("cashweb starts")
}

/// The default partner's records as CashWeb's reads show them: the status word each read
/// carries (an unknown word included), amounts in NGN minor units.
pub fn cashweb_read_rows(sim: &cashweb::Simulator) -> Rows {
    sim.records()
        .into_iter()
        .filter(|r| r.partner == 0)
        .map(|r| {
            let word = r.json["status"].as_str().unwrap_or_default().to_owned();
            let amount: rust_decimal::Decimal = r.json["amount"]
                .as_str()
                .unwrap_or_default()
                .parse()
                .expect("decimal amount");
            let minor: i64 = (amount * rust_decimal::Decimal::from(100))
                .trunc()
                .try_into()
                .expect("fits");
            (r.id, (word, minor))
        })
        .collect()
}
