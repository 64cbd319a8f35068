//! The reference's documented JSON examples (shared/providers/hpay.md §3) read into the
//! expected values, exactly.

use super::*;
use chrono::{TimeZone, Utc};
use paydesk_domain::{AccountId, TransactionStatus};
use proptest::prelude::*;

const TOKEN: &str = r#"{
  "success": true, "message": "Token generated", "token": "RmtVMVV6clh5NURDWnRJUjdHQ2hIZHRO",
  "livetime": "15mn", "time_generated": 1758382955, "error_code": 0, "company": "WestSofts INC",
  "mode": "TEST", "balance": { "currency": "CAD", "main_balance": 50, "profit_balance": 100 }
}"#;

const PAYMENT: &str = r#"{
  "success": true, "message": "Payment URL generated", "amount": "100", "fees": 0.5,
  "currency": "CAD", "transaction_id": "AabBzZ190002AZ", "mode": "TEST",
  "company": "WestSofts INC SARL", "checkout_url": "https://checkout.hpay.cash?ref=AabBzZ190002AZ"
}"#;

const HISTORY: &str = r#"{
  "success": true, "message": "Data Fetched", "error_code": 0,
  "history": [ { "transaction_id": "ceXefesOpl", "amount": "7000.00", "fees": "700.00",
    "profit": 6300, "currency": "XOF", "mode": "TEST", "status": "UNPAID",
    "product": "Amazon Achat de carte cadeau",
    "description": "Achat en ligne de Chèques-cadeaux et cartes cadeaux dans un vaste choix sur la boutique Boutique chèques-cadeaux.",
    "payment_link": "https://checkout.hpay.cash/?ref=ceXefesOpl",
    "date_generated": "2025-11-08 14:42:34" } ]
}"#;

const BALANCE: &str = r#"{
  "success": true, "message": "Data Fetched", "error_code": 0,
  "entreprise_name": "WestSofts INC SARL", "entreprise_contact": "00000000",
  "entreprise_currency": "XOF", "main_balance": "0", "profit_balance": "0"
}"#;

const FEES: &str = r#"{
  "success": true, "message": "Data Fetched, convertion of 100 USD to XOF", "rate": "558.427617",
  "amount_converted": "55842.7617", "fees": "0.0000 %", "fees_amount": "0", "total": "55842.7617",
  "partner_profit": "0", "error_code": 0
}"#;

const COUNTRY: &str = r#"{
  "success": true,
  "country": { "success": true, "message": "Countries listr Data Fetched", "error_code": 0,
    "results": { "DZ": { "country_id": "DZ", "country_name": "Algeria", "country_currency": "DZD",
      "country_prefixes": "213", "msisdn_length_min": "10", "msisdn_length_max": "15" } } }
}"#;

fn account() -> AccountId {
    AccountId::new("hpay-main").expect("valid")
}

#[test]
fn token_example() {
    let envelope: Envelope = serde_json::from_str(TOKEN).expect("envelope");
    assert!(envelope.is_ok());
    let wire: GetTokenResponse = serde_json::from_str(TOKEN).expect("parses");
    let grant = TokenGrant::try_from(wire).expect("maps");
    assert_eq!(grant.token.expose(), "RmtVMVV6clh5NURDWnRJUjdHQ2hIZHRO");
    assert_eq!(grant.lifetime.as_secs(), 900);
    assert_eq!(
        grant.generated_at,
        Utc.timestamp_opt(1_758_382_955, 0).single()
    );
    assert_eq!(
        grant.main_balance.map(|m| m.to_string()).as_deref(),
        Some("50.00 CAD")
    );
    assert_eq!(grant.profit_balance.map(|m| m.minor_units()), Some(10000));
    assert!(
        !format!("{grant:?}").contains("RmtV"),
        "the token never prints"
    );
}

#[test]
fn a_token_with_an_unknown_balance_currency_still_works() {
    let doc = TOKEN.replace("\"CAD\"", "\"DZD\"");
    let wire: GetTokenResponse = serde_json::from_str(&doc).expect("parses");
    let grant = TokenGrant::try_from(wire).expect("maps");
    assert_eq!(grant.main_balance, None);
    assert_eq!(grant.token.expose(), "RmtVMVV6clh5NURDWnRJUjdHQ2hIZHRO");
}

