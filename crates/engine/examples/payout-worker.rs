//! A process that makes a list of payouts and payment requests through the payout engine, for
//! the chaos soak test (which SIGKILLs it at random points and starts it again).
//!
//! Usage: `payout-worker <plan.json>`. The plan names the SQLite journal, the providers' base
//! URLs and (sandbox) credentials, and the payouts, each with a stable id that becomes its
//! intent id, so a restarted worker carries on where the killed one stopped. On start it
//! reconciles (waiting for the leases of a killed run to end), then creates and submits what
//! is left, then polls until nothing is open, and prints one JSON summary line.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use paydesk_domain::{AccountId, AppError, Currency, ErrorCode, Money, Secret};
use paydesk_engine::payouts::{
    CashWebDepositForm, Connector, HexaiCollectionForm, HexaiPayoutForm, HgCashAccountChoice,
    HgCashCashOutForm, HpayLinkForm, NoEvents, PayoutService, PayoutSettings, State,
};
use paydesk_providers::cashweb::CashWebClient;
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_providers::hpay::{HpayClient, HpayCredentials, HpayMode};
use paydesk_providers::{HttpConfig, RetryPolicy};
use paydesk_store::Store;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Plan {
    db: String,
    timeout_ms: u64,
    concurrency: usize,
    hexai: Endpoint,
    hgcash: Endpoint,
    hgcash_account_id: String,
    cashweb: Endpoint,
    hpay: Endpoint,
    payouts: Vec<Planned>,
}

#[derive(Debug, Deserialize)]
struct Endpoint {
    base_url: String,
    /// Credentials by name (sandbox values only).
    credentials: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Planned {
    Hexai {
        id: String,
        amount: String,
        mobile: String,
    },
    HexaiCollection {
        id: String,
        amount: String,
    },
    Hgcash {
        id: String,
        amount: String,
        cbu: String,
    },
    Cashweb {
        id: String,
        fiat_amount: String,
        network: String,
    },
    Hpay {
        id: String,
        amount: String,
    },
}

impl Planned {
    fn id(&self) -> &str {
        match self {
            Planned::Hexai { id, .. }
            | Planned::HexaiCollection { id, .. }
            | Planned::Hgcash { id, .. }
            | Planned::Cashweb { id, .. }
            | Planned::Hpay { id, .. } => id,
        }
    }
}

fn account(name: &str) -> Result<AccountId, AppError> {
    AccountId::new(name).map_err(|e| AppError::internal(e.0))
}

fn currency(code: &str) -> Result<Currency, AppError> {
    Ok(Currency::from_code(code)?)
}

fn credential(endpoint: &Endpoint, name: &str) -> Result<Secret, AppError> {
    endpoint
        .credentials
        .get(name)
        .map(Secret::new)
        .ok_or_else(|| AppError::internal(format!("the plan has no credential {name}")))
}

fn service(plan: &Plan, store: Store) -> Result<PayoutService, AppError> {
    let timeout = Duration::from_millis(plan.timeout_ms);
    let http = HttpConfig {
        timeout,
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
        },
    };
    let settings = PayoutSettings {
        // Above one send's worst case: two attempts at the timeout, plus the backoff.
        lease: timeout * 2 + Duration::from_millis(600),
        max_rounds: 8,
        backoff_base: Duration::from_millis(25),
        backoff_max: Duration::from_millis(400),
        poll_first: Duration::from_millis(50),
        poll_max: Duration::from_millis(300),
        poll_limit: 30,
    };
    let service = PayoutService::new(store, Arc::new(NoEvents), settings);
    service.add_account(
        account("hexai-sandbox")?,
        Connector::Hexai(HexaiClient::new(
            &plan.hexai.base_url,
            credential(&plan.hexai, "key")?,
            account("hexai-sandbox")?,
            http,
        )?),
    );
    service.add_account(
        account("hgcash-sandbox")?,
        Connector::HgCash(HgCashClient::new(
            &plan.hgcash.base_url,
            credential(&plan.hgcash, "token")?,
            account("hgcash-sandbox")?,
            http,
        )?),
    );
    service.add_account(
        account("cashweb-sandbox")?,
        Connector::CashWeb(CashWebClient::with_config(
            &plan.cashweb.base_url,
            credential(&plan.cashweb, "api_key")?,
            account("cashweb-sandbox")?,
            currency("NGN")?,
            http,
        )?),
    );
    let hpay = HpayClient::new(
        &plan.hpay.base_url,
        HpayCredentials {
            api_key: credential(&plan.hpay, "api_key")?,
            public_key: credential(&plan.hpay, "public_key")?,
            secret_key: credential(&plan.hpay, "secret_key")?,
        },
        HpayMode::Test,
        account("hpay-sandbox")?,
        http,
    )?
    .with_pacing(Duration::ZERO);
    service.add_account(account("hpay-sandbox")?, Connector::Hpay(hpay));
    Ok(service)
}

