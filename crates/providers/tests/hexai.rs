//! The Hexai client against its simulator over real HTTP on 127.0.0.1: every endpoint's
//! success shape and its documented errors, magic amounts in both modes, idempotency, payout
//! recovery after an unknown outcome, fault knobs, and signed webhooks.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use paydesk_domain::{
    AccountId, Money, PayoutRequest, Secret, Transaction, TransactionStatus, WaveNumber,
};
use paydesk_providers::hexai::{HexaiClient, HexaiTransaction, KeyEnvironment, webhook};
use paydesk_providers::{
    BalanceSource, ErrorKind, HistorySource, HttpConfig, PayoutSink, ProviderError, RetryPolicy,
};
use paydesk_sandbox::faults::{AfterCommit, FaultAction, FaultRule, Malformed, Trigger};
use paydesk_sandbox::hexai::{
    Config, DEFAULT_TEST_KEY, DEFAULT_WEBHOOK_SECRET, Env, MagicMode, Outcome, Running,
    SANDBOX_LIVE_KEY, Simulator, Status,
};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, WebhookKnobs};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "hexai/coverage.rs"]
mod coverage;
#[path = "hexai/variance.rs"]
mod variance;

const T0: &str = "2026-01-25T10:15:00Z";
const PAYOUT_PATH: &str = "POST /api/v1/payouts/initiate";

fn fast() -> HttpConfig {
    HttpConfig {
        timeout: StdDuration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: StdDuration::from_millis(5),
            max_delay: StdDuration::from_millis(50),
        },
    }
}

fn client_for(run: &Running, key: &str, config: HttpConfig) -> HexaiClient {
    HexaiClient::new(
        &run.api_base_url(),
        Secret::new(key),
        AccountId::new("hexai-sandbox").expect("valid"),
        config,
    )
    .expect("client")
}

async fn setup(tweak: impl FnOnce(&mut Config)) -> (Running, HexaiClient) {
    let start: DateTime<Utc> = T0.parse().expect("time");
    let mut config = Config::demo(Clock::manual(start));
    config.history_size = 40;
    tweak(&mut config);
    let run = Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts");
    let client = client_for(&run, DEFAULT_TEST_KEY, fast());
    (run, client)
}

fn gmd(text: &str) -> Money {
    Money::parse(
        text,
        paydesk_domain::Currency::from_code("GMD").expect("GMD"),
    )
    .expect("amount")
}

fn wave(n: &str) -> WaveNumber {
    WaveNumber::parse(n).expect("wave number")
}

fn assert_error(e: &ProviderError, kind: ErrorKind, status: u16, code: &str) {
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(e.http_status, Some(status), "{e}");
    assert_eq!(e.code.as_deref(), Some(code), "{e}");
    assert!(!e.message.is_empty());
}

/// The status lookup, and the record it describes (the default profile gives every field).
async fn lookup(
    client: &HexaiClient,
    reference: &str,
) -> Result<(HexaiTransaction, Transaction), ProviderError> {
    let wire = client.transaction_status(reference).await?;
    let record = wire.to_transaction(client.account(), Utc::now())?;
    Ok((wire, record))
}

fn payout_request(amount: &str, reference: &str) -> PayoutRequest {
    PayoutRequest::HexaiPayout {
        account: AccountId::new("hexai-sandbox").expect("valid"),
        amount: gmd(amount),
        recipient_mobile: wave("+2201234567"),
        client_reference: reference.into(),
    }
}

#[tokio::test]
async fn balance_stats_and_chart_match_the_ledger() {
    let (run, client) = setup(|_| {}).await;
    let summary = client.balance().await.expect("balance");
    assert_eq!(
        summary.available.minor_units(),
        run.sim.available_bututs(Env::Test)
    );
    let records = run.sim.records(Env::Test);
    let collected: i64 = records
        .iter()
        .filter(|r| r.status == Status::Succeeded && r.client_reference.starts_with("ORD-"))
        .map(|r| r.amount_bututs)
        .sum();
    assert_eq!(summary.total_collected.minor_units(), collected);
    assert_eq!(
        summary.net_collections,
        summary
            .total_collected
            .checked_sub(&summary.platform_commissions)
            .expect("GMD")
    );
    let balances = client.balances().await.expect("trait");
    assert_eq!(balances[0].available, summary.available);

    let stats = client.stats().await.expect("stats");
    let pending = records
        .iter()
        .filter(|r| r.status == Status::Pending)
        .count();
    assert!((1..=3).contains(&pending));
    assert_eq!(stats.pending_transactions_count, pending as u64);
    assert_eq!(stats.total_volume, summary.total_collected);

    let chart = client.earnings_chart().await.expect("chart");
    assert_eq!(chart.len(), 7);
    assert_eq!(chart[6].date.to_string(), "2026-01-25");
    assert!(
        chart.iter().all(|d| d.count > 0),
        "no empty day in the demo"
    );
    assert_eq!(chart[6].earnings, stats.today_earnings);
}

