//! The payout journal against the simulators: one in-flight send per intent across two
//! "processes" (two stores on one SQLite file), recovery by reference after an answer lost
//! once the provider committed, start-up reconciliation, polling, cancel, events and the
//! journal's record of who did what.

mod payouts_support;

use std::sync::Arc;

use chrono::Utc;
use paydesk_domain::ErrorCode;
use paydesk_engine::payouts::{
    CashWebDepositForm, HgCashAccountChoice, HgCashCashOutForm, PayoutEvent, PayoutEventKind, State,
};
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Trigger, hexai, hgcash, hpay};
use paydesk_store::PayoutState;
use payouts_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_submit_from_another_process_is_refused_in_flight() {
    let sandbox = sandbox(21).await;
    let dir = tempfile::tempdir().expect("dir");
    let first = quiet_service(store(&dir).await, &sandbox).await;
    let second = quiet_service(store(&dir).await, &sandbox).await;
    first.reconcile().await.expect("reconcile");
    second.reconcile().await.expect("reconcile");
    // Slow answers, so both submits overlap.
    sandbox.hexai.sim.faults().add(FaultRule::on(
        "POST /api/v1/payouts/initiate",
        FaultAction::Latency {
            min: std::time::Duration::from_millis(400),
            max: std::time::Duration::from_millis(400),
        },
        Trigger::Always,
    ));
    let request = wave("12.34");
    let intent = first
        .create(&request, true, "merchant")
        .await
        .expect("create");
    let (a, b) = tokio::join!(
        first.submit(&intent.id, "merchant"),
        second.submit(&intent.id, "merchant"),
    );
    let (ok, refused) = match (a, b) {
        (Ok(ok), Err(e)) | (Err(e), Ok(ok)) => (ok, e),
        other => panic!("exactly one submit must win: {other:?}"),
    };
    assert_eq!(ok.state, State::Succeeded);
    assert!(!sandbox.hexai.sim.faults().fired().is_empty());
    assert_eq!(refused.code, ErrorCode::PayoutInFlight);
    // A third, after the fact, is refused too.
    let again = first
        .submit(&intent.id, "merchant")
        .await
        .expect_err("again");
    assert_eq!(again.code, ErrorCode::PayoutInFlight);
    assert_eq!(hexai_count(&sandbox, request.reference().expect("ref")), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hang_after_commit_is_recovered_by_lookup_never_resent() {
    let sandbox = sandbox(22).await;
    sandbox
        .hexai
        .sim
        .faults()
        .set_hang_limit(std::time::Duration::from_secs(4));
    sandbox.hexai.sim.faults().add(FaultRule::on(
        "POST /api/v1/payouts/initiate",
        FaultAction::AfterCommit(AfterCommit::Hang),
        Trigger::Next(1),
    ));
    let dir = tempfile::tempdir().expect("dir");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PayoutEvent>();
    let service = service(store(&dir).await, &sandbox, Arc::new(tx)).await;
    service.reconcile().await.expect("reconcile");
    let request = wave("20.00");
    let (intent, done) = create_and_submit(&service, &request).await;
    assert_eq!(done.state, State::Succeeded, "{done:?}");
    assert_eq!(done.send_count, 1);
    assert_eq!(hexai_count(&sandbox, request.reference().expect("ref")), 1);

    let journal = service.journal(&intent.id).await.expect("journal");
    let events: Vec<&str> = journal.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events.first(), Some(&"created"));
    assert!(events.contains(&"lookup"), "{events:?}");
    assert_eq!(events.iter().filter(|e| **e == "send").count(), 1);
    let answer = journal
        .iter()
        .find(|e| e.event == "answer")
        .expect("the timeout is recorded");
    assert!(
        answer
            .answer
            .as_deref()
            .unwrap_or("")
            .contains("no answer in time")
    );
    assert_eq!(journal[0].actor, "merchant");
    let send = journal.iter().find(|e| e.event == "send").expect("send");
    let sent = send.sent.as_deref().expect("what was sent");
    assert!(sent.contains("+2207654321") && !sent.contains(hexai::DEFAULT_TEST_KEY));

    // The merchant's audit log says who did what.
    let audit = store(&dir).await.list_audit(None, 50).await.expect("audit");
    let said = |actor: &str, action: &str| {
        audit.iter().any(|e| {
            e.actor == actor && e.action == action && e.details["intent_id"] == intent.id.as_str()
        })
    };
    assert!(said("merchant", "payout.confirmed"), "{audit:?}");
    assert!(said("merchant", "payout.sending"), "{audit:?}");
    assert!(said("paydesk", "payout.succeeded"), "{audit:?}");

    let mut seen = Vec::new();
    while let Ok(event) = rx.try_recv() {
        seen.push((event.kind, event.state));
    }
    assert!(seen.contains(&(PayoutEventKind::StateChanged, PayoutState::Sending)));
    assert_eq!(
        seen.last(),
        Some(&(PayoutEventKind::TerminalReached, PayoutState::Succeeded))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hpay_link_lost_after_commit_is_found_by_its_reference() {
    let sandbox = sandbox(23).await;
    sandbox.hpay.sim.timeout_after_commit(AfterCommit::Drop);
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let request = payment_link("7000");
    let before = sandbox.hpay.sim.payment_count(hpay::SimMode::Test);
    let (intent, done) = create_and_submit(&service, &request).await;
    // Found and made once; a link then awaits its payer.
    assert_eq!(done.state, State::Accepted, "{done:?}");
    assert_eq!(
        sandbox.hpay.sim.payment_count(hpay::SimMode::Test),
        before + 1
    );
    let link = sandbox
        .hpay
        .sim
        .payment(done.provider_id.as_deref().expect("id"))
        .expect("the link");
    assert!(
        link.description.contains(&intent.reference),
        "{}",
        link.description
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hgcash_5xx_after_commit_is_recovered_with_the_same_external_id_and_polled() {
    let sandbox = sandbox(24).await;
    let mut knobs = sandbox.hgcash.sim.knobs();
    knobs.processing_after = chrono::Duration::milliseconds(100);
    knobs.done_after = chrono::Duration::milliseconds(100);
    sandbox.hgcash.sim.set_knobs(knobs);
    sandbox.hgcash.sim.faults().add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let request = HgCashCashOutForm {
        account: Some(account(HGCASH)),
        source_account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        amount: "2500.00".into(),
        to_cvu: Some("0000003100012345678907".into()),
        ..Default::default()
    }
    .validate(&[HgCashAccountChoice {
        id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        currency: currency("ARS"),
    }])
    .expect("valid");
    let (intent, sent) = create_and_submit(&service, &request).await;
    assert!(
        matches!(
            sent.state,
            State::Accepted | State::Processing | State::Succeeded
        ),
        "{sent:?}"
    );
    let reference = request.reference().expect("ref");
    let count = |sandbox: &paydesk_sandbox::all::Sandbox| {
        sandbox
            .hgcash
            .sim
            .requests()
            .iter()
            .filter(|r| r.external_id.as_deref() == Some(reference))
            .count()
    };
    assert_eq!(count(&sandbox), 1);
    assert_eq!(
        sandbox.hgcash.sim.faults().fired().len(),
        1,
        "the 500 was answered"
    );
    let done = service.poll(&intent.id).await.expect("poll");
    assert_eq!(done.state, State::Succeeded, "{done:?}");
    assert_eq!(count(&sandbox), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cashweb_deposits_cancel_once_then_are_not_cancellable() {
    let sandbox = sandbox(26).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let form = CashWebDepositForm {
        account: Some(account(CASHWEB)),
        fiat_amount: Some("10000.00".into()),
        crypto_currency: Some("usdt".into()),
        network: Some("bep20".into()),
        ..Default::default()
    };
    let request = form.validate(currency("NGN"), Utc::now()).expect("valid");
    let (intent, created) = create_and_submit(&service, &request).await;
    assert_eq!(
        created.state,
        State::Accepted,
        "awaiting the seller's deposit"
    );
    assert!(created.link.is_some(), "the deposit address is kept");
    let cancelled = service
        .cancel(&intent.id, "merchant")
        .await
        .expect("cancel");
    assert_eq!(cancelled.state, State::Cancelled);
    let again = service
        .cancel(&intent.id, "merchant")
        .await
        .expect_err("again");
    assert_eq!(again.code, ErrorCode::PayoutNotCancellable);

    // The provider's own 409 reads as "can no longer be cancelled".
    let second = form.validate(currency("NGN"), Utc::now()).expect("valid");
    let (intent, _) = create_and_submit(&service, &second).await;
    sandbox.cashweb.sim.faults().add(FaultRule::everywhere(
        FaultAction::Status {
            status: 409,
            code: "INVALID_STATE".into(),
            message: "Transaction can no longer be cancelled".into(),
        },
        Trigger::Next(1),
    ));
    let refused = service
        .cancel(&intent.id, "merchant")
        .await
        .expect_err("409");
    assert_eq!(refused.code, ErrorCode::PayoutNotCancellable, "{refused:?}");
    let journal = service.journal(&intent.id).await.expect("journal");
    assert!(
        journal
            .iter()
            .any(|e| e.event == "cancel_answer" && e.http_status == Some(409))
    );
}
