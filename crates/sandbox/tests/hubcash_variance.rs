//! The Hubcash simulator's reply profiles, read over HTTP without any client: the documented-
//! only profile keeps exactly the seed's fields, `GET /sales` without `Status` answers 200 and
//! nothing under its quirk, some sales show an undocumented status word while open, and a
//! repeated `Ref` makes a second sale without deduplication.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use paydesk_sandbox::hubcash::{Config, Running, SANDBOX_CODE, SANDBOX_TOKEN, Simulator};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, Quirk, UnknownStatus, Variance};
use serde_json::{Value, json};

/// The keys of a sale in the seed's `GET /sales` example.
const SEED_SALE_KEYS: [&str; 24] = [
    "SaleId",
    "Ref",
    "SoftDescriptor",
    "Amount",
    "Quota",
    "QuotaQty",
    "Currency",
    "Method",
    "Capture",
    "DateCanceled",
    "DateCaptured",
    "DateReversed",
    "DateUpdated",
    "DateAdded",
    "Consumer",
    "BillingAddress",
    "ShippingAddress",
    "Analyze",
    "Rollback",
    "History",
    "Items",
    "Card",
    "Billet",
    "Status",
];
const SEED_CONSUMER_KEYS: [&str; 9] = [
    "Name",
    "Email",
    "Birthdate",
    "DocumentNumber",
    "DocumentType",
    "Gender",
    "HomePhone",
    "MobilePhone",
    "WorkPhone",
];
const SEED_ITEM_KEYS: [&str; 4] = ["Name", "Description", "Amount", "Qty"];

async fn start(history: usize, variance: Variance) -> Running {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let mut config = Config::test(clock, history);
    config.variance = variance;
    Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("simulator starts")
}

async fn call(running: &Running, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let http = reqwest::Client::new();
    let url = format!("{}{path}", running.base_url);
    let request = match method {
        "POST" => http.post(url),
        "PUT" => http.put(url),
        _ => http.get(url),
    }
    .header("X-Hubcash-Code", SANDBOX_CODE)
    .header("X-Hubcash-Token", SANDBOX_TOKEN)
    .header("Content-Type", "application/json");
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

fn sale_body(reference: &str, capture: bool) -> Value {
    json!({"Sale": {
        "Ref": reference, "Amount": 12_300, "Currency": "BRL", "Method": "Credit", "Capture": capture,
        "Consumer": {"Name": "Maria da Silva", "Nickname": "Mari"},
        "Items": [{"Name": "Notebook", "Amount": "12300", "Qty": "1", "Sku": "NB-1"}],
        "Card": {"Brand": "Visa", "HolderName": "Maria da Silva", "Document": "111.444.777-35",
                 "ExpMonth": "03", "ExpYear": "2030", "Number": "4111111111110001", "SecurityCode": "233"}
    }})
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn within(value: &Value, allowed: &[&str]) -> bool {
    keys(value).iter().all(|k| allowed.contains(&k.as_str()))
}

#[tokio::test]
async fn documented_only_sales_carry_exactly_the_seed_fields() {
    let running = start(30, Variance::default()).await;
    let (status, created) = call(&running, "POST", "/sales", Some(sale_body("PD-doc", true))).await;
    assert_eq!(status, 201);
    let id = created["Sale"]["SaleId"].as_str().expect("id").to_owned();
    // The default profile echoes what the merchant sent, its own fields included.
    let (_, sale) = call(&running, "GET", &format!("/sales/{id}"), None).await;
    assert_eq!(sale["Sale"]["Consumer"]["Nickname"], "Mari");
    running.sim.set_variance(Variance::documented_only());
    let (_, sale) = call(&running, "GET", &format!("/sales/{id}"), None).await;
    let sale = &sale["Sale"];
    assert!(within(sale, &SEED_SALE_KEYS), "{:?}", keys(sale));
    assert!(within(&sale["Consumer"], &SEED_CONSUMER_KEYS));
    assert!(within(&sale["Items"][0], &SEED_ITEM_KEYS));
    assert_eq!(sale["Status"], 7, "a number, as the seed writes it");
    let (_, list) = call(&running, "GET", "/sales?Status=7&rows=100", None).await;
    let sales = list["Sales"].as_array().expect("a list");
    assert!(!sales.is_empty());
    assert!(sales.iter().all(|s| within(s, &SEED_SALE_KEYS)));
    assert_eq!(keys(&list), BTreeSet::from(["Sales".to_owned()]));
}

#[tokio::test]
async fn sales_without_status_answer_200_and_nothing_under_the_quirk() {
    let running = start(40, Variance::quirk(Quirk::HubcashSalesNeedStatus)).await;
    let (status, list) = call(&running, "GET", "/sales?offset=0&rows=10", None).await;
    assert_eq!((status, list), (200, json!({"Sales": []})));
    let (status, list) = call(&running, "GET", "/sales?Status=7&rows=100", None).await;
    assert_eq!(status, 200);
    assert!(!list["Sales"].as_array().expect("a list").is_empty());
    // The default profile answers every sale without Status.
    running.sim.set_variance(Variance::default());
    let (_, list) = call(&running, "GET", "/sales?rows=10", None).await;
    assert_eq!(list["Sales"].as_array().map(Vec::len), Some(10));
}

#[tokio::test]
async fn some_sales_show_an_undocumented_word_while_open_then_move_on() {
    let variance = Variance {
        unknown_status: Some(UnknownStatus {
            word: "on_hold".into(),
            every: 1,
        }),
        ..Variance::default()
    };
    let running = start(0, variance).await;
    let (_, created) = call(
        &running,
        "POST",
        "/sales",
        Some(sale_body("PD-word", false)),
    )
    .await;
    assert_eq!(created["Sale"]["Status"], "On_hold");
    let id = created["Sale"]["SaleId"].as_str().expect("id").to_owned();
    let (_, sale) = call(&running, "GET", &format!("/sales/{id}"), None).await;
    assert_eq!(sale["Sale"]["Status"], "On_hold");
    // Listed under its own status (3 Capturing), showing the word.
    let (_, list) = call(&running, "GET", "/sales?Status=3", None).await;
    assert_eq!(list["Sales"][0]["Status"], "On_hold");
    let (_, notes) = call(&running, "GET", "/notifications", None).await;
    assert_eq!(notes["Notifications"][0]["Sale"]["Status"], "On_hold");
    assert_eq!(running.sim.records()[0].shown_status, "On_hold");
    // Captured, it moves on to 7 Done.
    let (status, done) = call(&running, "PUT", &format!("/sales/capture/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(done["Sale"]["Status"], 7);
    assert_eq!(running.sim.records()[0].shown_status, "Done");
}

#[tokio::test]
async fn a_repeated_ref_makes_a_second_sale_without_deduplication() {
    let running = start(0, Variance::default()).await;
    let mut knobs = running.sim.knobs();
    knobs.unique_ref = true;
    running.sim.set_knobs(knobs);
    let (first, _) = call(&running, "POST", "/sales", Some(sale_body("PD-dup", true))).await;
    let (second, body) = call(&running, "POST", "/sales", Some(sale_body("PD-dup", true))).await;
    assert_eq!((first, second), (201, 400));
    assert_eq!(body["Errors"][0]["Field"], "Ref");
    running
        .sim
        .set_variance(Variance::default().without_dedup());
    let (again, _) = call(&running, "POST", "/sales", Some(sale_body("PD-dup", true))).await;
    assert_eq!(again, 201);
    assert_eq!(running.sim.records().len(), 2);
}
