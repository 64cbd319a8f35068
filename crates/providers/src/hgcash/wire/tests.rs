//! The reference's documented JSON examples, read into exact domain values.

use super::*;
use crate::error::ErrorKind;
use crate::exact::JsonNumber;
use chrono::TimeZone;
use chrono::Utc;
use paydesk_domain::{AccountId, TransactionStatus};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

#[test]
fn accounts_example() {
    let body = br#"{"data":[{"id":"843d9d8b-6db8-47a2-8c22-23b198e99c15","name":"Cuenta principal","balance":1000000.00,"pendingFees":0.00,"netBalance":1000000.00,"status":"Operativa","currency":"ARS","number":"0000151500037626120131","alias":"mi.alias.hg","platform":{"id":"p","name":"P"},"company":null}],"count":1}"#;
    let list = parse_account_list(body).expect("parses");
    assert_eq!(list.count, Some(1));
    let a = &list.data[0];
    assert_eq!(a.status, AccountStatus::Operativa);
    let f = a.figures().expect("figures");
    assert_eq!(f.net_balance.minor_units(), 100_000_000);
    assert_eq!(f.net_balance.to_string(), "1000000.00 ARS");
    assert_eq!(a.number.as_deref(), Some("0000151500037626120131"));
    // Optional fields may be absent (ASSUMPTION §3.1); unknown statuses are kept.
    let bare = br#"{"data":[{"id":"x","balance":1,"pendingFees":"0","netBalance":1,"status":"Suspendida","currency":"ARS"}]}"#;
    let list = parse_account_list(bare).expect("parses");
    assert_eq!(
        list.data[0].status,
        AccountStatus::Unknown("Suspendida".into())
    );
    let account = AccountId::new("hg").expect("valid");
    let at = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("time");
    let two = br#"{"data":[{"id":"a","balance":10.5,"pendingFees":0.5,"netBalance":10.00,"status":"Operativa","currency":"ARS"},{"id":"b","balance":0.01,"pendingFees":0,"netBalance":0.01,"status":"Bloqueada","currency":"ARS"}],"count":2}"#;
    let sums = balances_of(&parse_account_list(two).expect("parses"), &account, at).expect("sums");
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].available.amount(), d("10.01"));
}

#[test]
fn balance_example() {
    let body = br#"{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","balance":1000000.00,"currency":"ARS","pendingFees":1250.40,"netBalance":998749.60,"status":"Operativa"}"#;
    let b = parse_account_balance(body).expect("parses");
    let f = b.figures().expect("figures");
    assert_eq!(f.pending_fees.amount(), d("1250.40"));
    assert_eq!(f.net_balance.minor_units(), 99_874_960);
    let account = AccountId::new("hg").expect("valid");
    let balance = b.to_balance(&account, Utc::now()).expect("balance");
    assert_eq!(balance.available.amount_text(), "998749.60");
    assert_eq!(balance.pending, None);
    // Three decimals in ARS is not silently rounded.
    let bad = br#"{"id":"x","balance":1.005,"currency":"ARS","pendingFees":0,"netBalance":1,"status":"Operativa"}"#;
    assert!(parse_account_balance(bad).is_err());
}

#[test]
fn create_and_status_examples() {
    let created = parse_created(br#"{"id":"789e0123-e89b-12d3-a456-426614174999","externalID":"REQ-2024-001234","createdAt":"2024-06-19T10:30:00Z","status":"PENDING"}"#).expect("parses");
    let r = created.to_receipt();
    assert_eq!(r.provider_id, "789e0123-e89b-12d3-a456-426614174999");
    assert_eq!(r.status, TransactionStatus::Pending);
    assert_eq!(r.provider_status, "PENDING");
    let status = parse_status(br#"{"id":"789e0123-e89b-12d3-a456-426614174999","externalID":"REQ-2024-001234","status":"ERROR","errorMessage":"Insufficient funds on destination account","errorCode":"DESTINATION_ERROR","createdAt":"2024-06-19T10:30:00Z","updatedAt":"2024-06-19T10:31:12Z"}"#).expect("parses");
    let r = status.to_receipt();
    assert_eq!(r.status, TransactionStatus::Failed);
    assert_eq!(
        r.failure_reason.as_deref(),
        Some("Insufficient funds on destination account (DESTINATION_ERROR)")
    );
    for (word, status) in [
        ("PENDING", TransactionStatus::Pending),
        ("AWAITING_REVIEW", TransactionStatus::Processing),
        ("PROCESSING", TransactionStatus::Processing),
        ("DONE", TransactionStatus::Succeeded),
        ("ERROR", TransactionStatus::Failed),
        ("CANCELLED", TransactionStatus::Cancelled),
        ("ON_HOLD", TransactionStatus::Processing),
    ] {
        let s = RequestStatus::parse(word);
        assert_eq!(s.as_str(), word);
        assert_eq!(s.to_status(), status);
    }
}

#[test]
fn minimal_request_is_written_as_documented() {
    let body = CreateTransactionRequest {
        account_id: "550e8400-e29b-41d4-a716-446655440123".into(),
        amount: JsonNumber(d("15000.5")),
        to_cbu: Some("1100015400000000000021".into()),
        to_cvu: None,
        external_id: None,
        webhook_url: None,
        from_name: None,
        to_name: None,
        from_cuit: None,
        to_cuit: None,
        concept: None,
        external_date: None,
        coelsa_code: None,
    };
    assert_eq!(
        serde_json::to_string(&body).expect("serializes"),
        r#"{"accountId":"550e8400-e29b-41d4-a716-446655440123","amount":15000.5,"toCBU":"1100015400000000000021"}"#
    );
}

#[test]
fn errors_keep_status_code_and_message() {
    let e = error_from(
        401,
        br#"{"error":"Missing or invalid authorization header. Expected: Bearer <token>"}"#,
    );
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert_eq!(e.code, None);
    assert_eq!(
        e.message,
        "Missing or invalid authorization header. Expected: Bearer <token>"
    );
    let e = error_from(409, br#"{"error":"Insufficient net balance","code":"INSUFFICIENT_NET_BALANCE","details":{"maxWithdrawableAmount":990099.00}}"#);
    assert_eq!(e.kind, ErrorKind::InsufficientFunds);
    assert_eq!(e.http_status, Some(409));
    let env = parse_error(
        br#"{"error":"x","code":"DUPLICATE_EXTERNAL_ID","details":{"existingId":"abc"}}"#,
    )
    .expect("parses");
    assert_eq!(
        env.details.and_then(|d| d.existing_id).as_deref(),
        Some("abc")
    );
    let e = error_from(502, b"<html>bad gateway</html>");
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.message, "<html>bad gateway</html>");
}

#[test]
fn reference_data() {
    let list = parse_reference_list(br#"{"success":true,"data":[{"id":1,"name":"processing"},{"id":"2","name":"done","description":"ok"}]}"#).expect("parses");
    assert!(list.success);
    assert_eq!(list.data[1].id, ReferenceId::Text("2".into()));
}
