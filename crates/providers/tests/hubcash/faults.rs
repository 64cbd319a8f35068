//! Fault knobs: retries of reads, 429, lost answers recovered by `Ref`, damaged bodies.

use super::*;

#[tokio::test]
async fn faults_retries_and_recovery_by_ref() {
    let (running, client) = start(20).await;
    let faults = running.sim.faults().clone();
    // A 503 then a 429 with Retry-After on a read: retried, then answered.
    faults.add(FaultRule::on(
        "GET /v1/sales",
        FaultAction::Status {
            status: 503,
            code: "server".into(),
            message: "Service unavailable".into(),
        },
        Trigger::Next(1),
    ));
    faults.add(FaultRule::on(
        "GET /v1/sales",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    assert_eq!(
        client
            .sales(&SaleFilter::default())
            .await
            .expect("retried")
            .len(),
        10
    );
    // Always failing: a server error that keeps Hubcash's body.
    faults.add(FaultRule::on(
        "GET /v1/currencies",
        FaultAction::Status {
            status: 500,
            code: "server".into(),
            message: "Internal error".into(),
        },
        Trigger::Always,
    ));
    let e = client.currencies().await.expect_err("fails");
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(500)));
    assert_eq!(e.message, "server: Internal error");
    faults.clear();
    // 429 on a write: not retried, reported with its wait.
    faults.add(FaultRule::on(
        "PUT /v1/notifications/{notification_id}",
        FaultAction::RateLimit {
            retry_after_secs: Some(7),
        },
        Trigger::Next(1),
    ));
    let e = client.resend_notification("x").await.expect_err("limited");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(7)));

    // The create is committed but its answer lost: not resent; recovered by Ref.
    faults.add(FaultRule::on(
        "POST /v1/sales",
        FaultAction::AfterCommit(AfterCommit::ServerError),
        Trigger::Next(1),
    ));
    let e = client
        .create_sale(&card_sale("PD-lost", 33_300, true, "0001"))
        .await
        .expect_err("answer lost");
    assert!(e.outcome_unknown());
    let found = client
        .find_sale_by_ref("PD-lost")
        .await
        .expect("looked up")
        .expect("exists");
    assert_eq!(found.sale.amount, 33_300);
    assert_eq!(
        running
            .sim
            .records()
            .iter()
            .filter(|r| r.reference.as_deref() == Some("PD-lost"))
            .count(),
        1
    );
    faults.add(FaultRule::on(
        "PUT /v1/sales/capture/{sale_id}",
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Next(1),
    ));
    let held = client
        .create_sale(&card_sale("PD-c", 9_900, false, "0001"))
        .await
        .expect("created");
    let e = client
        .capture(&held.sale.sale_id)
        .await
        .expect_err("dropped");
    assert!(e.outcome_unknown());
    assert_eq!(
        status_of(&client.sale(&held.sale.sale_id).await.expect("read")),
        HubcashStatus::Done
    );

    // Damaged answers are malformed errors, never panics.
    faults.add(FaultRule::on(
        "GET /v1/sales/{sale_id}",
        FaultAction::Malformed(Malformed::Truncated),
        Trigger::Next(1),
    ));
    let e = client
        .sale(&held.sale.sale_id)
        .await
        .expect_err("truncated");
    assert_eq!(e.kind, ErrorKind::Malformed);
    for kind in [MalformedSale::MissingSaleId, MalformedSale::MissingAmount] {
        let mut knobs = Knobs::instant();
        knobs.malformed_sale = Some(kind);
        running.sim.set_knobs(knobs);
        let e = client.sale(&held.sale.sale_id).await.expect_err("damaged");
        assert_eq!(e.kind, ErrorKind::Malformed, "{kind:?}");
        // In words: no deserializer message, no JSON.
        assert!(
            !e.message.contains("missing field") && !e.message.contains('{'),
            "{}",
            e.message
        );
    }
    // An undocumented status (9) is unknown, kept raw; a method in another letter case is
    // still the method: neither fails the read.
    let mut knobs = Knobs::instant();
    knobs.malformed_sale = Some(MalformedSale::UnknownStatus);
    running.sim.set_knobs(knobs);
    let record = client.sale(&held.sale.sale_id).await.expect("reads");
    let tx = client.transaction(&record).await.expect("maps");
    assert_eq!(
        (tx.status, tx.provider_status.as_str()),
        (TransactionStatus::Unknown, "9")
    );
    let mut knobs = Knobs::instant();
    knobs.malformed_sale = Some(MalformedSale::MethodWrongCase);
    running.sim.set_knobs(knobs);
    let record = client.sale(&held.sale.sale_id).await.expect("reads");
    assert_eq!(record.sale.method, HubcashMethod::Credit);
    let mut knobs = Knobs::instant();
    knobs.malformed_sale = Some(MalformedSale::DateFormat);
    running.sim.set_knobs(knobs);
    let record = client.sale(&held.sale.sale_id).await.expect("reads");
    let e = client.transaction(&record).await.expect_err("bad date");
    assert_eq!(e.kind, ErrorKind::Malformed);
}
