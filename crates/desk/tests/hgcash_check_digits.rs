//! The HG.Cash cash-out form's check-digit warning as the UI meets it through the desk, on the
//! embedded simulators: a CBU that fails its check digits is answered with
//! `payout.cbu_check_failed` on the CBU field and no payout is written; ticked "Send anyway",
//! the review says so, the payout is sent, and its journal (what the Journal drawer shows)
//! holds the merchant's override.

mod support;

use paydesk_desk::views::PayoutForm;
use paydesk_domain::{ErrorCode, ProviderKind};
use paydesk_store::PayoutState;
use support::start_desk;

/// HG.Cash's documented example CBU (§3.3): 22 digits, wrong check digits.
const DOCUMENTED_CBU: &str = "1100015400000000000021";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_cbu_needs_send_anyway_and_the_journal_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 31).await;
    let options = desk.payout_options().await.expect("options");
    let hgcash = options
        .accounts
        .iter()
        .find(|a| a.provider == ProviderKind::HgCash)
        .expect("the HG.Cash sandbox account");
    let source = hgcash.sources.first().expect("an HG.Cash source account");
    let form = |send_anyway: bool| PayoutForm::HgCash {
        account: hgcash.id.clone(),
        source_account_id: source.id.clone(),
        amount: "321.00".into(),
        to_cbu: Some(DOCUMENTED_CBU.into()),
        to_cvu: None,
        to_name: Some("María García".into()),
        to_cuit: None,
        concept: None,
        send_anyway,
    };
    let before = desk.payouts().await.expect("payouts").len();

    for refused in [
        desk.validate_payout(&form(false))
            .await
            .expect_err("warned"),
        desk.prepare_payout(&form(false)).await.expect_err("warned"),
    ] {
        assert_eq!(refused.code, ErrorCode::PayoutCbuCheckFailed, "{refused:?}");
        assert_eq!(refused.field.as_deref(), Some("to_cbu"));
        assert_eq!(
            refused.message,
            "This CBU/CVU fails its check digits: check it with the recipient. If you are \
             sure, tick 'Send anyway'."
        );
    }
    assert_eq!(desk.payouts().await.expect("payouts").len(), before);

    desk.validate_payout(&form(true))
        .await
        .expect("accepted with 'Send anyway'");
    let draft = desk.prepare_payout(&form(true)).await.expect("draft");
    let line = |name: &str| {
        draft
            .lines
            .iter()
            .find(|(label, _)| label == name)
            .map(|(_, value)| value.clone())
    };
    assert_eq!(line("To CBU/CVU").as_deref(), Some(DOCUMENTED_CBU));
    let review = line("Check digits").expect("the review shows the override");
    assert!(review.contains("Send anyway"), "{review}");

    let sent = desk
        .confirm_payout(&draft.id, Some("321.00"))
        .await
        .expect("sent");
    assert!(
        matches!(
            sent.state,
            PayoutState::Accepted | PayoutState::Processing | PayoutState::Succeeded
        ),
        "{sent:?}"
    );
    assert_eq!(sent.send_count, 1);
    let journal = desk.payout_journal(&draft.id).await.expect("journal");
    let overridden = journal
        .iter()
        .find(|l| l.event == "check_digits_overridden")
        .expect("the journal records the override");
    assert_eq!(overridden.actor, "merchant");
    let note = overridden.note.as_deref().unwrap_or_default();
    assert!(
        note.contains(DOCUMENTED_CBU) && note.contains("overrode"),
        "{note}"
    );
    desk.shutdown().await;
}
