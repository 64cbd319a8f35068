//! The HG.Cash client against its simulator over real HTTP on 127.0.0.1: every endpoint, its
//! documented errors, fault knobs, recovery by `externalID`, and webhook-built history.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};
use paydesk_domain::{
    AccountId, BankDestination, Cuit, Currency, Direction, Money, PayoutRequest, Secret,
    TransactionKind, TransactionStatus,
};
use paydesk_providers::exact::JsonNumber;
use paydesk_providers::hgcash::wire::{self, CreateTransactionRequest};
use paydesk_providers::hgcash::{Applied, HgCashClient, Recovery, WebhookLedger, webhook};
use paydesk_providers::{
    BalanceSource, ErrorKind, HistorySource, HttpConfig, PayoutSink, RetryPolicy,
};
use paydesk_sandbox::faults::{AfterCommit, FaultAction, FaultRule, Malformed, Trigger};
use paydesk_sandbox::hgcash::{
    CashIn, Config, ForcedOutcome, RequestStatus, Running, SANDBOX_ACCOUNT_ID,
    SANDBOX_OTHER_ACCOUNT_ID, SANDBOX_OTHER_TOKEN, SANDBOX_SECOND_ACCOUNT_ID,
    SANDBOX_SIGNING_SECRET, SANDBOX_TOKEN, Simulator,
};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, WebhookKnobs};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn ars(text: &str) -> Money {
    Money::parse(text, Currency::from_code("ARS").expect("ARS")).expect("amount")
}

fn fast() -> HttpConfig {
    HttpConfig {
        timeout: StdDuration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: StdDuration::from_millis(10),
            max_delay: StdDuration::from_secs(2),
        },
    }
}

fn account() -> AccountId {
    AccountId::new("hgcash-main").expect("valid")
}

async fn start() -> (Running, HgCashClient) {
    start_with(|_| {}).await
}

async fn start_with(change: impl FnOnce(&mut Config)) -> (Running, HgCashClient) {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let mut config = Config::demo(clock);
    change(&mut config);
    let running = Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts");
    let client = client_for(&running, SANDBOX_TOKEN);
    (running, client)
}

fn client_for(running: &Running, token: &str) -> HgCashClient {
    HgCashClient::new(&running.base_url, Secret::new(token), account(), fast()).expect("client")
}

fn cash_out(source: &str, amount: &str, cbu: &str, external_id: &str) -> PayoutRequest {
    PayoutRequest::HgCashCashOut {
        account: account(),
        source_account_id: source.to_owned(),
        amount: ars(amount),
        destination: BankDestination::Cbu(cbu.to_owned()),
        from_name: Some("MUNDO OFERTA".into()),
        to_name: Some("María García".into()),
        to_cuit: Some(Cuit::parse("27987654321").expect("cuit")),
        concept: Some("Payment for services".into()),
        external_id: external_id.to_owned(),
    }
}

const CBU: &str = "1100015400000000000021";

fn raw_body(amount: &str) -> CreateTransactionRequest {
    CreateTransactionRequest {
        account_id: SANDBOX_ACCOUNT_ID.into(),
        amount: JsonNumber(d(amount)),
        to_cbu: Some(CBU.into()),
        to_cvu: None,
        external_id: None,
        webhook_url: None,
        from_name: None,
        to_name: None,
        from_cuit: None,
        to_cuit: None,
        concept: None,
        external_date: None,
        coelsa_code: None,
    }
}

#[tokio::test]
async fn accounts_and_balances_are_exact() {
    let (_running, client) = start().await;
    let list = client.accounts().await.expect("accounts");
    assert_eq!(list.count, Some(2));
    let main = list
        .data
        .iter()
        .find(|a| a.id == SANDBOX_ACCOUNT_ID)
        .expect("main");
    assert_eq!(
        main.figures().expect("figures").net_balance,
        ars("1000000.00")
    );
    assert_eq!(main.number.as_deref(), Some("0000151500037626120131"));

    let second = client
        .account_balance(SANDBOX_SECOND_ACCOUNT_ID)
        .await
        .expect("balance");
    let f = second.figures().expect("figures");
    assert_eq!(f.balance, ars("1000000.00"));
    assert_eq!(f.pending_fees, ars("1250.40"));
    assert_eq!(f.net_balance, ars("998749.60"));

    let balances = client.balances().await.expect("balances");
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].available, ars("1998749.60"));
    assert_eq!(balances[0].account, account());
}