#[tokio::test]
async fn transactions_pages_and_history_cursor() {
    let (run, client) = setup(|_| {}).await;
    let records = run.sim.records(Env::Test);
    let page = client.transactions(1, 10).await.expect("page");
    let pagination = page.pagination.expect("the default profile gives figures");
    assert_eq!(pagination.total, Some(40));
    assert_eq!(pagination.pages(), Some(4));
    let ids: Vec<_> = page
        .transactions
        .iter()
        .map(|t| t.provider_id.clone())
        .collect();
    let expected: Vec<_> = records.iter().take(10).map(|r| r.id.clone()).collect();
    assert_eq!(ids, expected, "newest first");
    let first = &page.transactions[0];
    assert_eq!(first.amount.minor_units(), records[0].amount_bututs);
    assert!(first.raw.starts_with("{\"id\":"));
    // Generated history is found by reference too, with the same figures.
    let (_, one) = lookup(&client, &records[5].client_reference)
        .await
        .expect("status");
    assert_eq!(one.provider_id, records[5].id);
    assert_eq!(one.amount.minor_units(), records[5].amount_bututs);
    // A known path with another method: 404 in the envelope.
    let r = reqwest::Client::new()
        .get(format!("{}/payouts/initiate", run.api_base_url()))
        .bearer_auth(DEFAULT_TEST_KEY)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.text().await.expect("body").contains("NOT_FOUND"));
    // Past the end: an empty page, 200.
    let empty = client.transactions(9, 10).await.expect("empty");
    assert!(empty.transactions.is_empty());
    // Out of range: 400 INVALID_REQUEST.
    for (p, l) in [(0, 10), (1, 0), (1, 101)] {
        let e = client.transactions(p, l).await.expect_err("range");
        assert_error(&e, ErrorKind::Validation, 400, "INVALID_REQUEST");
    }
    // The history cursor walks every record once.
    let mut cursor: Option<String> = None;
    let mut seen = HashSet::new();
    loop {
        let page = client
            .history_page(cursor.as_deref())
            .await
            .expect("history");
        for t in &page.transactions {
            assert!(seen.insert(t.provider_id.clone()));
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), records.len());
    assert!(client.history_page(Some("zero")).await.is_err());
}

#[tokio::test]
async fn every_endpoint_refuses_a_wrong_key() {
    let (run, _) = setup(|_| {}).await;
    let bad = client_for(&run, "sk_test_wrong", fast());
    assert_eq!(bad.environment(), KeyEnvironment::Test);
    let errors = [
        bad.balance().await.map(|_| ()),
        bad.stats().await.map(|_| ()),
        bad.earnings_chart().await.map(|_| ()),
        bad.transactions(1, 10).await.map(|_| ()),
        bad.transaction_status("ORD-00000001").await.map(|_| ()),
        bad.initiate_collection(&gmd("10.00"), "C-1", None, None)
            .await
            .map(|_| ()),
        bad.initiate_payout(&gmd("10.00"), &wave("+2207654321"), "P-1")
            .await
            .map(|_| ()),
    ];
    for e in errors {
        let e = e.expect_err("401");
        assert_error(&e, ErrorKind::Unauthorized, 401, "UNAUTHORIZED");
        assert_eq!(e.message, "Missing or invalid API key.");
    }
    assert!(
        HexaiClient::new(
            &run.api_base_url(),
            Secret::new(""),
            AccountId::new("a").expect("id"),
            fast()
        )
        .is_err()
    );
}

