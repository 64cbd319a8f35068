//! HG.Cash cash-outs to a CBU/CVU that fails its check digits, against the HG.Cash simulator
//! over HTTP: without "Send anyway" the form is refused and nothing reaches the simulator or
//! the journal; with it, the cash-out is sent and the journal says the merchant overrode the
//! warning. The number used is the provider's own documented example, which fails the check
//! (and which the simulator, like the document, accepts).

mod payouts_support;

use paydesk_domain::{ErrorCode, PayoutRequest};
use paydesk_engine::payouts::{
    CBU_CHECK_FAILED, HgCashAccountChoice, HgCashCashOutForm, PayoutService, State,
};
use paydesk_sandbox::all::Sandbox;
use paydesk_sandbox::hgcash;
use paydesk_store::{JournalEntry, PayoutIntent};
use payouts_support::*;

/// HG.Cash §3.3's example `toCBU`: 22 digits, check digits wrong.
const DOCUMENTED_CBU: &str = "1100015400000000000021";
/// A CVU whose check digits are right (worked by hand in `paydesk_domain::cbu`).
const GOOD_CVU: &str = "0000003100012345678907";

fn form(to_cbu: Option<&str>, to_cvu: Option<&str>, send_anyway: bool) -> HgCashCashOutForm {
    HgCashCashOutForm {
        account: Some(account(HGCASH)),
        source_account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        amount: "1250.00".into(),
        to_cbu: to_cbu.map(str::to_owned),
        to_cvu: to_cvu.map(str::to_owned),
        send_anyway,
        ..Default::default()
    }
}

fn choices() -> Vec<HgCashAccountChoice> {
    vec![HgCashAccountChoice {
        id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        currency: currency("ARS"),
    }]
}

/// The cash-outs the simulator received for this destination number.
fn received_for(sandbox: &Sandbox, number: &str) -> Vec<hgcash::CashOutRecord> {
    sandbox
        .hgcash
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.to_cbu.as_deref() == Some(number) || r.to_cvu.as_deref() == Some(number))
        .collect()
}

/// Creates the intent as the merchant would (a draft, then confirmed) and sends it once.
async fn send(service: &PayoutService, request: &PayoutRequest) -> (PayoutIntent, PayoutIntent) {
    let draft = service
        .create(request, false, "merchant")
        .await
        .expect("draft");
    service
        .confirm(&draft.id, "merchant")
        .await
        .expect("confirm");
    let sent = service.submit(&draft.id, "merchant").await.expect("submit");
    (draft, sent)
}

fn overrides(journal: &[JournalEntry]) -> Vec<&JournalEntry> {
    journal
        .iter()
        .filter(|e| e.event == "check_digits_overridden")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_cbu_is_refused_without_send_anyway_and_sent_with_it() {
    let sandbox = sandbox(41).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;
    let store = store(&dir).await;

    // Without the override: the merchant's warning, on the CBU field, and nothing written or
    // sent.
    let refused = form(Some(DOCUMENTED_CBU), None, false)
        .validate(&choices())
        .expect_err("refused without 'Send anyway'");
    assert_eq!(refused.code, ErrorCode::PayoutCbuCheckFailed, "{refused:?}");
    assert_eq!(refused.field.as_deref(), Some("to_cbu"));
    assert_eq!(refused.message, CBU_CHECK_FAILED);
    assert!(refused.message.contains("Send anyway"));
    assert!(received_for(&sandbox, DOCUMENTED_CBU).is_empty());
    assert!(
        store
            .list_payout_intents(None, 10, &[])
            .await
            .expect("intents")
            .is_empty(),
        "nothing reached the journal"
    );

    // With it: sent once, to that number, and the journal says the merchant overrode it.
    let request = form(Some(DOCUMENTED_CBU), None, true)
        .validate(&choices())
        .expect("accepted with 'Send anyway'");
    let (draft, sent) = send(&service, &request).await;
    assert!(
        matches!(
            sent.state,
            State::Accepted | State::Processing | State::Succeeded
        ),
        "{sent:?}"
    );
    let received = received_for(&sandbox, DOCUMENTED_CBU);
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].external_id.as_deref(), request.reference());

    let journal = service.journal(&draft.id).await.expect("journal");
    let events: Vec<&str> = journal.iter().map(|e| e.event.as_str()).collect();
    let overridden = overrides(&journal);
    assert_eq!(overridden.len(), 1, "{events:?}");
    assert_eq!(overridden[0].actor, "merchant");
    let note = overridden[0].note.as_deref().unwrap_or_default();
    assert!(
        note.contains(DOCUMENTED_CBU) && note.contains("Send anyway"),
        "{note}"
    );
    // Written with the draft, before the merchant confirmed and anything was sent.
    let at = |event: &str| events.iter().position(|e| *e == event);
    assert!(
        at("check_digits_overridden") < at("confirmed"),
        "{events:?}"
    );
    assert!(at("confirmed") < at("send"), "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_that_passes_needs_no_override_and_journals_none() {
    let sandbox = sandbox(42).await;
    let dir = tempfile::tempdir().expect("dir");
    let service = reconciled_service(&dir, &sandbox).await;

    // "Send anyway" ticked on a number that passes overrides nothing.
    for send_anyway in [false, true] {
        let request = form(None, Some(GOOD_CVU), send_anyway)
            .validate(&choices())
            .expect("a CVU with right check digits");
        let PayoutRequest::HgCashCashOut {
            check_digits_overridden,
            ..
        } = &request
        else {
            panic!("an HG.Cash cash-out: {request:?}");
        };
        assert!(!check_digits_overridden);
        let (draft, _sent) = send(&service, &request).await;
        let journal = service.journal(&draft.id).await.expect("journal");
        assert!(overrides(&journal).is_empty(), "{journal:?}");
    }
    assert_eq!(received_for(&sandbox, GOOD_CVU).len(), 2);
}
