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
    record.sale.status.expect("status sent")
}

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

#[tokio::test]
async fn cards_create_read_edit_list_delete() {
    let (_sim, client) = start(0).await;
    let card = client
        .create_card(&new_card("5162321366555222331234"))
        .await
        .expect("created");
    let id = card.card_id.clone().expect("id");
    assert_eq!(id.len(), 24);
    assert_eq!(card.last_digits.as_deref(), Some("1234"));
    assert_eq!(client.card(&id).await.expect("read"), card);
    let edited = client
        .update_card(
            &id,
            &HubcashCardUpdate {
                brand: "Mastercard".into(),
                holder_name: "Maria S. Costa".into(),
                document: "111.444.777-35".into(),
                phone: None,
                exp_month: "04".into(),
                exp_year: "2031".into(),
            },
        )
        .await
        .expect("edited");
    assert_eq!(edited.holder_name, "Maria S. Costa");
    assert_eq!(edited.phone, None, "left out: cleared");
    assert_eq!(edited.last_digits.as_deref(), Some("1234"));
    // Listed by document, punctuation ignored; newest first.
    let listed = client
        .cards_by_document("11144477735", Page::default())
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    assert!(
        client
            .cards_by_document("000", Page::default())
            .await
            .expect("empty")
            .is_empty()
    );
    client.delete_card(&id).await.expect("deleted");
    let e = client.card(&id).await.expect_err("gone");
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::NotFound, Some("CardId"))
    );
    let e = client.delete_card(&id).await.expect_err("gone");
    assert_eq!(e.http_status, Some(404));
    let e = client
        .update_card(
            "58c040b32d8baf18526217f5",
            &HubcashCardUpdate {
                brand: "Visa".into(),
                holder_name: "x".into(),
                document: "1".into(),
                phone: None,
                exp_month: "01".into(),
                exp_year: "2030".into(),
            },
        )
        .await
        .expect_err("unknown");
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn card_validation_reports_every_field() {
    let (_sim, client) = start(0).await;
    let mut bad = new_card("12ab");
    bad.brand = "visa".into();
    bad.exp_month = "13".into();
    bad.security_code = Secret::new("12a");
    let e = client.create_card(&bad).await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.code.as_deref(), Some("Brand"));
    assert_eq!(
        e.message,
        "Brand: Invalid; ExpMonth: Invalid; Number: Invalid; SecurityCode: Invalid"
    );
    let mut expired = new_card("4111111111111111");
    expired.exp_year = "2025".into();
    let e = client.create_card(&expired).await.expect_err("expired");
    assert_eq!(e.message, "ExpYear: Expired");
    // The demo's saved cards are listed under their documents.
    let (_demo, client) = start(10).await;
    let cards = client
        .cards_by_document(DEMO_DOCUMENTS[0], Page::default())
        .await
        .expect("listed");
    assert_eq!(cards.len(), 2);
}

#[tokio::test]
async fn sales_lifecycle_capture_cancel_and_refusals() {
    let (sim, client) = start(0).await;
    // Approved, auto-capture: instant mode runs 1 → 2 → 7 before the answer.
    let done = client
        .create_sale(&card_sale("PD-1", 129_900, true, "0001"))
        .await
        .expect("created");
    assert_eq!(status_of(&done), HubcashStatus::Done);
    assert!(done.sale.date_captured.is_some());
    let tx = client.transaction(&done).await.expect("maps");
    assert_eq!(tx.amount.amount_text(), "1299.00");
    assert_eq!(tx.status, TransactionStatus::Succeeded);
    assert_eq!(tx.merchant_reference.as_deref(), Some("PD-1"));
    assert_eq!(tx.counterparty.card_last4.as_deref(), Some("0001"));
    assert_eq!(tx.description.as_deref(), Some("Notebook"));
    let history: Vec<_> = done
        .sale
        .history
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|h| h.action)
        .collect();
    assert_eq!(history[0], "Data received");
    assert_eq!(history[1], "Fraud analysis started");
    let saved = done
        .sale
        .card
        .clone()
        .and_then(|c| c.card_id)
        .expect("card saved");
    assert!(client.card(&saved).await.is_ok());

    // Capture from a non-capturable status is refused and the sale does not change.
    let e = client
        .capture(&done.sale.sale_id)
        .await
        .expect_err("not capturable");
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.code.as_deref(), Some("Status"));
    assert_eq!(e.message, "Status: Sale is not waiting for capture");
    assert_eq!(
        status_of(&client.sale(&done.sale.sale_id).await.expect("read")),
        HubcashStatus::Done
    );

    // Authorized only → 3; capture → 7; reversal of a Done card sale → 6 refunded.
    let held = client
        .create_sale(&card_sale("PD-2", 5_000, false, "0001"))
        .await
        .expect("created");
    assert_eq!(status_of(&held), HubcashStatus::Capturing);
    let captured = client.capture(&held.sale.sale_id).await.expect("captured");
    assert_eq!(status_of(&captured), HubcashStatus::Done);
    let e = client.capture(&held.sale.sale_id).await.expect_err("twice");
    assert_eq!(e.kind, ErrorKind::Conflict);
    let reversed = client.cancel(&held.sale.sale_id).await.expect("reversed");
    assert_eq!(status_of(&reversed), HubcashStatus::Canceled);
    assert!(reversed.sale.date_reversed.is_some());
    let rollback = reversed.sale.rollback.clone().unwrap_or_default();
    assert_eq!(rollback[0].reason.as_deref(), Some("Merchant requested"));
    assert_eq!(
        client.transaction(&reversed).await.expect("maps").status,
        TransactionStatus::Refunded
    );
    let e = client
        .cancel(&held.sale.sale_id)
        .await
        .expect_err("terminal");
    assert_eq!(
        e.message,
        "Status: Sale cannot be canceled in its current status"
    );
    let e = client
        .sale("58c040b32d8baf18526217f5")
        .await
        .expect_err("unknown");
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::NotFound, Some("SaleId"))
    );
    let e = client.capture("nope").await.expect_err("unknown");
    assert_eq!(e.http_status, Some(404));
    assert_eq!(sim.sim.records().len(), 2);
}

