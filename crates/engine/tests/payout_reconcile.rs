//! Reconciliation: an intent left `sending` by a dead process, or left `unknown` because the
//! provider could not say what happened, blocks new payouts of its own account (and of no
//! other) until a lookup by reference settles it; nothing is resent without the provider's
//! leave. An unknown intent of an account with no connection holds nothing back and is listed
//! as needing attention.

mod payouts_support;

use chrono::Utc;
use paydesk_domain::ErrorCode;
use paydesk_engine::payouts::State;
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Trigger};
use paydesk_store::{IntentUpdate, NewJournalEntry, PayoutState};
use payouts_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intent_left_sending_blocks_new_payouts_until_reconciled() {
    let sandbox = sandbox(25).await;
    let dir = tempfile::tempdir().expect("dir");
    let crashed = store(&dir).await;
    // A process wrote the intent, took it into `sending`, and died before sending.
    let service = quiet_service(crashed.clone(), &sandbox).await;
    service.reconcile().await.expect("reconcile");
    let request = wave("33.00");
    let intent = service
        .create(&request, true, "merchant")
        .await
        .expect("create");
    let lease_end = Utc::now() + chrono::Duration::milliseconds(300);
    crashed
        .transition_payout(
            &intent.id,
            &[PayoutState::Confirmed],
            None,
            None,
            PayoutState::Sending,
            &IntentUpdate {
                lease: Some(("dead-process".into(), lease_end)),
                ..Default::default()
            },
            &NewJournalEntry {
                actor: "merchant".into(),
                event: "send_claimed".into(),
                ..Default::default()
            },
        )
        .await
        .expect("claim")
        .expect("claimed");
    drop(service);

    // The restarted process. While the lease lasts, another process may still be sending it.
    let restarted = quiet_service(store(&dir).await, &sandbox).await;
    let other = restarted
        .create(&wave("1.00"), true, "merchant")
        .await
        .expect("create");
    let early = restarted.reconcile().await.expect("reconcile");
    assert_eq!(early.held_elsewhere, 1, "{early:?}");
    // Once the lease has ended, its sender is gone: the account waits for a reconciliation.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let refused = restarted
        .submit(&other.id, "merchant")
        .await
        .expect_err("pending");
    assert_eq!(refused.code, ErrorCode::PayoutReconciliationPending);
    let report = restarted.reconcile().await.expect("reconcile");
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.recovered, 1);
    let recovered = restarted.intent(&intent.id).await.expect("intent");
    assert_eq!(recovered.state, State::Succeeded, "{recovered:?}");
    assert_eq!(hexai_count(&sandbox, request.reference().expect("ref")), 1);
    restarted
        .submit(&other.id, "merchant")
        .await
        .expect("now allowed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outcome_that_cannot_be_learned_is_unknown_with_a_reason_until_reconciled() {
    let sandbox = sandbox(27).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let request = wave("44.00");
    let (intent, unknown) = unknown_hexai_payout(&sandbox, &service, &request).await;
    let faults = sandbox.hexai.sim.faults();
    assert_eq!(unknown.state, State::Unknown);
    let reason = unknown.reason.clone().unwrap_or_default();
    assert!(reason.contains("no definite answer"), "{reason}");
    assert_eq!(
        unknown.send_count, 1,
        "never resent without a lookup's leave"
    );

    // New payouts of that account wait for the reconciliation.
    let next = service
        .create(&wave("2.00"), true, "merchant")
        .await
        .expect("create");
    let refused = service
        .submit(&next.id, "merchant")
        .await
        .expect_err("pending");
    assert_eq!(refused.code, ErrorCode::PayoutReconciliationPending);

    faults.clear();
    let report = service.reconcile().await.expect("reconcile");
    assert_eq!(
        (report.recovered, report.still_unknown),
        (1, 0),
        "{report:?}"
    );
    let recovered = service.intent(&intent.id).await.expect("intent");
    assert_eq!(recovered.state, State::Succeeded);
    assert_eq!(recovered.send_count, 1);
    assert_eq!(hexai_count(&sandbox, request.reference().expect("ref")), 1);
    service
        .submit(&next.id, "merchant")
        .await
        .expect("allowed again");
}