#[test]
fn livetime_units() {
    let secs = |text| parse_livetime(text).map(|d| d.map(|d| d.as_secs()));
    assert_eq!(secs("15mn"), Ok(Some(900)));
    assert_eq!(secs("30mn"), Ok(Some(1800)));
    assert_eq!(secs("1h"), Ok(Some(3600)));
    assert_eq!(secs("24h"), Ok(Some(86_400)));
    assert_eq!(secs("soon"), Ok(None));
    assert_eq!(secs("0mn"), Ok(None));
}

#[test]
fn an_absurd_livetime_is_an_error_not_a_panic() {
    for absurd in [
        "25h",
        "1441mn",
        "18446744073709551615h",
        "5124095576030431h",
        "99999999999999999999999999mn",
    ] {
        let error = parse_livetime(absurd).expect_err(absurd);
        assert!(error.contains("longer than 24 hours"), "{error}");
        let doc = TOKEN.replace("\"15mn\"", &format!("\"{absurd}\""));
        let wire: GetTokenResponse = serde_json::from_str(&doc).expect("parses");
        assert!(TokenGrant::try_from(wire).is_err(), "{absurd}");
    }
}

fn cad(minor: i64) -> paydesk_domain::Money {
    paydesk_domain::Money::from_minor(
        minor,
        paydesk_domain::Currency::from_code("CAD").expect("known"),
    )
}

#[test]
fn payment_example_is_a_link_with_a_warning_when_the_echo_differs() {
    // The seed's own pair: 14900 sent, "100" echoed. The link exists: a warning, not a failure.
    let wire: PaymentResponse = serde_json::from_str(PAYMENT).expect("parses");
    let link = PaymentLink::from_wire(wire, PAYMENT, cad(1_490_000)).expect("maps");
    assert_eq!(link.transaction_id, "AabBzZ190002AZ");
    assert_eq!(link.amount, cad(1_490_000));
    assert_eq!(link.echoed_amount, Some(cad(10_000)));
    assert_eq!(link.fee.map(|f| f.amount_text()).as_deref(), Some("0.50"));
    assert_eq!(
        link.checkout_url,
        "https://checkout.hpay.cash?ref=AabBzZ190002AZ"
    );
    let warning = link.warning.clone().expect("a warning");
    assert!(
        warning.contains("100.00 CAD") && warning.contains("14900.00 CAD"),
        "{warning}"
    );
    assert!(!warning.contains('{'), "no JSON in the words: {warning}");
    let receipt = link.receipt();
    assert_eq!(receipt.status, TransactionStatus::Pending);
    assert_eq!(receipt.provider_status, "UNPAID");
    assert_eq!(receipt.raw, PAYMENT);
    assert_eq!(receipt.warning, Some(warning));
    // The echo that matches carries no warning.
    let wire: PaymentResponse = serde_json::from_str(PAYMENT).expect("parses");
    let link = PaymentLink::from_wire(wire, PAYMENT, cad(10_000)).expect("maps");
    assert_eq!((link.receipt().warning, link.warning), (None, None));
}

#[test]
fn the_least_payment_answer_is_still_a_link() {
    // Only the link's id and checkout URL: the link exists, the missing echo is a warning.
    let least = r#"{"success":true,"transaction_id":"AabBzZ190002AZ","checkout_url":"https://checkout.hpay.cash?ref=AabBzZ190002AZ","extra":[1,2]}"#;
    let wire: PaymentResponse = serde_json::from_str(least).expect("parses");
    let link = PaymentLink::from_wire(wire, least, cad(500)).expect("maps");
    assert_eq!(link.amount, cad(500));
    assert_eq!(link.echoed_amount, None);
    assert!(
        link.warning
            .as_deref()
            .is_some_and(|w| w.contains("did not echo"))
    );
    // An echo in another currency is a warning naming both.
    let other = PAYMENT.replace("\"CAD\"", "\"XOF\"");
    let wire: PaymentResponse = serde_json::from_str(&other).expect("parses");
    let link = PaymentLink::from_wire(wire, &other, cad(10_000)).expect("maps");
    assert!(
        link.warning
            .as_deref()
            .is_some_and(|w| w.contains("100 XOF")),
        "{:?}",
        link.warning
    );
    // Without a transaction_id there is no link to speak of.
    let none = r#"{"success":true,"transaction_id":" ","checkout_url":"x"}"#;
    let wire: PaymentResponse = serde_json::from_str(none).expect("parses");
    assert!(PaymentLink::from_wire(wire, none, cad(1)).is_err());
}

