//! The CashWeb simulator's reply profiles, read as raw JSON over loopback: the documented-only
//! replies carry exactly the keys CashWeb's own document shows, the unknown status word shows
//! while a transaction is open and then moves on, a repeated create without deduplication makes
//! a second transaction, and each CashWeb quirk answers its 409 leaving the first transaction
//! untouched. The default profile answers as it always did.

use std::collections::BTreeSet;

use chrono::{Duration, TimeZone, Utc};
use paydesk_sandbox::cashweb::{Config, Running, SANDBOX_API_KEY, Simulator};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, Quirk, UNKNOWN_STATUS_WORD, UnknownStatus, Variance};
use serde_json::{Value, json};

async fn start(variance: Variance) -> (Running, Clock) {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 2, 12, 12, 0, 0)
            .single()
            .expect("time"),
    );
    let mut config = Config::demo(clock.clone());
    config.history_size = 30;
    config.knobs.auto_progress = None;
    config.variance = variance;
    let running = Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts");
    (running, clock)
}

/// One call: the status and the JSON body.
async fn call(
    running: &Running,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", running.base_url))
        .header("x-api-key", SANDBOX_API_KEY);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("answers");
    let status = response.status().as_u16();
    let json = response.json().await.expect("JSON");
    (status, json)
}

async fn create(running: &Running, reference: &str, key: &str) -> (u16, Value) {
    let body = json!({"merchant_reference": reference, "fiat_amount": "16150.00",
        "crypto_currency": "usdt", "network": "trc20"});
    call(
        running,
        reqwest::Method::POST,
        "/transactions",
        Some(key),
        Some(body),
    )
    .await
}