/// A loopback webhook receiver that answers 200 and keeps (headers, body).
async fn receiver() -> (String, Arc<Mutex<Vec<(Vec<(String, String)>, Vec<u8>)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/hooks/hexai",
        listener.local_addr().expect("addr")
    );
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = socket.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                    continue;
                };
                let head = String::from_utf8_lossy(&buf[..end]).to_string();
                let headers: Vec<(String, String)> = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                    .collect();
                let len = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                if buf.len() >= end + 4 + len {
                    let body = buf[end + 4..end + 4 + len].to_vec();
                    sink.lock().expect("lock").push((headers, body));
                    let _ = socket
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                        )
                        .await;
                    break;
                }
            }
        }
    });
    (url, got)
}

fn signature(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .find(|(k, _)| k == webhook::SIGNATURE_HEADER)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn collection_settles_on_the_clock_and_sends_a_signed_webhook() {
    let (url, got) = receiver().await;
    let (run, client) = setup(|c| c.knobs.webhook_url = Some(url)).await;
    let before = client.balance().await.expect("balance").available;
    let created = client
        .initiate_collection(
            &gmd("123.45"),
            "ORDER-12345",
            Some("https://shop.example/ok"),
            Some("https://shop.example/ko"),
        )
        .await
        .expect("created");
    assert_eq!(created.status.to_domain(), TransactionStatus::Pending);
    assert!(
        created
            .redirect_url
            .ends_with(&format!("/checkout/{}", created.transaction_id))
    );
    let (_, t) = lookup(&client, "ORDER-12345").await.expect("status");
    assert_eq!(t.status, TransactionStatus::Pending);
    assert_eq!(t.amount.amount_text(), "123.45");
    assert_eq!(t.provider_id, created.transaction_id);

    run.sim.clock().advance(Duration::seconds(5));
    let (_, t) = lookup(&client, "ORDER-12345").await.expect("status");
    assert_eq!(t.status, TransactionStatus::Succeeded);
    // 2 % commission, half-up to the butut: 246.9 -> 247.
    let after = client.balance().await.expect("balance").available;
    assert_eq!(after.minor_units() - before.minor_units(), 12345 - 247);
    let stats = client.stats().await.expect("stats");
    let chart = client.earnings_chart().await.expect("chart");
    assert_eq!(chart[6].earnings, stats.today_earnings);

    assert_eq!(run.sim.webhooks().deliver_due().await, 1);
    let hooks = got.lock().expect("lock").clone();
    let (headers, body) = &hooks[0];
    let secret = Secret::new(DEFAULT_WEBHOOK_SECRET);
    assert!(webhook::verify(&secret, body, &signature(headers)));
    let event = webhook::parse(body).expect("event");
    assert_eq!(event.event, webhook::WebhookEventName::Completed);
    assert_eq!(event.transaction_id, created.transaction_id);
    assert_eq!(event.amount.amount_text(), "123.45");
    assert!(String::from_utf8_lossy(body).contains("\"amount\":123.45,"));
    assert_eq!(event.domain_status(), TransactionStatus::Succeeded);
    // Replay: same id, current status; different amount: DUPLICATE_REFERENCE.
    let again = client
        .initiate_collection(&gmd("123.45"), "ORDER-12345", None, None)
        .await
        .expect("replay");
    assert_eq!(again.transaction_id, created.transaction_id);
    assert_eq!(again.status.to_domain(), TransactionStatus::Succeeded);
    let e = client
        .initiate_collection(&gmd("1.00"), "ORDER-12345", None, None)
        .await
        .expect_err("dup");
    assert_error(&e, ErrorKind::Conflict, 400, "DUPLICATE_REFERENCE");
}

#[tokio::test]
async fn checkout_page_pays_and_redirects_unchanged() {
    let (run, client) = setup(|c| c.knobs.collection_settle_delay = None).await;
    let created = client
        .initiate_collection(
            &gmd("75.00"),
            "CHK-1",
            Some("https://shop.example/thanks"),
            None,
        )
        .await
        .expect("created");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = http.get(&created.redirect_url).send().await.expect("page");
    assert!(page.text().await.expect("html").contains("Pay"));
    let paid = http
        .post(format!("{}/pay", created.redirect_url))
        .send()
        .await
        .expect("pay");
    assert_eq!(paid.status().as_u16(), 303);
    assert_eq!(
        paid.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("https://shop.example/thanks")
    );
    let (_, t) = lookup(&client, "CHK-1").await.expect("status");
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(
        run.sim.record("CHK-1").map(|r| r.status),
        Some(Status::Succeeded)
    );
}

#[tokio::test]
async fn payout_succeeds_once_and_replays() {
    let (run, client) = setup(|_| {}).await;
    let before = run.sim.available_bututs(Env::Test);
    let request = payout_request("50.00", "OUT-101");
    let receipt = client.send(&request).await.expect("payout");
    assert_eq!(receipt.status, TransactionStatus::Succeeded);
    assert_eq!(receipt.provider_status, "SUCCEEDED");
    assert!(receipt.raw.contains("\"amount_gmd\":\"50.00\""));
    assert_eq!(run.sim.available_bututs(Env::Test), before - 5000);
    let replay = client.send(&request).await.expect("replay");
    assert_eq!(replay.provider_id, receipt.provider_id);
    assert_eq!(run.sim.available_bututs(Env::Test), before - 5000);
    let found = client.find(&request).await.expect("find").expect("found");
    assert_eq!(found.provider_id, receipt.provider_id);
    let e = client
        .send(&payout_request("60.00", "OUT-101"))
        .await
        .expect_err("dup");
    assert_error(&e, ErrorKind::Conflict, 400, "DUPLICATE_REFERENCE");
    // A listing shows it first, as a payout to the Wave number.
    let page = client.transactions(1, 1).await.expect("page");
    assert_eq!(page.transactions[0].provider_id, receipt.provider_id);
    assert_eq!(
        page.transactions[0].counterparty.phone.as_deref(),
        Some("+2201234567")
    );
    assert!(
        client
            .find(&payout_request("1.00", "NEVER-SENT"))
            .await
            .expect("find")
            .is_none()
    );
}

#[tokio::test]
async fn insufficient_balance_keeps_details_and_the_reference() {
    let (run, client) = setup(|c| c.opening_balance_bututs = 0).await;
    let available = run.sim.available_bututs(Env::Test);
    let too_much = Money::from_minor(available + 1, gmd("1.00").currency());
    let e = client
        .initiate_payout(&too_much, &wave("+2203456789"), "BIG-1")
        .await
        .expect_err("insufficient");
    assert_error(
        &e,
        ErrorKind::InsufficientFunds,
        400,
        "INSUFFICIENT_BALANCE",
    );
    assert_eq!(
        e.message,
        "Your account balance is insufficient for this payout."
    );
    assert!(run.sim.record("BIG-1").is_none());
    let ok = client
        .initiate_payout(&gmd("1.00"), &wave("+2203456789"), "BIG-1")
        .await
        .expect("the reference was not used up");
    assert_eq!(ok.status, TransactionStatus::Succeeded);
}

#[tokio::test]
async fn validation_errors_are_the_documented_codes() {
    use paydesk_providers::hexai::wire::HexaiPayoutRequest;
    let (run, client) = setup(|_| {}).await;
    let body = |amount: &str, currency: &str, mobile: &str, reference: &str| HexaiPayoutRequest {
        amount: amount.into(),
        currency: currency.into(),
        recipient_mobile: mobile.into(),
        client_reference: reference.into(),
    };
    let cases = [
        (body("abc", "GMD", "+2201234567", "V-1"), "INVALID_AMOUNT"),
        (body("0.00", "GMD", "+2201234567", "V-1"), "INVALID_AMOUNT"),
        (body("-5", "GMD", "+2201234567", "V-1"), "INVALID_AMOUNT"),
        (body("1.005", "GMD", "+2201234567", "V-1"), "INVALID_AMOUNT"),
        (
            body("10.00", "USD", "+2201234567", "V-1"),
            "INVALID_CURRENCY",
        ),
        (body("10.00", "GMD", "+221123456", "V-1"), "INVALID_PHONE"),
        (
            body("10.00", "GMD", "+2201234567", "bad ref"),
            "INVALID_REQUEST",
        ),
    ];
    for (request, code) in cases {
        let e = client.initiate_payout_raw(&request).await.expect_err(code);
        assert_error(&e, ErrorKind::Validation, 400, code);
    }
    // JSON that does not parse, and a JSON number for amount (strict by default).
    let http = reqwest::Client::new();
    let url = format!("{}/payouts/initiate", run.api_base_url());
    for raw in [
        "{not json".to_owned(),
        r#"{"amount":10.00,"currency":"GMD","recipient_mobile":"+2201234567","client_reference":"N-1"}"#.to_owned(),
    ] {
        let r = http
            .post(&url)
            .bearer_auth(DEFAULT_TEST_KEY)
            .body(raw)
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status().as_u16(), 400);
    }
    run.sim.set_knobs(|k| k.accept_numeric_amount = true);
    let r = http
        .post(&url)
        .bearer_auth(DEFAULT_TEST_KEY)
        .body(r#"{"amount":10.5,"recipient_mobile":"+2201234567","client_reference":"N-1"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(run.sim.record("N-1").map(|r| r.amount_bututs), Some(1050));
    // The client checks its own side before sending.
    let e = client
        .initiate_collection(&gmd("0.00"), "Z-1", None, None)
        .await
        .expect_err("zero");
    assert_eq!(e.kind, ErrorKind::Validation);
    let e = client
        .initiate_collection(&gmd("5.00"), "Z-2", Some("not a url"), None)
        .await
        .expect_err("url");
    assert_error(&e, ErrorKind::Validation, 400, "INVALID_REQUEST");
    // Unknown reference and unknown path: 404 NOT_FOUND.
    let e = client.transaction_status("NOPE-1").await.expect_err("404");
    assert_error(&e, ErrorKind::NotFound, 404, "NOT_FOUND");
    let r = http
        .post(format!("{}/payouts/send", run.api_base_url()))
        .bearer_auth(DEFAULT_TEST_KEY)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 404);
}

