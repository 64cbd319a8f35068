//! An HG.Cash cash-out whose answer was lost, against replies that carry only what HG.Cash
//! documents: the repeated `externalID` is refused as a duplicate without an id, so the
//! cash-out exists once and cannot be followed. It is shown as accepted and needing the
//! merchant's attention, holds no payout back, and is followed once the merchant links it to
//! the id HG.Cash's dashboard shows; an id that is not this payout's is refused.

mod payouts_support;

use paydesk_domain::ErrorCode;
use paydesk_engine::payouts::{State, UNNAMED_REASON, awaits_link};
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Trigger, Variance, hgcash};
use payouts_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cash_out_hg_cash_never_named_is_linked_by_the_merchant() {
    let sandbox = sandbox(61).await;
    sandbox.hgcash.sim.set_variance(Variance::documented_only());
    let mut knobs = sandbox.hgcash.sim.knobs();
    knobs.processing_after = chrono::Duration::milliseconds(50);
    knobs.done_after = chrono::Duration::milliseconds(50);
    knobs.destination_error_percent = 0;
    knobs.review_threshold = None;
    sandbox.hgcash.sim.set_knobs(knobs);
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;

    // A cash-out Paydesk follows normally, to have another cash-out's id at hand.
    let (_, other) = create_and_submit(&service, &cash_out("10.00")).await;
    let other_id = other.provider_id.clone().expect("named");

    // HG.Cash commits the next one and the answer is lost on the way back.
    sandbox.hgcash.sim.faults().add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Next(1),
    ));
    let (intent, lost) = create_and_submit(&service, &cash_out("25.50")).await;
    assert_eq!(lost.state, State::Accepted, "{lost:?}");
    assert!(awaits_link(&lost), "{lost:?}");
    assert_eq!(lost.reason.as_deref(), Some(UNNAMED_REASON));
    let records: Vec<_> = sandbox
        .hgcash
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.external_id.as_deref() == Some(intent.reference.as_str()))
        .collect();
    assert_eq!(records.len(), 1, "created exactly once: {records:?}");

    // It needs attention, and holds nothing back: the next cash-out goes out.
    let attention = service.needing_attention().await.expect("read");
    assert_eq!(
        attention.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        vec![intent.id.as_str()]
    );
    assert_eq!(
        service.held_because(&account(HGCASH)).await.expect("read"),
        None
    );
    let (_, next) = create_and_submit(&service, &cash_out("3.00")).await;
    assert!(next.provider_id.is_some(), "{next:?}");

    // Another payout's id is refused...
    let owned = service
        .link(&intent.id, &other_id, "merchant")
        .await
        .expect_err("another payout's id");
    assert!(
        owned.message.contains("another payout"),
        "{}",
        owned.message
    );
    // ...and so is a cash-out made outside this journal whose reply names another reference
    // (where HG.Cash shows `externalID`, as the reference's status example does).
    let elsewhere = cash_out("4.00");
    let hgcash = connectors(&sandbox, quick_http())
        .into_iter()
        .find(|(id, _)| *id == account(HGCASH))
        .map(|(_, c)| c)
        .expect("connector");
    let made = hgcash
        .send(&elsewhere, elsewhere.reference().expect("reference"))
        .await
        .expect("made elsewhere");
    sandbox.hgcash.sim.set_variance(Variance::default());
    let foreign = service
        .link(&intent.id, &made.provider_id, "merchant")
        .await
        .expect_err("another reference");
    assert!(
        foreign.message.contains("its reference is"),
        "{}",
        foreign.message
    );
    sandbox.hgcash.sim.set_variance(Variance::documented_only());
    // An id HG.Cash does not know is refused as well; nothing moves.
    let missing = service
        .link(
            &intent.id,
            "00000000-0000-4000-8000-000000000000",
            "merchant",
        )
        .await
        .expect_err("no such cash-out");
    assert_eq!(missing.code, ErrorCode::ProviderNotFound, "{missing:?}");
    let still = service.intent(&intent.id).await.expect("read");
    assert_eq!((still.state, still.provider_id), (State::Accepted, None));

    // The id the merchant found in HG.Cash's dashboard links it (HG.Cash's documented-only
    // reply shows no reference, so the journal says it rests on the merchant's word); polling
    // follows it.
    let linked = service
        .link(&intent.id, &records[0].id, "merchant")
        .await
        .expect("linked");
    assert_eq!(linked.provider_id.as_deref(), Some(records[0].id.as_str()));
    assert!(!awaits_link(&linked));
    let done = service.poll(&intent.id).await.expect("poll");
    let truth = sandbox
        .hgcash
        .sim
        .requests()
        .into_iter()
        .find(|r| r.id == records[0].id)
        .expect("record");
    assert_eq!(truth.status, hgcash::RequestStatus::Done);
    assert_eq!(done.state, State::Succeeded, "{done:?}");
    assert!(service.needing_attention().await.expect("read").is_empty());
    let journal = service.journal(&intent.id).await.expect("journal");
    assert!(
        journal.iter().any(|e| e.event == "linked"
            && e.actor == "merchant"
            && e.note
                .as_deref()
                .is_some_and(|n| n.contains("merchant's word"))),
        "{journal:?}"
    );

    // Once followed, there is nothing left to link.
    let again = service
        .link(&intent.id, &records[0].id, "merchant")
        .await
        .expect_err("already followed");
    assert_eq!(again.code, ErrorCode::InputInvalid);
}
