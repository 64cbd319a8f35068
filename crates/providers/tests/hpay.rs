//! The HPAY client against its simulator over real HTTP on 127.0.0.1: every endpoint, its
//! documented errors, token renewal, fault knobs, paging and the notification hint.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use paydesk_domain::{AccountId, Currency, Money, Secret, TransactionStatus};
use paydesk_providers::hpay::wire::HistoryEntry;
use paydesk_providers::hpay::{
    HistoryCursor, HistoryQuery, HpayClient, HpayCredentials, HpayMode, NewPayment, PaymentStatus,
    webhook,
};
use paydesk_providers::{BalanceSource, ErrorKind, HistorySource, HttpConfig, RetryPolicy};
use paydesk_sandbox::Clock;
use paydesk_sandbox::faults::{AfterCommit, FaultAction, FaultRule, Malformed, Trigger};
use paydesk_sandbox::hpay::{
    Config, Knobs, NotifyMode, Running, SimMode, Simulator, TEST_API_KEY, TEST_PUBLIC_KEY,
    TEST_SECRET_KEY,
};
use rust_decimal::Decimal;

fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
        .single()
        .expect("valid time")
}

fn http_config() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        },
    }
}

fn credentials(secret: &str) -> HpayCredentials {
    HpayCredentials {
        api_key: Secret::new(TEST_API_KEY),
        public_key: Secret::new(TEST_PUBLIC_KEY),
        secret_key: Secret::new(secret),
    }
}

fn client_for(running: &Running, mode: HpayMode, secret: &str) -> HpayClient {
    let clock = running.sim.clock().clone();
    HpayClient::new(
        &running.base_url,
        credentials(secret),
        mode,
        AccountId::new("hpay-sandbox").expect("valid id"),
        http_config(),
    )
    .expect("client")
    .with_clock(Arc::new(move || clock.now()))
    .with_pacing(Duration::ZERO)
}

async fn start_with(history: usize, knobs: Knobs) -> (Running, HpayClient) {
    let mut config = Config::demo(Clock::manual(start_time()));
    config.history_size = history;
    config.knobs = knobs;
    let running = Simulator::new(config)
        .start(paydesk_sandbox::server::any_loopback_port())
        .await
        .expect("simulator starts");
    let client = client_for(&running, HpayMode::Test, TEST_SECRET_KEY);
    (running, client)
}

async fn start(history: usize) -> (Running, HpayClient) {
    start_with(history, Knobs::default()).await
}

fn xof(amount: i64) -> Money {
    Money::from_minor(amount, Currency::from_code("XOF").expect("known"))
}

fn new_payment(amount: i64, reference: Option<&str>) -> NewPayment {
    NewPayment {
        amount: xof(amount),
        product_name: "Achat de sac pour enfant".into(),
        description: "Sac d'école pour enfant de 4 à 10 ans".into(),
        reference: reference.map(str::to_owned),
        notify_url: "https://merchant.example/hooks/hpay".into(),
        success_url: "https://merchant.example/success".into(),
        cancel_url: "https://merchant.example/cancel".into(),
    }
}

fn assert_error(
    e: &paydesk_providers::ProviderError,
    kind: ErrorKind,
    status: u16,
    code: &str,
    message: &str,
) {
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(e.http_status, Some(status), "{e}");
    assert_eq!(e.code.as_deref(), Some(code), "{e}");
    assert_eq!(e.message, message, "{e}");
}

/// HPAY's raw JSON answer to a POST of `body` to `path`, bypassing the client.
async fn raw_json(running: &Running, path: &str, body: &serde_json::Value) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{}{path}", running.base_url))
        .json(body)
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json")
}

/// A rule answering the next call to `route` with `status` and HPAY's error 9.
fn unavailable_once(route: &str, status: u16) -> FaultRule {
    FaultRule::on(
        route,
        FaultAction::Status {
            status,
            code: "9".into(),
            message: "Service unavailable".into(),
        },
        Trigger::Next(1),
    )
}

/// Presses a button (`pay` or `cancel`) on the simulator's checkout page of one link.
async fn checkout(
    http: &reqwest::Client,
    running: &Running,
    button: &str,
    transaction_id: &str,
) -> reqwest::Response {
    http.post(format!(
        "{}/_sim/checkout/{button}?ref={transaction_id}",
        running.base_url
    ))
    .send()
    .await
    .expect(button)
}

