//! The CashWeb client against its simulator over loopback: every endpoint, its success shape
//! and the documented errors (shared/providers/cashweb.md §3, §7, §9).

mod cashweb_support;

use std::time::Duration as StdDuration;

use cashweb_support::*;
use chrono::Duration;
use paydesk_domain::{CashWebPricing, Money, PayoutRequest, TransactionStatus};
use paydesk_providers::cashweb::{
    CreateTransactionRequest, CwStatus, HistoryCursor, QuoteRequest, RevenueQuery, SimulateRequest,
    TransactionQuery, idempotency_key_for,
};
use paydesk_providers::{ErrorKind, HistorySource, PayoutSink, ProviderError};
use paydesk_sandbox::cashweb::{OTHER_PARTNER_API_KEY, Status};
use rust_decimal::Decimal;

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).expect("decimal")
}

fn crypto_quote(amount: &str) -> QuoteRequest {
    QuoteRequest {
        crypto_currency: "usdt".into(),
        network: "trc20".into(),
        crypto_amount: Some(amount.into()),
        fiat_amount: None,
    }
}

fn assert_refused(e: &ProviderError, status: u16, kind: ErrorKind, code: &str) {
    assert_eq!(e.http_status, Some(status), "{e}");
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(e.code.as_deref(), Some(code), "{e}");
    assert!(!e.message.is_empty());
}

#[tokio::test]
async fn quotes_are_executable_for_120_seconds() {
    let (_running, client, clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("100.00"))
        .await
        .expect("quote");
    assert_eq!(quote.base_rate.0.to_string(), "1625.00");
    assert_eq!(quote.adjusted_rate.0.to_string(), "1615.00");
    assert_eq!(quote.amount.0.to_string(), "100.00");
    assert_eq!(quote.expires_at, clock.now() + Duration::seconds(120));

    let both = QuoteRequest {
        fiat_amount: Some("161500.00".into()),
        ..crypto_quote("100.00")
    };
    let neither = QuoteRequest {
        crypto_amount: None,
        ..crypto_quote("1")
    };
    let unsupported = QuoteRequest {
        network: "erc20".into(),
        ..crypto_quote("100.00")
    };
    for bad in [
        both,
        neither,
        unsupported,
        crypto_quote("0"),
        crypto_quote("abc"),
    ] {
        let e = client.create_quote(&bad).await.expect_err("refused");
        assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    }
}

#[tokio::test]
async fn quote_mode_creates_a_deposit_address_at_the_quoted_rate() {
    let (running, client, clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("100.00"))
        .await
        .expect("quote");
    let body = CreateTransactionRequest::quote_mode("order-4551", &quote.quote_id, Some("trc20"));
    let record = client
        .create_transaction(&body, "key-1")
        .await
        .expect("created");
    let w = &record.wire;
    assert_eq!(w.status, CwStatus::AwaitingDeposit);
    assert_eq!(w.amount.0.to_string(), "161500.00");
    assert_eq!(
        w.crypto_amount.map(|c| c.0.to_string()).as_deref(),
        Some("100.00")
    );
    assert_eq!(w.rate.map(|r| r.0.to_string()).as_deref(), Some("1615.00"));
    assert_eq!(w.expires_at, Some(clock.now() + Duration::minutes(30)));
    assert!(
        w.deposit_address
            .as_deref()
            .is_some_and(|a| a.starts_with('T') && a.len() == 34)
    );
    let tx = record
        .to_transaction(client.account(), ngn())
        .expect("maps");
    assert_eq!(tx.amount, Money::parse("161500.00", ngn()).expect("money"));
    assert_eq!(tx.status, TransactionStatus::Pending);
    assert!(running.sim.record(&w.id).is_some());

    // Single use.
    let again = CreateTransactionRequest::quote_mode("order-4552", &quote.quote_id, None);
    let e = client
        .create_transaction(&again, "key-2")
        .await
        .expect_err("used");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_ALREADY_USED");

    // Expired after 120 s.
    let late = client
        .create_quote(&crypto_quote("50.00"))
        .await
        .expect("quote");
    clock.advance(Duration::seconds(121));
    let body = CreateTransactionRequest::quote_mode("order-4553", &late.quote_id, None);
    let e = client
        .create_transaction(&body, "key-3")
        .await
        .expect_err("expired");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_EXPIRED");
    assert_eq!(e.message, "The quote has expired");

    // Unknown quote.
    let body = CreateTransactionRequest::quote_mode("order-4554", "nope", None);
    let e = client
        .create_transaction(&body, "key-4")
        .await
        .expect_err("unknown");
    assert_refused(&e, 400, ErrorKind::Validation, "QUOTE_NOT_FOUND");
}