#[test]
fn history_example() {
    let entries = parse_history(HISTORY.as_bytes()).expect("parses");
    assert_eq!(entries.len(), 1);
    let seen = Utc
        .with_ymd_and_hms(2025, 11, 9, 0, 0, 0)
        .single()
        .expect("valid");
    let t = entries[0].to_transaction(&account(), seen).expect("maps");
    assert_eq!(t.provider_id, "ceXefesOpl");
    assert_eq!(t.amount.to_string(), "7000 XOF");
    assert_eq!(t.fee.map(|f| f.minor_units()), Some(700));
    assert_eq!(t.net.map(|f| f.minor_units()), Some(6300));
    assert_eq!(t.status, TransactionStatus::Pending);
    assert_eq!(t.provider_status, "UNPAID");
    assert_eq!(
        t.created_at,
        Utc.with_ymd_and_hms(2025, 11, 8, 14, 42, 34)
            .single()
            .expect("valid")
    );
    assert_eq!(t.updated_at, t.created_at);
    assert!(t.raw.starts_with("{ \"transaction_id\": \"ceXefesOpl\""));
    assert!(t.raw.ends_with("\"2025-11-08 14:42:34\" }"));
    assert_eq!(t.merchant_reference, None);
    assert!(
        t.description
            .as_deref()
            .is_some_and(|d| d.starts_with("Amazon Achat de carte cadeau — Achat en ligne"))
    );
}

#[test]
fn paid_and_unknown_statuses() {
    let paid = HISTORY.replace("\"UNPAID\"", "\"PAID\"");
    let seen = Utc
        .with_ymd_and_hms(2025, 11, 9, 0, 0, 0)
        .single()
        .expect("valid");
    let entries = parse_history(paid.as_bytes()).expect("parses");
    let t = entries[0].to_transaction(&account(), seen).expect("maps");
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(t.updated_at, seen);
    let other = HISTORY.replace("\"UNPAID\"", "\"REFUNDED\"");
    let entries = parse_history(other.as_bytes()).expect("parses");
    let t = entries[0].to_transaction(&account(), seen).expect("maps");
    assert_eq!(t.status, TransactionStatus::Unknown);
    assert!(!t.status.is_terminal());
    assert_eq!(t.provider_status, "REFUNDED");
}

#[test]
fn status_words_in_any_letter_case_and_unknown_words_kept() {
    let seen = Utc::now();
    for (word, status, kept) in [
        ("paid", TransactionStatus::Succeeded, "PAID"),
        ("Unpaid", TransactionStatus::Pending, "UNPAID"),
        (" PAID ", TransactionStatus::Succeeded, "PAID"),
        ("on_hold", TransactionStatus::Unknown, "on_hold"),
        ("ON_HOLD", TransactionStatus::Unknown, "ON_HOLD"),
    ] {
        let doc = HISTORY.replace("\"UNPAID\"", &format!("\"{word}\""));
        let entries = parse_history(doc.as_bytes()).expect("parses");
        let t = entries[0].to_transaction(&account(), seen).expect("maps");
        assert_eq!(
            (t.status, t.provider_status.as_str()),
            (status, kept),
            "{word}"
        );
    }
    // A number where a word was expected is kept too, never a failed page.
    let doc = HISTORY.replace("\"UNPAID\"", "3");
    let entries = parse_history(doc.as_bytes()).expect("parses");
    assert_eq!(entries[0].item.status, PaymentStatus::Other("3".into()));
    assert_eq!(PaymentStatus::from_wire("pAiD"), PaymentStatus::Paid);
    assert_eq!(
        TransactionStatus::from(&PaymentStatus::Unpaid),
        TransactionStatus::Pending
    );
}