/// The status HPAY's history gives one payment link, if it lists the link.
async fn listed_status(client: &HpayClient, transaction_id: &str) -> Option<PaymentStatus> {
    client
        .find_payment(transaction_id)
        .await
        .expect("read")
        .map(|e| e.item.status)
}

#[path = "hpay/coverage.rs"]
mod coverage;
#[path = "hpay/variance.rs"]
mod variance;

// ---- /getToken/ -----------------------------------------------------------------------

#[tokio::test]
async fn get_token_returns_a_token_and_the_balance_as_numbers() {
    let (running, client) = start(50).await;
    let grant = client.get_token().await.expect("token");
    assert!((30..=46).contains(&grant.token.expose().len()));
    assert_eq!(grant.lifetime, Duration::from_secs(900));
    assert_eq!(grant.generated_at, Some(start_time()));
    assert_eq!(grant.company.as_deref(), Some("WestSofts INC SARL"));
    assert_eq!(grant.mode.as_deref(), Some("TEST"));
    let (main, profit) = running.sim.balances(SimMode::Test);
    assert_eq!(grant.main_balance.map(|m| m.amount()), Some(main));
    assert_eq!(grant.profit_balance.map(|m| m.amount()), Some(profit));
    assert!(!main.is_zero(), "the seeded history has paid links");
    assert_eq!(running.sim.tokens_issued(), 1);
}

