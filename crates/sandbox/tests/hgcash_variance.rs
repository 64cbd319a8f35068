//! The HG.Cash simulator's reply profiles over real HTTP: the default answers as the
//! reference shows them; documented-only answers carry exactly the seed's fields and its
//! lower-case status words; the empty-reference-data quirk answers the seed's own example;
//! unknown status words show while a cash-out is not final, then it finishes; without
//! deduplication a repeated `externalID` makes a second cash-out. Every create records the
//! `typeID` it carried.

use std::collections::BTreeSet;

use chrono::{Duration, TimeZone, Utc};
use paydesk_sandbox::hgcash::{
    Config, ForcedOutcome, RequestStatus, Running, SANDBOX_ACCOUNT_ID, SANDBOX_TOKEN, Simulator,
};
use paydesk_sandbox::server::any_loopback_port;
use paydesk_sandbox::{Clock, Quirk, Variance};
use serde_json::{Value, json};

async fn start(variance: Variance) -> (Running, Clock) {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let mut config = Config::demo(clock.clone());
    config.history_size = 3;
    config.variance = variance;
    let running = Simulator::new(config)
        .start(any_loopback_port())
        .await
        .expect("starts");
    // Every webhook is logged when queued; no receiver is needed to read them.
    running
        .sim
        .set_webhook_url(SANDBOX_TOKEN, Some("http://127.0.0.1:9/hooks".into()))
        .expect("url");
    (running, clock)
}

/// One call: its status and JSON body.
async fn call(running: &Running, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", running.base_url);
    let request = match method {
        "POST" => client.post(url).json(&body.unwrap_or(Value::Null)),
        _ => client.get(url),
    };
    let response = request
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).expect("JSON"))
}

fn create_body(external_id: &str, type_id: Option<Value>) -> Value {
    let mut body = json!({
        "accountId": SANDBOX_ACCOUNT_ID,
        "toCBU": "1100015400000000000021",
        "amount": 1500.25,
        "externalID": external_id,
        "toName": "María García",
        "concept": "Payment for services",
    });
    if let Some(type_id) = type_id {
        body["typeID"] = type_id;
    }
    body
}

