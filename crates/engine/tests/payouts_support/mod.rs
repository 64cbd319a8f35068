//! Shared by the payout tests: the five simulators, a connector per sandbox account, a payout
//! service over a real SQLite file, and the create-then-submit step most tests begin with.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use paydesk_domain::{AccountId, Currency, Money, PayoutRequest, Secret};
use paydesk_engine::payouts::{
    Connector, HexaiPayoutForm, NoEvents, PayoutEvents, PayoutService, PayoutSettings,
};
use paydesk_providers::cashweb::CashWebClient;
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_providers::hpay::{HpayClient, HpayCredentials, HpayMode};
use paydesk_providers::hubcash::{HubcashClient, KeyEnvironment};
use paydesk_providers::{HttpConfig, RetryPolicy};
use paydesk_sandbox::all::{Sandbox, SandboxConfig};
use paydesk_sandbox::{cashweb, hexai, hgcash, hpay, hubcash};
use paydesk_store::{PayoutIntent, Store};

pub const HEXAI: &str = "hexai-sandbox";
pub const HGCASH: &str = "hgcash-sandbox";
pub const CASHWEB: &str = "cashweb-sandbox";
pub const HPAY: &str = "hpay-sandbox";
pub const HUBCASH: &str = "hubcash-sandbox";

pub fn account(id: &str) -> AccountId {
    AccountId::new(id).expect("account id")
}

pub fn currency(code: &str) -> Currency {
    Currency::from_code(code).expect("currency")
}

pub async fn sandbox(seed: u64) -> Sandbox {
    let mut config = SandboxConfig::demo(seed);
    config.tickers = false;
    config.history_size = Some(20);
    Sandbox::start(config).await.expect("sandbox starts")
}

pub fn quick_http() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
        },
    }
}

pub fn quick_settings() -> PayoutSettings {
    PayoutSettings {
        lease: Duration::from_secs(10),
        max_rounds: 6,
        backoff_base: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        poll_first: Duration::from_millis(50),
        poll_max: Duration::from_millis(300),
        poll_limit: 40,
    }
}

pub fn connectors(sandbox: &Sandbox, http: HttpConfig) -> Vec<(AccountId, Connector)> {
    let hexai_client = HexaiClient::new(
        &sandbox.hexai.api_base_url(),
        Secret::new(hexai::DEFAULT_TEST_KEY),
        account(HEXAI),
        http,
    )
    .expect("hexai client");
    let hgcash_client = HgCashClient::new(
        &sandbox.hgcash.base_url,
        Secret::new(hgcash::SANDBOX_TOKEN),
        account(HGCASH),
        http,
    )
    .expect("hgcash client");
    let cashweb_client = CashWebClient::with_config(
        &sandbox.cashweb.base_url,
        Secret::new(cashweb::SANDBOX_API_KEY),
        account(CASHWEB),
        currency("NGN"),
        http,
    )
    .expect("cashweb client");
    let hpay_client = HpayClient::new(
        &sandbox.hpay.base_url,
        HpayCredentials {
            api_key: Secret::new(hpay::TEST_API_KEY),
            public_key: Secret::new(hpay::TEST_PUBLIC_KEY),
            secret_key: Secret::new(hpay::TEST_SECRET_KEY),
        },
        HpayMode::Test,
        account(HPAY),
        http,
    )
    .expect("hpay client")
    .with_pacing(Duration::ZERO);
    let hubcash_client = HubcashClient::new(
        &sandbox.hubcash.base_url,
        Secret::new(hubcash::SANDBOX_CODE),
        Secret::new(hubcash::SANDBOX_TOKEN),
        account(HUBCASH),
        KeyEnvironment::Development,
        http,
    )
    .expect("hubcash client");
    vec![
        (account(HEXAI), Connector::Hexai(hexai_client)),
        (account(HGCASH), Connector::HgCash(hgcash_client)),
        (account(CASHWEB), Connector::CashWeb(cashweb_client)),
        (account(HPAY), Connector::Hpay(hpay_client)),
        (account(HUBCASH), Connector::Hubcash(hubcash_client)),
    ]
}

