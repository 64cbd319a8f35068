//! The Hexai simulator's reply profiles over real HTTP: documented-only replies carry exactly
//! the seed's fields (or, where the seed shows no reply, the least one), an unknown status word
//! shows while a record is pending and then gives way to its final status, and without
//! deduplication a reference used twice makes two records. The default profile is unchanged.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use paydesk_sandbox::Clock;
use paydesk_sandbox::hexai::{Config, DEFAULT_TEST_KEY, Env, Running, Simulator, Status};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::variance::{UnknownStatus, Variance};
use serde_json::{Value, json};

async fn start(variance: Variance) -> Running {
    let start: DateTime<Utc> = "2026-01-25T10:15:00Z".parse().expect("time");
    let mut config = Config::demo(Clock::manual(start));
    config.history_size = 12;
    config.variance = variance;
    config.knobs.webhook_url = Some("http://127.0.0.1:9/none".into());
    Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts")
}

async fn call(run: &Running, method: &str, path: &str, body: Option<Value>) -> Value {
    let http = reqwest::Client::new();
    let url = format!("{}{path}", run.api_base_url());
    let request = match method {
        "POST" => http.post(url).json(&body.unwrap_or(Value::Null)),
        _ => http.get(url),
    };
    let response = request
        .bearer_auth(DEFAULT_TEST_KEY)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 200, "{method} {path}");
    response.json().await.expect("JSON")
}

fn payout(amount: &str, reference: &str) -> Value {
    json!({"amount": amount, "currency": "GMD", "recipient_mobile": "+2201234567",
           "client_reference": reference})
}

fn collection(amount: &str, reference: &str) -> Value {
    json!({"amount": amount, "currency": "GMD", "client_reference": reference})
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn set(words: &[&'static str]) -> BTreeSet<&'static str> {
    words.iter().copied().collect()
}

#[tokio::test]
async fn documented_only_replies_carry_only_the_seed_fields() {
    let run = start(Variance::documented_only()).await;
    assert!(run.sim.variance().documented_only);
    let paid = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("50.00", "OUT-101")),
    )
    .await;
    assert_eq!(keys(&paid), set(&["status", "data"]));
    assert_eq!(keys(&paid["data"]), set(&["transaction_id", "status"]));
    // The magic-amount table's word for a settled transaction.
    assert_eq!(paid["data"]["status"], "SUCCESS");
    run.sim.clock().advance(Duration::seconds(1));
    let failed = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("403.00", "OUT-403")),
    )
    .await;
    assert_eq!(keys(&failed["data"]), set(&["transaction_id", "status"]));
    assert_eq!(failed["data"]["status"], "FAILED");

    let status = call(&run, "GET", "/collections/status/OUT-101", None).await;
    assert_eq!(
        keys(&status["data"]),
        set(&["transaction_id", "client_reference", "status"])
    );
    assert_eq!(
        status["data"]["transaction_id"],
        paid["data"]["transaction_id"]
    );
    assert_eq!(status["data"]["client_reference"], "OUT-101");

    run.sim.clock().advance(Duration::seconds(1));
    let created = call(
        &run,
        "POST",
        "/collections/initiate",
        Some(collection("75.00", "ORDER-1")),
    )
    .await;
    assert_eq!(
        keys(&created["data"]),
        set(&["transaction_id", "redirect_url", "status"])
    );
    assert_eq!(created["data"]["status"], "PENDING");

    // The list: the page's items under `data`, no figures; each the seed's webhook object.
    let page = call(&run, "GET", "/client/transactions?page=1&limit=5", None).await;
    assert_eq!(keys(&page), set(&["status", "data"]));
    let items = page["data"].as_array().expect("a bare array");
    assert_eq!(items.len(), 5);
    for item in items {
        assert_eq!(
            keys(item),
            set(&["id", "client_reference", "type", "amount", "status"])
        );
        assert!(item["amount"].is_number(), "{item}");
    }
    assert_eq!(items[0]["client_reference"], "ORDER-1");
    // Amounts are written as the webhook example writes them: a number with two decimals.
    let text = reqwest::Client::new()
        .get(format!(
            "{}/client/transactions?page=1&limit=2",
            run.api_base_url()
        ))
        .bearer_auth(DEFAULT_TEST_KEY)
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    assert!(text.contains(r#""amount":403.00,"#), "{text}");
    let last = call(&run, "GET", "/client/transactions?page=4&limit=5", None).await;
    assert_eq!(
        last["data"].as_array().map(Vec::len),
        Some(0),
        "15 records in all"
    );
    // The balance answer is shown in full by the seed: unchanged.
    let balance = call(&run, "GET", "/client/balance", None).await;
    assert_eq!(keys(&balance["data"]).len(), 12);

    // Webhooks keep the seed's example fields, and no failure code.
    let log = run.sim.webhooks().log();
    let bodies: Vec<Value> = log
        .iter()
        .map(|d| serde_json::from_slice(&d.body).expect("JSON"))
        .collect();
    assert_eq!(bodies.len(), 2);
    for body in &bodies {
        assert_eq!(
            keys(&body["transaction"]),
            set(&["id", "client_reference", "type", "amount", "status"])
        );
    }
    assert_eq!(bodies[0]["transaction"]["status"], "SUCCEEDED");
    assert_eq!(bodies[1]["transaction"]["status"], "FAILED");
}

#[tokio::test]
async fn the_default_profile_keeps_every_field() {
    let run = start(Variance::default()).await;
    assert_eq!(run.sim.variance(), Variance::default());
    let paid = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("50.00", "OUT-1")),
    )
    .await;
    assert_eq!(
        keys(&paid["data"]),
        set(&[
            "transaction_id",
            "client_reference",
            "type",
            "amount_bututs",
            "amount_gmd",
            "currency",
            "recipient_mobile",
            "status"
        ])
    );
    assert_eq!(paid["data"]["status"], "SUCCEEDED");
    let page = call(&run, "GET", "/client/transactions?page=1&limit=5", None).await;
    assert_eq!(keys(&page["data"]), set(&["transactions", "pagination"]));
    assert_eq!(page["data"]["pagination"]["total"], 13);
    let status = call(&run, "GET", "/collections/status/OUT-1", None).await;
    assert_eq!(keys(&status["data"]).len(), 10);
    assert_eq!(run.sim.shown_status("OUT-1").as_deref(), Some("SUCCEEDED"));
}

