//! The client against the simulator's reply profiles: an echoed amount that differs is a
//! warning on a link that exists, the documented-only history needs a `statut` (the client
//! always sends one), undocumented status words are unknown until paid, and a repeated create
//! makes a second link in every profile (HPAY takes no reference).

use super::*;
use paydesk_sandbox::{Quirk, UnknownStatus, Variance};

#[tokio::test]
async fn a_link_whose_echo_differs_is_created_with_a_warning() {
    let (running, client) = start(5).await;
    running
        .sim
        .set_variance(Variance::quirk(Quirk::HpayEchoesOtherAmount));
    let link = client
        .create_payment(&new_payment(14_900, Some("ORD-ECHO")))
        .await
        .expect("the link exists: not a failure");
    assert_eq!(link.amount, xof(14_900));
    assert_eq!(link.echoed_amount, Some(xof(100)));
    let warning = link.warning.clone().expect("a warning");
    assert!(
        warning.contains("100 XOF") && warning.contains("14900 XOF"),
        "{warning}"
    );
    let receipt = link.receipt();
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.warning.as_deref(), Some(warning.as_str()));
    // HPAY holds the link for the amount asked; the history says so.
    let held = running.sim.payment(&link.transaction_id).expect("held");
    assert_eq!(held.amount, Decimal::from(14_900));
    let listed = client
        .find_payment(&link.transaction_id)
        .await
        .expect("read")
        .expect("listed");
    let t = listed
        .to_transaction(client.account(), start_time())
        .expect("maps");
    assert_eq!(t.amount, xof(14_900));
    // Asking for 100 echoes the seed's other number.
    let link = client
        .create_payment(&new_payment(100, None))
        .await
        .expect("created");
    assert_eq!(link.echoed_amount, Some(xof(14_900)));
    assert!(link.warning.is_some());
}

#[tokio::test]
async fn the_documented_only_history_needs_a_statut_and_the_client_always_sends_one() {
    let (running, client) = start(90).await;
    running.sim.set_variance(Variance::documented_only());
    // Asked without a documented statut, this profile answers nothing, never "all".
    let token = client.get_token().await.expect("token");
    for statut in [Some(""), None] {
        let mut body = serde_json::json!({
            "api_key": TEST_API_KEY, "public_key": TEST_PUBLIC_KEY, "mode": "TEST",
            "date_from": "", "date_to": "", "fetch_limit": "0,50", "transaction_id": "",
            "token": token.token.expose(),
        });
        if let Some(statut) = statut {
            body["statut"] = statut.into();
        }
        let answer = raw_json(&running, "/getPaymentHistory/", &body).await;
        assert_eq!(answer["success"], true);
        assert_eq!(answer["history"], serde_json::json!([]), "{statut:?}");
    }
    assert!(
        client
            .payment_history(&HistoryQuery::default())
            .await
            .expect("answered")
            .is_empty()
    );
    // The walk, the look-ups by id and by reference ask UNPAID and PAID in turn.
    let (ids, _) = full_scan(&client, None).await;
    assert_eq!(ids.len(), 90);
    let held = running.sim.payments(SimMode::Test);
    for p in [&held[3], &held[50], &held[89]] {
        let found = client
            .find_payment(&p.transaction_id)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(found.item.status.as_wire(), p.status);
    }
    running.sim.timeout_after_commit(AfterCommit::Drop);
    let e = client
        .create_payment(&new_payment(3_000, Some("ORD-DOC")))
        .await
        .expect_err("answer lost");
    assert!(e.outcome_unknown());
    let today = running.sim.clock().now().date_naive();
    let found = client
        .find_by_reference("ORD-DOC", today)
        .await
        .expect("scan");
    assert_eq!(found.len(), 1);
    assert!(running.sim.pay(&found[0].item.transaction_id));
    let found = client
        .find_by_reference("ORD-DOC", today)
        .await
        .expect("scan");
    assert_eq!(found.len(), 1, "a paid link is found in the PAID list");
    assert_eq!(found[0].item.status, PaymentStatus::Paid);
}

#[tokio::test]
async fn an_undocumented_status_word_is_unknown_until_the_link_is_paid() {
    let (running, client) = start(0).await;
    running.sim.set_variance(Variance {
        unknown_status: Some(UnknownStatus {
            word: "on_hold".into(),
            every: 1,
        }),
        documented_only: true,
        ..Variance::default()
    });
    let link = client
        .create_payment(&new_payment(7_000, None))
        .await
        .expect("created");
    let entry = client
        .find_payment(&link.transaction_id)
        .await
        .expect("read")
        .expect("listed under UNPAID");
    assert_eq!(entry.item.status, PaymentStatus::Other("ON_HOLD".into()));
    let t = entry
        .to_transaction(client.account(), start_time())
        .expect("maps");
    assert_eq!(
        (t.status, t.provider_status.as_str()),
        (TransactionStatus::Unknown, "ON_HOLD")
    );
    let page = client
        .history_page(None)
        .await
        .expect("a page, not an error");
    assert_eq!(page.transactions[0].status, TransactionStatus::Unknown);
    assert!(running.sim.pay(&link.transaction_id));
    let entry = client
        .find_payment(&link.transaction_id)
        .await
        .expect("read")
        .expect("listed under PAID");
    assert_eq!(entry.item.status, PaymentStatus::Paid);
    assert_eq!(entry.receipt().status, TransactionStatus::Succeeded);
}

#[tokio::test]
async fn a_repeated_create_makes_a_second_link_in_every_profile() {
    let (running, client) = start(0).await;
    for variance in [
        Variance::default(),
        Variance::documented_only(),
        Variance::unknown_status(),
        Variance::default().without_dedup(),
        Variance::quirk(Quirk::HpayEchoesOtherAmount),
    ] {
        running.sim.set_variance(variance.clone());
        let before = running.sim.payment_count(SimMode::Test);
        let payment = new_payment(2_500, Some("ORD-TWICE"));
        let first = client.create_payment(&payment).await.expect("first");
        let second = client.create_payment(&payment).await.expect("second");
        assert_ne!(
            first.transaction_id,
            second.transaction_id,
            "{}",
            variance.name()
        );
        assert_eq!(running.sim.payment_count(SimMode::Test), before + 2);
    }
}