async fn magic_payout(
    client: &HexaiClient,
    amount: &str,
    reference: &str,
) -> Result<paydesk_providers::PayoutReceipt, ProviderError> {
    client.send(&payout_request(amount, reference)).await
}

#[tokio::test]
async fn magic_amounts_in_transaction_mode() {
    let (run, client) = setup(|c| c.opening_balance_bututs = 10_000_000).await;
    let start = run.sim.available_bututs(Env::Test);
    // Payouts.
    let ok = magic_payout(&client, "100.00", "M-100").await.expect("100");
    assert_eq!(ok.status, TransactionStatus::Succeeded);
    let pending = magic_payout(&client, "200.00", "M-200").await.expect("200");
    assert_eq!(pending.status, TransactionStatus::Pending);
    assert_eq!(run.sim.available_bututs(Env::Test), start - 10_000 - 20_000);
    for (amount, code) in [
        ("400.00", "INSUFFICIENT_FUNDS"),
        ("403.00", "ACCOUNT_BLOCKED"),
        ("429", "RATE_LIMIT_EXCEEDED"),
    ] {
        let r = magic_payout(&client, amount, &format!("M-{code}"))
            .await
            .expect(code);
        assert_eq!(r.status, TransactionStatus::Failed);
        assert_eq!(r.failure_reason.as_deref(), Some(code));
    }
    assert_eq!(run.sim.available_bututs(Env::Test), start - 30_000);
    let e = magic_payout(&client, "500.00", "M-500")
        .await
        .expect_err("500");
    assert_error(&e, ErrorKind::Server, 500, "INTERNAL_ERROR");
    assert!(e.outcome_unknown());
    assert!(run.sim.record("M-500").is_none());
    // The 200.00 payout stays pending until settled by hand; then it counts as paid out.
    run.sim.clock().advance(Duration::days(1));
    let (_, t) = lookup(&client, "M-200").await.expect("status");
    assert_eq!(t.status, TransactionStatus::Pending);
    assert!(run.sim.settle("M-200", Outcome::Succeeded));
    let found = client
        .find(&payout_request("200.00", "M-200"))
        .await
        .expect("find");
    assert_eq!(found.map(|r| r.status), Some(TransactionStatus::Succeeded));
    assert_eq!(run.sim.available_bututs(Env::Test), start - 30_000);

    // Collections.
    for (amount, reference) in [
        ("100.00", "C-100"),
        ("200.00", "C-200"),
        ("400.00", "C-400"),
        ("403.00", "C-403"),
        ("429.00", "C-429"),
    ] {
        let c = client
            .initiate_collection(&gmd(amount), reference, None, None)
            .await
            .expect(reference);
        assert_eq!(c.status.as_str(), "PENDING");
    }
    let e = client
        .initiate_collection(&gmd("500.00"), "C-500", None, None)
        .await
        .expect_err("500");
    assert_error(&e, ErrorKind::Server, 500, "INTERNAL_ERROR");
    run.sim.clock().advance(Duration::seconds(5));
    let status = |r: &'static str| {
        let client = client.clone();
        async move {
            let (wire, t) = lookup(&client, r).await.expect(r);
            (t.status, wire.failure_code)
        }
    };
    assert_eq!(status("C-100").await, (TransactionStatus::Succeeded, None));
    assert_eq!(status("C-200").await, (TransactionStatus::Pending, None));
    assert_eq!(
        status("C-400").await,
        (TransactionStatus::Failed, Some("INSUFFICIENT_FUNDS".into()))
    );
    assert_eq!(
        status("C-403").await,
        (TransactionStatus::Failed, Some("ACCOUNT_BLOCKED".into()))
    );
    assert_eq!(
        status("C-429").await,
        (
            TransactionStatus::Failed,
            Some("RATE_LIMIT_EXCEEDED".into())
        )
    );
}

