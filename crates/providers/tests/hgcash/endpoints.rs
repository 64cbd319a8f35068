//! Every endpoint: success shapes, auth, ownership, validation, funds, uniqueness.

use paydesk_providers::PayoutReceipt;

use super::*;

/// The balance the provider reports for one account (before fees are taken off).
async fn balance_of(client: &HgCashClient, account_id: &str) -> Money {
    client
        .account_balance(account_id)
        .await
        .expect("balance")
        .figures()
        .expect("f")
        .balance
}

/// The provider's answer for one request, which must be there.
async fn status_of(client: &HgCashClient, provider_id: &str) -> wire::TransactionStatusResponse {
    client
        .transaction_status(provider_id)
        .await
        .expect("status")
}

/// A cash-out from the main account to `CBU`, which the provider must accept.
async fn send_out(client: &HgCashClient, amount: &str, external_id: &str) -> PayoutReceipt {
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, amount, CBU, external_id))
        .await
        .expect("created")
}

/// Pins the outcome of the next request the simulator creates.
fn pin_next(
    running: &Running,
    status: RequestStatus,
    error_code: Option<&str>,
    error_message: Option<&str>,
) {
    let mut knobs = running.sim.knobs();
    knobs.force_status = Some(ForcedOutcome {
        status,
        error_code: error_code.map(str::to_owned),
        error_message: error_message.map(str::to_owned),
    });
    running.sim.set_knobs(knobs);
}

#[tokio::test]
async fn accounts_and_balances_are_exact() {
    let (_running, client) = start().await;
    let list = client.accounts().await.expect("accounts");
    assert_eq!(list.count, Some(2));
    let main = list
        .data
        .iter()
        .find(|a| a.id == SANDBOX_ACCOUNT_ID)
        .expect("main");
    assert_eq!(
        main.figures().expect("figures").net_balance,
        ars("1000000.00")
    );
    assert_eq!(main.number.as_deref(), Some("0000151500037626120131"));

    let second = client
        .account_balance(SANDBOX_SECOND_ACCOUNT_ID)
        .await
        .expect("balance");
    let f = second.figures().expect("figures");
    assert_eq!(f.balance, ars("1000000.00"));
    assert_eq!(f.pending_fees, ars("1250.40"));
    assert_eq!(f.net_balance, ars("998749.60"));

    let balances = client.balances().await.expect("balances");
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].available, ars("1998749.60"));
    assert_eq!(balances[0].account, account());
}

#[tokio::test]
async fn bad_or_revoked_tokens_are_refused_with_the_observed_body() {
    let (running, _client) = start().await;
    let wrong = client_for(&running, "cash_0000");
    for result in [
        wrong.accounts().await.map(|_| ()),
        wrong.account_balance(SANDBOX_ACCOUNT_ID).await.map(|_| ()),
    ] {
        let e = result.expect_err("refused");
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(e.http_status, Some(401));
        assert_eq!(e.code, None);
        assert_eq!(
            e.message,
            "Missing or invalid authorization header. Expected: Bearer <token>"
        );
    }
    running.sim.revoke_token(SANDBOX_TOKEN);
    let e = client_for(&running, SANDBOX_TOKEN)
        .accounts()
        .await
        .expect_err("revoked");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    // The token never shows in an error or a debug print.
    assert!(!format!("{e:?} {:?}", client_for(&running, SANDBOX_TOKEN)).contains("cash_aa12"));
}

#[tokio::test]
async fn someone_elses_or_unknown_account_is_not_found() {
    let (_running, client) = start().await;
    for id in [
        SANDBOX_OTHER_ACCOUNT_ID,
        "00000000-0000-0000-0000-000000000000",
    ] {
        let e = client.account_balance(id).await.expect_err("not found");
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.http_status, Some(404));
        assert_eq!(e.code.as_deref(), Some("ACCOUNT_NOT_FOUND"));
    }
    let e = client
        .account_balance("../accounts")
        .await
        .expect_err("refused locally");
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.http_status, None);
}

