//! The seed's and the reference's documented JSON examples, read into exact domain values;
//! the least each answer may carry, other letter cases, unknown words, extra and missing
//! optional fields.

use super::super::errors::error_for;
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
    assert_eq!(r.failure_reason, None);
    let status = parse_status(br#"{"id":"789e0123-e89b-12d3-a456-426614174999","externalID":"REQ-2024-001234","status":"ERROR","errorMessage":"Insufficient funds on destination account","errorCode":"DESTINATION_ERROR","createdAt":"2024-06-19T10:30:00Z","updatedAt":"2024-06-19T10:31:12Z"}"#).expect("parses");
    let r = status.to_receipt();
    assert_eq!(r.status, TransactionStatus::Failed);
    assert_eq!(
        r.failure_reason.as_deref(),
        Some("Insufficient funds on destination account (DESTINATION_ERROR)")
    );
    assert_eq!(
        status.updated_at().expect("time"),
        Utc.with_ymd_and_hms(2024, 6, 19, 10, 31, 12)
            .single()
            .expect("time")
    );
}

#[test]
fn status_words_in_any_letter_case_and_unknown_words_kept() {
    for (word, status) in [
        // The seed's own list, lower case.
        ("processing", TransactionStatus::Processing),
        ("done", TransactionStatus::Succeeded),
        ("failed", TransactionStatus::Failed),
        // The reference's request statuses (§4.1), upper case.
        ("PENDING", TransactionStatus::Pending),
        ("AWAITING_REVIEW", TransactionStatus::Processing),
        ("PROCESSING", TransactionStatus::Processing),
        ("DONE", TransactionStatus::Succeeded),
        ("ERROR", TransactionStatus::Failed),
        ("CANCELLED", TransactionStatus::Cancelled),
        // The status endpoint words of §3.7, and other cases.
        ("pending", TransactionStatus::Pending),
        ("expired", TransactionStatus::Expired),
        ("cancelled", TransactionStatus::Cancelled),
        ("Done", TransactionStatus::Succeeded),
        ("FAILED", TransactionStatus::Failed),
        ("error", TransactionStatus::Failed),
        ("Awaiting_Review", TransactionStatus::Processing),
        // Words no document uses: unknown, never final, kept as sent.
        ("on_hold", TransactionStatus::Unknown),
        ("ON_HOLD", TransactionStatus::Unknown),
        ("hecha", TransactionStatus::Unknown),
        ("", TransactionStatus::Unknown),
    ] {
        let s = RequestStatus::parse(word);
        assert_eq!(s.as_str(), word, "kept as sent");
        assert_eq!(s.to_status(), status, "{word}");
        assert_eq!(TransactionStatus::from(&s), status, "{word}");
    }
    assert!(!RequestState::of("on_hold").is_final());
    assert!(!RequestState::of("processing").is_final());
    assert!(RequestState::of("done").is_final());
    assert!(RequestState::of("failed").is_final());
}