#[tokio::test]
async fn both_modes_or_neither_are_refused() {
    let (_running, client, _clock) = start().await;
    let quote = client
        .create_quote(&crypto_quote("10.00"))
        .await
        .expect("quote");
    let mut both = CreateTransactionRequest::direct("order-1", dec("49000.00"), "usdt", "bep20");
    both.quote_id = Some(quote.quote_id.clone());
    let e = client
        .create_transaction(&both, "k-both")
        .await
        .expect_err("both");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    assert!(
        e.message.contains("exactly one pricing mode"),
        "{}",
        e.message
    );
    let mut neither = CreateTransactionRequest::direct("order-2", dec("1"), "usdt", "bep20");
    neither.fiat_amount = None;
    neither.crypto_currency = None;
    let e = client
        .create_transaction(&neither, "k-neither")
        .await
        .expect_err("neither");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    let e = client
        .create_transaction(
            &CreateTransactionRequest::direct("order-3", dec("-5"), "usdt", "bep20"),
            "k-neg",
        )
        .await
        .expect_err("negative");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
}

#[tokio::test]
async fn direct_mode_derives_the_crypto_amount() {
    let (_running, client, _clock) = start().await;
    let body = CreateTransactionRequest::direct("order-direct", dec("49000"), "usdt", "bep20");
    let record = client
        .create_transaction(&body, "k-direct")
        .await
        .expect("created");
    let w = &record.wire;
    assert_eq!(w.amount.0.to_string(), "49000.00");
    assert_eq!(w.rate.map(|r| r.0.to_string()).as_deref(), Some("1615.00"));
    // 49000 / 1615 = 30.3405572..., cut to 6 places.
    assert_eq!(
        w.crypto_amount.map(|c| c.0.to_string()).as_deref(),
        Some("30.340557")
    );
    assert!(
        w.deposit_address
            .as_deref()
            .is_some_and(|a| a.starts_with("0x") && a.len() == 42)
    );
}

#[tokio::test]
async fn idempotency_matrix_and_reference_uniqueness() {
    let (running, client, _clock) = start().await;
    let before = running.sim.len();
    let body = CreateTransactionRequest::direct("Order-77", dec("1000.00"), "usdt", "trc20");
    let first = client
        .create_transaction(&body, "same-key")
        .await
        .expect("created");
    let replay = client
        .create_transaction(&body, "same-key")
        .await
        .expect("cached");
    assert_eq!(first, replay);
    assert_eq!(running.sim.len(), before + 1);

    let changed = CreateTransactionRequest::direct("Order-77", dec("2000.00"), "usdt", "trc20");
    let e = client
        .create_transaction(&changed, "same-key")
        .await
        .expect_err("mismatch");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_KEY_MISMATCH");

    let other_case = CreateTransactionRequest::direct("ORDER-77", dec("1000.00"), "usdt", "trc20");
    let e = client
        .create_transaction(&other_case, "new-key")
        .await
        .expect_err("dup");
    assert_refused(&e, 409, ErrorKind::Conflict, "DUPLICATE_MERCHANT_REFERENCE");

    // A second call while the first is still being carried out.
    running
        .sim
        .set_knobs(|k| k.create_delay = StdDuration::from_millis(400));
    let slow = CreateTransactionRequest::direct("order-slow", dec("10.00"), "usdt", "trc20");
    let c2 = client.clone();
    let s2 = slow.clone();
    let first = tokio::spawn(async move { c2.create_transaction(&s2, "slow-key").await });
    tokio::time::sleep(StdDuration::from_millis(100)).await;
    let e = client
        .create_transaction(&slow, "slow-key")
        .await
        .expect_err("in flight");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_IN_PROGRESS");
    assert!(first.await.expect("joins").is_ok());
    assert_eq!(running.sim.len(), before + 2);

    // Missing key.
    let e = client
        .create_transaction(&body, "")
        .await
        .expect_err("no key");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
}