#[tokio::test]
async fn an_unknown_word_shows_while_pending_then_the_record_settles() {
    let every_one = UnknownStatus {
        every: 1,
        ..UnknownStatus::default()
    };
    let run = start(Variance {
        unknown_status: Some(every_one),
        ..Variance::default()
    })
    .await;
    run.sim
        .set_knobs(|k| k.payout_settle_delay = Duration::seconds(3));
    let created = call(
        &run,
        "POST",
        "/collections/initiate",
        Some(collection("75.00", "ORDER-2")),
    )
    .await;
    assert_eq!(created["data"]["status"], "ON_HOLD");
    let paid = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("20.00", "OUT-2")),
    )
    .await;
    assert_eq!(paid["data"]["status"], "ON_HOLD");
    for reference in ["ORDER-2", "OUT-2"] {
        let path = format!("/collections/status/{reference}");
        assert_eq!(
            call(&run, "GET", &path, None).await["data"]["status"],
            "ON_HOLD"
        );
        assert_eq!(run.sim.shown_status(reference).as_deref(), Some("ON_HOLD"));
    }
    let page = call(&run, "GET", "/client/transactions?page=1&limit=2", None).await;
    for item in page["data"]["transactions"].as_array().expect("items") {
        assert_eq!(item["status"], "ON_HOLD");
    }
    // Settled records show their own status again; so do the final ones of the history.
    run.sim.clock().advance(Duration::seconds(5));
    for reference in ["ORDER-2", "OUT-2"] {
        let path = format!("/collections/status/{reference}");
        assert_eq!(
            call(&run, "GET", &path, None).await["data"]["status"],
            "SUCCEEDED"
        );
    }
    assert_eq!(
        run.sim.record("OUT-2").map(|r| r.status),
        Some(Status::Succeeded)
    );
    for record in run.sim.records(Env::Test) {
        let word = run.sim.shown_status(&record.id).expect("shown");
        match record.status {
            Status::Pending => assert_eq!(word, "ON_HOLD"),
            status => assert_eq!(word, status.as_str()),
        }
    }
    // One record in three by default, counted in creation order: of three new pending
    // collections, exactly one reads as the unknown word.
    run.sim.set_variance(Variance::unknown_status());
    let mut words = Vec::new();
    for n in 0..3 {
        let reference = format!("ORDER-3{n}");
        let created = call(
            &run,
            "POST",
            "/collections/initiate",
            Some(collection("10.00", &reference)),
        )
        .await;
        words.push(created["data"]["status"].as_str().unwrap_or("").to_owned());
    }
    assert_eq!(
        words.iter().filter(|w| *w == "ON_HOLD").count(),
        1,
        "{words:?}"
    );
    assert_eq!(
        words.iter().filter(|w| *w == "PENDING").count(),
        2,
        "{words:?}"
    );
}

#[tokio::test]
async fn without_dedup_a_reference_used_twice_makes_two_records() {
    let run = start(Variance::default()).await;
    let first = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("25.00", "PD-twice")),
    )
    .await;
    let replay = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("25.00", "PD-twice")),
    )
    .await;
    assert_eq!(
        first["data"]["transaction_id"],
        replay["data"]["transaction_id"]
    );
    let count = |run: &Running, reference: &str| {
        run.sim
            .records(Env::Test)
            .iter()
            .filter(|r| r.client_reference == reference)
            .count()
    };
    assert_eq!(count(&run, "PD-twice"), 1);

    run.sim.set_variance(Variance::default().without_dedup());
    let before = run.sim.available_bututs(Env::Test);
    let again = call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("25.00", "PD-twice")),
    )
    .await;
    assert_ne!(
        again["data"]["transaction_id"],
        first["data"]["transaction_id"]
    );
    assert_eq!(count(&run, "PD-twice"), 2);
    assert_eq!(
        run.sim.available_bututs(Env::Test),
        before - 2500,
        "paid twice"
    );
    // Even other parameters are not refused; the lookup still names the first record.
    call(
        &run,
        "POST",
        "/payouts/initiate",
        Some(payout("30.00", "PD-twice")),
    )
    .await;
    assert_eq!(count(&run, "PD-twice"), 3);
    let status = call(&run, "GET", "/collections/status/PD-twice", None).await;
    assert_eq!(
        status["data"]["transaction_id"],
        first["data"]["transaction_id"]
    );
    call(
        &run,
        "POST",
        "/collections/initiate",
        Some(collection("9.00", "C-twice")),
    )
    .await;
    call(
        &run,
        "POST",
        "/collections/initiate",
        Some(collection("9.00", "C-twice")),
    )
    .await;
    assert_eq!(count(&run, "C-twice"), 2);
}