#[test]
fn the_least_history_item_reads_and_extra_fields_are_ignored() {
    let least = r#"{"success":true,"history":[{"transaction_id":"ceXefesOpl","amount":"7000.00",
        "currency":"XOF","status":"UNPAID","date_generated":"2025-11-08 14:42:34","new_field":{"a":1}}]}"#;
    let entries = parse_history(least.as_bytes()).expect("parses");
    let t = entries[0]
        .to_transaction(&account(), Utc::now())
        .expect("maps");
    assert_eq!(t.amount.minor_units(), 7000);
    assert_eq!((t.fee, t.net, t.description), (None, None, None));
    // An empty or null history is an empty page.
    for empty in [
        r#"{"success":true,"history":[]}"#,
        r#"{"success":true,"history":null}"#,
    ] {
        assert!(parse_history(empty.as_bytes()).expect("parses").is_empty());
    }
    // A required field missing fails that page: the reader's words stay out of the view.
    let broken = least.replace("\"amount\":\"7000.00\",", "");
    assert!(parse_history(broken.as_bytes()).is_err());
}

#[test]
fn unreadable_answers_are_short_words() {
    let response = |status: u16, body: &'static [u8]| crate::http::Response {
        status: reqwest::StatusCode::from_u16(status).expect("status"),
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from_static(body),
    };
    let e = crate::hpay::error_from(&response(200, b"<html>oops</html>")).expect("an error");
    assert_eq!(e.kind, crate::ErrorKind::Malformed);
    assert!(
        !e.message.contains("<html>") && !e.message.contains("line 1"),
        "{}",
        e.message
    );
    let e = crate::hpay::error_from(&response(502, b"<html>bad gateway</html>")).expect("an error");
    assert_eq!(e.kind, crate::ErrorKind::Server);
    assert_eq!(e.message, "HPAY answered HTTP 502 without saying why");
    assert!(
        crate::hpay::error_from(&response(200, br#"{"success":true,"error_code":0}"#)).is_none()
    );
    let e = crate::hpay::error_from(&response(
        200,
        br#"{"success":false,"message":"Transaction not found","error_code":5}"#,
    ))
    .expect("a refusal");
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (crate::ErrorKind::NotFound, Some("5"))
    );
}

#[test]
fn amounts_as_numbers_or_strings() {
    let flipped = HISTORY
        .replace("\"7000.00\"", "7000.00")
        .replace("6300", "\"6300\"");
    let entries = parse_history(flipped.as_bytes()).expect("parses");
    let t = entries[0]
        .to_transaction(&account(), Utc::now())
        .expect("maps");
    assert_eq!(t.amount.minor_units(), 7000);
    assert_eq!(t.net.map(|n| n.minor_units()), Some(6300));
    // XOF has no minor unit: a fractional amount is refused, not rounded.
    let fractional = HISTORY.replace("\"7000.00\"", "\"7000.50\"");
    let entries = parse_history(fractional.as_bytes()).expect("parses");
    assert!(entries[0].to_transaction(&account(), Utc::now()).is_err());
}

#[test]
fn balance_example() {
    let wire: CollectBalanceResponse = serde_json::from_str(BALANCE).expect("parses");
    let balance = CollectBalance::try_from(wire).expect("maps");
    assert_eq!(balance.company.as_deref(), Some("WestSofts INC SARL"));
    assert_eq!(balance.contact.as_deref(), Some("00000000"));
    assert_eq!(balance.main_balance.to_string(), "0 XOF");
    assert_eq!(balance.profit_balance.to_string(), "0 XOF");
    let b = balance.to_balance(&account(), Utc::now());
    assert!(b.available.is_zero());
    assert_eq!(b.pending, None);
}