#[tokio::test]
async fn bad_or_revoked_tokens_are_refused_with_the_observed_body() {
    let (running, _client) = start().await;
    let wrong = client_for(&running, "cash_0000");
    for result in [
        wrong.accounts().await.map(|_| ()),
        wrong.account_balance(SANDBOX_ACCOUNT_ID).await.map(|_| ()),
    ] {
        let e = result.expect_err("refused");
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(e.http_status, Some(401));
        assert_eq!(e.code, None);
        assert_eq!(
            e.message,
            "Missing or invalid authorization header. Expected: Bearer <token>"
        );
    }
    running.sim.revoke_token(SANDBOX_TOKEN);
    let e = client_for(&running, SANDBOX_TOKEN)
        .accounts()
        .await
        .expect_err("revoked");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    // The token never shows in an error or a debug print.
    assert!(!format!("{e:?} {:?}", client_for(&running, SANDBOX_TOKEN)).contains("cash_aa12"));
}

#[tokio::test]
async fn someone_elses_or_unknown_account_is_not_found() {
    let (_running, client) = start().await;
    for id in [
        SANDBOX_OTHER_ACCOUNT_ID,
        "00000000-0000-0000-0000-000000000000",
    ] {
        let e = client.account_balance(id).await.expect_err("not found");
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.http_status, Some(404));
        assert_eq!(e.code.as_deref(), Some("ACCOUNT_NOT_FOUND"));
    }
    let e = client
        .account_balance("../accounts")
        .await
        .expect_err("refused locally");
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.http_status, None);
}

#[tokio::test]
async fn a_cash_out_reserves_funds_and_settles_on_the_clock() {
    let (running, client) = start().await;
    let receipt = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "10000.50", CBU, "PD-0001"))
        .await
        .expect("created");
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.provider_status, "PENDING");
    // amount + 1% fee (100.01, rounded half up) is reserved at once.
    let after = client
        .account_balance(SANDBOX_ACCOUNT_ID)
        .await
        .expect("balance");
    assert_eq!(after.figures().expect("f").balance, ars("989899.49"));

    let status = client
        .transaction_status(&receipt.provider_id)
        .await
        .expect("status");
    assert_eq!(status.status.as_str(), "PENDING");
    assert_eq!(status.external_id.as_deref(), Some("PD-0001"));

    running.sim.clock().advance(Duration::seconds(2));
    let status = client
        .transaction_status(&receipt.provider_id)
        .await
        .expect("status");
    assert_eq!(status.to_receipt().status, TransactionStatus::Processing);
    assert_eq!(status.status.as_str(), "PROCESSING");

    running.sim.clock().advance(Duration::seconds(3));
    let status = client
        .transaction_status(&receipt.provider_id)
        .await
        .expect("status");
    assert_eq!(status.to_receipt().status, TransactionStatus::Succeeded);
    assert_eq!(
        status.updated_at().expect("time"),
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 5)
            .single()
            .expect("t")
    );
    let movements = running.sim.movements();
    assert_eq!(movements.len(), 1);
    assert_eq!(movements[0].amount, d("10000.50"));
    // DONE finalises: the reservation is not given back.
    let after = client
        .account_balance(SANDBOX_ACCOUNT_ID)
        .await
        .expect("balance");
    assert_eq!(after.figures().expect("f").balance, ars("989899.49"));
}

#[tokio::test]
async fn failed_and_cancelled_requests_release_the_reservation() {
    let (running, client) = start().await;
    let mut knobs = running.sim.knobs();
    knobs.force_status = Some(ForcedOutcome {
        status: RequestStatus::Error,
        error_code: Some("DESTINATION_ERROR".into()),
        error_message: Some("Insufficient funds on destination account".into()),
    });
    running.sim.set_knobs(knobs);
    let failed = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "5000", CBU, "PD-F"))
        .await
        .expect("created");
    let cancelled = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "7000", CBU, "PD-C"))
        .await
        .expect("created");
    running
        .sim
        .cancel_request(&cancelled.provider_id)
        .expect("cancel");
    running.sim.clock().advance(Duration::seconds(10));
    let r = client
        .transaction_status(&failed.provider_id)
        .await
        .expect("status")
        .to_receipt();
    assert_eq!(r.status, TransactionStatus::Failed);
    assert_eq!(
        r.failure_reason.as_deref(),
        Some("Insufficient funds on destination account (DESTINATION_ERROR)")
    );
    let r = client
        .transaction_status(&cancelled.provider_id)
        .await
        .expect("status")
        .to_receipt();
    assert_eq!(r.status, TransactionStatus::Cancelled);
    let after = client
        .account_balance(SANDBOX_ACCOUNT_ID)
        .await
        .expect("balance");
    assert_eq!(after.figures().expect("f").balance, ars("1000000.00"));
}

