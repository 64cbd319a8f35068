//! What the desk words itself follows the UI's language: with the UI in Spanish, a payout's
//! confirmation lines (the in-page review and the live payout's native dialog) and the OS
//! notification of its end are in Spanish. (Its own test binary: the UI's language is one per
//! process.)

mod support;

use paydesk_desk::views::PayoutForm;
use paydesk_desk::{Emitted, Language, notice, set_ui_language};
use paydesk_domain::ProviderKind;
use support::start_desk;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payout_reviewed_and_notified_in_spanish() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, events) = start_desk(dir.path(), 41).await;
    let options = desk.payout_options().await.expect("options");
    let hexai = options
        .accounts
        .iter()
        .find(|a| a.provider == ProviderKind::Hexai)
        .expect("the Hexai sandbox account");
    set_ui_language(Language::Es);

    let draft = desk
        .prepare_payout(&PayoutForm::Hexai {
            account: hexai.id.clone(),
            amount: "150.50".into(),
            recipient_mobile: "+2207654321".into(),
        })
        .await
        .expect("draft");
    let labels: Vec<&str> = draft.lines.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["Proveedor", "Cuenta", "Monto", "Número Wave", "Referencia"],
        "{:?}",
        draft.lines
    );

    desk.confirm_payout(&draft.id, Some("150.50"))
        .await
        .expect("sent");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let titles = loop {
        let titles: Vec<String> = events
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Emitted::Payout(update) => notice(&update).map(|n| n.title),
                _ => None,
            })
            .collect();
        if !titles.is_empty() || std::time::Instant::now() > deadline {
            break titles;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(titles, ["Pago enviado"]);
    desk.shutdown().await;
}
