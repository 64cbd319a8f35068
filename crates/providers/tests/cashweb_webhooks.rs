//! CashWeb webhooks, the webhook outbox endpoints, fault knobs and recovery by reference
//! (shared/providers/cashweb.md §3.9, §5, §7, §9.3).

mod cashweb_support;

use std::process::Command;

use cashweb_support::*;
use chrono::Duration;
use paydesk_domain::{CashWebPricing, Money, PayoutRequest, Secret};
use paydesk_providers::cashweb::webhook::{self, WebhookHeaders};
use paydesk_providers::cashweb::{
    CreateTransactionRequest, PublishStatus, TransactionQuery, WebhookEventQuery, WebhookEventType,
};
use paydesk_providers::{ErrorKind, PayoutSink};
use paydesk_sandbox::cashweb::SANDBOX_WEBHOOK_SECRET;
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Malformed, Trigger};
use rust_decimal::Decimal;

const TX_PATH: &str = "GET /api/v1/partner/transactions/{id}";
const CREATE_PATH: &str = "POST /api/v1/partner/transactions";

fn openssl(args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    let out = child.wait_with_output().expect("finishes");
    let text = String::from_utf8(out.stdout).expect("utf8");
    // `SHA2-256(stdin)= <hex>` or `(stdin)= <hex>`.
    text.rsplit("= ").next().unwrap_or("").trim().to_owned()
}

#[test]
fn openssl_signatures_verify_and_tampering_does_not() {
    let secret = "cw_whsec_openssl";
    let body = br#"{"id":"0192a1b2-0000-7000-8000-000000000001","event_type":"deposit.confirmed","created_at":"2026-02-12T12:04:00Z","data":{"id":"01917f00-7b4c-7f56-8a2b-15998d58c9f3","merchant_reference":"order-4551","status":"deposit_confirming","amount":"161500.00"}}"#;
    let timestamp = "1770897840";
    let body_hash = openssl(&["dgst", "-sha256"], body);
    assert_eq!(body_hash.len(), 64);
    let signing = format!("{timestamp}.deposit.confirmed.{body_hash}");
    let signature = openssl(&["dgst", "-sha256", "-hmac", secret], signing.as_bytes());
    let headers = WebhookHeaders {
        timestamp,
        signature: &signature,
        event_type: None,
    };
    let key = Secret::new(secret);
    assert!(webhook::verify(&key, body, &headers));
    assert_eq!(
        webhook::sign(&key, timestamp, "deposit.confirmed", body),
        signature
    );
    // With the event header.
    assert!(webhook::verify(
        &key,
        body,
        &WebhookHeaders {
            event_type: Some("deposit.confirmed"),
            ..headers
        }
    ));
    let tampered = String::from_utf8_lossy(body).replace("161500.00", "161500.01");
    assert!(!webhook::verify(&key, tampered.as_bytes(), &headers));
    assert!(!webhook::verify(&Secret::new("wrong"), body, &headers));
    assert!(!webhook::verify(
        &key,
        body,
        &WebhookHeaders {
            timestamp: "1770897841",
            ..headers
        }
    ));
    // Freshness: within 300 s only.
    let at = chrono::DateTime::from_timestamp(1_770_897_840, 0).expect("time");
    assert!(webhook::verify_fresh(
        &key,
        body,
        &headers,
        at + Duration::seconds(299)
    ));
    assert!(!webhook::verify_fresh(
        &key,
        body,
        &headers,
        at + Duration::seconds(301)
    ));

    let event = webhook::parse(body).expect("parses");
    assert_eq!(event.id, "0192a1b2-0000-7000-8000-000000000001");
    assert_eq!(event.event_type, WebhookEventType::DepositConfirmed);
    let tx = event.transaction.expect("carries the transaction");
    assert_eq!(tx.wire.amount.0.to_string(), "161500.00");
}