#[tokio::test]
async fn validation_errors_keep_the_providers_code() {
    let (_running, client) = start().await;
    let mut short = raw_body("100");
    short.to_cbu = Some("110001540000000000002".into()); // 21 digits
    let mut both = raw_body("100");
    both.to_cvu = Some("0000003100012345678901".into());
    let mut neither = raw_body("100");
    neither.to_cbu = None;
    let mut long_name = raw_body("100");
    long_name.to_name = Some("x".repeat(256));
    for (body, message) in [
        (short, "CBU/CVU must be exactly 22 digits"),
        (both, "Provide either toCBU or toCVU, not both"),
        (neither, "Provide either toCBU or toCVU"),
        (raw_body("0"), "amount must be positive"),
        (raw_body("-5"), "amount must be positive"),
        (
            raw_body("1.005"),
            "amount must have at most 2 decimal places",
        ),
        (long_name, "toName must be at most 255 characters"),
    ] {
        let e = client.create_transaction(&body).await.expect_err(message);
        assert_eq!(e.kind, ErrorKind::Validation, "{message}");
        assert_eq!(e.http_status, Some(400));
        assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(e.message, message);
    }
    // A 22-digit CBU with letters never leaves Paydesk: the domain refuses it.
    assert!(BankDestination::from_fields(Some("11000154000000000000ab"), None).is_err());
    // Someone else's account.
    let mut other = raw_body("100");
    other.account_id = SANDBOX_OTHER_ACCOUNT_ID.into();
    let e = client
        .create_transaction(&other)
        .await
        .expect_err("not ours");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (ErrorKind::NotFound, Some(404), Some("ACCOUNT_NOT_FOUND"))
    );
}

#[tokio::test]
async fn cbu_checksum_is_checked_only_when_the_knob_says() {
    let (running, client) = start().await;
    // The docs' own CBU fails the Argentine checksum and is accepted by default.
    client
        .create_transaction(&raw_body("100"))
        .await
        .expect("accepted");
    let mut knobs = running.sim.knobs();
    knobs.validate_cbu_checksum = true;
    running.sim.set_knobs(knobs);
    let e = client
        .create_transaction(&raw_body("100"))
        .await
        .expect_err("checksum");
    assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
}

#[tokio::test]
async fn insufficient_net_balance_is_409_with_the_maximum() {
    let (running, client) = start().await;
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "995000", CBU, "PD-BIG"))
        .await
        .expect_err("too much");
    assert_eq!(e.kind, ErrorKind::InsufficientFunds);
    assert_eq!(e.http_status, Some(409));
    assert_eq!(e.code.as_deref(), Some("INSUFFICIENT_NET_BALANCE"));
    assert!(!e.outcome_unknown());
    // details.maxWithdrawableAmount = floor2(1000000 / 1.01), read from the raw answer.
    let raw = reqwest::Client::new()
        .post(format!("{}/transactions", running.base_url))
        .bearer_auth(SANDBOX_TOKEN)
        .body(serde_json::to_string(&raw_body("995000")).expect("json"))
        .send()
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    let envelope = wire::parse_error(&raw).expect("envelope");
    let max = envelope
        .details
        .and_then(|d| d.max_withdrawable_amount)
        .expect("max");
    assert_eq!(max.0, d("990099.00"));
    // The maximum itself goes through.
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "990099.00", CBU, "PD-MAX"))
        .await
        .expect("fits");
}

