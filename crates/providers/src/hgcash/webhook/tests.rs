//! The reference's webhook examples and signature rules.
use super::*;
use chrono::TimeZone;

const REQUEST: &str = r#"{"id":"789e0123-e89b-12d3-a456-426614174999","externalID":"REQ-2024-001234","amount":"15000.50","currency":"ARS","direction":"Inbound","status":"PENDING","type":"request","accountId":"550e8400-e29b-41d4-a716-446655440123","date":"2024-06-19T10:30:00","timezone":"America/Argentina/Buenos_Aires","fromName":"Juan Pérez","toName":"María García","fromCBU":"1700015400000000000010","toCBU":"1100015400000000000021","error":"Insufficient funds on destination account","fromCUIT":"20123456789","toCUIT":"27987654321","concept":"Payment for services","coelsaCode":"COELSA123456"}"#;
const MOVEMENT: &str = r#"{"id":"040eac5b-a998-4879-9d8a-05fd2a08c625","externalID":"E-67REZ8NPQDQ460QK94KVGO-2026-01-14 09:17:21","amount":"12000","currency":"ARS","direction":"Inbound","status":"hecha","type":"inbound","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires","fromName":"Jose Angel Gallucci","toName":"MUNDO OFERTA IMPORTACIONES S.A","fromCBU":"0000003100117987328844","toCBU":"0000151500037626120131","fromCUIT":"20125680667","toCUIT":"30718891813","coelsaCode":"67REZ8NPQDQ460QK94KVGO","accountId":"843d9d8b-6db8-47a2-8c22-23b198e99c15"}"#;

#[test]
fn request_example() {
    let account = AccountId::new("hg").expect("valid");
    let event = parse(REQUEST.as_bytes()).expect("parses");
    let t = event.to_transaction(&account, Utc::now()).expect("maps");
    assert_eq!(t.amount.minor_units(), 1_500_050);
    assert_eq!(t.direction, Direction::Out);
    assert_eq!(t.kind, TransactionKind::CashOut);
    assert_eq!(t.status, TransactionStatus::Pending);
    assert_eq!(t.merchant_reference.as_deref(), Some("REQ-2024-001234"));
    assert_eq!(
        t.counterparty.bank_account.as_deref(),
        Some("1100015400000000000021")
    );
    assert_eq!(
        t.created_at,
        Utc.with_ymd_and_hms(2024, 6, 19, 13, 30, 0)
            .single()
            .expect("time")
    );
    assert_eq!(t.raw, REQUEST);
    assert_eq!(
        event.dedup_key(),
        "request:789e0123-e89b-12d3-a456-426614174999:PENDING"
    );
}

#[test]
fn movement_example() {
    let account = AccountId::new("hg").expect("valid");
    let event = parse(MOVEMENT.as_bytes()).expect("parses");
    let t = event.to_transaction(&account, Utc::now()).expect("maps");
    assert_eq!(t.amount.to_string(), "12000.00 ARS");
    assert_eq!(t.direction, Direction::In);
    assert_eq!(t.kind, TransactionKind::Collection);
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(t.provider_status, "hecha");
    assert_eq!(t.counterparty.name.as_deref(), Some("Jose Angel Gallucci"));
    assert_eq!(
        t.created_at,
        Utc.with_ymd_and_hms(2026, 1, 14, 12, 17, 21)
            .single()
            .expect("time")
    );
    // Extra envelope fields (U16) are accepted.
    let with_topic = MOVEMENT.replacen(
        '{',
        r#"{"topic":"TRANSACTION","eventType":"status_change","#,
        1,
    );
    assert!(parse(with_topic.as_bytes()).is_ok());
    // An unknown zone is refused, not guessed.
    let mars = MOVEMENT.replace("America/Argentina/Buenos_Aires", "Mars/Olympus");
    assert!(parse(mars.as_bytes()).is_err());
    // A local time whose UTC falls past the last date chrono knows is an error, not a panic.
    let last = chrono::NaiveDate::MAX
        .format("%Y-%m-%dT23:00:00")
        .to_string();
    let late = MOVEMENT.replace("2026-01-14T09:17:21", &last);
    let error = parse(late.as_bytes()).expect_err("out of range");
    assert!(
        error.message.ends_with("T23:00:00' is out of range"),
        "{}",
        error.message
    );
}