#[tokio::test]
async fn a_cash_out_reserves_funds_and_settles_on_the_clock() {
    let (running, client) = start().await;
    let receipt = send_out(&client, "10000.50", "PD-0001").await;
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.provider_status, "PENDING");
    // amount + 1% fee (100.01, rounded half up) is reserved at once.
    assert_eq!(
        balance_of(&client, SANDBOX_ACCOUNT_ID).await,
        ars("989899.49")
    );

    let status = status_of(&client, &receipt.provider_id).await;
    assert_eq!(status.status.as_str(), "PENDING");
    assert_eq!(status.external_id.as_deref(), Some("PD-0001"));

    running.sim.clock().advance(Duration::seconds(2));
    let status = status_of(&client, &receipt.provider_id).await;
    assert_eq!(status.to_receipt().status, TransactionStatus::Processing);
    assert_eq!(status.status.as_str(), "PROCESSING");

    running.sim.clock().advance(Duration::seconds(3));
    let status = status_of(&client, &receipt.provider_id).await;
    assert_eq!(status.to_receipt().status, TransactionStatus::Succeeded);
    assert_eq!(
        status.updated_at().expect("time"),
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 5)
            .single()
            .expect("t")
    );
    let movements = running.sim.movements();
    assert_eq!(movements.len(), 1);
    assert_eq!(movements[0].amount, d("10000.50"));
    // DONE finalises: the reservation is not given back.
    assert_eq!(
        balance_of(&client, SANDBOX_ACCOUNT_ID).await,
        ars("989899.49")
    );
}

#[tokio::test]
async fn failed_and_cancelled_requests_release_the_reservation() {
    let (running, client) = start().await;
    pin_next(
        &running,
        RequestStatus::Error,
        Some("DESTINATION_ERROR"),
        Some("Insufficient funds on destination account"),
    );
    let failed = send_out(&client, "5000", "PD-F").await;
    let cancelled = send_out(&client, "7000", "PD-C").await;
    running
        .sim
        .cancel_request(&cancelled.provider_id)
        .expect("cancel");
    running.sim.clock().advance(Duration::seconds(10));
    let r = status_of(&client, &failed.provider_id).await.to_receipt();
    assert_eq!(r.status, TransactionStatus::Failed);
    assert_eq!(
        r.failure_reason.as_deref(),
        Some("Insufficient funds on destination account (DESTINATION_ERROR)")
    );
    let r = status_of(&client, &cancelled.provider_id)
        .await
        .to_receipt();
    assert_eq!(r.status, TransactionStatus::Cancelled);
    assert_eq!(
        balance_of(&client, SANDBOX_ACCOUNT_ID).await,
        ars("1000000.00")
    );
}

#[tokio::test]
async fn validation_errors_keep_the_providers_code() {
    let (_running, client) = start().await;
    let mut short = raw_body("100");
    short.to_cbu = Some("110001540000000000002".into()); // 21 digits
    let mut both = raw_body("100");
    both.to_cvu = Some("0000003100012345678901".into());
    let mut neither = raw_body("100");
    neither.to_cbu = None;
    let mut long_name = raw_body("100");
    long_name.to_name = Some("x".repeat(256));
    for (body, message) in [
        (short, "CBU/CVU must be exactly 22 digits"),
        (both, "Provide either toCBU or toCVU, not both"),
        (neither, "Provide either toCBU or toCVU"),
        (raw_body("0"), "amount must be positive"),
        (raw_body("-5"), "amount must be positive"),
        (
            raw_body("1.005"),
            "amount must have at most 2 decimal places",
        ),
        (long_name, "toName must be at most 255 characters"),
    ] {
        let e = client.create_transaction(&body).await.expect_err(message);
        assert_eq!(e.kind, ErrorKind::Validation, "{message}");
        assert_eq!(e.http_status, Some(400));
        assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(e.message, message);
    }
    // A 22-digit CBU with letters never leaves Paydesk: the domain refuses it.
    assert!(BankDestination::from_fields(Some("11000154000000000000ab"), None).is_err());
    // Someone else's account.
    let mut other = raw_body("100");
    other.account_id = SANDBOX_OTHER_ACCOUNT_ID.into();
    let e = client
        .create_transaction(&other)
        .await
        .expect_err("not ours");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (ErrorKind::NotFound, Some(404), Some("ACCOUNT_NOT_FOUND"))
    );
}

#[tokio::test]
async fn cbu_checksum_is_checked_only_when_the_knob_says() {
    let (running, client) = start().await;
    // The docs' own CBU fails the Argentine checksum and is accepted by default.
    client
        .create_transaction(&raw_body("100"))
        .await
        .expect("accepted");
    let mut knobs = running.sim.knobs();
    knobs.validate_cbu_checksum = true;
    running.sim.set_knobs(knobs);
    let e = client
        .create_transaction(&raw_body("100"))
        .await
        .expect_err("checksum");
    assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
}

