//! The client against the simulator's reply profiles: the `transfer` `typeID` on every
//! cash-out (looked up once; without it when the reference data names none or could not be
//! read), the seed's lower-case words and an unknown word read into the right statuses, the
//! least answers read, and a blind resend counted twice where HG.Cash would not deduplicate.

use paydesk_sandbox::{Quirk, Variance};
use serde_json::json;

use super::*;

fn type_ids(running: &Running) -> Vec<Option<serde_json::Value>> {
    running
        .sim
        .requests()
        .into_iter()
        .map(|r| r.type_id)
        .collect()
}

fn types_down() -> FaultRule {
    FaultRule::on(
        "GET /api/v1/transaction-types",
        FaultAction::Status {
            status: 503,
            code: "UNAVAILABLE".into(),
            message: "down".into(),
        },
        Trigger::Always,
    )
}

#[tokio::test]
async fn a_cash_out_carries_the_transfer_type_id_looked_up_once() {
    let (running, client) = start().await;
    let first = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-T1"))
        .await
        .expect("sent");
    assert_eq!(first.status, TransactionStatus::Pending);
    // The answer is remembered: the reference data is not asked again.
    running.sim.faults().add(types_down());
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "101.00", CBU, "PD-T2"))
        .await
        .expect("sent");
    // A clone shares what its client learnt; the recovery re-sends the same typeID.
    let clone = client.clone();
    assert_eq!(
        clone.transfer_type_id().await.expect("known"),
        Some(wire::ReferenceId::Number(1))
    );
    match clone
        .recover(&cash_out(SANDBOX_ACCOUNT_ID, "102.00", CBU, "PD-T3"))
        .await
        .expect("recovered")
    {
        Recovery::Created(receipt) => assert_eq!(receipt.status, TransactionStatus::Pending),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        running.sim.faults().fired().len(),
        0,
        "transaction-types was read once, before the fault"
    );
    assert_eq!(
        type_ids(&running),
        [Some(json!(1)), Some(json!(1)), Some(json!(1))]
    );
}

#[tokio::test]
async fn with_the_seeds_empty_reference_data_the_cash_out_goes_without_type_id() {
    let (running, client) = start_with(|config| {
        config.variance = Variance::quirk(Quirk::HgCashEmptyReferenceData);
    })
    .await;
    let types = client
        .transaction_types()
        .await
        .expect("the seed's example");
    assert_eq!(types.data.len(), 3);
    assert_eq!(client.transfer_type_id().await.expect("read"), None);
    let receipt = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-E1"))
        .await
        .expect("sent without typeID");
    assert_eq!(receipt.status, TransactionStatus::Pending);
    // "No transfer type" is remembered for this client; a new client asks again.
    running.sim.set_variance(Variance::default());
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "101.00", CBU, "PD-E2"))
        .await
        .expect("sent");
    client_for(&running, SANDBOX_TOKEN)
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "102.00", CBU, "PD-E3"))
        .await
        .expect("sent");
    assert_eq!(type_ids(&running), [None, None, Some(json!(1))]);
}

#[tokio::test]
async fn a_failed_type_look_up_is_not_remembered() {
    let (running, client) = start().await;
    running.sim.faults().add(types_down());
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-F1"))
        .await
        .expect("sent without typeID");
    assert_eq!(
        running.sim.faults().fired().len(),
        3,
        "read, retried, given up"
    );
    running.sim.faults().clear();
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "101.00", CBU, "PD-F2"))
        .await
        .expect("sent");
    assert_eq!(type_ids(&running), [None, Some(json!(1))]);
}

#[tokio::test]
async fn documented_only_words_and_least_answers_read_into_the_right_statuses() {
    let (running, client) = start_with(|config| {
        config.variance = Variance {
            documented_only: true,
            ..Variance::unknown_status()
        };
    })
    .await;
    let held = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-D1"))
        .await
        .expect("sent");
    assert_eq!(
        (held.status, held.provider_status.as_str()),
        (TransactionStatus::Unknown, "on_hold")
    );
    assert!(!held.status.is_terminal());
    let plain = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "101.00", CBU, "PD-D2"))
        .await
        .expect("sent");
    assert_eq!(
        (plain.status, plain.provider_status.as_str()),
        (TransactionStatus::Processing, "processing")
    );
    let mut knobs = running.sim.knobs();
    knobs.force_status = Some(ForcedOutcome {
        status: RequestStatus::Error,
        error_code: None,
        error_message: None,
    });
    running.sim.set_knobs(knobs);
    let failing = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "102.00", CBU, "PD-D3"))
        .await
        .expect("sent");
    // The documented-only reference data (`{id, name}`) still names `transfer`.
    assert_eq!(
        type_ids(&running),
        [Some(json!(1)), Some(json!(1)), Some(json!(1))]
    );

    running.sim.clock().advance(Duration::seconds(2));
    let read = client
        .transaction_status(&held.provider_id)
        .await
        .expect("status");
    assert_eq!(read.to_receipt().status, TransactionStatus::Unknown);
    assert_eq!(read.status.as_str(), "on_hold");
    running.sim.clock().advance(Duration::seconds(3));
    for (id, status, word) in [
        (&held.provider_id, TransactionStatus::Succeeded, "done"),
        (&plain.provider_id, TransactionStatus::Succeeded, "done"),
        (&failing.provider_id, TransactionStatus::Failed, "failed"),
    ] {
        let read = client.transaction_status(id).await.expect("status");
        let receipt = read.to_receipt();
        assert_eq!(
            (receipt.status, receipt.provider_status.as_str()),
            (status, word)
        );
        assert_eq!(receipt.raw, format!(r#"{{"id":"{id}","status":"{word}"}}"#));
        assert_eq!(
            receipt.failure_reason.is_some(),
            status == TransactionStatus::Failed,
            "a failure says so"
        );
    }
    // A resend of a known externalID: 409 without the simulator-only existing id.
    match client
        .recover(&cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-D1"))
        .await
        .expect("recovery answers")
    {
        Recovery::AlreadySubmitted { existing: None } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(running.sim.requests().len(), 3);
}

#[tokio::test]
async fn a_blind_resend_counts_twice_where_hgcash_would_not_deduplicate() {
    let (running, client) = start().await;
    let request = cash_out(SANDBOX_ACCOUNT_ID, "100.00", CBU, "PD-TWICE");
    client.send(&request).await.expect("sent");
    // HG.Cash documents externalID as unique per account: the resend is refused.
    assert!(matches!(
        client.recover(&request).await.expect("recovery"),
        Recovery::AlreadySubmitted { existing: Some(_) }
    ));
    // Without that guarantee, the same resend is a second cash-out.
    running
        .sim
        .set_variance(Variance::default().without_dedup());
    assert!(matches!(
        client.recover(&request).await.expect("recovery"),
        Recovery::Created(_)
    ));
    let count = running
        .sim
        .requests()
        .iter()
        .filter(|r| r.external_id.as_deref() == Some("PD-TWICE"))
        .count();
    assert_eq!(count, 2, "executed twice");
}