#[tokio::test]
async fn wrong_credentials_are_refused_with_code_1() {
    let (running, _) = start(5).await;
    let client = client_for(&running, HpayMode::Test, "not-the-secret");
    let e = client.get_token().await.expect_err("refused");
    assert_error(
        &e,
        ErrorKind::Unauthorized,
        200,
        "1",
        "Invalid API credentials",
    );
    let e = client.collect_balance().await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(!format!("{e} {e:?} {client:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn a_token_is_bound_to_its_mode() {
    let (running, client) = start(5).await;
    let token = client.get_token().await.expect("token");
    let body = serde_json::json!({
        "api_key": TEST_API_KEY, "api_public_key": TEST_PUBLIC_KEY,
        "token": token.token.expose(), "mode": "PROD",
    });
    let answer = raw_json(&running, "/getCollectBalance/", &body).await;
    assert_eq!(
        answer,
        serde_json::json!({"success": false, "message": "Mode mismatch", "error_code": 3})
    );
    // PROD has its own (empty) book.
    let prod = client_for(&running, HpayMode::Prod, TEST_SECRET_KEY);
    let balance = prod.collect_balance().await.expect("balance");
    assert!(balance.main_balance.is_zero());
    assert!(
        prod.payment_history(&HistoryQuery::default())
            .await
            .expect("history")
            .is_empty()
    );
}

// ---- Token renewal (acceptance) ---------------------------------------------------------

#[tokio::test]
async fn an_expiring_token_is_renewed_before_it_expires() {
    let (running, client) = start(5).await;
    client.collect_balance().await.expect("first call");
    assert_eq!(running.sim.tokens_issued(), 1);
    running.sim.clock().advance(chrono::Duration::minutes(11));
    client.collect_balance().await.expect("same token");
    assert_eq!(running.sim.tokens_issued(), 1);
    running.sim.clock().advance(chrono::Duration::minutes(2));
    client
        .collect_balance()
        .await
        .expect("renewed at 12 minutes");
    assert_eq!(running.sim.tokens_issued(), 2);
}

#[tokio::test]
async fn a_shortened_ttl_is_followed_from_livetime() {
    let knobs = Knobs {
        token_ttl_s: 120,
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let grant = client.get_token().await.expect("token");
    assert_eq!(grant.lifetime, Duration::from_secs(120));
    running.sim.clock().advance(chrono::Duration::seconds(100));
    client.collect_balance().await.expect("renewed at 96 s");
    assert_eq!(running.sim.tokens_issued(), 2);
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_retried() {
    let (running, client) = start(5).await;
    client.collect_balance().await.expect("first call");
    running.sim.invalidate_tokens();
    let balance = client
        .collect_balance()
        .await
        .expect("renewed transparently");
    assert_eq!(balance.company.as_deref(), Some("WestSofts INC SARL"));
    assert_eq!(running.sim.tokens_issued(), 2);
    // Expired on the simulator's clock although the client did not expect it yet.
    let knobs = Knobs {
        token_ttl_s: 30,
        ..Knobs::default()
    };
    running.sim.set_knobs(knobs);
    running.sim.clock().advance(chrono::Duration::seconds(31));
    client
        .payment_history(&HistoryQuery::default())
        .await
        .expect("renewed again");
    assert_eq!(running.sim.tokens_issued(), 3);
}

#[tokio::test]
async fn a_token_refused_twice_is_a_credentials_error() {
    let knobs = Knobs {
        token_ttl_s: 0,
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let e = client
        .collect_balance()
        .await
        .expect_err("every token is dead");
    assert_error(
        &e,
        ErrorKind::Unauthorized,
        200,
        "2",
        "Invalid or expired token",
    );
    assert_eq!(running.sim.tokens_issued(), 2, "renewed once, not more");
}

// ---- /payment/ ---------------------------------------------------------------------------

#[tokio::test]
async fn create_payment_returns_the_documented_shape() {
    let (running, client) = start(5).await;
    let link = client
        .create_payment(&new_payment(14_900, Some("ORD-1001")))
        .await
        .expect("created");
    assert_eq!(link.amount, xof(14_900));
    assert_eq!(link.fee, Some(xof(1_490)));
    assert!((10..=14).contains(&link.transaction_id.len()));
    assert_eq!(
        link.checkout_url,
        format!(
            "{}/_sim/checkout?ref={}",
            running.base_url, link.transaction_id
        )
    );
    assert!(link.raw.contains("\"amount\":\"14900\""), "{}", link.raw);
    assert!(link.raw.contains("\"fees\":1490"), "{}", link.raw);
    let receipt = link.receipt();
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.link.as_deref(), Some(link.checkout_url.as_str()));
    let held = running.sim.payment(&link.transaction_id).expect("held");
    assert_eq!(held.status, "UNPAID");
    assert_eq!(held.amount, Decimal::from(14_900));
    assert_eq!(
        held.description,
        "Sac d'école pour enfant de 4 à 10 ans [ref ORD-1001]"
    );
}

#[tokio::test]
async fn create_payment_validation_errors_keep_code_and_message() {
    let (running, client) = start(5).await;
    let mut bad = new_payment(1000, None);
    bad.notify_url = "ftp://merchant.example/hook".into();
    let e = client.create_payment(&bad).await.expect_err("refused");
    assert_error(
        &e,
        ErrorKind::Validation,
        200,
        "4",
        "Missing or invalid parameter: notify_url",
    );
    let e = client
        .create_payment(&new_payment(0, None))
        .await
        .expect_err("refused locally");
    assert_eq!(e.kind, ErrorKind::Validation);
    let mut cad = new_payment(1000, None);
    cad.amount = Money::from_minor(1000, Currency::from_code("CAD").expect("known"));
    let e = client
        .create_payment(&cad)
        .await
        .expect_err("wrong currency");
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.message, "this HPAY account is priced in XOF, not CAD");
    assert_eq!(running.sim.payment_count(SimMode::Test), 5);
    // A raw request with an amount XOF cannot hold.
    let token = client.get_token().await.expect("token");
    let body = format!(
        r#"{{"api_key":"{TEST_API_KEY}","public_key":"{TEST_PUBLIC_KEY}","mode":"TEST","amount":10.5,
        "product_name":"x","description":"","notify_url":"https://a.b/n","success_url":"https://a.b/s",
        "cancel_url":"https://a.b/c","token":"{}"}}"#,
        token.token.expose()
    );
    let answer = reqwest::Client::new()
        .post(format!("{}/payment/", running.base_url))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("answer")
        .text()
        .await
        .expect("text");
    assert_eq!(
        answer,
        r#"{"success":false,"message":"Missing or invalid parameter: amount","error_code":4}"#
    );
}

#[tokio::test]
async fn a_server_error_on_payment_is_not_resent() {
    let (running, client) = start(5).await;
    client.get_token().await.expect("token");
    running
        .sim
        .faults()
        .add(unavailable_once("POST /payment/", 502));
    let e = client
        .create_payment(&new_payment(5000, None))
        .await
        .expect_err("502");
    assert_error(&e, ErrorKind::Server, 502, "9", "Service unavailable");
    assert!(e.outcome_unknown());
    assert_eq!(
        running.sim.payment_count(SimMode::Test),
        5,
        "nothing created"
    );
    assert_eq!(running.sim.faults().fired().len(), 1, "sent once");
}

#[tokio::test]
async fn a_lost_payment_answer_is_recovered_by_reference() {
    let (running, client) = start(30).await;
    client.get_token().await.expect("token");
    running.sim.timeout_after_commit(AfterCommit::Drop);
    let e = client
        .create_payment(&new_payment(25_000, Some("ORD-77")))
        .await
        .expect_err("answer lost");
    assert!(e.outcome_unknown(), "{e}");
    let today = running.sim.clock().now().date_naive();
    let found = client
        .find_by_reference("ORD-77", today)
        .await
        .expect("scan");
    assert_eq!(found.len(), 1);
    let t = found[0]
        .to_transaction(client.account(), Utc::now())
        .expect("maps");
    assert_eq!(t.merchant_reference.as_deref(), Some("ORD-77"));
    assert_eq!(t.amount, xof(25_000));
    assert!(running.sim.payment(&t.provider_id).is_some());
    assert!(
        client
            .find_by_reference("ORD-78", today)
            .await
            .expect("scan")
            .is_empty()
    );
}

// ---- /getPaymentHistory/ ------------------------------------------------------------------

#[tokio::test]
async fn history_pages_newest_first_and_matches_the_simulator() {
    let (running, client) = start(120).await;
    let held = running.sim.payments(SimMode::Test);
    let page = client
        .payment_history(&HistoryQuery {
            offset: 10,
            count: 20,
            ..HistoryQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(page.len(), 20);
    let expected: Vec<_> = held.iter().rev().skip(10).take(20).collect();
    for (entry, want) in page.iter().zip(expected) {
        let t = entry
            .to_transaction(client.account(), Utc::now())
            .expect("maps");
        assert_eq!(t.provider_id, want.transaction_id);
        assert_eq!(t.amount.amount(), want.amount);
        assert_eq!(t.fee.map(|f| f.amount()), Some(want.fees));
        assert_eq!(t.net.map(|n| n.amount()), Some(want.profit));
        assert_eq!(t.provider_status, want.status);
        assert_eq!(t.created_at, want.created_at);
        assert!(entry.raw.contains("\"profit\":"));
        assert!(
            entry
                .raw
                .contains(&format!("\"amount\":\"{}.00\"", want.amount))
        );
    }
}

#[tokio::test]
async fn history_filters_by_status_dates_and_id() {
    let (running, client) = start(200).await;
    let held = running.sim.payments(SimMode::Test);
    let paid = client
        .payment_history(&HistoryQuery {
            status: Some(PaymentStatus::Paid),
            count: 500,
            ..HistoryQuery::default()
        })
        .await
        .expect("paid");
    assert_eq!(
        paid.len(),
        held.iter().filter(|p| p.status == "PAID").count()
    );
    assert!(paid.iter().all(|e| e.item.status == PaymentStatus::Paid));
    let day = held[100].created_at.date_naive();
    let that_day = client
        .payment_history(&HistoryQuery {
            date_from: Some(day),
            date_to: Some(day),
            count: 500,
            ..HistoryQuery::default()
        })
        .await
        .expect("one day");
    let want = held
        .iter()
        .filter(|p| p.created_at.date_naive() == day)
        .count();
    assert_eq!(that_day.len(), want);
    assert!(want > 0);
    let id = &held[42].transaction_id;
    let found = client.find_payment(id).await.expect("found").expect("some");
    assert_eq!(&found.item.transaction_id, id);
    assert_eq!(
        client
            .find_payment("NoSuchLink01")
            .await
            .expect("none")
            .map(|e| e.raw),
        None
    );
    let e = client
        .payment_history(&HistoryQuery {
            transaction_id: Some("NoSuchLink01".into()),
            ..HistoryQuery::default()
        })
        .await
        .expect_err("not found");
    assert_error(&e, ErrorKind::NotFound, 200, "5", "Transaction not found");
}

#[tokio::test]
async fn malformed_fetch_limit_is_error_4() {
    let (running, client) = start(5).await;
    let token = client.get_token().await.expect("token");
    let body = serde_json::json!({
        "api_key": TEST_API_KEY, "public_key": TEST_PUBLIC_KEY, "mode": "TEST", "statut": "",
        "date_from": "", "date_to": "", "fetch_limit": "fifty", "transaction_id": "",
        "token": token.token.expose(),
    });
    let answer = raw_json(&running, "/getPaymentHistory/", &body).await;
    assert_eq!(answer["error_code"], 4);
    assert_eq!(
        answer["message"],
        "Missing or invalid parameter: fetch_limit"
    );
}

async fn full_scan(client: &HpayClient, start: Option<String>) -> (Vec<String>, usize) {
    let mut cursor = start;
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        pages += 1;
        ids.extend(page.transactions.into_iter().map(|t| t.provider_id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return (ids, pages),
        }
    }
}

#[tokio::test]
async fn history_source_scans_everything_even_with_a_server_page_cap() {
    let (running, client) = start(137).await;
    let (ids, pages) = full_scan(&client, None).await;
    // UNPAID then PAID, each newest first: the seed allows only those two `statut` values.
    let held: Vec<_> = running
        .sim
        .payments(SimMode::Test)
        .into_iter()
        .rev()
        .collect();
    let in_order = |status: &str| {
        held.iter()
            .filter(|p| p.status == status)
            .map(|p| p.transaction_id.clone())
            .collect::<Vec<_>>()
    };
    let (unpaid, paid) = (in_order("UNPAID"), in_order("PAID"));
    assert!(!unpaid.is_empty() && !paid.is_empty());
    let expected: Vec<String> = unpaid.iter().chain(&paid).cloned().collect();
    assert_eq!(ids, expected);
    let pages_for = |n: usize, size: usize| n.div_ceil(size) + 1;
    assert_eq!(
        pages,
        pages_for(unpaid.len(), 50) + pages_for(paid.len(), 50),
        "each list ends on its own empty page"
    );
    running.sim.set_knobs(Knobs {
        history_page_max: Some(7),
        amount_as_string: true,
        ..Knobs::default()
    });
    let (ids, pages) = full_scan(&client, None).await;
    assert_eq!(ids, expected, "a cap below 50 does not end the scan early");
    assert_eq!(pages, pages_for(unpaid.len(), 7) + pages_for(paid.len(), 7));
    // A later sync re-scans the trailing week only.
    let today = running.sim.clock().now().date_naive();
    let (recent, _) = full_scan(&client, Some(HpayClient::rescan_cursor(today))).await;
    assert!(!recent.is_empty() && recent.len() < held.len());
    let e = client
        .history_page(Some("yesterday"))
        .await
        .expect_err("bad cursor");
    assert_eq!(e.kind, ErrorKind::Validation);
    for bad in ["ALL:*@0", ":*@0", "PAID:2026-03-03", "PAID:today@1"] {
        assert!(bad.parse::<HistoryCursor>().is_err(), "{bad}");
    }
    let round = |text: &str| text.parse::<HistoryCursor>().map(|c| c.to_string()).ok();
    assert_eq!(
        round("PAID:2026-03-03@50").as_deref(),
        Some("PAID:2026-03-03@50")
    );
    assert_eq!(round("UNPAID:*@7").as_deref(), Some("UNPAID:*@7"));
    // A cursor an earlier Paydesk saved (one list of every status) restarts that window at
    // UNPAID, offset 0: nothing is skipped.
    assert_eq!(
        round("2026-03-03@50").as_deref(),
        Some("UNPAID:2026-03-03@0")
    );
}

#[tokio::test]
async fn a_resumed_walk_continues_exactly_where_its_cursor_says() {
    let (running, client) = start(120).await;
    let (all, _) = full_scan(&client, None).await;
    // Stop after each page, then resume from the saved cursor text: same records, same order.
    let mut resumed = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        resumed.extend(page.transactions.into_iter().map(|t| t.provider_id));
        let Some(next) = page.next else { break };
        let parsed: HistoryCursor = next.parse().expect("our own cursor");
        assert!(PaymentStatus::DOCUMENTED.contains(&parsed.status), "{next}");
        cursor = Some(parsed.to_string());
    }
    assert_eq!(resumed, all);
    assert_eq!(all.len(), running.sim.payment_count(SimMode::Test));
}

#[tokio::test]
async fn flipped_number_types_read_the_same() {
    let (running, client) = start(40).await;
    let plain = client
        .payment_history(&HistoryQuery::default())
        .await
        .expect("plain");
    let balance = client.collect_balance().await.expect("balance");
    running.sim.set_knobs(Knobs {
        amount_as_string: true,
        ..Knobs::default()
    });
    let flipped = client
        .payment_history(&HistoryQuery::default())
        .await
        .expect("flipped");
    assert!(flipped[0].raw.contains("\"amount\":"));
    assert_ne!(plain[0].raw, flipped[0].raw);
    let map = |entries: &[HistoryEntry]| {
        entries
            .iter()
            .map(|e| {
                let t = e
                    .to_transaction(client.account(), start_time())
                    .expect("maps");
                (t.provider_id, t.amount, t.fee, t.net, t.status)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(map(&plain), map(&flipped));
    assert_eq!(client.collect_balance().await.expect("balance"), balance);
    let grant = client.get_token().await.expect("token");
    assert_eq!(grant.main_balance, Some(balance.main_balance));
    let link = client
        .create_payment(&new_payment(700, None))
        .await
        .expect("link");
    assert_eq!(link.fee, Some(xof(70)));
}

// ---- /getCollectBalance/ --------------------------------------------------------------------

#[tokio::test]
async fn balances_move_when_a_link_is_paid() {
    let (running, client) = start(60).await;
    let before = client.collect_balance().await.expect("balance");
    assert_eq!(before.company.as_deref(), Some("WestSofts INC SARL"));
    let (main, profit) = running.sim.balances(SimMode::Test);
    assert_eq!(before.main_balance.amount(), main);
    assert_eq!(before.profit_balance.amount(), profit);
    let link = client
        .create_payment(&new_payment(7000, None))
        .await
        .expect("link");
    assert!(running.sim.pay(&link.transaction_id));
    assert!(!running.sim.pay(&link.transaction_id), "PAID is terminal");
    let after = client.collect_balance().await.expect("balance");
    assert_eq!(
        after.main_balance,
        before
            .main_balance
            .checked_add(&xof(7000))
            .expect("same currency")
    );
    assert_eq!(
        after.profit_balance,
        before
            .profit_balance
            .checked_add(&xof(6300))
            .expect("same currency")
    );
    let balances = client.balances().await.expect("trait");
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].available, after.main_balance);
    assert_eq!(balances[0].as_of, start_time());
}

// ---- /getFees/ and /getCountry/ -----------------------------------------------------------

#[tokio::test]
async fn fees_quote_the_documented_example() {
    let (_running, client) = start(5).await;
    let quote = client
        .fees(Decimal::from(100), "USD", "XOF")
        .await
        .expect("quote");
    assert_eq!(quote.rate.to_string(), "558.427617");
    assert_eq!(quote.amount_converted.to_string(), "55842.7617");
    assert!(quote.fee_percent.is_zero());
    assert_eq!(quote.total.to_string(), "55842.7617");
    assert_eq!(
        quote.message.as_deref(),
        Some("Data Fetched, convertion of 100 USD to XOF")
    );
    let e = client
        .fees(Decimal::from(100), "ZZZ", "XOF")
        .await
        .expect_err("unknown");
    assert_error(
        &e,
        ErrorKind::Validation,
        200,
        "4",
        "Missing or invalid parameter: from_currency",
    );
}

#[tokio::test]
async fn countries_come_keyed_by_iso_code() {
    let (_running, client) = start(5).await;
    let countries = client.countries().await.expect("countries");
    let dz = countries.iter().find(|c| c.code == "DZ").expect("Algeria");
    assert_eq!(dz.name, "Algeria");
    assert_eq!(dz.currency.as_deref(), Some("DZD"));
    assert_eq!(dz.prefixes.as_deref(), Some("213"));
    assert_eq!(
        (dz.msisdn_length_min, dz.msisdn_length_max),
        (Some(10), Some(15))
    );
    assert!(
        countries
            .iter()
            .any(|c| c.code == "SN" && c.currency.as_deref() == Some("XOF"))
    );
}

// ---- Transport and business faults ------------------------------------------------------------

#[tokio::test]
async fn reads_retry_through_429_and_5xx() {
    let (running, client) = start(5).await;
    client.get_token().await.expect("token");
    running.sim.faults().add(FaultRule::on(
        "POST /getCollectBalance/",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    running
        .sim
        .faults()
        .add(unavailable_once("POST /getPaymentHistory/", 503));
    client.collect_balance().await.expect("retried after 429");
    client
        .payment_history(&HistoryQuery::default())
        .await
        .expect("retried after 503");
    running.sim.faults().add(FaultRule::on(
        "POST /getCountry/",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Always,
    ));
    let e = client.countries().await.expect_err("always 429");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.http_status, Some(429));
    assert_eq!(e.retry_after, Some(Duration::ZERO));
    assert_eq!(e.message, "Too many requests, slow down.");
    running.sim.faults().clear();
    running.sim.set_http_error_percent(500, 100);
    let e = client.collect_balance().await.expect_err("always 500");
    assert_error(&e, ErrorKind::Server, 500, "9", "Service unavailable");
}

#[tokio::test]
async fn business_errors_and_malformed_bodies() {
    let (running, client) = start(5).await;
    client.get_token().await.expect("token");
    running.sim.set_knobs(Knobs {
        business_error_percent: 100,
        ..Knobs::default()
    });
    let e = client.collect_balance().await.expect_err("error 9");
    assert_error(&e, ErrorKind::Server, 200, "9", "Service unavailable");
    running.sim.set_knobs(Knobs::default());
    for kind in [Malformed::NotJson, Malformed::Truncated, Malformed::Empty] {
        running.sim.faults().add(FaultRule::on(
            "POST /getCollectBalance/",
            FaultAction::Malformed(kind),
            Trigger::Next(1),
        ));
        let e = client.collect_balance().await.expect_err("malformed");
        assert_eq!(e.kind, ErrorKind::Malformed, "{kind:?}: {e}");
    }
}

// ---- Checkout, notifications, auto-pay ---------------------------------------------------------

type Received = Arc<Mutex<Vec<(String, Option<String>, Vec<u8>)>>>;

/// A tiny HTTP receiver on loopback (plain tokio, one request per connection) that records
/// each request's method, query and body.
async fn receiver() -> (String, Received, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let received: Received = Arc::default();
    let sink = received.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = socket.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (name, value) = l.split_once(':')?;
                            name.eq_ignore_ascii_case("content-length")
                                .then(|| value.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        let line = text.lines().next().unwrap_or("").to_owned();
                        let mut parts = line.split(' ');
                        let method = parts.next().unwrap_or("").to_owned();
                        let target = parts.next().unwrap_or("");
                        let query = target.split_once('?').map(|(_, q)| q.to_owned());
                        let body = data[end + 4..end + 4 + length].to_vec();
                        sink.lock().expect("lock").push((method, query, body));
                        let _ = socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                            .await;
                        break;
                    }
                }
            }
        }
    });
    (format!("http://{addr}/hooks/hpay"), received, task)
}

