//! The Hubcash client against its simulator over real HTTP on 127.0.0.1: every endpoint's
//! success shape and the documented errors, the lifecycle on a manual clock, notifications
//! delivered to a local receiver and resent, and the fault knobs.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use paydesk_domain::{AccountId, Secret, TransactionStatus};
use paydesk_providers::hubcash::*;
use paydesk_providers::{ErrorKind, HistorySource, HttpConfig, RetryPolicy};
use paydesk_sandbox::hubcash::{
    Config, DEMO_DOCUMENTS, Knobs, MalformedSale, Running, SANDBOX_CODE, SANDBOX_TOKEN, Simulator,
};
use paydesk_sandbox::{AfterCommit, Clock, FaultAction, FaultRule, Malformed, Trigger};

fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("valid time")
}

fn http() -> HttpConfig {
    HttpConfig {
        timeout: StdDuration::from_secs(3),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: StdDuration::from_millis(5),
            max_delay: StdDuration::from_secs(2),
        },
    }
}

async fn start_with(config: Config) -> (Running, HubcashClient) {
    let running = Simulator::new(config)
        .start(paydesk_sandbox::server::any_loopback_port())
        .await
        .expect("simulator starts");
    let client = client_for(&running, SANDBOX_TOKEN);
    (running, client)
}

async fn start(history: usize) -> (Running, HubcashClient) {
    start_with(Config::test(Clock::manual(start_time()), history)).await
}

fn client_for(running: &Running, token: &str) -> HubcashClient {
    HubcashClient::new(
        &running.base_url,
        Secret::new(SANDBOX_CODE),
        Secret::new(token),
        AccountId::new("hubcash-test").expect("valid"),
        KeyEnvironment::Development,
        http(),
    )
    .expect("client builds")
}

fn new_card(number: &str) -> HubcashNewCard {
    HubcashNewCard {
        brand: "Visa".into(),
        holder_name: "Maria da Silva".into(),
        document: "111.444.777-35".into(),
        phone: Some("(11) 91234-5678".into()),
        exp_month: "03".into(),
        exp_year: "2030".into(),
        number: Secret::new(number),
        security_code: Secret::new("233"),
    }
}

fn card_sale(reference: &str, amount: i64, capture: bool, last4: &str) -> HubcashNewSale {
    HubcashNewSale {
        r#ref: Some(reference.into()),
        soft_descriptor: None,
        amount,
        quota: None,
        quota_qty: None,
        currency: "BRL".into(),
        method: HubcashMethod::Credit,
        capture,
        consumer: Some(HubcashConsumer {
            name: Some("Maria da Silva".into()),
            ..HubcashConsumer::default()
        }),
        billing_address: None,
        shipping_address: None,
        items: vec![HubcashItem {
            name: Some("Notebook".into()),
            description: None,
            amount: Some(amount.to_string()),
            qty: Some("1".into()),
        }],
        card: Some(HubcashSaleCard::New(new_card(&format!(
            "411111111111{last4}"
        )))),
        billet: None,
    }
}

fn billet_sale(reference: &str, amount: i64) -> HubcashNewSale {
    HubcashNewSale {
        method: HubcashMethod::Billet,
        card: None,
        capture: false,
        billet: Some(HubcashNewBillet {
            our_number: 222_312,
            instructions: vec!["Não receber após o vencimento".into()],
            expires_in: 3,
        }),
        ..card_sale(reference, amount, false, "0001")
    }
}

fn status_of(record: &SaleRecord) -> HubcashStatus {
    record.status().expect("a documented status")
}

#[path = "hubcash/cards.rs"]
mod cards;
#[path = "hubcash/coverage.rs"]
mod coverage;
#[path = "hubcash/faults.rs"]
mod faults;
#[path = "hubcash/notifications.rs"]
mod notifications;
#[path = "hubcash/sales.rs"]
mod sales;
#[path = "hubcash/variance.rs"]
mod variance;

#[tokio::test]
async fn helpers_currencies_and_brands() {
    let (_sim, client) = start(0).await;
    let currencies = client.currencies().await.expect("currencies");
    assert_eq!(currencies.len(), 1);
    assert_eq!(currencies[0].name, "BRL");
    assert_eq!(currencies[0].decimal_place, 2);
    assert_eq!(currencies[0].symbol_left.as_deref(), Some("R$"));
    let brands = client.brands().await.expect("brands");
    assert_eq!(brands.len(), 6);
    assert!(
        brands
            .iter()
            .any(|b| b.name == "Amex" && b.number_security == 4)
    );
    let elo = client.brand_by_number("401178").await.expect("found");
    assert_eq!(elo.name, "Elo");
    assert_eq!(
        client.brand_by_number("4111").await.expect("found").name,
        "Visa"
    );
    let e = client.brand_by_number("41").await.expect_err("too short");
    assert_eq!((e.kind, e.http_status), (ErrorKind::Validation, Some(400)));
    assert_eq!(e.message, "number: Invalid");
    let e = client.brand_by_number("9999").await.expect_err("no match");
    assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
    assert_eq!(e.code.as_deref(), Some("number"));
}