#[tokio::test]
async fn magic_amounts_in_http_mode() {
    let (run, client) = setup(|c| c.knobs.magic_mode = MagicMode::Http).await;
    for (amount, kind, status, code) in [
        (
            "400.00",
            ErrorKind::InsufficientFunds,
            400,
            "INSUFFICIENT_FUNDS",
        ),
        ("403.00", ErrorKind::Forbidden, 403, "ACCOUNT_BLOCKED"),
        ("429.00", ErrorKind::RateLimited, 429, "RATE_LIMIT_EXCEEDED"),
        ("500.00", ErrorKind::Server, 500, "INTERNAL_ERROR"),
    ] {
        let reference = format!("H-{status}");
        let e = magic_payout(&client, amount, &reference)
            .await
            .expect_err(code);
        assert_error(&e, kind, status, code);
        let e = client
            .initiate_collection(&gmd(amount), &format!("HC-{status}"), None, None)
            .await
            .expect_err(code);
        assert_error(&e, kind, status, code);
        assert!(run.sim.record(&reference).is_none(), "nothing recorded");
    }
    let ok = magic_payout(&client, "100.00", "H-100").await.expect("100");
    assert_eq!(ok.status, TransactionStatus::Succeeded);
}

#[tokio::test]
async fn live_keys_have_their_own_ledger_and_no_magic() {
    let (run, _) = setup(|c| c.api_keys.push(SANDBOX_LIVE_KEY.into())).await;
    let live = client_for(&run, SANDBOX_LIVE_KEY, fast());
    assert_eq!(live.environment(), KeyEnvironment::Live);
    let page = live.transactions(1, 10).await.expect("page");
    assert_eq!(page.pagination.and_then(|p| p.total), Some(0));
    let r = magic_payout(&live, "500.00", "L-500")
        .await
        .expect("no magic");
    assert_eq!(r.status, TransactionStatus::Succeeded);
    assert_eq!(run.sim.len(Env::Live), 1);
    assert_eq!(run.sim.len(Env::Test), 40);
}

