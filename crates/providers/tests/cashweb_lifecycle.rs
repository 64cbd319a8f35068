//! The CashWeb client against its simulator over loopback: lists and history, the lifecycle
//! (simulate, cancel, expiry, timed progression), status history and the revenue ledger
//! (shared/providers/cashweb.md §3.5–§3.10, §9.2).

mod cashweb_support;

use cashweb_support::*;
use chrono::Duration;
use paydesk_domain::{Money, TransactionStatus};
use paydesk_providers::cashweb::{
    CwStatus, HistoryCursor, RevenueQuery, SimulateRequest, TransactionQuery,
};
use paydesk_providers::{ErrorKind, HistorySource};
use paydesk_sandbox::cashweb::Status;

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
    create_direct(&client, "after-sync", "100.00", "trc20", "k").await;
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
    let created = create_direct(&client, "life-1", "161500.00", "bep20", "k").await;
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
    let steps: Vec<CwStatus> = history
        .history
        .iter()
        .map(|h| h.to_status.clone())
        .collect();
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
    let created = create_direct(&client, "to-cancel", "2000.00", "trc20", "k").await;
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
    let created = create_direct(&client, "unpaid", "3000.00", "trc20", "k").await;
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
    let created = create_direct(&client, "auto-1", "161500.00", "trc20", "k").await;
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
    let failing = create_direct(&client, "auto-2", "100.00", "trc20", "k2").await;
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
async fn payout_settled_follows_completion_exactly_once() {
    let (running, client, clock) = start().await;
    running
        .sim
        .set_knobs(|k| k.auto_progress = Some(Default::default()));
    let created = create_direct(&client, "settle-1", "1615.00", "trc20", "k").await;
    let settled = |sim: &paydesk_sandbox::cashweb::Simulator| {
        sim.events()
            .into_iter()
            .filter(|e| e.1 == "payout.settled" && e.2 == created.wire.id)
            .count()
    };
    // Completed at 5 min 24 s; settled 30 s later.
    clock.advance(Duration::seconds(5 * 60 + 30));
    let done = client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(done.wire.status, CwStatus::Completed);
    assert_eq!(settled(&running.sim), 0);
    clock.advance(Duration::seconds(30));
    running.sim.tick();
    assert_eq!(settled(&running.sim), 1);
    clock.advance(Duration::hours(1));
    running.sim.tick();
    client.transaction(&created.wire.id).await.expect("tsq");
    assert_eq!(settled(&running.sim), 1);
}
