//! Parsers never panic; history generation scales.

use super::*;

#[test]
fn a_million_history_records_cost_nothing_until_read() {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let sim = Simulator::new(Config {
        history_size: 1_000_000,
        ..Config::demo(clock.clone())
    });
    assert_eq!(sim.history_len(), 1_000_000);
    let last = sim.history_movement(999_999).expect("last");
    let first = sim.history_movement(0).expect("first");
    assert!(first.at >= clock.now() - Duration::days(90) && last.at <= clock.now());
    assert!(sim.history_movement(1_000_000).is_none());
    let event = webhook::parse(last.webhook_body().as_bytes()).expect("parses");
    assert!(event.to_transaction(&account(), Utc::now()).is_ok());
}

fn valid_documents() -> Vec<String> {
    vec![
        r#"{"data":[{"id":"843d9d8b","name":"C","balance":1000000.00,"pendingFees":0.00,"netBalance":1000000.00,"status":"Operativa","currency":"ARS"}],"count":1}"#.into(),
        r#"{"id":"3c90c3cc","balance":1000000.00,"currency":"ARS","pendingFees":1250.40,"netBalance":998749.60,"status":"Operativa"}"#.into(),
        r#"{"id":"789e0123","externalID":"REQ-2024-001234","createdAt":"2024-06-19T10:30:00Z","status":"PENDING"}"#.into(),
        r#"{"id":"789e0123","externalID":"REQ","status":"ERROR","errorMessage":"x","errorCode":"DESTINATION_ERROR","createdAt":"2024-06-19T10:30:00Z","updatedAt":"2024-06-19T10:31:12Z"}"#.into(),
        r#"{"success":true,"data":[{"id":1,"name":"processing"}]}"#.into(),
        r#"{"error":"x","code":"INSUFFICIENT_NET_BALANCE","details":{"maxWithdrawableAmount":990099.00}}"#.into(),
        r#"{"id":"040e","externalID":"E","amount":"12000","currency":"ARS","direction":"Inbound","status":"hecha","type":"inbound","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires","accountId":"843d"}"#.into(),
        r#"{"id":"789e","externalID":"R","amount":"15000.50","currency":"ARS","status":"DONE","type":"request","accountId":"550e","date":"2024-06-19T10:30:00","timezone":"America/Argentina/Buenos_Aires"}"#.into(),
    ]
}

fn every_parser(bytes: &[u8]) {
    let _ = wire::parse_account_list(bytes);
    let _ = wire::parse_account_balance(bytes);
    let _ = wire::parse_created(bytes);
    let _ = wire::parse_status(bytes);
    let _ = wire::parse_reference_list(bytes);
    let _ = wire::parse_error(bytes);
    let _ = paydesk_providers::hgcash::errors::error_for(500, bytes);
    if let Ok(event) = webhook::parse(bytes) {
        let _ = event.to_transaction(&account(), Utc::now());
    }
    let ledger = WebhookLedger::new(account());
    let _ = ledger.receive(&[], bytes, None, Utc::now());
}

#[test]
fn every_valid_document_parses_with_its_parser() {
    let docs = valid_documents();
    assert!(wire::parse_account_list(docs[0].as_bytes()).is_ok());
    assert!(wire::parse_account_balance(docs[1].as_bytes()).is_ok());
    assert!(wire::parse_created(docs[2].as_bytes()).is_ok());
    assert!(wire::parse_status(docs[3].as_bytes()).is_ok());
    assert!(wire::parse_reference_list(docs[4].as_bytes()).is_ok());
    assert!(wire::parse_error(docs[5].as_bytes()).is_ok());
    assert!(webhook::parse(docs[6].as_bytes()).is_ok());
    assert!(webhook::parse(docs[7].as_bytes()).is_ok());
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        every_parser(&bytes);
    }

    #[test]
    fn truncated_documents_are_errors_not_panics(doc in 0usize..8, cut in 0usize..400) {
        let docs = valid_documents();
        let text = docs[doc].as_bytes();
        let end = cut.min(text.len().saturating_sub(1));
        let truncated = &text[..end];
        every_parser(truncated);
        prop_assert!(wire::parse_account_list(truncated).is_err());
        prop_assert!(webhook::parse(truncated).is_err());
    }
}