#[tokio::test]
async fn rate_limit_maintenance_and_flat_errors() {
    let (run, client) = setup(|c| c.knobs.rate_limit_per_minute = Some(2)).await;
    client.balance().await.expect("1");
    client.stats().await.expect("2");
    let e = client.balance().await.expect_err("429");
    assert_error(&e, ErrorKind::RateLimited, 429, "RATE_LIMIT_EXCEEDED");
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(60)));
    run.sim.clock().advance(Duration::minutes(1));
    client.balance().await.expect("a new minute");
    run.sim.set_knobs(|k| {
        k.rate_limit_per_minute = None;
        k.maintenance = true;
        k.flat_error_shape = true;
    });
    let e = client.earnings_chart().await.expect_err("503");
    assert_error(&e, ErrorKind::Server, 503, "SERVICE_UNAVAILABLE");
    run.sim.set_knobs(|k| k.maintenance = false);
    let e = client
        .transaction_status("NOPE-2")
        .await
        .expect_err("404 flat");
    assert_error(&e, ErrorKind::NotFound, 404, "NOT_FOUND");
}

#[tokio::test]
async fn fault_knobs_5xx_429_and_malformed() {
    let (run, client) = setup(|_| {}).await;
    let faults = run.sim.faults();
    // One 503 on a read: retried (safe), then answered.
    faults.add(FaultRule::on(
        "GET /api/v1/client/balance",
        FaultAction::Status {
            status: 503,
            code: "SERVICE_UNAVAILABLE".into(),
            message: "Down for a moment.".into(),
        },
        Trigger::Next(1),
    ));
    client.balance().await.expect("retried");
    assert_eq!(faults.fired().len(), 1);
    // More failures than attempts: the error keeps status, code and message.
    faults.add(FaultRule::on(
        "GET /api/v1/client/stats",
        FaultAction::Status {
            status: 500,
            code: "INTERNAL_ERROR".into(),
            message: "Boom.".into(),
        },
        Trigger::Next(5),
    ));
    let e = client.stats().await.expect_err("500");
    assert_error(&e, ErrorKind::Server, 500, "INTERNAL_ERROR");
    assert_eq!(e.message, "Boom.");
    faults.clear();
    // 429 with Retry-After on a write: not resent, the wait is reported.
    faults.add(FaultRule::on(
        PAYOUT_PATH,
        FaultAction::RateLimit {
            retry_after_secs: Some(7),
        },
        Trigger::Next(1),
    ));
    let e = magic_payout(&client, "10.00", "F-429")
        .await
        .expect_err("429");
    assert_error(&e, ErrorKind::RateLimited, 429, "RATE_LIMIT_EXCEEDED");
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(7)));
    // A truncated body is a malformed answer.
    faults.add(FaultRule::on(
        "GET /api/v1/client/earnings-chart",
        FaultAction::Malformed(Malformed::Truncated),
        Trigger::Next(1),
    ));
    let e = client.earnings_chart().await.expect_err("truncated");
    assert_eq!(e.kind, ErrorKind::Malformed);
}