async fn get(running: &Running, path: &str) -> (u16, Value) {
    call(running, reqwest::Method::GET, path, None, None).await
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

const TSQ_KEYS: [&str; 14] = [
    "id",
    "status",
    "crypto_currency",
    "crypto_amount",
    "rate",
    "amount",
    "created_at",
    "updated_at",
    "deposit_id",
    "deposit_status",
    "confirmations",
    "required_confirmations",
    "received_at",
    "confirmed_at",
];

#[tokio::test]
async fn documented_only_replies_carry_exactly_the_documented_keys() {
    let (running, _clock) = start(Variance::documented_only()).await;
    let (status, created) = create(&running, "order-4551", "k-1").await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(keys(&created), set(&["success", "data"]));
    assert_eq!(
        keys(&created["data"]),
        set(&[
            "id",
            "deposit_address",
            "network",
            "expires_at",
            "status",
            "rate",
            "amount",
            "crypto_amount",
            "crypto_currency",
            "merchant_reference",
            "merchant_id",
            "terminal_id",
        ])
    );
    assert_eq!(created["data"]["status"], "awaiting_deposit");
    let id = created["data"]["id"].as_str().expect("id").to_owned();

    let (_, tsq) = get(&running, &format!("/transactions/{id}")).await;
    assert_eq!(keys(&tsq), set(&["success", "data"]));
    assert_eq!(keys(&tsq["data"]), set(&TSQ_KEYS));
    let (_, by_reference) = get(&running, "/transactions/reference/ORDER-4551").await;
    assert_eq!(by_reference["data"], tsq["data"]);

    let (_, list) = get(&running, "/transactions?limit=5").await;
    assert_eq!(keys(&list["data"]), set(&["data", "next_cursor"]));
    let items = list["data"]["data"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|item| keys(item) == set(&TSQ_KEYS)));
    assert!(list["data"]["next_cursor"].is_string());

    let (status, quote) = call(
        &running,
        reqwest::Method::POST,
        "/quotes",
        None,
        Some(json!({"crypto_currency": "usdt", "network": "trc20", "fiat_amount": "1615.00"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(keys(&quote["data"]), set(&["quote_id", "expires_at"]));

    let (status, cancelled) = call(
        &running,
        reqwest::Method::POST,
        &format!("/transactions/{id}/cancel"),
        Some("cancel-1"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(
        cancelled,
        json!({"success": true, "data": {"id": id, "status": "cancelled"}})
    );

    let (status, error) = get(&running, "/transactions/reference/never-sent").await;
    assert_eq!(status, 404);
    assert_eq!(
        error,
        json!({"error": {"code": "NOT_FOUND", "message": "Transaction not found"}})
    );

    // The profile is read per request: back to the default, the full shapes come back.
    running.sim.set_variance(Variance::default());
    let (_, tsq) = get(&running, &format!("/transactions/{id}")).await;
    assert!(tsq["data"].get("merchant_reference").is_some());
    assert!(tsq.get("message").is_some());
    let (_, list) = get(&running, "/transactions?limit=5").await;
    assert_eq!(list["data"]["has_more"], true);
    let (_, error) = get(&running, "/transactions/reference/never-sent").await;
    assert!(error["error"]["timestamp"].is_string());
}

#[tokio::test]
async fn an_unknown_status_word_shows_while_open_then_moves_on() {
    let variance = Variance {
        unknown_status: Some(UnknownStatus {
            word: UNKNOWN_STATUS_WORD.to_owned(),
            every: 2,
        }),
        ..Variance::default()
    };
    let (running, clock) = start(variance).await;
    let (_, first) = create(&running, "u-0", "k-0").await;
    let (_, second) = create(&running, "u-1", "k-1").await;
    assert_eq!(first["data"]["status"], UNKNOWN_STATUS_WORD);
    assert_eq!(second["data"]["status"], "awaiting_deposit");
    let id = first["data"]["id"].as_str().expect("id").to_owned();
    let (_, tsq) = get(&running, &format!("/transactions/{id}")).await;
    assert_eq!(tsq["data"]["status"], UNKNOWN_STATUS_WORD);
    let (_, by_reference) = get(&running, "/transactions/reference/u-0").await;
    assert_eq!(by_reference["data"]["status"], UNKNOWN_STATUS_WORD);
    let (_, list) = get(&running, "/transactions?limit=2").await;
    assert_eq!(list["data"]["data"][1]["id"], json!(id));
    assert_eq!(list["data"]["data"][1]["status"], UNKNOWN_STATUS_WORD);
    // Generated history is all final: no unknown word there.
    assert!(
        running
            .sim
            .records()
            .iter()
            .take(30)
            .all(|r| r.json["status"] != UNKNOWN_STATUS_WORD)
    );
    // The deposit window closes: the transaction is final and says so.
    clock.advance(Duration::minutes(31));
    let (_, tsq) = get(&running, &format!("/transactions/{id}")).await;
    assert_eq!(tsq["data"]["status"], "expired");
}

#[tokio::test]
async fn without_deduplication_a_repeated_create_makes_a_second_transaction() {
    let (running, _clock) = start(Variance::default().without_dedup()).await;
    let before = running.sim.len();
    let (s1, first) = create(&running, "twice", "same-key").await;
    let (s2, second) = create(&running, "twice", "same-key").await;
    let (s3, third) = create(&running, "TWICE", "other-key").await;
    assert_eq!((s1, s2, s3), (201, 201, 201));
    let ids: BTreeSet<&str> = [&first, &second, &third]
        .iter()
        .filter_map(|v| v["data"]["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(running.sim.len(), before + 3);
    // The key is still required.
    let (status, _) = call(
        &running,
        reqwest::Method::POST,
        "/transactions",
        None,
        Some(json!({"merchant_reference": "x", "fiat_amount": "1.00",
            "crypto_currency": "usdt", "network": "trc20"})),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn idempotency_in_progress_answers_409_for_30_seconds_after_the_commit() {
    let (running, clock) = start(Variance::quirk(Quirk::CashWebIdempotencyInProgress)).await;
    let before = running.sim.len();
    let (status, first) = create(&running, "slow-1", "key-1").await;
    assert_eq!(status, 201);
    let (status, again) = create(&running, "slow-1", "key-1").await;
    assert_eq!(status, 409);
    assert_eq!(again["error"]["code"], "IDEMPOTENCY_IN_PROGRESS");
    assert_eq!(running.sim.len(), before + 1);
    clock.advance(Duration::seconds(31));
    let (status, replay) = create(&running, "slow-1", "key-1").await;
    assert_eq!(status, 201);
    assert_eq!(replay["data"], first["data"]);
    assert_eq!(running.sim.len(), before + 1);
}

#[tokio::test]
async fn a_duplicate_reference_answers_409_even_under_the_first_key() {
    let (running, _clock) = start(Variance::quirk(Quirk::CashWebDuplicateMerchantReference)).await;
    let before = running.sim.len();
    let (status, first) = create(&running, "dup-1", "key-1").await;
    assert_eq!(status, 201);
    for (reference, key) in [("dup-1", "key-1"), ("DUP-1", "key-2")] {
        let (status, again) = create(&running, reference, key).await;
        assert_eq!(status, 409, "{again}");
        assert_eq!(again["error"]["code"], "DUPLICATE_MERCHANT_REFERENCE");
    }
    assert_eq!(running.sim.len(), before + 1);
    let id = first["data"]["id"].as_str().expect("id");
    let record = running.sim.record(id).expect("kept");
    assert_eq!(record.json["merchant_reference"], "dup-1");
    assert_eq!(record.json["status"], "awaiting_deposit");
}