pub async fn service(
    store: Store,
    sandbox: &Sandbox,
    events: Arc<dyn PayoutEvents>,
) -> PayoutService {
    let service = PayoutService::new(store, events, quick_settings());
    for (id, connector) in connectors(sandbox, quick_http()) {
        service.add_account(id, connector);
    }
    service
}

pub async fn quiet_service(store: Store, sandbox: &Sandbox) -> PayoutService {
    service(store, sandbox, Arc::new(NoEvents)).await
}

/// A quiet service on the store in `dir`, reconciled once as at start-up.
pub async fn reconciled_service(dir: &tempfile::TempDir, sandbox: &Sandbox) -> PayoutService {
    let service = quiet_service(store(dir).await, sandbox).await;
    service.reconcile().await.expect("reconcile");
    service
}

/// Creates a confirmed intent for `request` as the merchant and submits it once: the intent,
/// and what the submit made of it. Both calls must succeed (the payout may still fail).
pub async fn create_and_submit(
    service: &PayoutService,
    request: &PayoutRequest,
) -> (PayoutIntent, PayoutIntent) {
    let intent = service
        .create(request, true, "merchant")
        .await
        .expect("create");
    let submitted = service
        .submit(&intent.id, "merchant")
        .await
        .expect("submit");
    (intent, submitted)
}

/// How many records each simulator holds: Hexai payouts+collections (test ledger), HG.Cash
/// cash-out requests, CashWeb transactions, HPAY links (test mode).
pub fn sim_counts(sandbox: &Sandbox) -> [usize; 4] {
    [
        sandbox.hexai.sim.len(hexai::Env::Test),
        sandbox.hgcash.sim.requests().len(),
        sandbox.cashweb.sim.len(),
        sandbox.hpay.sim.payment_count(hpay::SimMode::Test),
    ]
}

pub async fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("paydesk.sqlite"))
        .await
        .expect("store")
}

pub fn wave(amount: &str) -> PayoutRequest {
    let balance = Money::parse("25000.00", currency("GMD")).expect("money");
    HexaiPayoutForm {
        account: account(HEXAI),
        amount: amount.into(),
        recipient_mobile: "+2207654321".into(),
    }
    .validate(&balance)
    .expect("valid")
}

pub fn hexai_count(sandbox: &paydesk_sandbox::all::Sandbox, reference: &str) -> usize {
    sandbox
        .hexai
        .sim
        .records(hexai::Env::Test)
        .iter()
        .filter(|r| r.client_reference == reference)
        .count()
}

/// An HG.Cash cash-out of `amount` ARS from the sandbox account to a CBU with valid check
/// digits.
pub fn cash_out(amount: &str) -> PayoutRequest {
    use paydesk_engine::payouts::{HgCashAccountChoice, HgCashCashOutForm};
    HgCashCashOutForm {
        account: Some(account(HGCASH)),
        source_account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        amount: amount.into(),
        to_cbu: Some(
            paydesk_domain::cbu::with_check_digits("2850590", "4009041234567").expect("digits"),
        ),
        concept: Some("Paydesk test".into()),
        ..Default::default()
    }
    .validate(&[HgCashAccountChoice {
        id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        currency: currency("ARS"),
    }])
    .expect("valid")
}

/// A CashWeb deposit request in direct mode for `fiat` NGN, paid in USDT on TRC20.
pub fn deposit(fiat: &str) -> PayoutRequest {
    paydesk_engine::payouts::CashWebDepositForm {
        account: Some(account(CASHWEB)),
        fiat_amount: Some(fiat.into()),
        crypto_currency: Some("usdt".into()),
        network: Some("trc20".into()),
        ..Default::default()
    }
    .validate(currency("NGN"), chrono::Utc::now())
    .expect("valid deposit request")
}

/// An HPAY payment link for `amount` XOF.
pub fn payment_link(amount: &str) -> PayoutRequest {
    paydesk_engine::payouts::HpayLinkForm {
        account: Some(account(HPAY)),
        amount: amount.into(),
        product_name: "Order".into(),
        description: "Shoes".into(),
        notify_url: "https://shop.example/n".into(),
        success_url: "https://shop.example/s".into(),
        cancel_url: "https://shop.example/c".into(),
    }
    .validate(currency("XOF"))
    .expect("valid link")
}
