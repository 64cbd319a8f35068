//! Signed webhooks, delivered over loopback, and the history built from them.

use super::*;

fn openssl_hmac(secret: &str, body: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("openssl")
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

#[tokio::test]
async fn a_per_request_webhook_url_overrides_the_default_and_pending_can_be_notified() {
    let (running, client) = start().await;
    let (server, inbox) = receiver().await;
    let mut knobs = running.sim.knobs();
    knobs.skip_pending_webhook = false;
    running.sim.set_knobs(knobs);
    // No default URL: nothing is delivered for a cash-in (Omitido).
    running
        .sim
        .cash_in(
            SANDBOX_ACCOUNT_ID,
            CashIn {
                amount: d("10"),
                from_name: None,
                from_cbu: None,
                from_cuit: None,
                coelsa_code: None,
            },
        )
        .expect("cash-in");
    let client = client.with_webhook_url(format!("{}/hooks/hgcash", server.base_url));
    let sent = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "300", CBU, "PD-URL"))
        .await
        .expect("created");
    running.sim.clock().advance(Duration::seconds(5));
    running.sim.deliver_webhooks().await;
    let ledger = WebhookLedger::new(account());
    let secrets = [Secret::new(SANDBOX_SIGNING_SECRET)];
    let statuses: Vec<String> = inbox
        .lock()
        .expect("inbox")
        .iter()
        .filter_map(|(sig, body)| {
            ledger
                .receive(&secrets, body, sig.as_deref(), Utc::now())
                .expect("verified");
            match webhook::parse(body).expect("parses") {
                webhook::WebhookEvent::Request { payload, .. } => {
                    Some(payload.status.as_str().to_owned())
                }
                webhook::WebhookEvent::Movement { .. } => None,
            }
        })
        .collect();
    assert_eq!(statuses, ["PENDING", "PROCESSING", "DONE"]);
    let t = ledger.find_by_reference("PD-URL").expect("linked");
    assert_eq!(
        (t.provider_id.as_str(), t.status),
        (sent.provider_id.as_str(), TransactionStatus::Succeeded)
    );
    assert_eq!(
        ledger.transactions().len(),
        2,
        "the request and its outbound movement"
    );
}