#[test]
fn the_parser_is_lenient_about_the_envelope() {
    let body = br#"{"event_id":"e1","type":"transaction.rebooted","data":{"transaction":{"id":"t1","status":"completed","amount":"10.00"}}}"#;
    let event = webhook::parse(body).expect("parses");
    assert_eq!(event.id, "e1");
    assert_eq!(
        event.event_type,
        WebhookEventType::Unknown("transaction.rebooted".into())
    );
    assert_eq!(event.transaction.map(|t| t.wire.id), Some("t1".into()));
    assert!(webhook::parse(br#"{"type":"x"}"#).is_err());
    assert!(webhook::parse(b"not json").is_err());
}

#[tokio::test]
async fn simulator_webhooks_are_signed_and_the_outbox_tracks_them() {
    let (running, client, clock) = start().await;
    let (url, got) = receiver().await;
    running.sim.set_knobs(|k| k.webhook_url = Some(url));
    let created = create_direct(&client, "hooked-1", "1000.00", "trc20", "k").await;
    assert_eq!(running.sim.webhooks().deliver_due().await, 1);
    let received = got.lock().expect("lock").clone();
    assert_eq!(received.len(), 1);
    let hook = &received[0];
    let headers = WebhookHeaders {
        timestamp: hook.header("X-CW-Webhook-Timestamp").expect("timestamp"),
        signature: hook.header("X-CW-Webhook-Signature").expect("signature"),
        event_type: None,
    };
    let secret = Secret::new(SANDBOX_WEBHOOK_SECRET);
    assert!(webhook::verify_fresh(
        &secret,
        &hook.body,
        &headers,
        clock.now()
    ));
    let event = webhook::parse(&hook.body).expect("parses");
    assert_eq!(event.event_type, WebhookEventType::TransactionCreated);
    assert_eq!(
        event.transaction.map(|t| t.wire.id),
        Some(created.wire.id.clone())
    );

    // The outbox lists it as dispatched.
    let page = client
        .webhook_events(&WebhookEventQuery {
            transaction_id: Some(created.wire.id.clone()),
            ..WebhookEventQuery::default()
        })
        .await
        .expect("outbox");
    assert_eq!(page.events.len(), 1);
    let item = &page.events[0];
    assert_eq!(item.event_id, event.id);
    assert_eq!(item.publish_status, PublishStatus::Dispatched);
    assert_eq!(item.attempts, 1);
    assert_eq!(item.merchant_reference.as_deref(), Some("hooked-1"));

    // Replay keeps the id; pending until delivered again.
    let replay = client
        .replay_webhook_event(&event.id)
        .await
        .expect("replayed");
    assert_eq!(replay.event_id, event.id);
    assert_eq!(replay.publish_status, PublishStatus::Pending);
    let telemetry = client.webhook_event(&event.id).await.expect("telemetry");
    assert_eq!(telemetry.delivery_status, PublishStatus::Pending);
    running.sim.webhooks().deliver_due().await;
    let telemetry = client.webhook_event(&event.id).await.expect("telemetry");
    assert_eq!(telemetry.delivery_status, PublishStatus::Dispatched);
    assert_eq!(telemetry.attempts, 2);
    let received = got.lock().expect("lock").clone();
    assert_eq!(received.len(), 2);
    let again = webhook::parse(&received[1].body).expect("parses");
    assert_eq!(again.id, event.id);

    let e = client
        .webhook_event("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_eq!((e.http_status, e.kind), (Some(404), ErrorKind::NotFound));
    let e = client
        .replay_webhook_event("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_eq!(e.code.as_deref(), Some("NOT_FOUND"));

    // A stale timestamp fails the freshness check though the signature matches.
    running.sim.set_knobs(|k| k.webhook_stale_timestamp = true);
    client
        .cancel_transaction(&created.wire.id, "cancel")
        .await
        .expect("cancelled");
    running.sim.webhooks().deliver_due().await;
    let received = got.lock().expect("lock").clone();
    let stale = received.last().expect("one more");
    let headers = WebhookHeaders {
        timestamp: stale.header("X-CW-Webhook-Timestamp").expect("timestamp"),
        signature: stale.header("X-CW-Webhook-Signature").expect("signature"),
        event_type: None,
    };
    assert!(webhook::verify(&secret, &stale.body, &headers));
    assert!(!webhook::verify_fresh(
        &secret,
        &stale.body,
        &headers,
        clock.now()
    ));
    assert_eq!(
        webhook::parse(&stale.body).map(|e| e.event_type),
        Ok(WebhookEventType::TransactionCancelled)
    );
}

#[tokio::test]
async fn undeliverable_events_fail_after_the_retry_schedule() {
    let (running, client, clock) = start().await;
    // Nothing listens on port 9 of loopback.
    running
        .sim
        .set_knobs(|k| k.webhook_url = Some("http://127.0.0.1:9/hooks".into()));
    create_direct(&client, "lost-hook", "50.00", "trc20", "k").await;
    for wait in [0, 30, 120, 600, 3600] {
        clock.advance(Duration::seconds(wait));
        running.sim.webhooks().deliver_due().await;
    }
    let page = client
        .webhook_events(&WebhookEventQuery {
            publish_status: Some("failed".into()),
            ..WebhookEventQuery::default()
        })
        .await
        .expect("outbox");
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].attempts, 5);
    assert!(page.events[0].last_error.is_some());
}

#[tokio::test]
async fn server_errors_are_retried_then_reported_with_the_envelope() {
    let (running, client, _clock) = start().await;
    let page = client
        .list_transactions(&TransactionQuery {
            limit: 1,
            ..TransactionQuery::default()
        })
        .await
        .expect("page");
    let id = page.records[0].wire.id.clone();
    running.sim.faults().add(FaultRule::on(
        TX_PATH,
        FaultAction::Status {
            status: 503,
            code: "SERVICE_UNAVAILABLE".into(),
            message: "Try again later".into(),
        },
        Trigger::Next(1),
    ));
    assert!(client.transaction(&id).await.is_ok());
    running.sim.faults().add(FaultRule::on(
        TX_PATH,
        FaultAction::Status {
            status: 502,
            code: "BAD_GATEWAY".into(),
            message: "Upstream failed".into(),
        },
        Trigger::Always,
    ));
    let e = client.transaction(&id).await.expect_err("502");
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.http_status, Some(502));
    assert_eq!(e.code.as_deref(), Some("BAD_GATEWAY"));
    assert_eq!(e.message, "Upstream failed");
    running.sim.faults().clear();
    running.sim.faults().add(FaultRule::on(
        TX_PATH,
        FaultAction::Malformed(Malformed::NotJson),
        Trigger::Next(1),
    ));
    let e = client.transaction(&id).await.expect_err("html");
    assert_eq!(e.kind, ErrorKind::Malformed);
}

#[tokio::test]
async fn rate_limits_honour_retry_after() {
    let (running, client, _clock) = start().await;
    running.sim.faults().add(FaultRule::everywhere(
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    assert!(
        client
            .list_transactions(&TransactionQuery::default())
            .await
            .is_ok()
    );
    // The simulator's own per-minute limit, seen by a client that does not retry.
    running.sim.set_knobs(|k| k.rate_limit_per_minute = Some(2));
    let once = client_for(&running, paydesk_sandbox::cashweb::SANDBOX_API_KEY, 1);
    let query = TransactionQuery {
        limit: 1,
        ..TransactionQuery::default()
    };
    let mut last = None;
    for _ in 0..3 {
        last = Some(once.list_transactions(&query).await);
    }
    let e = last.expect("ran").expect_err("429");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.http_status, Some(429));
    assert_eq!(e.code.as_deref(), Some("RATE_LIMITED"));
    assert!(e.retry_after.is_some_and(|d| d.as_secs() <= 60));
}

#[tokio::test]
async fn a_lost_create_answer_is_recovered_by_merchant_reference() {
    let (running, client, _clock) = start().await;
    let before = running.sim.len();
    let request = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("80750.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "trc20".into(),
        },
        merchant_reference: "pd-lost-1".into(),
        seller_phone: None,
    };
    running.sim.faults().add(FaultRule::on(
        CREATE_PATH,
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Always,
    ));
    let e = client.send(&request).await.expect_err("answer lost");
    assert!(e.outcome_unknown(), "{e}");
    running.sim.faults().clear();
    // Committed once, whatever the retries did.
    assert_eq!(running.sim.len(), before + 1);
    let found = client
        .find(&request)
        .await
        .expect("lookup")
        .expect("exists");
    assert_eq!(found.provider_status, "awaiting_deposit");
    assert!(found.raw.contains("\"merchant_reference\":\"pd-lost-1\""));
    let record = running
        .sim
        .record(&found.provider_id)
        .expect("in the simulator");
    assert_eq!(record.json["amount"], "80750.00");

    // A server error after commit: the retry with the same key gets the stored answer.
    running.sim.faults().add(FaultRule::on(
        CREATE_PATH,
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let body =
        CreateTransactionRequest::direct("pd-lost-2", Decimal::new(100_000, 2), "usdt", "trc20");
    let created = client
        .create_transaction(&body, "k-lost-2")
        .await
        .expect("retried");
    assert_eq!(running.sim.len(), before + 2);
    assert_eq!(
        client
            .transaction_by_reference("pd-lost-2")
            .await
            .map(|r| r.wire.id),
        Ok(created.wire.id)
    );
}

#[test]
fn absurd_timestamps_are_refused_not_panicked_on() {
    let key = Secret::new("s");
    let body = br#"{"id":"e","event_type":"x","data":null}"#;
    for timestamp in [
        "-9223372036854775808",
        "9223372036854775807",
        "",
        "12.5",
        "soon",
    ] {
        let signature = webhook::sign(&key, timestamp, "x", body);
        let headers = WebhookHeaders {
            timestamp,
            signature: &signature,
            event_type: None,
        };
        assert!(webhook::verify(&key, body, &headers));
        assert!(!webhook::verify_fresh(
            &key,
            body,
            &headers,
            chrono::Utc::now()
        ));
    }
    assert_eq!(webhook::parse(body).map(|e| e.transaction), Ok(None));
}