#[tokio::test]
async fn unknown_outcome_is_recovered_by_reference() {
    let (run, client) = setup(|_| {}).await;
    let before = run.sim.available_bututs(Env::Test);
    for (i, fault) in [AfterCommit::ServerError, AfterCommit::Drop]
        .into_iter()
        .enumerate()
    {
        run.sim.faults().add(FaultRule::on(
            PAYOUT_PATH,
            FaultAction::AfterCommit(fault),
            Trigger::Next(1),
        ));
        let request = payout_request("25.00", &format!("PD-lost-{i}"));
        let e = client.send(&request).await.expect_err("lost answer");
        assert!(e.outcome_unknown(), "{e}");
        let found = client
            .find(&request)
            .await
            .expect("find")
            .expect("recorded");
        assert_eq!(found.status, TransactionStatus::Succeeded);
        // The last-resort resend with the same reference replays, never pays twice.
        let replay = client.send(&request).await.expect("replay");
        assert_eq!(replay.provider_id, found.provider_id);
    }
    assert_eq!(run.sim.available_bututs(Env::Test), before - 2 * 2500);
    // A hang before the write: a timeout, and nothing to find.
    run.sim
        .faults()
        .set_hang_limit(StdDuration::from_millis(400));
    run.sim.faults().add(FaultRule::on(
        PAYOUT_PATH,
        FaultAction::Hang,
        Trigger::Next(1),
    ));
    let impatient = client_for(
        &run,
        DEFAULT_TEST_KEY,
        HttpConfig {
            timeout: StdDuration::from_millis(150),
            ..fast()
        },
    );
    let request = payout_request("25.00", "PD-hang");
    let e = impatient.send(&request).await.expect_err("timeout");
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(client.find(&request).await.expect("find").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_with_one_reference_pay_once() {
    let (run, client) = setup(|_| {}).await;
    let before = run.sim.available_bututs(Env::Test);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { magic_payout(&client, "12.34", "PD-race").await })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in tasks {
        ids.insert(t.await.expect("joined").expect("paid").provider_id);
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(run.sim.available_bututs(Env::Test), before - 1234);
}

#[tokio::test]
async fn webhooks_retry_on_the_clock_and_badly_signed_ones_are_refused() {
    // Nothing listens on the target: attempts back off 1, 2, 4, 8 s on the clock.
    let (run, client) =
        setup(|c| c.knobs.webhook_url = Some("http://127.0.0.1:9/none".into())).await;
    magic_payout(&client, "10.00", "W-1").await.expect("paid");
    let sender = run.sim.webhooks();
    assert_eq!(sender.deliver_due().await, 1);
    assert_eq!(sender.deliver_due().await, 0, "not due before the backoff");
    for step in [1, 2, 4, 8] {
        run.sim.clock().advance(Duration::seconds(step));
        assert_eq!(sender.deliver_due().await, 1);
    }
    run.sim.clock().advance(Duration::seconds(60));
    assert_eq!(sender.deliver_due().await, 0, "5 attempts in all");
    let log = sender.log();
    assert_eq!(log[0].attempts.len(), 5);
    assert!(!log[0].delivered);
    // A bad-signature knob: the receiver's verify refuses it.
    sender.set_knobs(WebhookKnobs {
        bad_signature_percent: 100,
        ..WebhookKnobs::default()
    });
    magic_payout(&client, "403.00", "W-2")
        .await
        .expect("failed payout");
    let log = sender.log();
    let last = log.last().expect("queued");
    let secret = Secret::new(DEFAULT_WEBHOOK_SECRET);
    assert!(!webhook::verify(
        &secret,
        &last.body,
        &signature(&last.headers)
    ));
    let event = webhook::parse(&last.body).expect("parses");
    assert_eq!(event.event, webhook::WebhookEventName::Failed);
    assert_eq!(event.failure_code.as_deref(), Some("ACCOUNT_BLOCKED"));
    assert!(run.sim.resend_webhook("W-1"));
}

#[test]
fn openssl_signatures_verify() {
    let secret = "whsec_test_secret";
    let body = r#"{"event":"transaction.completed","transaction":{"id":"tx_abc123","client_reference":"INV-001","type":"COLLECTION","amount":500.00,"status":"SUCCEEDED"}}"#;
    let mut child = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", secret])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(body.as_bytes()).expect("written");
    }
    let out = child.wait_with_output().expect("output");
    let text = String::from_utf8(out.stdout).expect("utf8");
    // `SHA2-256(stdin)= <hex>` or `(stdin)= <hex>` depending on the version.
    let hex = text.rsplit("= ").next().expect("hex").trim().to_owned();
    assert_eq!(
        hex,
        "8cc219d6b81ca97bdcfcd47347fa54fcb7dbd7999815aa4b565c1ed95a31d3ae"
    );
    let s = Secret::new(secret);
    assert!(webhook::verify(&s, body.as_bytes(), &hex));
    assert!(!webhook::verify(
        &s,
        body.replace("INV-001", "INV-002").as_bytes(),
        &hex
    ));
    assert!(!webhook::verify(
        &Secret::new("whsec_other"),
        body.as_bytes(),
        &hex
    ));
}

#[tokio::test]
async fn malformed_bodies_are_errors_not_guesses() {
    use paydesk_sandbox::hexai::HexaiMalformed;
    let (run, client) = setup(|_| {}).await;
    run.sim
        .set_knobs(|k| k.malformed_body = Some(HexaiMalformed::GmdMismatch));
    let e = client.balance().await.expect_err("gmd off");
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("disagrees"), "{}", e.message);
    // A status word Paydesk does not know is no error: it is kept, and means Unknown.
    run.sim
        .set_knobs(|k| k.malformed_body = Some(HexaiMalformed::UnknownStatus));
    let page = client.transactions(1, 5).await.expect("read");
    assert_eq!(page.transactions[0].status, TransactionStatus::Unknown);
    assert_eq!(page.transactions[0].provider_status, "COMPLETED");
    run.sim
        .set_knobs(|k| k.malformed_body = Some(HexaiMalformed::MissingField));
    let e = client.stats().await.expect_err("missing");
    assert_eq!(e.kind, ErrorKind::Malformed);
    run.sim.set_knobs(|k| k.malformed_body = None);
    client.stats().await.expect("clean again");
}