#[tokio::test]
async fn external_id_is_unique_per_account_only() {
    let (running, client) = start().await;
    let first = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect("first");
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect_err("duplicate");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (
            ErrorKind::Conflict,
            Some(409),
            Some("DUPLICATE_EXTERNAL_ID")
        )
    );
    assert_eq!(e.message, "externalID already used on this account");
    let other = client
        .send(&cash_out(SANDBOX_SECOND_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect("other account");
    assert_ne!(first.provider_id, other.provider_id);
    assert_eq!(running.sim.requests().len(), 2);
}

#[tokio::test]
async fn a_blocked_account_cannot_cash_out() {
    let (running, client) = start().await;
    running
        .sim
        .set_account_status(SANDBOX_ACCOUNT_ID, "Bloqueada")
        .expect("set");
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-B"))
        .await
        .expect_err("blocked");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (
            ErrorKind::Forbidden,
            Some(409),
            Some("ACCOUNT_NOT_OPERATIVE")
        )
    );
    let list = client.accounts().await.expect("accounts");
    let main = list
        .data
        .iter()
        .find(|a| a.id == SANDBOX_ACCOUNT_ID)
        .expect("main");
    assert_eq!(main.status, wire::AccountStatus::Bloqueada);
}

#[tokio::test]
async fn status_of_an_unknown_or_foreign_request_is_not_found() {
    let (running, client) = start().await;
    let mine = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-S"))
        .await
        .expect("created");
    let other = client_for(&running, SANDBOX_OTHER_TOKEN);
    for (c, id) in [
        (&client, "789e0123-e89b-12d3-a456-426614174999"),
        (&other, mine.provider_id.as_str()),
    ] {
        let e = c.transaction_status(id).await.expect_err("not found");
        assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
        assert_eq!(e.message, "Transaction request not found");
    }
}

#[tokio::test]
async fn reference_data_with_or_without_a_token() {
    let (running, client) = start().await;
    let statuses = client.transaction_statuses().await.expect("statuses");
    assert!(statuses.success);
    let names: Vec<&str> = statuses.data.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["processing", "done", "failed"]);
    let types = client_for(&running, "cash_wrong")
        .transaction_types()
        .await
        .expect("no auth needed");
    let names: Vec<&str> = types.data.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["transfer", "payment", "deposit", "withdrawal"]);
}

#[tokio::test]
async fn rate_limits_are_retried_for_reads_and_reported_for_writes() {
    let (running, client) = start().await;
    let faults = running.sim.faults();
    faults.add(FaultRule::on(
        "GET /api/v1/accounts",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    client.accounts().await.expect("retried after Retry-After");
    faults.add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::RateLimit {
            retry_after_secs: Some(7),
        },
        Trigger::Next(1),
    ));
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-R"))
        .await
        .expect_err("429");
    assert_eq!((e.kind, e.http_status), (ErrorKind::RateLimited, Some(429)));
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(7)));
    assert!(running.sim.requests().is_empty());
    // The simulator's own per-minute budget (U12), on the clock.
    let mut knobs = running.sim.knobs();
    knobs.rate_limit_per_min = Some(2);
    running.sim.set_knobs(knobs);
    client.accounts().await.expect("1");
    client.accounts().await.expect("2");
    let e = client.accounts().await.expect_err("over budget");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.message, "Rate limit exceeded");
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(60)));
    running.sim.clock().advance(Duration::seconds(61));
    client.accounts().await.expect("a new minute");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_only() {
    let (running, client) = start().await;
    let faults = running.sim.faults();
    faults.add(FaultRule::on(
        "GET /api/v1/account/{id}/balance",
        FaultAction::Status {
            status: 503,
            code: "UNAVAILABLE".into(),
            message: "down".into(),
        },
        Trigger::Next(2),
    ));
    client
        .account_balance(SANDBOX_ACCOUNT_ID)
        .await
        .expect("third attempt");
    faults.add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::Status {
            status: 500,
            code: "INTERNAL_ERROR".into(),
            message: "boom".into(),
        },
        Trigger::Next(1),
    ));
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-5"))
        .await
        .expect_err("500");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref(), e.message.as_str()),
        (ErrorKind::Server, Some(500), Some("INTERNAL_ERROR"), "boom")
    );
    assert!(e.outcome_unknown());
    // Not resent: the fault fired once and nothing was created.
    assert_eq!(
        running
            .sim
            .faults()
            .fired()
            .iter()
            .filter(|f| f.endpoint.starts_with("POST"))
            .count(),
        1
    );
    assert!(running.sim.requests().is_empty());
    // The recovery re-send creates it now.
    let recovered = client
        .recover(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-5"))
        .await
        .expect("recovered");
    assert!(
        matches!(recovered, Recovery::Created(ref r) if r.status == TransactionStatus::Pending)
    );
    assert_eq!(running.sim.requests().len(), 1);
}

