//! The CashWeb client against its simulator's reply profiles (documented-only, CashWeb's two
//! 409 quirks, an unknown status word, no deduplication): a create answered 409 comes back as a
//! conflict carrying CashWeb's code, and the look-up by `merchant_reference` then finds the one
//! transaction, in the shapes the seed documents.

use std::collections::BTreeSet;

use chrono::Duration;
use paydesk_domain::{CashWebPricing, Money, PayoutRequest, TransactionStatus};
use paydesk_providers::cashweb::{CwStatus, QuoteRequest, TransactionQuery};
use paydesk_providers::{ErrorKind, HistorySource, PayoutSink};
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Quirk, Trigger, Variance};

use super::cashweb_support::*;

const CREATE: &str = "POST /api/v1/partner/transactions";

fn deposit(reference: &str) -> PayoutRequest {
    PayoutRequest::CashWebDeposit {
        account: account(),
        pricing: CashWebPricing::Direct {
            fiat_amount: Money::parse("16150.00", ngn()).expect("money"),
            crypto_currency: "usdt".into(),
            network: "trc20".into(),
        },
        merchant_reference: reference.into(),
        seller_phone: None,
    }
}

fn documented_with(quirk: Quirk) -> Variance {
    Variance {
        documented_only: true,
        quirks: BTreeSet::from([quirk]),
        ..Variance::default()
    }
}

