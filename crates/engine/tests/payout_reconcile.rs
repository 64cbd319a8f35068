//! Start-up reconciliation: an intent left `sending` by a dead process, or left `unknown`
//! because the provider could not say what happened, blocks new payouts of its account until
//! a lookup by reference settles it; nothing is resent without the provider's leave.

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

    // The restarted process.
    let restarted = quiet_service(store(&dir).await, &sandbox).await;
    let other = restarted
        .create(&wave("1.00"), true, "merchant")
        .await
        .expect("create");
    let refused = restarted
        .submit(&other.id, "merchant")
        .await
        .expect_err("pending");
    assert_eq!(refused.code, ErrorCode::PayoutReconciliationPending);
    let early = restarted.reconcile().await.expect("reconcile");
    assert_eq!(early.held_elsewhere, 1, "{early:?}");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
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
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let request = wave("44.00");
    let (intent, unknown) = create_and_submit(&service, &request).await;
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