#[tokio::test]
async fn a_lost_answer_is_recovered_by_resending_the_same_external_id() {
    let (running, client) = start().await;
    running.sim.faults().add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Next(1),
    ));
    let request = cash_out(SANDBOX_ACCOUNT_ID, "2500", CBU, "PD-LOST");
    let e = client.send(&request).await.expect_err("answer lost");
    assert!(e.outcome_unknown(), "{e:?}");
    // No look-up by reference exists at HG.Cash, and the client says so.
    let e = client.find(&request).await.expect_err("unsupported");
    assert_eq!(e.kind, ErrorKind::Rejected);
    let created = running.sim.requests();
    assert_eq!(created.len(), 1);
    match client.recover(&request).await.expect("recovered") {
        Recovery::AlreadySubmitted { existing: Some(r) } => {
            assert_eq!(r.provider_id, created[0].id);
            assert_eq!(r.status, TransactionStatus::Pending);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(running.sim.requests().len(), 1, "never a second cash-out");
}

#[tokio::test]
async fn malformed_answers_are_errors() {
    let (running, client) = start().await;
    for kind in [Malformed::Truncated, Malformed::NotJson, Malformed::Empty] {
        running.sim.faults().add(FaultRule::on(
            "GET /api/v1/accounts",
            FaultAction::Malformed(kind),
            Trigger::Next(1),
        ));
        let e = client.accounts().await.expect_err("malformed");
        assert_eq!(e.kind, ErrorKind::Malformed, "{kind:?}");
    }
}

fn openssl_hmac(secret: &str, body: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("/usr/bin/openssl")
        .args(["dgst", "-sha256", "-hmac", secret])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(body)
        .expect("write");
    let out = child.wait_with_output().expect("output");
    let text = String::from_utf8(out.stdout).expect("utf8");
    text.rsplit(' ').next().expect("hex").trim().to_owned()
}

#[test]
fn signatures_made_by_openssl_are_accepted() {
    let body = br#"{"id":"040eac5b-a998-4879-9d8a-05fd2a08c625","externalID":"E-1","amount":"12000","currency":"ARS","direction":"Inbound","status":"hecha","type":"inbound","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires","accountId":"843d9d8b-6db8-47a2-8c22-23b198e99c15"}"#;
    let secret = Secret::new(SANDBOX_SIGNING_SECRET);
    let hex = openssl_hmac(SANDBOX_SIGNING_SECRET, body);
    assert_eq!(hex.len(), 64);
    let header = format!("sha256={hex}");
    assert!(webhook::verify(&secret, body, &header));
    assert!(webhook::verify(
        &secret,
        body,
        &format!("sha256={}", hex.to_uppercase())
    ));
    let mut tampered = body.to_vec();
    tampered[60] ^= 1;
    assert!(!webhook::verify(&secret, &tampered, &header));
    assert!(!webhook::verify(&Secret::new("whsec_other"), body, &header));
    assert!(webhook::verify_any(
        &[Secret::new("whsec_old"), secret],
        body,
        &header
    ));
}

type Inbox = Arc<Mutex<Vec<(Option<String>, Vec<u8>)>>>;

async fn receiver() -> (paydesk_sandbox::RunningServer, Inbox) {
    let inbox: Inbox = Arc::default();
    let sink = inbox.clone();
    let router = axum::Router::new().route(
        "/hooks/hgcash",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let sink = sink.clone();
                async move {
                    let signature = headers
                        .get("x-hg-webhook-signature")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    sink.lock().expect("inbox").push((signature, body.to_vec()));
                    "ok"
                }
            },
        ),
    );
    let server = paydesk_sandbox::serve(router, any_loopback_port())
        .await
        .expect("receiver");
    (server, inbox)
}