#[tokio::test]
async fn lookups_by_id_and_reference_and_their_404s() {
    let (running, client, _clock) = start().await;
    let reference = "inv 2026/02 #1";
    let body = CreateTransactionRequest::direct(reference, dec("5000.00"), "usdt", "trc20");
    let created = client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    let by_id = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(by_id.wire.merchant_reference.as_deref(), Some(reference));
    assert_eq!(by_id.wire.deposit_id, None);
    let by_ref = client
        .transaction_by_reference(&reference.to_uppercase())
        .await
        .expect("case-insensitive");
    assert_eq!(by_ref.wire.id, created.wire.id);
    assert_eq!(by_ref.raw, by_id.raw);

    let e = client
        .transaction("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
    let e = client
        .transaction_by_reference("never-sent")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");

    // Another partner does not see it.
    let other = client_for(&running, OTHER_PARTNER_API_KEY, 1);
    let e = other
        .transaction(&created.wire.id)
        .await
        .expect_err("scoped");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
}

#[tokio::test]
async fn a_bad_or_revoked_key_is_401() {
    let (running, client, _clock) = start().await;
    let stranger = client_for(&running, "cw_wrong", 3);
    let e = stranger
        .list_transactions(&TransactionQuery::default())
        .await
        .expect_err("401");
    assert_refused(&e, 401, ErrorKind::Unauthorized, "UNAUTHORIZED");
    assert_eq!(e.message, "Missing or invalid API key");
    assert!(!format!("{e:?}").contains("cw_wrong"));
    running.sim.set_knobs(|k| k.key_revoked = true);
    let e = client
        .create_quote(&crypto_quote("1.00"))
        .await
        .expect_err("revoked");
    assert_refused(&e, 401, ErrorKind::Unauthorized, "UNAUTHORIZED");
}

#[tokio::test]
async fn list_pages_through_everything_newest_first() {
    let (running, client, _clock) = start().await;
    let mut query = TransactionQuery::default();
    let mut seen = Vec::new();
    loop {
        let page = client.list_transactions(&query).await.expect("page");
        assert!(page.records.len() <= 100);
        seen.extend(page.records.iter().map(|r| r.wire.id.clone()));
        match page.next_cursor {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    let mut expected: Vec<String> = running
        .sim
        .records()
        .into_iter()
        .filter(|r| r.partner == 0)
        .map(|r| r.id)
        .collect();
    expected.reverse();
    assert_eq!(seen, expected);
    assert_eq!(seen.len(), 300);

    let completed = client
        .list_transactions(&TransactionQuery {
            status: vec![CwStatus::Completed, CwStatus::Failed],
            limit: 20,
            ..TransactionQuery::default()
        })
        .await
        .expect("filtered");
    assert_eq!(completed.records.len(), 20);
    assert!(
        completed
            .records
            .iter()
            .all(|r| matches!(r.wire.status, CwStatus::Completed | CwStatus::Failed))
    );

    let e = client
        .list_transactions(&TransactionQuery {
            cursor: Some("eyJ0YW1wZXJlZCI6dHJ1ZX0".into()),
            ..TransactionQuery::default()
        })
        .await
        .expect_err("tampered");
    assert_refused(&e, 400, ErrorKind::Validation, "INVALID_CURSOR");
    for limit in [0, 101] {
        let e = client
            .list_transactions(&TransactionQuery {
                limit,
                ..TransactionQuery::default()
            })
            .await
            .expect_err("limit");
        assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    }
}

#[tokio::test]
async fn history_source_scans_and_resumes_from_a_watermark() {
    let (_running, client, clock) = start().await;
    let mut cursor: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        all.extend(page.transactions);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(all.len(), 300);
    assert!(all.iter().all(|t| t.check().is_ok() && !t.raw.is_empty()));
    // A later scan from a watermark sees only what is new (and the overlap).
    let body = CreateTransactionRequest::direct("after-sync", dec("100.00"), "usdt", "trc20");
    client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    let since = HistoryCursor::since(clock.now() - Duration::minutes(1)).to_text();
    let page = client.history_page(Some(&since)).await.expect("page");
    assert_eq!(page.transactions.len(), 1);
    assert_eq!(
        page.transactions[0].merchant_reference.as_deref(),
        Some("after-sync")
    );
    assert_eq!(page.next, None);
    assert!(client.history_page(Some("garbage")).await.is_err());
}

#[tokio::test]
async fn simulate_drives_the_lifecycle_and_history_records_it() {
    let (running, client, clock) = start().await;
    let body = CreateTransactionRequest::direct("life-1", dec("161500.00"), "usdt", "bep20");
    let created = client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    let id = created.wire.id.clone();
    clock.advance(Duration::minutes(2));
    let mut detect = SimulateRequest::new(&id, "deposit.detected");
    detect.deposit_id = Some("dep_sandbox_001".into());
    let detected = client.sandbox_simulate(&detect).await.expect("detected");
    assert_eq!(detected.wire.status, CwStatus::DepositConfirming);
    assert_eq!(detected.wire.deposit_id.as_deref(), Some("dep_sandbox_001"));
    assert_eq!(detected.wire.deposit_status.as_deref(), Some("detected"));
    assert_eq!(detected.wire.required_confirmations, Some(15));
    clock.advance(Duration::minutes(1));
    let done = client
        .sandbox_simulate(&SimulateRequest::new(&id, "transaction.completed"))
        .await
        .expect("completed");
    assert_eq!(done.wire.status, CwStatus::Completed);
    assert_eq!(done.wire.deposit_status.as_deref(), Some("confirmed"));
    let history = client.status_history(&id).await.expect("history");
    let steps: Vec<CwStatus> = history.history.iter().map(|h| h.to_status).collect();
    assert_eq!(
        steps,
        [
            CwStatus::AwaitingDeposit,
            CwStatus::DepositConfirming,
            CwStatus::SellingCrypto,
            CwStatus::OrderFilled,
            CwStatus::Completed
        ]
    );
    assert_eq!(history.history[0].from_status, None);
    assert!(
        history
            .history
            .windows(2)
            .all(|w| w[0].changed_at <= w[1].changed_at)
    );

    let e = client
        .sandbox_simulate(&SimulateRequest::new(&id, "transaction.expired"))
        .await
        .expect_err("not from completed");
    assert_refused(&e, 409, ErrorKind::Conflict, "INVALID_STATE_TRANSITION");
    let e = client
        .sandbox_simulate(&SimulateRequest::new(&id, "transaction.teleported"))
        .await
        .expect_err("unknown event");
    assert_refused(&e, 400, ErrorKind::Validation, "VALIDATION_ERROR");
    client
        .sandbox_simulate(&SimulateRequest::new(&id, "payout.settled"))
        .await
        .expect("settled");
    let types: Vec<String> = running.sim.events().into_iter().map(|e| e.1).collect();
    assert!(types.contains(&"payout.settled".to_owned()));
    let e = client
        .status_history("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");

    running
        .sim
        .set_knobs(|k| k.environment = paydesk_sandbox::cashweb::Environment::Production);
    let e = client
        .sandbox_simulate(&SimulateRequest::new(&id, "payout.settled"))
        .await
        .expect_err("production");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn cancel_is_idempotent_and_refused_from_other_states() {
    let (_running, client, _clock) = start().await;
    let body = CreateTransactionRequest::direct("to-cancel", dec("2000.00"), "usdt", "trc20");
    let created = client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    let id = created.wire.id.clone();
    let cancelled = client
        .cancel_transaction(&id, "cancel-1")
        .await
        .expect("cancelled");
    assert_eq!(cancelled.wire.status, CwStatus::Cancelled);
    assert_eq!(
        cancelled
            .to_transaction(client.account(), ngn())
            .map(|t| t.status),
        Ok(TransactionStatus::Cancelled)
    );
    let again = client
        .cancel_transaction(&id, "cancel-1")
        .await
        .expect("cached");
    assert_eq!(again, cancelled);
    let e = client
        .cancel_transaction(&id, "cancel-2")
        .await
        .expect_err("409");
    assert_refused(&e, 409, ErrorKind::Conflict, "TRANSACTION_NOT_CANCELLABLE");
    let e = client
        .cancel_transaction("01917f00-7b4c-7f56-8a2b-15998d58c9f3", "cancel-3")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
}

#[tokio::test]
async fn unpaid_deposit_windows_expire_on_the_clock() {
    let (running, client, clock) = start().await;
    running
        .sim
        .set_knobs(|k| k.deposit_ttl = Duration::minutes(5));
    let body = CreateTransactionRequest::direct("unpaid", dec("3000.00"), "usdt", "trc20");
    let created = client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    clock.advance(Duration::minutes(4));
    let still = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(still.wire.status, CwStatus::AwaitingDeposit);
    clock.advance(Duration::minutes(2));
    let expired = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(expired.wire.status, CwStatus::Expired);
    assert_eq!(expired.wire.updated_at, created.wire.expires_at);
    let events = running.sim.events();
    assert!(
        events
            .iter()
            .any(|e| e.1 == "transaction.expired" && e.2 == created.wire.id)
    );
}

#[tokio::test]
async fn auto_progress_completes_and_books_revenue() {
    let (running, client, clock) = start().await;
    running
        .sim
        .set_knobs(|k| k.auto_progress = Some(Default::default()));
    let body = CreateTransactionRequest::direct("auto-1", dec("161500.00"), "usdt", "trc20");
    let created = client
        .create_transaction(&body, "k")
        .await
        .expect("created");
    clock.advance(Duration::minutes(3) + Duration::seconds(12));
    let mid = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(mid.wire.status, CwStatus::DepositConfirming);
    assert_eq!(mid.wire.confirmations, Some(3));
    clock.advance(Duration::minutes(10));
    let done = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(done.wire.status, CwStatus::Completed);
    let revenue = client
        .revenue(&RevenueQuery {
            from: Some(clock.now() - Duration::minutes(30)),
            include_summary: true,
            ..RevenueQuery::default()
        })
        .await
        .expect("revenue");
    assert_eq!(revenue.rows.len(), 1);
    let row = &revenue.rows[0];
    assert_eq!(row.transaction_id, created.wire.id);
    // 10 bps of 161500.00 is 161.50; the partner's half is 80.75.
    assert_eq!(row.platform_fee.0.to_string(), "161.50");
    assert_eq!(row.share.0.to_string(), "80.75");
    assert_eq!(revenue.summary.map(|s| s.transaction_count), Some(1));
    let types: Vec<String> = running.sim.events().into_iter().map(|e| e.1).collect();
    for t in [
        "transaction.created",
        "deposit.detected",
        "deposit.confirmed",
        "transaction.completed",
        "payout.settled",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} in {types:?}");
    }
    // A forced failure.
    running
        .sim
        .set_knobs(|k| k.force_outcome = Some(Status::Failed));
    let body = CreateTransactionRequest::direct("auto-2", dec("100.00"), "usdt", "trc20");
    let failing = client
        .create_transaction(&body, "k2")
        .await
        .expect("created");
    clock.advance(Duration::minutes(15));
    let failed = client.transaction(&failing.wire.id).await.expect("tsq");
    assert_eq!(failed.wire.status, CwStatus::Failed);
}

#[tokio::test]
async fn revenue_pages_and_partner_earnings_agree() {
    let (_running, client, clock) = start().await;
    let from = clock.now() - Duration::days(91);
    let mut query = RevenueQuery {
        from: Some(from),
        to: Some(clock.now()),
        ..RevenueQuery::default()
    };
    let mut total = Money::zero(ngn());
    let mut count = 0;
    loop {
        let page = client.revenue(&query).await.expect("page");
        assert!(page.summary.is_none());
        for row in &page.rows {
            total = total
                .checked_add(&row.share_money(ngn()).expect("money"))
                .expect("same currency");
            count += 1;
        }
        match page.next_cursor {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert!(count > 150, "{count}");
    let earnings = client
        .partner_earnings(from, clock.now())
        .await
        .expect("earnings");
    assert_eq!(earnings, total);
    let e = client
        .revenue(&RevenueQuery {
            cursor: Some("%%%".into()),
            ..RevenueQuery::default()
        })
        .await
        .expect_err("tampered");
    assert_refused(&e, 400, ErrorKind::Validation, "INVALID_CURSOR");
}

#[tokio::test]
async fn payout_sink_sends_and_finds_deposit_requests() {
    let (_running, client, clock) = start().await;
    let direct = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("49000.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "bep20".into(),
        },
        merchant_reference: "pd-0001".into(),
        seller_phone: Some("08031234567".into()),
    };
    assert_eq!(client.find(&direct).await, Ok(None));
    let receipt = client.send(&direct).await.expect("sent");
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.provider_status, "awaiting_deposit");
    assert!(receipt.link.as_deref().is_some_and(|l| l.starts_with("0x")));
    let found = client.find(&direct).await.expect("found").expect("exists");
    assert_eq!(found.provider_id, receipt.provider_id);
    // A resend with the same reference is answered from the idempotency store.
    let resent = client.send(&direct).await.expect("replayed");
    assert_eq!(resent.provider_id, receipt.provider_id);

    let quote = client
        .create_quote(&crypto_quote("25.00"))
        .await
        .expect("quote");
    let quoted = PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Quote {
            quote_id: quote.quote_id,
            network: "trc20".into(),
            expires_at: quote.expires_at,
        },
        merchant_reference: "pd-0002".into(),
        seller_phone: None,
    };
    clock.advance(Duration::seconds(30));
    let receipt = client.send(&quoted).await.expect("sent");
    assert!(
        receipt.raw.contains("\"amount\":\"40375.00\""),
        "{}",
        receipt.raw
    );

    let elsewhere = PayoutRequest::HubcashCapture {
        account: account(),
        sale_id: "1".into(),
    };
    assert_eq!(
        client.send(&elsewhere).await.map_err(|e| e.kind),
        Err(ErrorKind::Validation)
    );
    assert_eq!(idempotency_key_for("pd-0001"), "paydesk-create-pd-0001");
}