#[tokio::test]
async fn wrong_credentials_are_401_with_the_seed_body() {
    let (sim, _client) = start(0).await;
    let client = client_for(&sim, "not-the-token");
    for result in [
        client.currencies().await.map(|_| ()),
        client.sales(&SaleFilter::default()).await.map(|_| ()),
        client.notifications(Page::default()).await.map(|_| ()),
    ] {
        let e = result.expect_err("refused");
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(e.http_status, Some(401));
        assert_eq!(e.code.as_deref(), Some("headers"));
        assert_eq!(e.message, "headers: Authorization with the API failed");
        assert!(!format!("{e:?}").contains("not-the-token"));
    }
    assert!(
        HubcashClient::new(
            &sim.base_url,
            Secret::new(""),
            Secret::new("x"),
            AccountId::new("a").expect("valid"),
            KeyEnvironment::Production,
            http()
        )
        .is_err()
    );
}

#[test]
fn a_large_history_is_ordered_and_within_90_days() {
    let sim = Simulator::new(Config::test(Clock::manual(start_time()), 100_000));
    let records = sim.records();
    assert_eq!(records.len(), 100_000);
    assert!(records.windows(2).all(|w| w[0].added <= w[1].added));
    assert!(records[0].added >= start_time() - Duration::days(91));
}

/// Status codes and bodies as Hubcash sends them, read without the client.
#[tokio::test]
async fn raw_status_codes_and_wrappers() {
    let (sim, _client) = start(0).await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", sim.base_url);
    let authed = |r: reqwest::RequestBuilder| {
        r.header("X-Hubcash-Code", SANDBOX_CODE)
            .header("X-Hubcash-Token", SANDBOX_TOKEN)
            .header("Content-Type", "application/json")
    };
    let r = http.get(url("/currencies")).send().await.expect("answer");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(
        r.text().await.expect("body"),
        r#"{"Errors":[{"Type":"Authorization","Field":"headers","Description":"Authorization with the API failed"}]}"#
    );
    let card = r#"{"Card":{"Brand":"Visa","HolderName":"Maria da Silva","Document":"223.112.333.112","Phone":"93 912323322","ExpMonth":"03","ExpYear":"2030","Number":"5162321366555222331234","SecurityCode":"233"}}"#;
    let r = authed(http.post(url("/cards")))
        .body(card)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 201);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["Card"]["LastDigits"], "1234");
    assert!(body["Card"].get("Number").is_none() && body["Card"].get("SecurityCode").is_none());
    let sale = r#"{"Sale":{"Amount":100,"Currency":"BRL","Method":"Billet","Billet":{"OurNumber":222312,"Instructions":["Hello, world!"],"ExpiresIn":7}}}"#;
    let r = authed(http.post(url("/sales")))
        .body(sale)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 201);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["Sale"]["Amount"], 100);
    assert_eq!(body["Sale"]["Status"], 4);
    assert!(body["Sale"].get("Card").is_none(), "absent, not null");
    assert!(
        body["Sale"]["DateAdded"]
            .as_str()
            .is_some_and(|d| d.ends_with(" GMT"))
    );
    let r = authed(http.post(url("/sales")))
        .body("{not json")
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 400);
    let r = authed(http.get(url("/nowhere")))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 404);
    let r = authed(http.delete(url("/sales")))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 405);
    assert!(r.text().await.expect("body").contains("\"Errors\""));
}

#[tokio::test]
async fn a_hanging_write_is_a_timeout_with_an_unknown_outcome() {
    let (sim, _client) = start(0).await;
    sim.sim.faults().set_hang_limit(StdDuration::from_secs(2));
    sim.sim.faults().add(FaultRule::on(
        "POST /v1/sales",
        FaultAction::AfterCommit(AfterCommit::Hang),
        Trigger::Next(1),
    ));
    let client = HubcashClient::new(
        &sim.base_url,
        Secret::new(SANDBOX_CODE),
        Secret::new(SANDBOX_TOKEN),
        AccountId::new("hubcash-test").expect("valid"),
        KeyEnvironment::Development,
        HttpConfig {
            timeout: StdDuration::from_millis(300),
            ..http()
        },
    )
    .expect("client");
    let e = client
        .create_sale(&billet_sale("PD-hang", 1_000))
        .await
        .expect_err("no answer in time");
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.outcome_unknown());
    let found = client.find_sale_by_ref("PD-hang").await.expect("looked up");
    assert!(found.is_some(), "committed before the hang");
    assert_eq!(sim.sim.records().len(), 1, "never resent");
}

/// The simulator's optional `/__sim/` control doors (not a Hubcash feature).
#[tokio::test]
async fn control_routes_drive_the_simulator() {
    let (sim, client) = start(0).await;
    let root = sim.base_url.trim_end_matches("/v1").to_owned();
    let http = reqwest::Client::new();
    let billet = client
        .create_sale(&billet_sale("PD-sim", 2_000))
        .await
        .expect("created");
    let pay = format!("{root}/__sim/sales/{}/pay", billet.sale.sale_id);
    let r = http.post(&pay).send().await.expect("answer");
    assert_eq!(r.status().as_u16(), 200);
    let r = http.post(&pay).send().await.expect("answer");
    assert_eq!(r.status().as_u16(), 409, "already paid");
    assert_eq!(
        status_of(&client.sale(&billet.sale.sale_id).await.expect("read")),
        HubcashStatus::Done
    );
    let r = http
        .post(format!("{root}/__sim/sales/58c040b32d8baf18526217f5/pay"))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 404);
    let r = http
        .post(format!("{root}/__sim/advance?seconds=90"))
        .send()
        .await
        .expect("answer");
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["now"], "2026-11-20T12:01:30+00:00");
    let r = http
        .put(format!("{root}/__sim/notification-url"))
        .body(r#"{"url": null}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 200);
    let r = http
        .get(format!("{root}/__sim/deliveries"))
        .send()
        .await
        .expect("answer");
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["Deliveries"], serde_json::json!([]));
}