#[tokio::test]
async fn history_is_built_from_verified_webhooks() {
    let (running, client) = start_with(|c| c.history_size = 40).await;
    let (server, inbox) = receiver().await;
    let url = format!("{}/hooks/hgcash", server.base_url);
    running
        .sim
        .set_webhook_url(SANDBOX_TOKEN, Some(url))
        .expect("url");
    running.sim.webhooks().set_knobs(WebhookKnobs {
        duplicate_percent: 100,
        ..running.sim.webhooks().knobs()
    });

    assert_eq!(running.sim.emit_history(0..40), 40);
    let cash_in = running
        .sim
        .cash_in(
            SANDBOX_ACCOUNT_ID,
            CashIn {
                amount: d("12000"),
                from_name: Some("Jose Angel Gallucci".into()),
                from_cbu: Some("0000003100117987328844".into()),
                from_cuit: Some("20125680667".into()),
                coelsa_code: None,
            },
        )
        .expect("cash-in");
    let sent = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "15000.50", CBU, "PD-W1"))
        .await
        .expect("cash-out");
    running.sim.clock().advance(Duration::seconds(5));
    running.sim.deliver_webhooks().await;

    let ledger = WebhookLedger::new(account());
    let secrets = [Secret::new(SANDBOX_SIGNING_SECRET)];
    let mut outcomes = Vec::new();
    for (signature, body) in inbox.lock().expect("inbox").iter() {
        outcomes.push(
            ledger
                .receive(&secrets, body, signature.as_deref(), Utc::now())
                .expect("verified"),
        );
    }
    // Every event came twice (duplicate knob): the second copy changes nothing.
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == Applied::Duplicate)
            .count(),
        outcomes.len() / 2
    );

    let all = ledger.transactions();
    // 40 history + 1 cash-in + the request (PROCESSING then DONE) + its outbound movement.
    assert_eq!(all.len(), 43);
    let inbound = all
        .iter()
        .find(|t| t.provider_id == cash_in.id)
        .expect("cash-in");
    assert_eq!(
        (inbound.direction, inbound.kind, inbound.status),
        (
            Direction::In,
            TransactionKind::Collection,
            TransactionStatus::Succeeded
        )
    );
    assert_eq!(inbound.amount, ars("12000.00"));
    let request = ledger
        .find_by_reference("PD-W1")
        .expect("linked by externalID");
    assert_eq!(request.provider_id, sent.provider_id);
    assert_eq!(request.status, TransactionStatus::Succeeded);
    assert_eq!(request.amount, ars("15000.50"));
    assert!(all.iter().all(|t| t.check().is_ok()));
    let first = running.sim.history_movement(0).expect("record");
    let t = all
        .iter()
        .find(|t| t.provider_id == first.id)
        .expect("history record");
    assert_eq!(t.raw, first.webhook_body());

    // A stale status arriving late never moves a terminal record back.
    let processing = running
        .sim
        .deliveries()
        .into_iter()
        .find(|d| String::from_utf8_lossy(&d.body).contains("\"PROCESSING\""))
        .expect("processing");
    assert_eq!(
        ledger
            .receive(&secrets, &processing.body, None, Utc::now())
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Unauthorized)
    );
    let header = processing
        .headers
        .iter()
        .find(|(n, _)| n == "X-HG-Webhook-Signature")
        .map(|(_, v)| v.clone());
    assert_eq!(
        ledger
            .receive(&secrets, &processing.body, header.as_deref(), Utc::now())
            .expect("ok"),
        Applied::Duplicate
    );

    // The ledger pages its history from a cursor.
    let page = ledger.history_page(None).await.expect("page");
    assert_eq!(page.transactions.len(), 43);
    assert_eq!(page.next, None);
    let later = ledger
        .history_page(Some(&ledger.cursor()))
        .await
        .expect("page");
    assert!(later.transactions.is_empty());
    assert!(ledger.history_page(Some("page:2")).await.is_err());
}

#[tokio::test]
async fn a_bad_signature_knob_is_caught_and_a_manual_resend_is_byte_identical() {
    let (running, _client) = start().await;
    let (server, inbox) = receiver().await;
    running
        .sim
        .set_webhook_url(
            SANDBOX_TOKEN,
            Some(format!("{}/hooks/hgcash", server.base_url)),
        )
        .expect("url");
    running.sim.webhooks().set_knobs(WebhookKnobs {
        bad_signature_percent: 100,
        ..running.sim.webhooks().knobs()
    });
    running
        .sim
        .cash_in(
            SANDBOX_ACCOUNT_ID,
            CashIn {
                amount: d("500.25"),
                from_name: None,
                from_cbu: None,
                from_cuit: None,
                coelsa_code: None,
            },
        )
        .expect("cash-in");
    running.sim.deliver_webhooks().await;
    let ledger = WebhookLedger::new(account());
    let secret = [Secret::new(SANDBOX_SIGNING_SECRET)];
    let (sig, body) = inbox.lock().expect("inbox")[0].clone();
    assert_eq!(
        ledger
            .receive(&secret, &body, sig.as_deref(), Utc::now())
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Unauthorized)
    );
    let event_id = running.sim.deliveries()[0].event_id.clone();
    assert!(running.sim.replay_delivery(&event_id));
    running.sim.deliver_webhooks().await;
    let inbox = inbox.lock().expect("inbox");
    assert_eq!(inbox.len(), 2);
    assert_eq!(inbox[0], inbox[1]);
}