#[tokio::test]
async fn checkout_pay_notifies_and_history_confirms() {
    let (running, client) = start(5).await;
    let (hook, received, _server) = receiver().await;
    let mut payment = new_payment(12_500, None);
    payment.notify_url = hook;
    let link = client.create_payment(&payment).await.expect("link");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = http.get(&link.checkout_url).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("<button>Pay</button>")
    );
    let cancel = checkout(&http, &running, "cancel", &link.transaction_id).await;
    assert_eq!(cancel.status(), 303);
    assert_eq!(
        cancel.headers()["location"],
        "https://merchant.example/cancel"
    );
    assert_eq!(
        running
            .sim
            .payment(&link.transaction_id)
            .expect("held")
            .status,
        "UNPAID"
    );
    let pay = checkout(&http, &running, "pay", &link.transaction_id).await;
    assert_eq!(pay.status(), 303);
    assert_eq!(
        pay.headers()["location"],
        "https://merchant.example/success"
    );
    assert_eq!(running.sim.deliver_notifications().await, 1);
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "POST");
    let hint = webhook::parse(&got[0].2).expect("notification");
    assert_eq!(hint.transaction_id, link.transaction_id);
    assert_eq!(hint.status, Some(PaymentStatus::Paid));
    assert_eq!(hint.event.as_deref(), Some("payment.paid"));
    // The hint is only a hint: the truth comes from the history.
    let truth = client
        .find_payment(&hint.transaction_id)
        .await
        .expect("read")
        .expect("known");
    let t = truth
        .to_transaction(client.account(), running.sim.clock().now())
        .expect("maps");
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(t.amount, xof(12_500));
}

