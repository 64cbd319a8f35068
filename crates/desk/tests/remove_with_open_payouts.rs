//! Removing an account that has payouts which are not final asks first, in words that say what
//! happens to them; once removed, its open payout is listed as needing attention (Paydesk can
//! no longer check it) and payouts on the other accounts go ahead at once.

mod support;

use paydesk_desk::views::PayoutForm;
use paydesk_domain::{ErrorCode, ProviderKind};
use paydesk_store::PayoutState;
use support::start_desk;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_account_with_an_open_payout_asks_then_lists_it_as_needing_attention() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 41).await;
    let options = desk.payout_options().await.expect("options");
    let account_of = |provider: ProviderKind| {
        options
            .accounts
            .iter()
            .find(|a| a.provider == provider)
            .expect("a sandbox account")
            .id
            .clone()
    };
    let hexai = account_of(ProviderKind::Hexai);
    let hpay = account_of(ProviderKind::Hpay);

    // Hexai's sandbox keeps a 200.00 GMD payout pending (its documented magic amount).
    let draft = desk
        .prepare_payout(&PayoutForm::Hexai {
            account: hexai.clone(),
            amount: "200.00".into(),
            recipient_mobile: "+2207001122".into(),
        })
        .await
        .expect("draft");
    let pending = desk
        .confirm_payout(&draft.id, Some("200.00"))
        .await
        .expect("sent");
    assert_eq!(pending.state, PayoutState::Accepted, "{pending:?}");

    // The first ask is answered with what happens to it, and nothing is removed.
    let asked = desk
        .remove_account(&hexai, false)
        .await
        .expect_err("asks first");
    assert_eq!(asked.code, ErrorCode::AccountHasOpenPayouts);
    assert!(
        asked
            .message
            .starts_with("1 payout(s) of this account are not final yet")
            && asked
                .message
                .contains("listed under Payouts as needing attention"),
        "{}",
        asked.message
    );
    assert!(
        desk.accounts()
            .await
            .expect("accounts")
            .iter()
            .any(|a| a.id == hexai)
    );

    desk.remove_account(&hexai, true)
        .await
        .expect("removed once acknowledged");
    let listed = desk.payouts().await.expect("payouts");
    let open = listed
        .iter()
        .find(|p| p.id == pending.id)
        .expect("its payout stays listed");
    assert!(open.needs_attention, "{open:?}");
    let attention = open.attention.clone().unwrap_or_default();
    assert!(
        attention.contains("not connected") && attention.contains(&open.reference),
        "{attention}"
    );
    let options = desk.payout_options().await.expect("options");
    assert_eq!(options.needing_attention, 1);

    // Another account's payout goes through at once.
    let link = desk
        .prepare_payout(&PayoutForm::Hpay {
            account: hpay,
            amount: "5000".into(),
            product_name: "Order".into(),
            description: "Shoes".into(),
            notify_url: "https://shop.example/n".into(),
            success_url: "https://shop.example/s".into(),
            cancel_url: "https://shop.example/c".into(),
        })
        .await
        .expect("draft");
    let sent = desk
        .confirm_payout(&link.id, Some("5000"))
        .await
        .expect("not held");
    // Made at HPAY at once (not held); a link then awaits its payer.
    assert_eq!(sent.state, PayoutState::Accepted, "{sent:?}");
    assert!(sent.link.is_some(), "{sent:?}");
    desk.shutdown().await;
}