/// The simulator's records carrying `reference` (any letter case).
fn records_with(running: &paydesk_sandbox::cashweb::Running, reference: &str) -> Vec<String> {
    running
        .sim
        .records()
        .into_iter()
        .filter(|r| {
            r.json["merchant_reference"]
                .as_str()
                .is_some_and(|own| own.eq_ignore_ascii_case(reference))
        })
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn idempotency_in_progress_is_a_conflict_and_find_returns_the_one_transaction() {
    let (running, client, clock) =
        start_with(|c| c.variance = documented_with(Quirk::CashWebIdempotencyInProgress)).await;
    // The first create is carried out but its answer is lost; the automatic retry (same key,
    // same body) meets the first create "still running".
    running.sim.faults().add(FaultRule::on(
        CREATE,
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let request = deposit("pd-in-progress");
    let e = client.send(&request).await.expect_err("409");
    assert_refused(&e, 409, ErrorKind::Conflict, "IDEMPOTENCY_IN_PROGRESS");
    let created = records_with(&running, "pd-in-progress");
    assert_eq!(created.len(), 1, "carried out once");

    let found = client
        .find(&request)
        .await
        .expect("looked up")
        .expect("exists");
    assert_eq!(found.provider_id, created[0]);
    assert_eq!(found.status, TransactionStatus::Pending);
    assert_eq!(found.provider_status, "awaiting_deposit");
    // The documented status query names no deposit address, and nothing else is invented.
    assert_eq!(found.link, None);

    // Later the key answers from the store: the same transaction.
    clock.advance(Duration::seconds(31));
    let replayed = client.send(&request).await.expect("replayed");
    assert_eq!(replayed.provider_id, created[0]);
    assert_eq!(records_with(&running, "pd-in-progress").len(), 1);
}

#[tokio::test]
async fn a_duplicate_reference_is_a_conflict_and_find_returns_the_one_transaction() {
    let (running, client, _clock) =
        start_with(|c| c.variance = documented_with(Quirk::CashWebDuplicateMerchantReference))
            .await;
    running.sim.faults().add(FaultRule::on(
        CREATE,
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let request = deposit("pd-duplicate");
    let e = client.send(&request).await.expect_err("409");
    assert_refused(&e, 409, ErrorKind::Conflict, "DUPLICATE_MERCHANT_REFERENCE");
    // A resend by hand (same key) meets the same answer.
    let e = client.send(&request).await.expect_err("409 again");
    assert_refused(&e, 409, ErrorKind::Conflict, "DUPLICATE_MERCHANT_REFERENCE");
    let created = records_with(&running, "pd-duplicate");
    assert_eq!(created.len(), 1);

    let found = client
        .find(&request)
        .await
        .expect("looked up")
        .expect("exists");
    assert_eq!(found.provider_id, created[0]);
    assert_eq!(found.status, TransactionStatus::Pending);
    let record = client
        .transaction_by_reference("PD-DUPLICATE")
        .await
        .expect("case-insensitive");
    assert_eq!(record.wire.id, created[0]);
    assert_eq!(record.wire.amount.0.to_string(), "16150.00");
    // The documented status query names no reference; the client keeps the one it asked for.
    assert_eq!(
        record.wire.merchant_reference.as_deref(),
        Some("PD-DUPLICATE")
    );
    // Nothing there yet: CashWeb's own "not found".
    assert_eq!(client.find(&deposit("pd-never")).await, Ok(None));
}

#[tokio::test]
async fn an_unknown_status_word_is_unknown_until_the_transaction_moves_on() {
    let (running, client, _clock) = start_with(|c| {
        c.variance = Variance {
            documented_only: true,
            ..Variance::unknown_status()
        }
    })
    .await;
    let request = deposit("pd-on-hold");
    let receipt = client.send(&request).await.expect("sent");
    assert_eq!(receipt.status, TransactionStatus::Unknown);
    assert_eq!(receipt.provider_status, "on_hold");
    assert!(!receipt.status.is_terminal());
    let found = client.find(&request).await.expect("found").expect("exists");
    assert_eq!(found.status, TransactionStatus::Unknown);
    running
        .sim
        .simulate(&receipt.provider_id, "transaction.completed")
        .expect("completed");
    let found = client.find(&request).await.expect("found").expect("exists");
    assert_eq!(found.status, TransactionStatus::Succeeded);
    assert_eq!(found.provider_status, "completed");
    let by_id = client
        .transaction(&receipt.provider_id)
        .await
        .expect("status query");
    assert_eq!(by_id.wire.status, CwStatus::Completed);
}

#[tokio::test]
async fn without_deduplication_a_blind_resend_shows_as_two_transactions() {
    let (running, client, _clock) =
        start_with(|c| c.variance = Variance::default().without_dedup()).await;
    let request = deposit("pd-twice");
    let first = client.send(&request).await.expect("sent");
    let second = client.send(&request).await.expect("sent again");
    assert_ne!(first.provider_id, second.provider_id);
    assert_eq!(records_with(&running, "pd-twice").len(), 2);
    // The look-up still answers (the first transaction carrying the reference).
    let found = client.find(&request).await.expect("found").expect("exists");
    assert_eq!(found.provider_id, first.provider_id);
}

#[tokio::test]
async fn documented_only_pages_quotes_and_cancels_are_read() {
    let (running, client, _clock) = start_with(|c| {
        c.history_size = 250;
        c.variance = Variance::documented_only();
    })
    .await;
    // Pages carry `next_cursor` without `has_more`: the walk still reaches the end.
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = client.history_page(cursor.as_deref()).await.expect("page");
        seen += page.transactions.len();
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, 250);
    let page = client
        .list_transactions(&TransactionQuery {
            limit: 2,
            ..TransactionQuery::default()
        })
        .await
        .expect("list");
    assert!(page.has_more && page.next_cursor.is_some());

    // A quote with only its id and expiry.
    let quote = client
        .create_quote(&QuoteRequest {
            crypto_currency: "usdt".into(),
            network: "trc20".into(),
            crypto_amount: None,
            fiat_amount: Some("1615.00".into()),
        })
        .await
        .expect("quote");
    assert!(!quote.quote_id.is_empty());
    assert_eq!(quote.adjusted_rate, None);

    // A cancel answered with `id` and `status` only: the transaction is read again.
    let created = create_direct(&client, "pd-cancel", "1000.00", "trc20", "k-cancel").await;
    let cancelled = client
        .cancel_transaction(&created.wire.id, "cancel-key")
        .await
        .expect("cancelled");
    assert_eq!(cancelled.wire.status, CwStatus::Cancelled);
    assert_eq!(cancelled.wire.amount.0.to_string(), "1000.00");
    assert_eq!(
        running.sim.record(&created.wire.id).map(|r| r.status),
        Some(paydesk_sandbox::cashweb::Status::Cancelled)
    );

    // An error body without a timestamp still names its code.
    let e = client
        .transaction("01917f00-7b4c-7f56-8a2b-15998d58c9f3")
        .await
        .expect_err("404");
    assert_refused(&e, 404, ErrorKind::NotFound, "NOT_FOUND");
}