#[tokio::test]
async fn triggers_and_timed_lifecycle_on_the_clock() {
    let clock = Clock::manual(start_time());
    let mut config = Config::test(clock.clone(), 0);
    config.knobs.processing_delay = Duration::seconds(1);
    config.knobs.analysis_delay = Duration::seconds(2);
    let (running, client) = start_with(config).await;
    let sim = running.sim.clone();
    let sale = client
        .create_sale(&card_sale("PD-t", 10_000, true, "0001"))
        .await
        .expect("created");
    let id = sale.sale.sale_id.clone();
    assert_eq!(status_of(&sale), HubcashStatus::Processed);
    sim.advance(Duration::seconds(1));
    assert_eq!(
        status_of(&client.sale(&id).await.expect("read")),
        HubcashStatus::Analyzing
    );
    sim.advance(Duration::seconds(2));
    let done = client.sale(&id).await.expect("read");
    assert_eq!(status_of(&done), HubcashStatus::Done);
    assert_eq!(
        done.sale.date_updated.as_deref(),
        Some("2026-11-20T12:00:03 GMT")
    );

    // 0003 holds in Analyzing until resolved; 0002 declines; 0004 is denied by fraud.
    sim.set_knobs(Knobs::instant());
    let hold = client
        .create_sale(&card_sale("PD-h", 10_000, false, "0003"))
        .await
        .expect("created");
    assert_eq!(status_of(&hold), HubcashStatus::Analyzing);
    sim.advance(Duration::hours(5));
    assert!(sim.resolve_analysis(&hold.sale.sale_id, true));
    assert_eq!(
        status_of(&client.sale(&hold.sale.sale_id).await.expect("read")),
        HubcashStatus::Capturing
    );
    let declined = client
        .create_sale(&card_sale("PD-d", 10_000, true, "0002"))
        .await
        .expect("created");
    assert_eq!(status_of(&declined), HubcashStatus::Fail);
    let denied = client
        .create_sale(&card_sale("PD-x", 10_000, true, "0004"))
        .await
        .expect("created");
    let analyze = denied.sale.analyze.clone().unwrap_or_default();
    assert_eq!(analyze[0].description.as_deref(), Some("Denied"));
    assert_eq!(
        client.transaction(&denied).await.expect("maps").status,
        TransactionStatus::Failed
    );

    // Billets: issued (4) at once, paid by the control API, or expired at the due date.
    let billet = client
        .create_sale(&billet_sale("PD-b1", 45_000))
        .await
        .expect("created");
    assert_eq!(status_of(&billet), HubcashStatus::WaitingPayment);
    let slip = billet.sale.billet.clone().expect("billet");
    assert_eq!(slip.our_number, Some(222_312));
    assert_eq!(
        slip.digitable
            .expect("typeable line")
            .chars()
            .filter(char::is_ascii_digit)
            .count(),
        47
    );
    assert!(sim.pay_billet(&billet.sale.sale_id));
    assert_eq!(
        status_of(&client.sale(&billet.sale.sale_id).await.expect("read")),
        HubcashStatus::Done
    );
    let e = client
        .cancel(&billet.sale.sale_id)
        .await
        .expect_err("paid billet");
    assert_eq!(e.kind, ErrorKind::Conflict);
    let unpaid = client
        .create_sale(&billet_sale("PD-b2", 45_000))
        .await
        .expect("created");
    sim.advance(Duration::days(5));
    let expired = client.sale(&unpaid.sale.sale_id).await.expect("read");
    assert_eq!(status_of(&expired), HubcashStatus::Fail);
    assert_eq!(
        client.transaction(&expired).await.expect("maps").status,
        TransactionStatus::Expired
    );
    // Chargeback through the control API.
    assert!(sim.charge_back(&done.sale.sale_id));
    let charged = client.sale(&done.sale.sale_id).await.expect("read");
    let rollback = charged.sale.rollback.clone().unwrap_or_default();
    assert_eq!(rollback[0].reason.as_deref(), Some("Chargeback"));
}

