//! Hubcash capture and cancel through the desk and the payout journal, against the simulator:
//! a capturable sale is captured once; a second capture is refused before sending; the UI is
//! offered only the actions the sale's status allows.

mod support;

use paydesk_desk::views::{PageRequest, PayoutForm, SaleActionView, TransactionFilter};
use paydesk_domain::{ErrorCode, ProviderKind, TransactionKind};
use paydesk_store::PayoutState;
use support::{start_desk, wait_for_terminal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capturable_sale_is_captured_once_through_the_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 23).await;
    desk.sync_now().await.expect("sync");
    let sales = desk
        .transactions(&PageRequest {
            filter: TransactionFilter {
                providers: vec![ProviderKind::Hubcash],
                kinds: vec![TransactionKind::Sale],
                ..TransactionFilter::default()
            },
            limit: 500,
            ..PageRequest::default()
        })
        .await
        .expect("sales");
    let mut capturable = None;
    let mut settled = None;
    for row in &sales.rows {
        let detail = desk
            .transaction_detail(&row.account, &row.provider_id)
            .await
            .expect("detail");
        if detail.sale_actions.contains(&SaleActionView::Capture) {
            capturable.get_or_insert(detail);
        } else if detail.sale_actions.is_empty() {
            settled.get_or_insert(detail);
        }
    }
    let sale = capturable.expect("the seeded history has a sale awaiting capture");
    let capture = PayoutForm::HubcashSale {
        account: sale.row.account.clone(),
        sale_id: sale.row.provider_id.clone(),
        action: SaleActionView::Capture,
    };
    let draft = desk.prepare_payout(&capture).await.expect("draft");
    assert_eq!(draft.amount, None, "a capture has no amount to retype");
    desk.confirm_payout(&draft.id, None).await.expect("sent");
    let done = wait_for_terminal(&desk, &draft.id).await;
    assert_eq!(done.state, PayoutState::Succeeded, "{done:?}");
    assert_eq!(done.send_count, 1);

    // The sale is no longer capturable: a second capture is refused before any send.
    let again = desk.prepare_payout(&capture).await.expect_err("refused");
    assert_eq!(again.code, ErrorCode::InputInvalid);
    assert_eq!(again.field.as_deref(), Some("action"));

    // A sale whose status allows nothing offers nothing, and a cancel of it is refused.
    let settled = settled.expect("the seeded history has a final sale");
    let cancel = desk
        .prepare_payout(&PayoutForm::HubcashSale {
            account: settled.row.account.clone(),
            sale_id: settled.row.provider_id.clone(),
            action: SaleActionView::Cancel,
        })
        .await
        .expect_err("refused");
    assert_eq!(cancel.field.as_deref(), Some("action"));
    // The capture is listed under Get paid (an action on a sale), never under Payouts.
    let journaled = desk.payment_requests().await.expect("requests");
    assert_eq!(
        journaled.len(),
        1,
        "only the one capture was written to the journal"
    );
    assert!(desk.payouts().await.expect("payouts").is_empty());
    desk.shutdown().await;
}