#[test]
fn the_least_create_and_status_answers_are_read() {
    // Only the id: recorded, pending, not final.
    let created = parse_created(br#"{"id":"c1"}"#).expect("bare create answer");
    let r = created.to_receipt();
    assert_eq!(r.provider_id, "c1");
    assert_eq!(r.status, TransactionStatus::Pending);
    assert_eq!(created.created_at(), None);
    // The seed's lower-case words on the create answer.
    let created = parse_created(br#"{"id":"c2","status":"processing","extra":{"x":1}}"#)
        .expect("create answer with an extra field");
    assert_eq!(created.to_receipt().status, TransactionStatus::Processing);
    assert_eq!(created.to_receipt().provider_status, "processing");
    let created = parse_created(br#"{"id":"c3","status":"on_hold"}"#).expect("unknown word");
    assert_eq!(created.to_receipt().status, TransactionStatus::Unknown);
    assert_eq!(created.to_receipt().provider_status, "on_hold");

    // The status answer with id and status only.
    let done = parse_status(br#"{"id":"s1","status":"done"}"#).expect("bare status");
    let r = done.to_receipt();
    assert_eq!(r.status, TransactionStatus::Succeeded);
    assert_eq!(r.provider_status, "done");
    assert_eq!(r.failure_reason, None);
    assert_eq!(done.updated_at().expect("time"), done.read_at);
    let failed = parse_status(br#"{"id":"s2","status":"failed","errorMessage":null}"#)
        .expect("bare failure");
    let r = failed.to_receipt();
    assert_eq!(r.status, TransactionStatus::Failed);
    assert_eq!(
        r.failure_reason.as_deref(),
        Some("HG.Cash reports the cash-out as 'failed' without giving a reason")
    );
    let held =
        parse_status(br#"{"id":"s3","status":"ON_HOLD","createdAt":"2024-06-19T10:30:00Z"}"#)
            .expect("unknown word");
    assert_eq!(held.to_receipt().status, TransactionStatus::Unknown);
    assert_eq!(held.to_receipt().provider_status, "ON_HOLD");
    // Without updatedAt, the creation time dates it.
    assert_eq!(
        held.updated_at().expect("time"),
        Utc.with_ymd_and_hms(2024, 6, 19, 10, 30, 0)
            .single()
            .expect("time")
    );
}

#[test]
fn unreadable_answers_are_short_words_without_the_body() {
    for body in [
        &b"<html>bad gateway</html>"[..],
        br#"{"status":"done"}"#,
        br#"{"id":"x","status":5}"#,
        b"",
    ] {
        let e = parse_status(body).expect_err("unreadable");
        assert_eq!(e.kind, ErrorKind::Malformed);
        assert_eq!(e.message, "unreadable answer: the cash-out status");
    }
    let e = parse_created(br#"{"id":""}"#).expect_err("no id");
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(!e.message.contains('{'), "{}", e.message);
    let e = parse_reference_list(br#"{"success":true,"data":{"oops":1}}"#).expect_err("bad");
    assert_eq!(e.message, "unreadable answer: the reference data");
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
        type_id: None,
    };
    assert_eq!(
        serde_json::to_string(&body).expect("serializes"),
        r#"{"accountId":"550e8400-e29b-41d4-a716-446655440123","amount":15000.5,"toCBU":"1100015400000000000021"}"#
    );
    // The seed's typeID, a number or a text id, as the reference data gave it.
    let numbered = body.clone().with_type_id(Some(ReferenceId::Number(1)));
    assert!(
        serde_json::to_string(&numbered)
            .expect("serializes")
            .ends_with(r#""toCBU":"1100015400000000000021","typeID":1}"#)
    );
    let texted = body.with_type_id(Some(ReferenceId::Text("t-1".into())));
    assert!(
        serde_json::to_string(&texted)
            .expect("serializes")
            .ends_with(r#""typeID":"t-1"}"#)
    );
}

#[test]
fn errors_keep_status_code_and_message() {
    let e = error_for(
        401,
        br#"{"error":"Missing or invalid authorization header. Expected: Bearer <token>"}"#,
    );
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert_eq!(e.code, None);
    assert_eq!(
        e.message,
        "Missing or invalid authorization header. Expected: Bearer <token>"
    );
    let e = error_for(409, br#"{"error":"Insufficient net balance","code":"INSUFFICIENT_NET_BALANCE","details":{"maxWithdrawableAmount":990099.00}}"#);
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
    let e = error_for(502, b"<html>bad gateway</html>");
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.http_status, Some(502));
    assert_eq!(
        e.message,
        "HG.Cash answered HTTP 502 without an explanation Paydesk can read"
    );
}

#[test]
fn reference_data() {
    let list = parse_reference_list(br#"{"success":true,"data":[{"id":1,"name":"processing"},{"id":"2","name":"done","description":"ok"}]}"#).expect("parses");
    assert!(list.success);
    assert_eq!(list.data[0].id, Some(ReferenceId::Number(1)));
    assert_eq!(list.data[1].id, Some(ReferenceId::Text("2".into())));
    assert_eq!(list.data[1].description.as_deref(), Some("ok"));
    // The seed's own example: empty objects.
    let empty = parse_reference_list(br#"{ "success": true, "data": [ {}, {}, {} ] }"#)
        .expect("the seed's example parses");
    assert_eq!(empty.data.len(), 3);
    assert!(empty.data.iter().all(|i| *i == ReferenceItem::default()));
    assert_eq!(empty.id_named("transfer"), None);
    // The transfer type by name, in any letter case; an item without id does not count.
    let types = parse_reference_list(br#"{"success":true,"data":[{"name":"transfer"},{"id":7,"name":"Transfer"},{"id":8,"name":"payment","extra":[1]}]}"#).expect("parses");
    assert_eq!(types.id_named("transfer"), Some(&ReferenceId::Number(7)));
    assert_eq!(types.id_named("deposit"), None);
    // Other shapes: a bare array, odd ids, strings as names, no `success`.
    let odd = parse_reference_list(
        br#"[{"id":1.5,"name":"transfer"},"payment",3,{"id":"","name":null}]"#,
    )
    .expect("a bare array parses");
    assert_eq!(odd.data.len(), 4);
    assert_eq!(odd.data[0].id, None);
    assert_eq!(odd.data[1].name.as_deref(), Some("payment"));
    assert_eq!(odd.id_named("transfer"), None);
    assert!(
        parse_reference_list(br#"{"data":[]}"#)
            .expect("no success")
            .success
    );
    // A list that says it failed is not used.
    let failed = parse_reference_list(br#"{"success":false,"data":[]}"#).expect_err("failed");
    assert_eq!(failed.kind, ErrorKind::Malformed);
}