#[tokio::test]
async fn insufficient_net_balance_is_409_with_the_maximum() {
    let (running, client) = start().await;
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "995000", CBU, "PD-BIG"))
        .await
        .expect_err("too much");
    assert_eq!(e.kind, ErrorKind::InsufficientFunds);
    assert_eq!(e.http_status, Some(409));
    assert_eq!(e.code.as_deref(), Some("INSUFFICIENT_NET_BALANCE"));
    assert!(!e.outcome_unknown());
    // details.maxWithdrawableAmount = floor2(1000000 / 1.01), read from the raw answer.
    let raw = reqwest::Client::new()
        .post(format!("{}/transactions", running.base_url))
        .bearer_auth(SANDBOX_TOKEN)
        .body(serde_json::to_string(&raw_body("995000")).expect("json"))
        .send()
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    let envelope = wire::parse_error(&raw).expect("envelope");
    let max = envelope
        .details
        .and_then(|d| d.max_withdrawable_amount)
        .expect("max");
    assert_eq!(max.0, d("990099.00"));
    // The maximum itself goes through.
    client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "990099.00", CBU, "PD-MAX"))
        .await
        .expect("fits");
}

#[tokio::test]
async fn external_id_is_unique_per_account_only() {
    let (running, client) = start().await;
    let first = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect("first");
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect_err("duplicate");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (
            ErrorKind::Conflict,
            Some(409),
            Some("DUPLICATE_EXTERNAL_ID")
        )
    );
    assert_eq!(e.message, "externalID already used on this account");
    let other = client
        .send(&cash_out(SANDBOX_SECOND_ACCOUNT_ID, "100", CBU, "PD-DUP"))
        .await
        .expect("other account");
    assert_ne!(first.provider_id, other.provider_id);
    assert_eq!(running.sim.requests().len(), 2);
}

#[tokio::test]
async fn a_blocked_account_cannot_cash_out() {
    let (running, client) = start().await;
    running
        .sim
        .set_account_status(SANDBOX_ACCOUNT_ID, "Bloqueada")
        .expect("set");
    let e = client
        .send(&cash_out(SANDBOX_ACCOUNT_ID, "100", CBU, "PD-B"))
        .await
        .expect_err("blocked");
    assert_eq!(
        (e.kind, e.http_status, e.code.as_deref()),
        (
            ErrorKind::Forbidden,
            Some(409),
            Some("ACCOUNT_NOT_OPERATIVE")
        )
    );
    let list = client.accounts().await.expect("accounts");
    let main = list
        .data
        .iter()
        .find(|a| a.id == SANDBOX_ACCOUNT_ID)
        .expect("main");
    assert_eq!(main.status, wire::AccountStatus::Bloqueada);
}

#[tokio::test]
async fn status_of_an_unknown_or_foreign_request_is_not_found() {
    let (running, client) = start().await;
    let mine = send_out(&client, "100", "PD-S").await;
    let other = client_for(&running, SANDBOX_OTHER_TOKEN);
    for (c, id) in [
        (&client, "789e0123-e89b-12d3-a456-426614174999"),
        (&other, mine.provider_id.as_str()),
    ] {
        let e = c.transaction_status(id).await.expect_err("not found");
        assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
        assert_eq!(e.message, "Transaction request not found");
    }
}

#[tokio::test]
async fn reference_data_with_or_without_a_token() {
    let (running, client) = start().await;
    let statuses = client.transaction_statuses().await.expect("statuses");
    assert!(statuses.success);
    let names: Vec<&str> = statuses
        .data
        .iter()
        .filter_map(|i| i.name.as_deref())
        .collect();
    assert_eq!(names, ["processing", "done", "failed"]);
    let types = client_for(&running, "cash_wrong")
        .transaction_types()
        .await
        .expect("no auth needed");
    let names: Vec<&str> = types
        .data
        .iter()
        .filter_map(|i| i.name.as_deref())
        .collect();
    assert_eq!(names, ["transfer", "payment", "deposit", "withdrawal"]);
}