fn request(plan: &Plan, planned: &Planned) -> Result<paydesk_domain::PayoutRequest, AppError> {
    match planned {
        Planned::Hexai { amount, mobile, .. } => HexaiPayoutForm {
            account: account("hexai-sandbox")?,
            amount: amount.clone(),
            recipient_mobile: mobile.clone(),
        }
        .validate(&Money::parse("1000000.00", currency("GMD")?)?),
        Planned::HexaiCollection { amount, .. } => HexaiCollectionForm {
            account: account("hexai-sandbox")?,
            amount: amount.clone(),
            success_url: Some("https://shop.example/paid".into()),
            error_url: None,
        }
        .validate(currency("GMD")?),
        Planned::Hgcash { amount, cbu, .. } => HgCashCashOutForm {
            account: Some(account("hgcash-sandbox")?),
            source_account_id: plan.hgcash_account_id.clone(),
            amount: amount.clone(),
            to_cbu: Some(cbu.clone()),
            concept: Some("Paydesk soak".into()),
            ..Default::default()
        }
        .validate(&[HgCashAccountChoice {
            id: plan.hgcash_account_id.clone(),
            currency: currency("ARS")?,
        }]),
        Planned::Cashweb {
            fiat_amount,
            network,
            ..
        } => CashWebDepositForm {
            account: Some(account("cashweb-sandbox")?),
            fiat_amount: Some(fiat_amount.clone()),
            crypto_currency: Some("usdt".into()),
            network: Some(network.clone()),
            ..Default::default()
        }
        .validate(currency("NGN")?, chrono::Utc::now()),
        Planned::Hpay { amount, .. } => HpayLinkForm {
            account: Some(account("hpay-sandbox")?),
            amount: amount.clone(),
            product_name: "Soak order".into(),
            description: "Paydesk soak".into(),
            notify_url: "https://shop.example/notify".into(),
            success_url: "https://shop.example/ok".into(),
            cancel_url: "https://shop.example/cancel".into(),
        }
        .validate(currency("XOF")?),
    }
}

/// Reconciles until nothing is left (a killed run's leases end after a short while), or for
/// at most 5 s: what stays unknown is left for the soak to report.
async fn reconcile(service: &PayoutService) -> Result<(), AppError> {
    for _ in 0..50 {
        let report = service.reconcile().await?;
        if report.is_clean() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn make(service: &PayoutService, plan: &Plan, planned: &Planned) -> Result<(), AppError> {
    let intent = match service.intent_if_any(planned.id()).await? {
        Some(intent) => intent,
        None => {
            let request = request(plan, planned)?;
            service
                .create_with_id(planned.id(), &request, true, "soak-worker")
                .await?
        }
    };
    if intent.state != State::Confirmed {
        return Ok(());
    }
    // Held while an earlier payout of the account is being checked: reconcile and try again,
    // a few times; a payout still held is left confirmed, for the soak to report.
    for _ in 0..2 {
        match service.submit(&intent.id, "soak-worker").await {
            Ok(_) => return Ok(()),
            Err(e) if e.code == ErrorCode::PayoutReconciliationPending => {
                service.reconcile().await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

async fn run(plan_path: &str) -> Result<(), AppError> {
    let text = std::fs::read_to_string(plan_path)
        .map_err(|e| AppError::internal(format!("cannot read the plan: {e}")))?;
    let plan: Plan =
        serde_json::from_str(&text).map_err(|e| AppError::internal(format!("bad plan: {e}")))?;
    let store = Store::open(&plan.db).await?;
    let service = service(&plan, store)?;
    reconcile(&service).await?;
    let plan = Arc::new(plan);
    let service = Arc::new(service);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..plan.concurrency.max(1) {
        let (plan, service, next) = (plan.clone(), service.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(planned) = plan.payouts.get(i) else {
                    return Ok::<(), AppError>(());
                };
                make(&service, &plan, planned).await?;
            }
        }));
    }
    for worker in workers {
        worker
            .await
            .map_err(|e| AppError::internal(e.to_string()))??;
    }
    // Everything is sent; reconcile what ended unknown and poll what is still open, until
    // nothing is open or unknown, or the same number stays so for 3 s (the provider leaves some
    // pending on purpose: Hexai's pending magic amount, HG.Cash's review threshold).
    let mut open = usize::MAX;
    let mut same = 0;
    for _ in 0..200 {
        let report = service.reconcile().await?;
        let now_open = service.poll_open().await? + report.still_unknown as usize;
        same = if now_open == open { same + 1 } else { 0 };
        open = now_open;
        if open == 0 || same >= 30 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("{{\"done\":true,\"open\":{open}}}");
    Ok(())
}

#[tokio::main]
async fn main() {
    let Some(plan) = std::env::args().nth(1) else {
        eprintln!("usage: payout-worker <plan.json>");
        std::process::exit(2);
    };
    if let Err(e) = run(&plan).await {
        eprintln!("payout-worker: {} ({})", e.message, e.code.as_str());
        std::process::exit(1);
    }
}
