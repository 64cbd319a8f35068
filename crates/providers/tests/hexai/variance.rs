//! The client against the simulator's other reply profiles: documented-only (a payout answered
//! with `transaction_id` and `status` alone, a three-field status lookup, a list without page
//! figures, `SUCCESS` for settled records), an unknown status word while a record is pending,
//! and a simulator that does not deduplicate by reference.

use super::*;
use paydesk_sandbox::variance::{UnknownStatus, Variance};

#[tokio::test]
async fn documented_only_payouts_lookups_and_history_read() {
    let (run, client) = setup(|c| {
        c.variance = Variance::documented_only();
        c.history_size = 230;
    })
    .await;
    let request = payout_request("50.00", "OUT-DOC-1");
    let receipt = client.send(&request).await.expect("payout");
    assert_eq!(receipt.status, TransactionStatus::Succeeded);
    assert_eq!(receipt.provider_status, "SUCCESS");
    let id = run.sim.record("OUT-DOC-1").expect("recorded").id;
    assert_eq!(
        receipt.raw,
        format!(r#"{{"transaction_id":"{id}","status":"SUCCESS"}}"#)
    );
    assert_eq!(receipt.warning, None);
    let found = client.find(&request).await.expect("find").expect("found");
    assert_eq!(
        (found.provider_id, found.status),
        (id, TransactionStatus::Succeeded)
    );
    // The lookup carries no amount: the client reads it without one.
    let lookup = client
        .transaction_status("OUT-DOC-1")
        .await
        .expect("lookup");
    assert_eq!(lookup.money().expect("none"), None);
    assert_eq!(lookup.client_reference.as_deref(), Some("OUT-DOC-1"));
    // A refused payout: FAILED and nothing more (no reason is documented).
    let failed = magic_payout(&client, "403.00", "OUT-DOC-2")
        .await
        .expect("answered");
    assert_eq!(failed.status, TransactionStatus::Failed);
    assert_eq!(failed.failure_reason, None);
    let pending = magic_payout(&client, "200.00", "OUT-DOC-3")
        .await
        .expect("answered");
    assert_eq!(pending.status, TransactionStatus::Pending);
    let collection = client
        .initiate_collection(&gmd("12.00"), "ORDER-DOC-1", None, None)
        .await
        .expect("collection");
    assert_eq!(collection.client_reference, None);

    // History without page figures: walked until the short page, every record once.
    let records = run.sim.records(Env::Test);
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        assert_eq!(page.estimated_total, None);
        seen.extend(page.transactions);
        match page.next {
            Some(next) => {
                assert!(next.contains(':'), "{next}");
                cursor = Some(next);
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), records.len());
    for (record, t) in records.iter().zip(&seen) {
        assert_eq!(t.provider_id, record.id);
        assert_eq!(t.amount.minor_units(), record.amount_bututs);
        let word = run.sim.shown_status(&record.id).expect("shown");
        assert_eq!(t.provider_status, word);
        let expected = match record.status {
            Status::Pending => TransactionStatus::Pending,
            Status::Succeeded => TransactionStatus::Succeeded,
            Status::Failed => TransactionStatus::Failed,
        };
        assert_eq!(t.status, expected, "{}", record.id);
    }
    assert!(seen.iter().any(|t| t.provider_status == "SUCCESS"));
}

#[tokio::test]
async fn an_unknown_word_is_unknown_until_the_payout_settles() {
    let every_one = UnknownStatus {
        every: 1,
        ..UnknownStatus::default()
    };
    let (run, client) = setup(|c| {
        c.variance = Variance {
            documented_only: true,
            unknown_status: Some(every_one),
            ..Variance::default()
        };
        c.knobs.payout_settle_delay = Duration::seconds(3);
    })
    .await;
    let request = payout_request("20.00", "PD-held-1");
    let receipt = client.send(&request).await.expect("accepted");
    assert_eq!(receipt.status, TransactionStatus::Unknown);
    assert_eq!(receipt.provider_status, "ON_HOLD");
    let found = client.find(&request).await.expect("find").expect("found");
    assert_eq!(found.status, TransactionStatus::Unknown);
    let page = client.transactions(1, 5).await.expect("page");
    assert_eq!(page.transactions[0].status, TransactionStatus::Unknown);
    assert_eq!(page.transactions[0].provider_status, "ON_HOLD");
    run.sim.clock().advance(Duration::seconds(3));
    let found = client.find(&request).await.expect("find").expect("found");
    assert_eq!(found.status, TransactionStatus::Succeeded);
    assert_eq!(found.provider_status, "SUCCESS");
}

#[tokio::test]
async fn without_dedup_a_resend_would_pay_twice() {
    let (run, client) = setup(|c| c.variance = Variance::default().without_dedup()).await;
    let before = run.sim.available_bututs(Env::Test);
    let request = payout_request("25.00", "PD-twice");
    let first = client.send(&request).await.expect("first");
    let second = client.send(&request).await.expect("second");
    assert_ne!(first.provider_id, second.provider_id);
    assert_eq!(run.sim.available_bututs(Env::Test), before - 5000);
    // The lookup names the first record.
    let found = client.find(&request).await.expect("find").expect("found");
    assert_eq!(found.provider_id, first.provider_id);
}