#[tokio::test]
async fn large_amounts_wait_for_review_and_destination_errors_follow_the_knob() {
    let (running, client) = start().await;
    let mut knobs = running.sim.knobs();
    knobs.review_threshold = Some(d("500000"));
    knobs.destination_error_percent = 100;
    running.sim.set_knobs(knobs);
    let big = send_out(&client, "500000", "PD-REV").await;
    running.sim.clock().advance(Duration::seconds(60));
    let s = status_of(&client, &big.provider_id).await;
    assert_eq!(s.status.as_str(), "AWAITING_REVIEW");
    assert_eq!(s.to_receipt().status, TransactionStatus::Processing);
    running
        .sim
        .set_request_status(&big.provider_id, RequestStatus::Processing, None, None)
        .expect("approve");
    running.sim.clock().advance(Duration::seconds(3));
    let s = status_of(&client, &big.provider_id).await;
    assert_eq!(s.status.as_str(), "ERROR");
    assert_eq!(s.error_code.as_deref(), Some("DESTINATION_ERROR"));
    assert_eq!(
        s.error_message.as_deref(),
        Some("Insufficient funds on destination account")
    );
    // The failed request gave its reservation back.
    assert_eq!(
        balance_of(&client, SANDBOX_ACCOUNT_ID).await,
        ars("1000000.00")
    );
}

#[tokio::test]
async fn simulator_controls_answer_over_http_too() {
    let (running, client) = start().await;
    let http = reqwest::Client::new();
    let root = running.server.base_url.clone();
    let answer = http
        .post(format!("{root}/_sim/accounts/{SANDBOX_SECOND_ACCOUNT_ID}/inbound"))
        .body(r#"{"amount":"2500.75","fromCBU":"0000003100117987328844","fromCUIT":"20125680667","fromName":"Ana Sosa"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 201);
    assert_eq!(
        balance_of(&client, SANDBOX_SECOND_ACCOUNT_ID).await,
        ars("1002500.75")
    );
    let sent = send_out(&client, "100", "PD-CTRL").await;
    let answer = http
        .post(format!("{root}/_sim/requests/{}/status", sent.provider_id))
        .body(r#"{"status":"CANCELLED"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 200);
    let s = status_of(&client, &sent.provider_id).await;
    assert_eq!(s.to_receipt().status, TransactionStatus::Cancelled);
    let answer = http
        .post(format!("{root}/_sim/requests/nope/status"))
        .body(r#"{"status":"DONE"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 404);
}

#[tokio::test]
async fn a_pinned_cancellation_happens_before_execution() {
    let (running, client) = start().await;
    pin_next(&running, RequestStatus::Cancelled, None, None);
    let sent = send_out(&client, "800", "PD-PIN").await;
    // The knob applies to one request only.
    let next = send_out(&client, "900", "PD-NEXT").await;
    running.sim.clock().advance(Duration::seconds(2));
    let s = status_of(&client, &sent.provider_id).await;
    assert_eq!(s.status.as_str(), "CANCELLED");
    assert_eq!(
        s.updated_at().expect("t"),
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 2)
            .single()
            .expect("t")
    );
    let s = status_of(&client, &next.provider_id).await;
    assert_eq!(s.status.as_str(), "PROCESSING");
    // A pinned status that is not final never stalls the simulator.
    pin_next(&running, RequestStatus::Processing, None, None);
    let stuck = send_out(&client, "100", "PD-STUCK").await;
    running.sim.clock().advance(Duration::seconds(30));
    let s = status_of(&client, &stuck.provider_id).await;
    assert_eq!(s.status.as_str(), "PROCESSING");
}

#[tokio::test]
async fn random_cash_ins_move_the_balance_and_are_movements() {
    let (running, client) = start().await;
    let m = running
        .sim
        .random_cash_in(SANDBOX_ACCOUNT_ID)
        .expect("cash-in");
    assert!(m.amount > Decimal::ZERO);
    let expected = ars("1000000.00")
        .checked_add(&Money::from_decimal(m.amount, ars("0").currency()).expect("ARS"))
        .expect("sum");
    assert_eq!(balance_of(&client, SANDBOX_ACCOUNT_ID).await, expected);
    assert_eq!(running.sim.movements(), vec![m.clone()]);
    let t = webhook::parse(m.webhook_body().as_bytes())
        .expect("parses")
        .to_transaction(&account(), Utc::now())
        .expect("maps");
    assert_eq!(t.direction, Direction::In);
    assert!(running.sim.random_cash_in("nope").is_err());
}
