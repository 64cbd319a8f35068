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
