//! Fault knobs: 429, 5xx, lost answers and their recovery, malformed bodies.

use super::*;

#[tokio::test]
async fn rate_limits_are_retried_for_reads_and_reported_for_writes() {
    let (running, client) = start().await;
    let faults = running.sim.faults();
    faults.add(FaultRule::on(
        "GET /api/v1/accounts",
        FaultAction::RateLimit {
            retry_after_secs: Some(0),
        },
        Trigger::Next(1),
    ));
    client.accounts().await.expect("retried after Retry-After");
    faults.add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::RateLimit {
            retry_after_secs: Some(7),
        },
        Trigger::Next(1),
    ));
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-R"))
        .await
        .expect_err("429");
    assert_eq!((e.kind, e.http_status), (ErrorKind::RateLimited, Some(429)));
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(7)));
    assert!(running.sim.requests().is_empty());
    // The simulator's own per-minute budget (U12), on the clock.
    let mut knobs = running.sim.knobs();
    knobs.rate_limit_per_min = Some(2);
    running.sim.set_knobs(knobs);
    client.accounts().await.expect("1");
    client.accounts().await.expect("2");
    let e = client.accounts().await.expect_err("over budget");
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.message, "Rate limit exceeded");
    assert_eq!(e.retry_after, Some(StdDuration::from_secs(60)));
    running.sim.clock().advance(Duration::seconds(61));
    client.accounts().await.expect("a new minute");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_only() {
    let (running, client) = start().await;
    let faults = running.sim.faults();
    faults.add(FaultRule::on(
        "GET /api/v1/account/{id}/balance",
        FaultAction::Status {
            status: 503,
            code: "UNAVAILABLE".into(),
            message: "down".into(),
        },
        Trigger::Next(2),
    ));
    client
        .account_balance(SANDBOX_ACCOUNT_ID)
        .await
        .expect("third attempt");
    faults.add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::Status {
            status: 500,
            code: "INTERNAL_ERROR".into(),
            message: "boom".into(),
        },
        Trigger::Next(1),
    ));
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-5"))
        .await
        .expect_err("500");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref(), e.message.as_str()),
        (ErrorKind::Server, Some(500), Some("INTERNAL_ERROR"), "boom")
    );
    assert!(e.outcome_unknown());
    // Not resent: the fault fired once and nothing was created.
    assert_eq!(
        running
            .sim
            .faults()
            .fired()
            .iter()
            .filter(|f| f.endpoint.starts_with("POST"))
            .count(),
        1
    );
    assert!(running.sim.requests().is_empty());
    // The recovery re-send creates it now.
    let recovered = client
        .recover(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-5"))
        .await
        .expect("recovered");
    assert!(
        matches!(recovered, Recovery::Created(ref r) if r.status == TransactionStatus::Pending)
    );
    assert_eq!(running.sim.requests().len(), 1);
}

#[tokio::test]
async fn a_lost_answer_is_recovered_by_resending_the_same_external_id() {
    let (running, client) = start().await;
    running.sim.faults().add(FaultRule::on(
        "POST /api/v1/transactions",
        FaultAction::AfterCommit(AfterCommit::Drop),
        Trigger::Next(1),
    ));
    let request = cash_out(SANDBOX_ACCOUNT_ID, "2500", CBU, "PD-LOST");
    let e = client.send(&request).await.expect_err("answer lost");
    assert!(e.outcome_unknown(), "{e:?}");
    // No look-up by reference exists at HG.Cash, and the client says so.
    let e = client.find(&request).await.expect_err("unsupported");
    assert_eq!(e.kind, ErrorKind::Rejected);
    let created = running.sim.requests();
    assert_eq!(created.len(), 1);
    match client.recover(&request).await.expect("recovered") {
        Recovery::AlreadySubmitted { existing: Some(r) } => {
            assert_eq!(r.provider_id, created[0].id);
            assert_eq!(r.status, TransactionStatus::Pending);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(running.sim.requests().len(), 1, "never a second cash-out");
}

#[tokio::test]
async fn malformed_answers_are_errors() {
    let (running, client) = start().await;
    for kind in [Malformed::Truncated, Malformed::NotJson, Malformed::Empty] {
        running.sim.faults().add(FaultRule::on(
            "GET /api/v1/accounts",
            FaultAction::Malformed(kind),
            Trigger::Next(1),
        ));
        let e = client.accounts().await.expect_err("malformed");
        assert_eq!(e.kind, ErrorKind::Malformed, "{kind:?}");
    }
}
