//! Sales: create, capture, cancel, the lifecycle on the clock, validation, lists and the history walk.

use super::*;

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
            .all(|s| s.sale.known_status() == Some(HubcashStatus::Done)
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

#[tokio::test]
async fn knobs_capture_window_billet_rules_and_strict_brand() {
    let mut config = Config::test(Clock::manual(start_time()), 0);
    config.knobs.capture_window = Some(Duration::days(7));
    config.knobs.billet_auto_pay_after = Some(Duration::hours(1));
    config.knobs.strict_card_brand = true;
    let (running, client) = start_with(config).await;
    let sim = running.sim.clone();
    // An authorization nobody captures is voided when the window closes.
    let held = client
        .create_sale(&card_sale("PD-w", 10_000, false, "0001"))
        .await
        .expect("created");
    assert_eq!(status_of(&held), HubcashStatus::Capturing);
    sim.advance(Duration::days(7));
    let voided = client.sale(&held.sale.sale_id).await.expect("read");
    assert_eq!(status_of(&voided), HubcashStatus::Canceled);
    let last = voided.sale.history.clone().unwrap_or_default();
    assert_eq!(
        last.last().and_then(|h| h.action.as_deref()),
        Some("Authorization expired")
    );
    assert_eq!(
        client.transaction(&voided).await.expect("maps").status,
        TransactionStatus::Cancelled
    );
    // A billet pays itself after the knob's delay.
    let billet = client
        .create_sale(&billet_sale("PD-p", 7_500))
        .await
        .expect("created");
    sim.advance(Duration::hours(1));
    let paid = client.sale(&billet.sale.sale_id).await.expect("read");
    assert_eq!(status_of(&paid), HubcashStatus::Done);
    // Unpaid billets end in 6 when the knob says so.
    let mut knobs = sim.knobs();
    knobs.billet_auto_pay_after = None;
    knobs.billet_expiry_status = 6;
    sim.set_knobs(knobs);
    let unpaid = client
        .create_sale(&billet_sale("PD-u", 7_500))
        .await
        .expect("created");
    sim.advance(Duration::days(3));
    assert_eq!(
        status_of(&client.sale(&unpaid.sale.sale_id).await.expect("read")),
        HubcashStatus::WaitingPayment,
        "still payable on its due date"
    );
    sim.advance(Duration::days(1));
    let expired = client.sale(&unpaid.sale.sale_id).await.expect("read");
    assert_eq!(status_of(&expired), HubcashStatus::Canceled);
    assert!(expired.sale.date_canceled.is_some());
    // Strict brands: a Mastercard number sent as Visa is refused.
    let mut wrong = card_sale("PD-s", 10_000, true, "0001");
    wrong.card = Some(HubcashSaleCard::New(new_card("5555555555550001")));
    let e = client.create_sale(&wrong).await.expect_err("BIN mismatch");
    assert_eq!(e.message, "Card.Number: Invalid");
}