#[tokio::test]
async fn sale_validation_follows_the_rules() {
    let (sim, client) = start(0).await;
    let mut quota = card_sale("PD-q", 1_000, true, "0001");
    quota.quota = Some(true);
    quota.quota_qty = Some(3);
    let e = client.create_sale(&quota).await.expect_err("below R$ 5,00");
    assert_eq!(e.message, "QuotaQty: Quota value below R$ 5,00");
    quota.amount = 1_500;
    let ok = client.create_sale(&quota).await.expect("R$ 5,00 each");
    assert_eq!(ok.sale.quota_qty, Some(3));
    let mut debit = card_sale("PD-q2", 10_000, true, "0001");
    debit.method = HubcashMethod::Debit;
    debit.quota = Some(true);
    debit.quota_qty = Some(2);
    let e = client
        .create_sale(&debit)
        .await
        .expect_err("no installments");
    assert_eq!(e.message, "Quota: Not allowed");
    let mut bad = card_sale("PD-b", 0, true, "0001");
    bad.currency = "brl".into();
    bad.card = Some(HubcashSaleCard::Saved {
        card_id: "58c040b32d8baf18526217f5".into(),
    });
    let e = client.create_sale(&bad).await.expect_err("several");
    assert_eq!(
        e.message,
        "Amount: Invalid; Currency: Invalid; Card.CardId: Not found"
    );
    let mut no_card = card_sale("PD-n", 100, true, "0001");
    no_card.card = None;
    let e = client
        .create_sale(&no_card)
        .await
        .expect_err("card required");
    assert_eq!(e.message, "Card: Required");
    // Unique Ref knob: a duplicate is refused as a conflict.
    let mut knobs = Knobs::instant();
    knobs.unique_ref = true;
    sim.sim.set_knobs(knobs);
    let e = client.create_sale(&quota).await.expect_err("duplicate");
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Conflict, "Ref: Not allowed")
    );
    assert_eq!(sim.sim.records().len(), 1);
}

#[tokio::test]
async fn list_filters_pages_and_the_status_fallback() {
    let (sim, client) = start(250).await;
    let records = sim.sim.records();
    assert_eq!(records.len(), 250);
    let first = client.sales(&SaleFilter::default()).await.expect("listed");
    assert_eq!(first.len(), 10);
    assert_eq!(first[0].sale.sale_id, records[249].sale_id, "newest first");
    let done = client
        .sales(&SaleFilter {
            status: Some(HubcashStatus::Done),
            method: Some(HubcashMethod::Billet),
            page: Page {
                offset: 0,
                rows: 100,
            },
            ..SaleFilter::default()
        })
        .await
        .expect("filtered");
    assert!(!done.is_empty());
    assert!(
        done.iter()
            .all(|s| s.sale.status == Some(HubcashStatus::Done)
                && s.sale.method == HubcashMethod::Billet)
    );
    let e = client
        .sales(&SaleFilter {
            page: Page {
                offset: 0,
                rows: 101,
            },
            ..SaleFilter::default()
        })
        .await
        .expect_err("too many rows");
    assert_eq!(e.message, "rows: Invalid");
    let past = client
        .sales(&SaleFilter {
            page: Page {
                offset: 10_000,
                rows: 10,
            },
            ..SaleFilter::default()
        })
        .await
        .expect("empty");
    assert!(past.is_empty());

    // The history walk reads every sale once, with exact amounts.
    let mut seen = std::collections::BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        for tx in page.transactions {
            assert_eq!(tx.check(), Ok(()));
            seen.insert(tx.provider_id.clone(), tx.amount.minor_units());
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 250);
    for r in &records {
        assert_eq!(seen.get(&r.sale_id), Some(&r.amount));
    }

    // When Status is required, the walk and the Ref lookup fall back to one query per status.
    let mut knobs = Knobs::instant();
    knobs.require_status_filter = true;
    sim.sim.set_knobs(knobs);
    let e = client
        .sales(&SaleFilter::default())
        .await
        .expect_err("strict");
    assert_eq!(e.message, "Status: Required");
    let mut count = 0;
    let mut cursor: Option<String> = None;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        count += page.transactions.len();
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(count, 250);
    let wanted = records[17].reference.clone().expect("generated ref");
    let found = client.find_sale_by_ref(&wanted).await.expect("looked up");
    assert_eq!(
        found.map(|f| f.sale.sale_id),
        Some(records[17].sale_id.clone())
    );
    assert!(
        client
            .find_sale_by_ref("PD-none")
            .await
            .expect("looked up")
            .is_none()
    );
    assert!(client.history_page(Some("bogus")).await.is_err());
}