#[test]
fn a_million_history_records_cost_nothing_until_read() {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let sim = Simulator::new(Config {
        history_size: 1_000_000,
        ..Config::demo(clock.clone())
    });
    assert_eq!(sim.history_len(), 1_000_000);
    let last = sim.history_movement(999_999).expect("last");
    let first = sim.history_movement(0).expect("first");
    assert!(first.at >= clock.now() - Duration::days(90) && last.at <= clock.now());
    assert!(sim.history_movement(1_000_000).is_none());
    let event = webhook::parse(last.webhook_body().as_bytes()).expect("parses");
    assert!(event.to_transaction(&account(), Utc::now()).is_ok());
}

fn valid_documents() -> Vec<String> {
    vec![
        r#"{"data":[{"id":"843d9d8b","name":"C","balance":1000000.00,"pendingFees":0.00,"netBalance":1000000.00,"status":"Operativa","currency":"ARS"}],"count":1}"#.into(),
        r#"{"id":"3c90c3cc","balance":1000000.00,"currency":"ARS","pendingFees":1250.40,"netBalance":998749.60,"status":"Operativa"}"#.into(),
        r#"{"id":"789e0123","externalID":"REQ-2024-001234","createdAt":"2024-06-19T10:30:00Z","status":"PENDING"}"#.into(),
        r#"{"id":"789e0123","externalID":"REQ","status":"ERROR","errorMessage":"x","errorCode":"DESTINATION_ERROR","createdAt":"2024-06-19T10:30:00Z","updatedAt":"2024-06-19T10:31:12Z"}"#.into(),
        r#"{"success":true,"data":[{"id":1,"name":"processing"}]}"#.into(),
        r#"{"error":"x","code":"INSUFFICIENT_NET_BALANCE","details":{"maxWithdrawableAmount":990099.00}}"#.into(),
        r#"{"id":"040e","externalID":"E","amount":"12000","currency":"ARS","direction":"Inbound","status":"hecha","type":"inbound","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires","accountId":"843d"}"#.into(),
        r#"{"id":"789e","externalID":"R","amount":"15000.50","currency":"ARS","status":"DONE","type":"request","accountId":"550e","date":"2024-06-19T10:30:00","timezone":"America/Argentina/Buenos_Aires"}"#.into(),
    ]
}

fn every_parser(bytes: &[u8]) {
    let _ = wire::parse_account_list(bytes);
    let _ = wire::parse_account_balance(bytes);
    let _ = wire::parse_created(bytes);
    let _ = wire::parse_status(bytes);
    let _ = wire::parse_reference_list(bytes);
    let _ = wire::parse_error(bytes);
    let _ = wire::error_from(500, bytes);
    if let Ok(event) = webhook::parse(bytes) {
        let _ = event.to_transaction(&account(), Utc::now());
    }
    let ledger = WebhookLedger::new(account());
    let _ = ledger.receive(&[], bytes, None, Utc::now());
}

#[test]
fn every_valid_document_parses_with_its_parser() {
    let docs = valid_documents();
    assert!(wire::parse_account_list(docs[0].as_bytes()).is_ok());
    assert!(wire::parse_account_balance(docs[1].as_bytes()).is_ok());
    assert!(wire::parse_created(docs[2].as_bytes()).is_ok());
    assert!(wire::parse_status(docs[3].as_bytes()).is_ok());
    assert!(wire::parse_reference_list(docs[4].as_bytes()).is_ok());
    assert!(wire::parse_error(docs[5].as_bytes()).is_ok());
    assert!(webhook::parse(docs[6].as_bytes()).is_ok());
    assert!(webhook::parse(docs[7].as_bytes()).is_ok());
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        every_parser(&bytes);
    }

    #[test]
    fn truncated_documents_are_errors_not_panics(doc in 0usize..8, cut in 0usize..400) {
        let docs = valid_documents();
        let text = docs[doc].as_bytes();
        let end = cut.min(text.len().saturating_sub(1));
        let truncated = &text[..end];
        every_parser(truncated);
        prop_assert!(wire::parse_account_list(truncated).is_err());
        prop_assert!(webhook::parse(truncated).is_err());
    }
}