async fn create(running: &Running, external_id: &str) -> (u16, Value) {
    call(
        running,
        "POST",
        "/transactions",
        Some(create_body(external_id, Some(json!(1)))),
    )
    .await
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn status_path(id: &str) -> String {
    format!("/transaction/{id}/status")
}

/// Every webhook body queued so far, parsed.
fn webhooks(running: &Running) -> Vec<Value> {
    running.sim.tick();
    running
        .sim
        .deliveries()
        .iter()
        .map(|d| serde_json::from_slice(&d.body).expect("JSON webhook"))
        .collect()
}

#[tokio::test]
async fn the_default_profile_answers_as_the_reference_and_records_the_type_id() {
    let (running, clock) = start(Variance::default()).await;
    let (status, created) = create(&running, "PD-DEF-1").await;
    assert_eq!(status, 201);
    assert_eq!(
        keys(&created),
        set(&["id", "externalID", "createdAt", "status"])
    );
    assert_eq!(created["status"], "PENDING");
    let id = created["id"].as_str().expect("id").to_owned();
    let (_, read) = call(&running, "GET", &status_path(&id), None).await;
    assert_eq!(
        keys(&read),
        set(&[
            "id",
            "externalID",
            "status",
            "errorMessage",
            "errorCode",
            "createdAt",
            "updatedAt"
        ])
    );
    clock.advance(Duration::seconds(2));
    let (_, read) = call(&running, "GET", &status_path(&id), None).await;
    assert_eq!(read["status"], "PROCESSING");
    clock.advance(Duration::seconds(3));
    let (_, read) = call(&running, "GET", &status_path(&id), None).await;
    assert_eq!(read["status"], "DONE");
    // The reference data has descriptions; `transfer` is id 1.
    let (_, types) = call(&running, "GET", "/transaction-types", None).await;
    assert_eq!(
        types["data"][0],
        json!({"id": 1, "name": "transfer", "description": "Bank transfer"})
    );
    // A create without typeID is accepted too; the record keeps what came.
    let (status, _) = call(
        &running,
        "POST",
        "/transactions",
        Some(create_body("PD-DEF-2", None)),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = call(
        &running,
        "POST",
        "/transactions",
        Some(create_body("PD-DEF-3", Some(json!("t-7")))),
    )
    .await;
    assert_eq!(status, 201);
    let type_ids: Vec<Option<Value>> = running
        .sim
        .requests()
        .into_iter()
        .map(|r| r.type_id)
        .collect();
    assert_eq!(type_ids, [Some(json!(1)), None, Some(json!("t-7"))]);
    // Webhooks carry the reference's optional fields and its upper-case words.
    let hooks = webhooks(&running);
    let request = hooks
        .iter()
        .find(|h| h["type"] == "request" && h["status"] == "DONE")
        .expect("DONE webhook");
    assert_eq!(request["toName"], "María García");
    assert_eq!(request["concept"], "Payment for services");
}

#[tokio::test]
async fn documented_only_answers_carry_exactly_the_seeds_fields_and_lower_case_words() {
    let (running, clock) = start(Variance::documented_only()).await;
    let (status, created) = create(&running, "PD-DOC-1").await;
    assert_eq!(status, 201);
    assert_eq!(
        created,
        json!({"id": created["id"], "status": "processing"})
    );
    let done_id = created["id"].as_str().expect("id").to_owned();
    let mut knobs = running.sim.knobs();
    knobs.force_status = Some(ForcedOutcome {
        status: RequestStatus::Error,
        error_code: Some("DESTINATION_ERROR".into()),
        error_message: None,
    });
    running.sim.set_knobs(knobs);
    let (_, failing) = create(&running, "PD-DOC-2").await;
    let failed_id = failing["id"].as_str().expect("id").to_owned();

    let (_, read) = call(&running, "GET", &status_path(&done_id), None).await;
    assert_eq!(read, json!({"id": done_id, "status": "processing"}));
    clock.advance(Duration::seconds(5));
    let (_, read) = call(&running, "GET", &status_path(&done_id), None).await;
    assert_eq!(read, json!({"id": done_id, "status": "done"}));
    let (_, read) = call(&running, "GET", &status_path(&failed_id), None).await;
    assert_eq!(read, json!({"id": failed_id, "status": "failed"}));

    // Reference data: `{id, name}` items only.
    for path in ["/transaction-statuses", "/transaction-types"] {
        let (_, list) = call(&running, "GET", path, None).await;
        assert_eq!(keys(&list), set(&["success", "data"]));
        let items = list["data"].as_array().expect("items");
        assert!(!items.is_empty());
        assert!(
            items.iter().all(|i| keys(i) == set(&["id", "name"])),
            "{list}"
        );
    }
    let (_, statuses) = call(&running, "GET", "/transaction-statuses", None).await;
    let names: Vec<&str> = statuses["data"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["processing", "done", "failed"]);

    // Accounts: the figures, without the reference's optional fields.
    let (_, accounts) = call(&running, "GET", "/accounts", None).await;
    assert!(
        accounts["data"]
            .as_array()
            .expect("accounts")
            .iter()
            .all(|a| keys(a)
                == set(&[
                    "id",
                    "balance",
                    "currency",
                    "pendingFees",
                    "netBalance",
                    "status"
                ])),
        "{accounts}"
    );

    // A repeated externalID: 409 without the simulator-only `details.existingId`.
    let (status, duplicate) = create(&running, "PD-DOC-1").await;
    assert_eq!(status, 409);
    assert_eq!(duplicate["code"], "DUPLICATE_EXTERNAL_ID");
    assert_eq!(duplicate.get("details"), None);

    // Webhooks: the reference's required fields only, the seed's words.
    let required = set(&[
        "id",
        "externalID",
        "amount",
        "currency",
        "direction",
        "status",
        "type",
        "accountId",
        "date",
        "timezone",
    ]);
    let hooks = webhooks(&running);
    assert!(!hooks.is_empty());
    assert!(hooks.iter().all(|h| keys(h) == required), "{hooks:?}");
    let words: BTreeSet<String> = hooks
        .iter()
        .filter(|h| h["type"] == "request")
        .filter_map(|h| h["status"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(words, set(&["processing", "done", "failed"]));
    let movement = hooks
        .iter()
        .find(|h| h["type"] == "outbound")
        .expect("the done cash-out's movement");
    assert_eq!(movement["status"], "hecha");
}

#[tokio::test]
async fn the_empty_reference_data_quirk_answers_the_seeds_own_example() {
    for variance in [
        Variance::quirk(Quirk::HgCashEmptyReferenceData),
        Variance {
            documented_only: true,
            ..Variance::quirk(Quirk::HgCashEmptyReferenceData)
        },
    ] {
        let (running, _clock) = start(variance).await;
        for path in ["/transaction-statuses", "/transaction-types"] {
            let (status, list) = call(&running, "GET", path, None).await;
            assert_eq!(status, 200);
            assert_eq!(list, json!({"success": true, "data": [{}, {}, {}]}));
        }
        // It can be switched off while running.
        running.sim.set_variance(Variance::default());
        let (_, list) = call(&running, "GET", "/transaction-types", None).await;
        assert_eq!(list["data"][0]["name"], "transfer");
    }
}

#[tokio::test]
async fn unknown_status_words_show_while_not_final_then_the_cash_out_finishes() {
    for (variance, word, done) in [
        (Variance::unknown_status(), "ON_HOLD", "DONE"),
        (
            Variance {
                documented_only: true,
                ..Variance::unknown_status()
            },
            "on_hold",
            "done",
        ),
    ] {
        let (running, clock) = start(variance).await;
        let mut ids = Vec::new();
        for n in 0..4 {
            let (_, created) = create(&running, &format!("PD-UNK-{n}")).await;
            ids.push(created["id"].as_str().expect("id").to_owned());
            if n == 0 || n == 3 {
                assert_eq!(created["status"], word, "cash-out {n}");
            } else {
                assert_ne!(created["status"], word, "cash-out {n}");
            }
        }
        clock.advance(Duration::seconds(2));
        for (n, id) in ids.iter().enumerate() {
            let (_, read) = call(&running, "GET", &status_path(id), None).await;
            let held = n % 3 == 0;
            assert_eq!(read["status"] == word, held, "cash-out {n}: {read}");
        }
        let hooks = webhooks(&running);
        assert!(hooks.iter().any(|h| h["status"] == word));
        clock.advance(Duration::seconds(3));
        for id in &ids {
            let (_, read) = call(&running, "GET", &status_path(id), None).await;
            assert_eq!(read["status"], done);
        }
        let records = running.sim.requests();
        assert_eq!(records[0].unknown_word.as_deref(), Some("on_hold"));
        assert_eq!(records[1].unknown_word, None);
        assert_eq!(records[0].status_word(&running.sim.variance()), done);
    }
}

#[tokio::test]
async fn without_deduplication_a_repeated_external_id_makes_a_second_cash_out() {
    let (running, _clock) = start(Variance::default()).await;
    let (status, first) = create(&running, "PD-TWICE").await;
    assert_eq!(status, 201);
    let (status, refused) = create(&running, "PD-TWICE").await;
    assert_eq!(status, 409);
    assert_eq!(refused["code"], "DUPLICATE_EXTERNAL_ID");
    assert_eq!(refused["details"]["existingId"], first["id"]);
    assert_eq!(running.sim.requests().len(), 1);

    running
        .sim
        .set_variance(Variance::default().without_dedup());
    let (status, second) = create(&running, "PD-TWICE").await;
    assert_eq!(status, 201);
    assert_ne!(second["id"], first["id"]);
    let twice = running
        .sim
        .requests()
        .iter()
        .filter(|r| r.external_id.as_deref() == Some("PD-TWICE"))
        .count();
    assert_eq!(twice, 2, "executed twice");
}