/// A local receiver for notification deliveries (plain HTTP/1.1 over tokio): answers
/// `status`, records bodies.
async fn receiver(status: Arc<AtomicU16>) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = socket.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        seen.lock().expect("lock").push(text[end + 4..].to_string());
                        break;
                    }
                }
            }
            let code = status.load(Ordering::SeqCst);
            let reply =
                format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    (format!("http://{addr}"), bodies)
}

#[tokio::test]
async fn notifications_list_get_deliver_and_resend() {
    let (running, client) = start(60).await;
    let sim = running.sim.clone();
    let listed = client
        .notifications(Page {
            offset: 0,
            rows: 100,
        })
        .await
        .expect("listed");
    assert_eq!(listed.len(), 100);
    assert!(listed.iter().any(|n| n.last_response_code == 500));
    assert!(listed.iter().any(|n| n.last_response_code == 0));
    let one = client
        .notification(&listed[0].notification_id)
        .await
        .expect("read");
    assert_eq!(one, listed[0]);
    let e = client
        .notification("58c040b32d8baf18526217f5")
        .await
        .expect_err("unknown");
    assert_eq!(
        (e.http_status, e.code.as_deref()),
        (Some(404), Some("NotificationId"))
    );
    // Resend needs a URL.
    let e = client
        .resend_notification(&listed[0].notification_id)
        .await
        .expect_err("no URL");
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            ErrorKind::Validation,
            "URL: Notification URL not configured"
        )
    );

    let status = Arc::new(AtomicU16::new(200));
    let (server, bodies) = receiver(status.clone()).await;
    sim.set_notification_url(Some(format!("{server}/hook")));
    let before = sim.notification_count();
    let sale = client
        .create_sale(&card_sale("PD-n1", 20_000, true, "0001"))
        .await
        .expect("created");
    assert_eq!(sim.notification_count(), before + 3, "1, 2 and 7");
    assert_eq!(sim.deliver_notifications().await, 3);
    let latest = client
        .notifications(Page { offset: 0, rows: 3 })
        .await
        .expect("listed");
    assert!(
        latest
            .iter()
            .all(|n| n.last_response_code == 200 && n.sale.sale_id == sale.sale.sale_id)
    );
    assert_eq!(latest[0].sale.status, HubcashStatus::Done);
    assert_eq!(latest[2].sale.status, HubcashStatus::Processed);
    let posted = bodies.lock().expect("lock").clone();
    assert_eq!(posted.len(), 3);
    assert!(posted[0].starts_with("{\"Notification\":{"));

    // The receiver fails: the resend answers 200 and carries 500; the frozen status stays.
    status.store(500, Ordering::SeqCst);
    sim.advance(Duration::minutes(1));
    let resent = client
        .resend_notification(&latest[2].notification_id)
        .await
        .expect("resent");
    assert_eq!(resent.last_response_code, 500);
    assert_eq!(resent.sale.status, HubcashStatus::Processed);
    assert_eq!(
        resent.date_updated.as_deref(),
        Some("2026-11-20T12:01:00 GMT")
    );
    // The endpoint is down: no answer, 0.
    let mut knobs = Knobs::instant();
    knobs.notification_endpoint_down = true;
    sim.set_knobs(knobs);
    let resent = client
        .resend_notification(&latest[2].notification_id)
        .await
        .expect("resent");
    assert_eq!(resent.last_response_code, 0);
    let log = sim.deliveries();
    assert_eq!(log.len(), 5);
    assert!(log[3].resend && log[3].code == 500);
    assert_eq!(bodies.lock().expect("lock").len(), 4);
    let e = client
        .resend_notification("nope")
        .await
        .expect_err("unknown");
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn faults_retries_and_recovery_by_ref() {
    let (running, client) = start(20).await;
    let faults = running.sim.faults().clone();
    // A 503 then a 429 with Retry-After on a read: retried, then answered.
    faults.add(FaultRule::on(
        "GET /v1/sales",
        FaultAction::Status {
            status: 503,
            code: "server".into(),
            message: "Service unavailable".into(),
        },
        Trigger::Next(1),
    ));
    faults.add(FaultRule::on(
        "GET /v1/sales",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    assert_eq!(
        client
            .sales(&SaleFilter::default())
            .await
            .expect("retried")
            .len(),
        10
    );
    // Always failing: a server error that keeps Hubcash's body.
    faults.add(FaultRule::on(
        "GET /v1/currencies",
        FaultAction::Status {
            status: 500,
            code: "server".into(),
            message: "Internal error".into(),
        },
        Trigger::Always,
    ));
    let e = client.currencies().await.expect_err("fails");
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(500)));
    assert_eq!(e.message, "server: Internal error");
    faults.clear();
    // 429 on a write: not retried, reported with its wait.
    faults.add(FaultRule::on(
        "PUT /v1/notifications/{notification_id}",
        FaultAction::RateLimit {
            retry_after_secs: Some(7),
        },
        Trigger::Next(1),
    ));
    let e = client.resend_notification("x").await.expect_err("limited");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(7)));

    // The create is committed but its answer lost: not resent; recovered by Ref.
    faults.add(FaultRule::on(
        "POST /v1/sales",
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let e = client
        .create_sale(&card_sale("PD-lost", 33_300, true, "0001"))
        .await
        .expect_err("answer lost");
    assert!(e.outcome_unknown());
    let found = client
        .find_sale_by_ref("PD-lost")
        .await
        .expect("looked up")
        .expect("exists");
    assert_eq!(found.sale.amount, 33_300);
    assert_eq!(
        running
            .sim
            .records()
            .iter()
            .filter(|r| r.reference.as_deref() == Some("PD-lost"))
            .count(),
        1
    );
    faults.add(FaultRule::on(
        "PUT /v1/sales/capture/{sale_id}",
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Next(1),
    ));
    let held = client
        .create_sale(&card_sale("PD-c", 9_900, false, "0001"))
        .await
        .expect("created");
    let e = client
        .capture(&held.sale.sale_id)
        .await
        .expect_err("dropped");
    assert!(e.outcome_unknown());
    assert_eq!(
        status_of(&client.sale(&held.sale.sale_id).await.expect("read")),
        HubcashStatus::Done
    );

    // Damaged answers are malformed errors, never panics.
    faults.add(FaultRule::on(
        "GET /v1/sales/{sale_id}",
        FaultAction::Malformed(Malformed::Truncated),
        Trigger::Next(1),
    ));
    let e = client
        .sale(&held.sale.sale_id)
        .await
        .expect_err("truncated");
    assert_eq!(e.kind, ErrorKind::Malformed);
    for kind in [
        MalformedSale::UnknownStatus,
        MalformedSale::MissingSaleId,
        MalformedSale::MissingAmount,
        MalformedSale::MethodWrongCase,
    ] {
        let mut knobs = Knobs::instant();
        knobs.malformed_sale = Some(kind);
        running.sim.set_knobs(knobs);
        let e = client.sale(&held.sale.sale_id).await.expect_err("damaged");
        assert_eq!(e.kind, ErrorKind::Malformed, "{kind:?}");
    }
    let mut knobs = Knobs::instant();
    knobs.malformed_sale = Some(MalformedSale::DateFormat);
    running.sim.set_knobs(knobs);
    let record = client.sale(&held.sale.sale_id).await.expect("reads");
    let e = client.transaction(&record).await.expect_err("bad date");
    assert_eq!(e.kind, ErrorKind::Malformed);
}

#[test]
fn a_large_history_generates_fast_enough() {
    let sim = Simulator::new(Config::test(Clock::manual(start_time()), 100_000));
    let records = sim.records();
    assert_eq!(records.len(), 100_000);
    assert!(records.windows(2).all(|w| w[0].added <= w[1].added));
    assert!(records[0].added >= start_time() - Duration::days(91));
}