/// Makes one Hexai payout whose outcome cannot be learned (the answer hangs after the
/// provider committed it, and every status look-up answers 503): it is left `unknown`. The
/// intent as created, and as the submit left it.
async fn unknown_hexai_payout(
    sandbox: &paydesk_sandbox::all::Sandbox,
    service: &paydesk_engine::payouts::PayoutService,
    request: &paydesk_domain::PayoutRequest,
) -> (paydesk_store::PayoutIntent, paydesk_store::PayoutIntent) {
    let faults = sandbox.hexai.sim.faults();
    faults.set_hang_limit(std::time::Duration::from_secs(3));
    faults.add(FaultRule::on(
        "POST /api/v1/payouts/initiate",
        FaultAction::AfterCommit(AfterCommit::Hang),
        Trigger::Next(1),
    ));
    faults.add(FaultRule::on(
        "GET /api/v1/collections/status/{reference}",
        FaultAction::Status {
            status: 503,
            code: "SERVICE_UNAVAILABLE".into(),
            message: "maintenance".into(),
        },
        Trigger::Always,
    ));
    let (intent, unknown) = create_and_submit(service, request).await;
    assert_eq!(unknown.state, State::Unknown, "{unknown:?}");
    (intent, unknown)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_payout_holds_its_own_account_only() {
    let sandbox = sandbox(28).await;
    let dir = tempfile::tempdir().expect("dir");
    // A fresh service, no reconciliation pass run: nothing is left open, so nothing waits.
    let service = quiet_service(store(&dir).await, &sandbox).await;
    let (_, unknown) = unknown_hexai_payout(&sandbox, &service, &wave("45.00")).await;

    // The same account is held, with the reason in words...
    let held = service
        .held_because(&account(HEXAI))
        .await
        .expect("held")
        .expect("the Hexai account is held");
    assert!(held.contains("being checked with the provider"), "{held}");
    let next = service
        .create(&wave("2.00"), true, "merchant")
        .await
        .expect("create");
    let refused = service
        .submit(&next.id, "merchant")
        .await
        .expect_err("held");
    assert_eq!(refused.code, ErrorCode::PayoutReconciliationPending);
    // ...and no other account is.
    assert_eq!(
        service.held_because(&account(HPAY)).await.expect("read"),
        None
    );
    let (_, link) = create_and_submit(&service, &payment_link("5000")).await;
    // Made at HPAY at once; a link is awaiting payment until HPAY says it was paid.
    assert_eq!(link.state, State::Accepted, "{link:?}");
    assert!(link.link.is_some(), "{link:?}");
    assert!(service.reconciliation_due().await.expect("read"));
    assert!(service.needing_attention().await.expect("read").is_empty());
    assert_eq!(unknown.send_count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_payout_of_a_removed_account_needs_attention_and_holds_nothing() {
    let sandbox = sandbox(29).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = quiet_service(store(&dir).await, &sandbox).await;
    let (_, unknown) = unknown_hexai_payout(&sandbox, &service, &wave("45.00")).await;

    // The merchant removes the Hexai account (or its credentials cannot be read any more).
    service.remove_account(&account(HEXAI));
    let report = service.reconcile().await.expect("reconcile");
    assert_eq!(report.unserved, 1, "{report:?}");
    assert!(report.is_clean(), "{report:?}");
    assert!(!service.reconciliation_due().await.expect("read"));

    // Payouts on the other accounts go through at once.
    let (_, link) = create_and_submit(&service, &payment_link("6000")).await;
    // Made at HPAY at once; a link is awaiting payment until HPAY says it was paid.
    assert_eq!(link.state, State::Accepted, "{link:?}");
    assert!(link.link.is_some(), "{link:?}");

    // The unknown one is listed as needing attention, as it was left: never resent.
    let attention = service.needing_attention().await.expect("read");
    assert_eq!(attention.len(), 1, "{attention:?}");
    assert_eq!(attention[0].id, unknown.id);
    assert_eq!(attention[0].state, State::Unknown);
    assert_eq!(attention[0].send_count, 1);
    assert_eq!(
        hexai_count(&sandbox, &unknown.reference),
        1,
        "the provider made it once"
    );
}