#[tokio::test]
async fn notify_modes_get_query_and_none() {
    let knobs = Knobs {
        notify_mode: NotifyMode::GetQuery,
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let (hook, received, _server) = receiver().await;
    let mut payment = new_payment(3000, None);
    payment.notify_url = hook.clone();
    let link = client.create_payment(&payment).await.expect("link");
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/_sim/payments/{}/pay",
            running.base_url, link.transaction_id
        ))
        .send()
        .await
        .expect("pay");
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.expect("json");
    assert_eq!(body["status"], "PAID");
    running.sim.deliver_notifications().await;
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "GET");
    let hint = webhook::parse_query(got[0].1.as_deref().unwrap_or("")).expect("hint");
    assert_eq!(hint.transaction_id, link.transaction_id);
    let unknown = reqwest::Client::new()
        .post(format!(
            "{}/_sim/payments/Nope12345678/pay",
            running.base_url
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(unknown.status(), 404);
    running.sim.set_knobs(Knobs {
        notify_mode: NotifyMode::None,
        ..Knobs::default()
    });
    payment.amount = xof(4000);
    let silent = client.create_payment(&payment).await.expect("link");
    assert!(running.sim.pay(&silent.transaction_id));
    running.sim.deliver_notifications().await;
    assert_eq!(received.lock().expect("lock").len(), 1, "nothing more sent");
}

#[tokio::test]
async fn auto_pay_happens_on_the_clock() {
    let knobs = Knobs {
        auto_pay_after_s: Some(30),
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let link = client
        .create_payment(&new_payment(9000, None))
        .await
        .expect("link");
    assert_eq!(
        listed_status(&client, &link.transaction_id).await,
        Some(PaymentStatus::Unpaid)
    );
    running.sim.clock().advance(chrono::Duration::seconds(31));
    assert_eq!(
        listed_status(&client, &link.transaction_id).await,
        Some(PaymentStatus::Paid)
    );
    let held = running.sim.payment(&link.transaction_id).expect("held");
    assert_eq!(
        held.paid_at,
        Some(start_time() + chrono::Duration::seconds(31))
    );
}

// ---- Seeded data ------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_seed_gives_the_same_history() {
    let a = Simulator::new(Config::demo(Clock::manual(start_time())));
    let b = Simulator::new(Config::demo(Clock::manual(start_time())));
    let mut other = Config::demo(Clock::manual(start_time()));
    other.seed = 7;
    let c = Simulator::new(other);
    assert_eq!(a.payments(SimMode::Test), b.payments(SimMode::Test));
    assert_ne!(a.payments(SimMode::Test), c.payments(SimMode::Test));
    let held = a.payments(SimMode::Test);
    assert_eq!(held.len(), 400);
    let ids: HashSet<_> = held.iter().map(|p| &p.transaction_id).collect();
    assert_eq!(ids.len(), 400);
    let oldest = start_time() - chrono::Duration::days(90);
    assert!(
        held.iter()
            .all(|p| p.created_at >= oldest && p.created_at < start_time())
    );
    assert!(held.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    assert!(
        held.iter()
            .all(|p| p.fees + p.profit == p.amount && p.amount > Decimal::ZERO)
    );
}

#[tokio::test]
async fn notification_delivery_knobs_delay_duplicate_and_drop() {
    let knobs = Knobs {
        notify_delay_s: 60,
        notify_duplicate_percent: 100,
        ..Knobs::default()
    };
    let (running, client) = start_with(5, knobs).await;
    let (hook, received, _server) = receiver().await;
    let mut payment = new_payment(2500, None);
    payment.notify_url = hook;
    let link = client.create_payment(&payment).await.expect("link");
    assert!(running.sim.pay(&link.transaction_id));
    assert_eq!(running.sim.deliver_notifications().await, 0, "not due yet");
    running.sim.clock().advance(chrono::Duration::seconds(61));
    assert_eq!(running.sim.deliver_notifications().await, 2, "sent twice");
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].2, got[1].2, "the same bytes both times");
    running.sim.set_knobs(Knobs {
        notify_drop_percent: 100,
        ..Knobs::default()
    });
    let dropped = client.create_payment(&payment).await.expect("link");
    assert!(running.sim.pay(&dropped.transaction_id));
    running.sim.clock().advance(chrono::Duration::seconds(120));
    assert_eq!(running.sim.deliver_notifications().await, 0);
    assert!(running.sim.webhooks().log().iter().any(|d| d.dropped));
    // Polling still finds the truth.
    let truth = client
        .find_payment(&dropped.transaction_id)
        .await
        .expect("read")
        .expect("known");
    assert_eq!(truth.item.status, PaymentStatus::Paid);
}

#[tokio::test]
async fn latency_knob_delays_but_answers() {
    let (running, client) = start(5).await;
    running
        .sim
        .set_latency(Duration::from_millis(5), Duration::from_millis(15));
    client.collect_balance().await.expect("slow but fine");
    assert!(
        running
            .sim
            .faults()
            .fired()
            .iter()
            .any(|f| matches!(f.action, FaultAction::Latency { .. }))
    );
}
