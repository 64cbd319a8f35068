//! The HPAY simulator's reply profiles, read over HTTP without any client: answers carry
//! exactly the seed's fields, the documented-only history answers nothing without a documented
//! `statut`, the create answer may echo another amount, some links show an undocumented status
//! word while unpaid, and every create makes a new link.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use paydesk_sandbox::hpay::{
    Config, Running, SimMode, Simulator, TEST_API_KEY, TEST_PUBLIC_KEY, TEST_SECRET_KEY,
};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, Quirk, UnknownStatus, Variance};
use serde_json::{Value, json};

const SEED_ITEM_KEYS: [&str; 11] = [
    "transaction_id",
    "amount",
    "fees",
    "profit",
    "currency",
    "mode",
    "status",
    "product",
    "description",
    "payment_link",
    "date_generated",
];
const SEED_PAYMENT_KEYS: [&str; 9] = [
    "success",
    "message",
    "amount",
    "fees",
    "currency",
    "transaction_id",
    "mode",
    "company",
    "checkout_url",
];

async fn start(history: usize, variance: Variance) -> Running {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let mut config = Config::demo(clock);
    config.history_size = history;
    config.variance = variance;
    Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("simulator starts")
}

async fn post(running: &Running, path: &str, body: &Value) -> Value {
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

async fn token(running: &Running) -> String {
    let answer = post(
        running,
        "/getToken/",
        &json!({"api_key": TEST_API_KEY, "api_public_key": TEST_PUBLIC_KEY,
                "api_secret_key": TEST_SECRET_KEY, "mode": "TEST"}),
    )
    .await;
    answer["token"].as_str().expect("token").to_owned()
}

async fn history(running: &Running, statut: Option<&str>) -> Vec<Value> {
    let mut body = json!({"api_key": TEST_API_KEY, "public_key": TEST_PUBLIC_KEY, "mode": "TEST",
        "date_from": "", "date_to": "", "fetch_limit": "0,500", "transaction_id": "",
        "token": token(running).await});
    if let Some(statut) = statut {
        body["statut"] = statut.into();
    }
    let answer = post(running, "/getPaymentHistory/", &body).await;
    assert_eq!(answer["success"], true, "{answer}");
    answer["history"].as_array().cloned().unwrap_or_default()
}

async fn create(running: &Running, amount: i64) -> Value {
    let body = json!({"api_key": TEST_API_KEY, "public_key": TEST_PUBLIC_KEY, "mode": "TEST",
        "amount": amount, "product_name": "Achat de sac pour enfant", "description": "Sac",
        "notify_url": "https://merchant.example/n", "success_url": "https://merchant.example/s",
        "cancel_url": "https://merchant.example/c", "token": token(running).await});
    post(running, "/payment/", &body).await
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|k| (*k).to_owned()).collect()
}

#[tokio::test]
async fn documented_only_answers_nothing_without_a_documented_statut() {
    let running = start(60, Variance::default()).await;
    // Default profile: as today, an empty statut lists every link.
    assert_eq!(history(&running, Some("")).await.len(), 60);
    running.sim.set_variance(Variance::documented_only());
    assert!(history(&running, Some("")).await.is_empty());
    assert!(history(&running, None).await.is_empty());
    let unpaid = history(&running, Some("UNPAID")).await;
    let paid = history(&running, Some("PAID")).await;
    assert_eq!(unpaid.len() + paid.len(), 60);
    for item in unpaid.iter().chain(&paid) {
        assert_eq!(keys(item), set(&SEED_ITEM_KEYS));
    }
    let link = create(&running, 14_900).await;
    assert_eq!(
        keys(&link),
        set(&SEED_PAYMENT_KEYS),
        "no error_code, as in the seed"
    );
}

#[tokio::test]
async fn the_create_answer_echoes_another_amount_under_the_quirk() {
    let running = start(0, Variance::quirk(Quirk::HpayEchoesOtherAmount)).await;
    let link = create(&running, 14_900).await;
    assert_eq!(
        link["amount"], "100",
        "the seed's own pair: 14900 sent, \"100\" returned"
    );
    let id = link["transaction_id"].as_str().expect("id");
    // The link itself is for the amount asked.
    let held = running.sim.payment(id).expect("held");
    assert_eq!(held.amount, rust_decimal::Decimal::from(14_900));
    let other = create(&running, 100).await;
    assert_eq!(other["amount"], "14900");
    running.sim.set_variance(Variance::default());
    assert_eq!(create(&running, 14_900).await["amount"], "14900");
}

#[tokio::test]
async fn some_links_show_an_undocumented_word_while_unpaid() {
    let variance = Variance {
        unknown_status: Some(UnknownStatus {
            word: "on_hold".into(),
            every: 2,
        }),
        ..Variance::default()
    };
    let running = start(20, variance).await;
    let listed = history(&running, Some("UNPAID")).await;
    assert!(listed.iter().any(|i| i["status"] == "ON_HOLD"));
    assert!(
        listed
            .iter()
            .all(|i| i["status"] == "ON_HOLD" || i["status"] == "UNPAID")
    );
    let payments = running.sim.payments(SimMode::Test);
    for (n, p) in payments.iter().enumerate() {
        let expected = if p.status == "UNPAID" && n % 2 == 0 {
            "ON_HOLD"
        } else {
            p.status
        };
        assert_eq!(p.shown_status, expected, "link {n}");
    }
    // Paid, it moves on to PAID.
    let held = payments
        .iter()
        .find(|p| p.shown_status == "ON_HOLD")
        .expect("one");
    assert!(running.sim.pay(&held.transaction_id));
    let now = running.sim.payment(&held.transaction_id).expect("held");
    assert_eq!(now.shown_status, "PAID");
}

#[tokio::test]
async fn every_create_makes_a_new_link_in_every_profile() {
    let running = start(0, Variance::default()).await;
    for variance in [
        Variance::default(),
        Variance::documented_only(),
        Variance::default().without_dedup(),
    ] {
        running.sim.set_variance(variance);
        let before = running.sim.payment_count(SimMode::Test);
        let a = create(&running, 5_000).await;
        let b = create(&running, 5_000).await;
        assert_ne!(a["transaction_id"], b["transaction_id"]);
        assert_eq!(running.sim.payment_count(SimMode::Test), before + 2);
    }
}