#[test]
fn fees_example() {
    let wire: FeesResponse = serde_json::from_str(FEES).expect("parses");
    let quote = FeeQuote::from_wire(wire, None).expect("maps");
    assert_eq!(quote.rate.to_string(), "558.427617");
    assert_eq!(quote.amount_converted.to_string(), "55842.7617");
    assert_eq!(quote.fee_percent.to_string(), "0.0000");
    assert_eq!(quote.total.to_string(), "55842.7617");
    assert!(parse_percent("abc %").is_err());
    assert_eq!(
        parse_percent("2.5%").map(|d| d.to_string()),
        Ok("2.5".into())
    );
}

#[test]
fn country_example() {
    let wire: CountryResponse = serde_json::from_str(COUNTRY).expect("parses");
    assert!(wire.country.envelope().is_ok());
    let countries: Vec<Country> = wire
        .country
        .results
        .into_values()
        .map(Country::try_from)
        .collect::<Result<_, _>>()
        .expect("maps");
    assert_eq!(
        countries,
        vec![Country {
            code: "DZ".into(),
            name: "Algeria".into(),
            currency: Some("DZD".into()),
            prefixes: Some("213".into()),
            msisdn_length_min: Some(10),
            msisdn_length_max: Some(15),
        }]
    );
}

#[test]
fn error_envelope() {
    let e: Envelope = serde_json::from_str(
        r#"{"success":false,"message":"Invalid or expired token","error_code":2}"#,
    )
    .expect("parses");
    assert!(!e.is_ok());
    assert_eq!(e.code(), 2);
    let e: Envelope = serde_json::from_str(r#"{"success":true}"#).expect("parses");
    assert!(e.is_ok(), "an absent error_code counts as 0");
    let e: Envelope = serde_json::from_str(r#"{"success":true,"error_code":"7"}"#).expect("parses");
    assert!(!e.is_ok());
}

#[test]
fn references_round_trip() {
    let d = description_with_reference("Sac d'école", "ORD-42");
    assert_eq!(d, "Sac d'école [ref ORD-42]");
    assert_eq!(reference_in(&d).as_deref(), Some("ORD-42"));
    assert_eq!(reference_in("no marker"), None);
    assert_eq!(reference_in("[ref ]"), None);
    assert_eq!(reference_in("[ref unterminated"), None);
}

fn every_parser(bytes: &[u8]) {
    let _ = serde_json::from_slice::<Envelope>(bytes);
    if let Ok(w) = serde_json::from_slice::<GetTokenResponse>(bytes) {
        let _ = TokenGrant::try_from(w);
    }
    if let Ok(w) = serde_json::from_slice::<PaymentResponse>(bytes) {
        let _ = PaymentLink::from_wire(w, "", cad(100));
    }
    if let Ok(entries) = parse_history(bytes) {
        for e in entries {
            let _ = e.to_transaction(&account(), Utc::now());
        }
    }
    if let Ok(w) = serde_json::from_slice::<CollectBalanceResponse>(bytes) {
        let _ = CollectBalance::try_from(w);
    }
    if let Ok(w) = serde_json::from_slice::<FeesResponse>(bytes) {
        let _ = FeeQuote::from_wire(w, None);
    }
    if let Ok(w) = serde_json::from_slice::<CountryResponse>(bytes) {
        for c in w.country.results.into_values() {
            let _ = Country::try_from(c);
        }
    }
    let _ = crate::hpay::webhook::parse(bytes);
    let _ = crate::hpay::webhook::parse_query(&String::from_utf8_lossy(bytes));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        every_parser(&bytes);
    }

    #[test]
    fn truncated_documents_never_panic(cut in 0usize..2000, which in 0usize..6) {
        let doc = [TOKEN, PAYMENT, HISTORY, BALANCE, FEES, COUNTRY][which].as_bytes();
        let end = cut.min(doc.len());
        every_parser(&doc[..end]);
    }

    #[test]
    fn mutated_amounts_never_panic(text in "[0-9eE.+-]{0,40}") {
        let doc = HISTORY.replace("\"7000.00\"", &format!("\"{text}\""));
        every_parser(doc.as_bytes());
        let doc = HISTORY.replace("\"7000.00\"", &text);
        every_parser(doc.as_bytes());
    }
}