#[test]
fn signature() {
    let secret = Secret::new("whsec_hg");
    let hex = crate::signature::hmac_sha256_hex(b"whsec_hg", MOVEMENT.as_bytes());
    assert!(verify(
        &secret,
        MOVEMENT.as_bytes(),
        &format!("sha256={hex}")
    ));
    assert!(verify(
        &secret,
        MOVEMENT.as_bytes(),
        &format!("sha256={}", hex.to_uppercase())
    ));
    assert!(!verify(&secret, MOVEMENT.as_bytes(), &hex));
    assert!(!verify(&secret, MOVEMENT.as_bytes(), "sha256="));
    assert!(!verify(
        &Secret::new("other"),
        MOVEMENT.as_bytes(),
        &format!("sha256={hex}")
    ));
}

#[test]
fn the_least_notifications_and_other_spellings_are_read() {
    let account = AccountId::new("hg").expect("valid");
    let at = Utc
        .with_ymd_and_hms(2026, 1, 14, 12, 0, 0)
        .single()
        .expect("time");
    // The reference's required request fields only, the seed's lower-case word.
    let done = br#"{"id":"r1","externalID":"PD-1","amount":"1500.25","currency":"ARS","direction":"Outbound","status":"done","type":"request","accountId":"a"}"#;
    let t = parse(done)
        .expect("parses")
        .to_transaction(&account, at)
        .expect("maps");
    assert_eq!(
        (t.status, t.provider_status.as_str()),
        (TransactionStatus::Succeeded, "done")
    );
    assert_eq!(t.created_at, at, "no date: dated on arrival");
    assert_eq!(t.amount.minor_units(), 150_025);
    // `type` and the unknown word in another case: a cash-out, unknown, kept.
    let held = br#"{"id":"r2","amount":"10","currency":"ARS","status":"ON_HOLD","type":"Request"}"#;
    let event = parse(held).expect("parses");
    let t = event.to_transaction(&account, at).expect("maps");
    assert_eq!(t.kind, TransactionKind::CashOut);
    assert_eq!(
        (t.status, t.provider_status.as_str()),
        (TransactionStatus::Unknown, "ON_HOLD")
    );
    assert_eq!(event.dedup_key(), "request:r2:ON_HOLD");
    let failed =
        br#"{"id":"r3","amount":"10","currency":"ARS","status":"failed","type":"request"}"#;
    let t = parse(failed)
        .expect("parses")
        .to_transaction(&account, at)
        .expect("maps");
    assert_eq!(t.status, TransactionStatus::Failed);
    // A movement without its optional fields, direction in lower case.
    let movement = br#"{"id":"m1","externalID":"E-1","amount":"12000","currency":"ARS","direction":"outbound","status":"hecha","type":"outbound","accountId":"a","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires"}"#;
    let t = parse(movement)
        .expect("parses")
        .to_transaction(&account, at)
        .expect("maps");
    assert_eq!(t.direction, Direction::Out);
    assert_eq!(t.counterparty.name, None);
}

#[test]
fn an_unreadable_notification_is_a_short_error() {
    for body in [
        &b"not json"[..],
        br#"{"id":"r","amount":"10","currency":"ARS","status":"done","type":"request","extra":1"#,
        br#"{"id":"m","amount":"10","currency":"ARS","direction":"Sideways","type":"inbound"}"#,
        br#"{"id":"r","amount":{"x":1},"currency":"ARS","status":"done","type":"request"}"#,
    ] {
        let e = parse(body).expect_err("unreadable");
        assert_eq!(e.kind, crate::error::ErrorKind::Malformed);
        assert!(
            e.message.starts_with("unreadable answer: the "),
            "{}",
            e.message
        );
        assert!(
            !e.message.contains('{') && !e.message.contains("line"),
            "{}",
            e.message
        );
    }
}

#[test]
fn a_review_word_in_any_case_ranks_before_processing() {
    let ledger = WebhookLedger::new(AccountId::new("hg").expect("valid"));
    let at = Utc::now();
    let body = |status: &str| {
        format!(
            r#"{{"id":"r","amount":"10","currency":"ARS","status":"{status}","type":"request"}}"#
        )
    };
    assert_eq!(
        ledger.receive(&[], body("processing").as_bytes(), None, at),
        Ok(Applied::New)
    );
    assert_eq!(
        ledger.receive(&[], body("awaiting_review").as_bytes(), None, at),
        Ok(Applied::Stale)
    );
    assert_eq!(
        ledger.receive(&[], body("done").as_bytes(), None, at),
        Ok(Applied::Updated)
    );
}
