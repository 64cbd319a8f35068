//! The reference's documented JSON examples read into the expected domain values, and every
//! response parser fed random and truncated bytes (an error, never a panic).

use paydesk_domain::{AccountId, TransactionStatus};
use proptest::prelude::*;

use super::*;
use crate::hubcash::error_from;

const SEED_SALE: &str = r#"{
  "Sale": {
    "SaleId": "58c040b32d8baf18526217f5", "Ref": "123456abc", "SoftDescriptor": "MyCompany",
    "Amount": 100, "Quota": true, "QuotaQty": 12, "Currency": "BRL", "Method": "Credit",
    "Capture": true, "DateCanceled": "Y-m-dTH:i:s GMT", "DateCaptured": "Y-m-dTH:i:s GMT",
    "DateReversed": "Y-m-dTH:i:s GMT", "DateUpdated": "Y-m-dTH:i:s GMT", "DateAdded": "Y-m-dTH:i:s GMT",
    "Consumer": { "Name": "Maria da Silva", "Email": "maria@dasilva.com.net", "Birthdate": "Y-m-dTH:i:s GMT",
      "DocumentNumber": "223.112.333.112", "DocumentType": "CPF", "Gender": "Feminino",
      "HomePhone": "93 912323322", "MobilePhone": "93 912323322", "WorkPhone": "93 912323322" },
    "Analyze": [ { "Level": "72", "Description": "Approved" } ],
    "Rollback": [ { "Reason": "Consumer asked", "Obs": "Mastercard message", "Date": "Y-m-dTH:i:s GMT" } ],
    "History": [ { "Action": "Data received", "DateAdded": "Y-m-dTH:i:s GMT" } ],
    "Items": [ { "Name": "Notebook", "Description": "Model 2017", "Amount": "100", "Qty": "1" } ],
    "Card": { "CardId": "58c040b32d8baf18526217f5", "Brand": "Visa", "HolderName": "Maria da Silva",
      "Document": "223.112.333.112", "Phone": "93 912323322", "LastDigits": "1234", "ExpMonth": "03", "ExpYear": "2022" },
    "Billet": { "OurNumber": 222312, "Instructions": [ "Hello, world!" ], "ExpiresIn": 7,
      "Digitable": "223123.223123222.3566313.333222123.3455123", "Image": "base64" },
    "Status": 7
  }
}"#;

const SIM_SALE: &str = r#"{
  "Sale": {
    "SaleId": "6554a1f0c3b2a1d4e5f60718", "Ref": "PD-7f3c2a9e", "SoftDescriptor": "PaydeskDemo",
    "Amount": 129900, "Quota": true, "QuotaQty": 3, "Currency": "BRL", "Method": "Credit",
    "Capture": false, "DateUpdated": "2023-11-15T10:02:03 GMT", "DateAdded": "2023-11-15T10:02:00 GMT",
    "Analyze": [ { "Level": "18", "Description": "Approved" } ],
    "History": [
      { "Action": "Data received", "DateAdded": "2023-11-15T10:02:00 GMT" },
      { "Action": "Fraud analysis started", "DateAdded": "2023-11-15T10:02:01 GMT" },
      { "Action": "Authorized, waiting for capture", "DateAdded": "2023-11-15T10:02:03 GMT" }
    ],
    "Card": { "CardId": "6554a1f0c3b2a1d4e5f60719", "Brand": "Mastercard", "HolderName": "Maria da Silva",
      "Document": "223.112.333.112", "LastDigits": "0001", "ExpMonth": "03", "ExpYear": "2030" },
    "Status": 3
  }
}"#;

fn account() -> AccountId {
    AccountId::new("hubcash-main").expect("valid account id")
}

#[test]
fn the_seed_template_reads_but_its_placeholder_dates_do_not_map() {
    let record = parse_sale_body(SEED_SALE.as_bytes()).expect("the seed example reads");
    assert_eq!(record.sale.amount, 100);
    assert_eq!(record.sale.known_status(), Some(HubcashStatus::Done));
    assert_eq!(record.sale.method, HubcashMethod::Credit);
    let items = record.sale.items.clone().unwrap_or_default();
    assert_eq!(items[0].amount.as_deref(), Some("100"));
    assert_eq!(
        record.sale.billet.as_ref().and_then(|b| b.our_number),
        Some(222312)
    );
    // "Y-m-dTH:i:s GMT" is a placeholder, not a date: a clear error, not a guess.
    let err = to_transaction(&record, &account(), &CurrencyScales::default())
        .expect_err("placeholder dates are refused");
    assert!(err.contains("Y-m-dTH:i:s GMT"), "{err}");
}

#[test]
fn the_simulator_shaped_sale_maps_exactly() {
    let record = parse_sale_body(SIM_SALE.as_bytes()).expect("reads");
    let tx = to_transaction(&record, &account(), &CurrencyScales::default()).expect("maps");
    assert_eq!(tx.amount.amount_text(), "1299.00");
    assert_eq!(tx.amount.currency().code(), "BRL");
    assert_eq!(tx.status, TransactionStatus::Processing);
    assert_eq!(tx.provider_status, "Capturing");
    assert_eq!(tx.merchant_reference.as_deref(), Some("PD-7f3c2a9e"));
    assert_eq!(tx.counterparty.card_last4.as_deref(), Some("0001"));
    assert_eq!(tx.counterparty.name.as_deref(), Some("Maria da Silva"));
    assert_eq!(tx.created_at.to_rfc3339(), "2023-11-15T10:02:00+00:00");
    assert_eq!(tx.updated_at.to_rfc3339(), "2023-11-15T10:02:03+00:00");
    assert!(tx.raw.starts_with('{') && tx.raw.contains("\"Amount\": 129900"));
    assert_eq!(tx.check(), Ok(()));
}

#[test]
fn lenient_readers() {
    let text = r#"{"Sales":[{"SaleId":"a","Amount":1,"Currency":"BRL","Method":"Billet",
        "DateAdded":"2023-11-15 10:02:00","DateUpdated":"","Ref":null,"Status":5,
        "Analyze":[{"Level":72,"Description":["Denied","Score"]}],
        "Items":[{"Name":"x","Amount":250,"Qty":"2"}]}]}"#;
    let sales = parse_sales_body(text.as_bytes()).expect("reads");
    let sale = &sales[0].sale;
    assert_eq!(sale.date_updated, None);
    assert_eq!(sale.r#ref, None);
    let analyze = sale.analyze.clone().unwrap_or_default();
    assert_eq!(analyze[0].description.as_deref(), Some("Denied, Score"));
    assert_eq!(analyze[0].level.as_deref(), Some("72"));
    let tx = to_transaction(&sales[0], &account(), &CurrencyScales::default()).expect("maps");
    assert_eq!(tx.status, TransactionStatus::Expired);
    assert_eq!(tx.amount.amount_text(), "0.01");
    assert_eq!(
        parse_date("2023-11-15T10:02:00Z").map(|t| t.to_rfc3339()),
        Ok("2023-11-15T10:02:00+00:00".into())
    );
    assert!(parse_birthdate("1990-02-01").is_ok());
}

#[test]
fn strict_where_the_seed_is_strict() {
    // The schema's required fields: SaleId, Amount (integer cents), Currency, Method, DateAdded.
    for bad in [
        r#"{"Sale":{"SaleId":"a","Amount":1.5,"Currency":"BRL","Method":"Credit","DateAdded":"x"}}"#,
        r#"{"Sale":{"Amount":1,"Currency":"BRL","Method":"Credit","DateAdded":"x"}}"#,
        r#"{"Sale":{"SaleId":"a","Currency":"BRL","Method":"Credit","DateAdded":"x"}}"#,
        r#"{"Sale":{"SaleId":"a","Amount":1,"Currency":"BRL","Method":"Pix","DateAdded":"x"}}"#,
        r#"{"Sale":{"SaleId":"a","Amount":1,"Method":"Credit","DateAdded":"x"}}"#,
        r#"{"Sale":{"SaleId":"a","Amount":1,"Currency":"BRL","Method":"Credit"}}"#,
    ] {
        let e = parse_sale_body(bad.as_bytes()).expect_err(bad);
        // Short words for the view; the reader's detail is for the log only.
        assert!(
            !e.what.contains("line") && !e.what.contains('{'),
            "{}",
            e.what
        );
    }
}

#[test]
fn the_least_documented_sale_reads_and_maps() {
    // Only the schema's required fields, plus a Status: everything else is optional.
    let least = r#"{"Sale":{"SaleId":"b1","Amount":2500,"Currency":"BRL","Method":"Debit",
        "DateAdded":"2023-11-15T10:02:00 GMT","Status":3}}"#;
    let record = parse_sale_body(least.as_bytes()).expect("reads");
    let tx = to_transaction(&record, &account(), &CurrencyScales::default()).expect("maps");
    assert_eq!(tx.status, TransactionStatus::Processing);
    assert_eq!(tx.provider_status, "Capturing");
    assert_eq!(tx.amount.amount_text(), "25.00");
    assert_eq!(tx.updated_at, tx.created_at);
    assert_eq!(tx.description, None);
    // Extra fields (the SDK's BrandId, Pages...) are ignored.
    let extra = least.replace(
        "\"Status\":3",
        "\"Status\":3,\"BrandId\":\"x\",\"Pages\":{\"n\":1}",
    );
    assert_eq!(
        parse_sale_body(extra.as_bytes())
            .expect("reads")
            .sale
            .known_status(),
        Some(HubcashStatus::Capturing)
    );
    // No Status at all: unknown, with words instead of a raw value.
    let none = least.replace(",\"Status\":3", "");
    let record = parse_sale_body(none.as_bytes()).expect("reads");
    let tx = to_transaction(&record, &account(), &CurrencyScales::default()).expect("maps");
    assert_eq!(
        (tx.status, tx.provider_status.as_str()),
        (TransactionStatus::Unknown, "(no status)")
    );
    assert!(record.status().is_err());
}

#[test]
fn status_and_method_in_other_spellings() {
    let sale = |status: &str, method: &str| {
        format!(
            r#"{{"Sale":{{"SaleId":"c1","Amount":100,"Currency":"BRL","Method":"{method}",
            "DateAdded":"2023-11-15T10:02:00 GMT","Status":{status}}}}}"#
        )
    };
    for (status, method, want, word) in [
        ("\"7\"", "credit", TransactionStatus::Succeeded, "Done"),
        ("\"done\"", "CREDIT", TransactionStatus::Succeeded, "Done"),
        (
            "\"waiting payment\"",
            "billet",
            TransactionStatus::Pending,
            "Waiting Payment",
        ),
        (
            "\"WAITING_PAYMENT\"",
            "Billet",
            TransactionStatus::Pending,
            "Waiting Payment",
        ),
        ("\"Fail\"", "Billet", TransactionStatus::Expired, "Fail"),
        ("6", "Debit", TransactionStatus::Cancelled, "Canceled"),
    ] {
        let text = sale(status, method);
        let record = parse_sale_body(text.as_bytes()).expect("reads");
        let tx = to_transaction(&record, &account(), &CurrencyScales::default()).expect("maps");
        assert_eq!(
            (tx.status, tx.provider_status.as_str()),
            (want, word),
            "{status} {method}"
        );
    }
}

#[test]
fn an_undocumented_status_is_unknown_and_kept_raw() {
    for (status, raw) in [
        ("9", "9"),
        ("\"On_hold\"", "On_hold"),
        ("\"on_hold\"", "on_hold"),
        ("true", "true"),
    ] {
        let text = format!(
            r#"{{"Sales":[{{"SaleId":"d1","Amount":100,"Currency":"BRL","Method":"Credit",
            "DateAdded":"2023-11-15T10:02:00 GMT","Status":{status}}}]}}"#
        );
        let records = parse_sales_body(text.as_bytes()).expect("the page reads");
        let tx = to_transaction(&records[0], &account(), &CurrencyScales::default()).expect("maps");
        assert_eq!(tx.status, TransactionStatus::Unknown, "{status}");
        assert!(!tx.status.is_terminal());
        assert_eq!(tx.provider_status, raw);
        assert_eq!(
            records[0].sale.status,
            Some(HubcashSaleStatus::Other(raw.into()))
        );
        let receipt = records[0].receipt();
        assert_eq!(
            (receipt.status, receipt.provider_status.as_str()),
            (TransactionStatus::Unknown, raw)
        );
    }
}

#[test]
fn sales_lists_in_every_plausible_shape() {
    let item = r#"{"SaleId":"e1","Amount":100,"Currency":"BRL","Method":"Credit","DateAdded":"2023-11-15T10:02:00 GMT","Status":7}"#;
    for (body, count) in [
        (format!(r#"{{"Sales":[{item}]}}"#), 1),
        (format!("[{item},{item}]"), 2),
        (r#"{"Sales":[]}"#.to_owned(), 0),
        (r#"{"Sales":null}"#.to_owned(), 0),
    ] {
        assert_eq!(
            parse_sales_body(body.as_bytes()).expect("reads").len(),
            count,
            "{body}"
        );
    }
    // An object that holds no sales list is not read as an empty page.
    for bad in [r#"{}"#, r#"{"Sale":{}}"#, r#"{"Sales":{"a":1}}"#, "<html>"] {
        let e = parse_sales_body(bad.as_bytes()).expect_err(bad);
        assert_eq!(e.what, "the answer is not a Hubcash sales list");
    }
}

#[test]
fn status_mapping_covers_reversal_and_billets() {
    use HubcashMethod::*;
    use HubcashStatus::*;
    assert_eq!(map(Canceled, Credit, true), TransactionStatus::Refunded);
    assert_eq!(map(Canceled, Credit, false), TransactionStatus::Cancelled);
    assert_eq!(map(Fail, Debit, false), TransactionStatus::Failed);
    assert_eq!(
        map(WaitingPayment, Billet, false),
        TransactionStatus::Pending
    );
    assert_eq!(map(Done, Billet, false), TransactionStatus::Succeeded);
    assert!(Capturing.can_capture() && !Done.can_capture());
    assert!(Done.can_cancel(Credit) && !Done.can_cancel(Billet) && !Fail.can_cancel(Credit));

    fn map(s: HubcashStatus, m: HubcashMethod, r: bool) -> TransactionStatus {
        map_status(s, m, r)
    }
}

#[test]
fn other_documented_examples_read() {
    let n: envelope::Notification = serde_json::from_str(
        r#"{"Notification":{"NotificationId":"58c040b32d8baf18526217f5","DateUpdated":"Y-m-dTH:i:s GMT",
        "DateAdded":"Y-m-dTH:i:s GMT","LastResponseCode":200,"Sale":{"SaleId":"58c040b32d8baf18526217f5","Status":1}}}"#,
    )
    .expect("reads");
    assert_eq!(n.notification.last_response_code, 200);
    assert_eq!(n.notification.sale.status, HubcashStatus::Processed);
    // What Hubcash POSTs has the same structure; an undocumented status is kept.
    let posted = crate::hubcash::parse_notification(
        br#"{"Notification":{"NotificationId":"n1","DateAdded":"2017-11-09T14:03:27 GMT","LastResponseCode":0,"Sale":{"SaleId":"s1","Status":"On_hold"}}}"#,
    )
    .expect("reads");
    assert_eq!(
        posted.sale.status,
        HubcashSaleStatus::Other("On_hold".into())
    );
    let e = crate::hubcash::parse_notification(b"{\"Notification\": 3}").expect_err("unreadable");
    assert_eq!(e.kind, crate::ErrorKind::Malformed);
    assert!(!e.message.contains("invalid type"), "{}", e.message);
    let c: envelope::Currencies = serde_json::from_str(
        r#"{"Currencies":[{"CurrencyId":"58c040b32d8baf18526217f5","Name":"BRL","SymbolLeft":"R$","SymbolRight":"US$","DecimalPlace":2}]}"#,
    )
    .expect("reads");
    assert_eq!(c.currencies[0].decimal_place, 2);
    let b: envelope::Brand = serde_json::from_str(
        r#"{"Brand":{"Name":"Mastercard","Image":"https://api.hubcash.com/images/brand/mastercard.png","NumberDigits":22,"NumberSecurity":3}}"#,
    )
    .expect("reads");
    assert_eq!(b.brand.number_digits, 22);
    let e: HubcashErrors = serde_json::from_str(
        r#"{"Errors":[{"Type":"Authorization","Field":"headers","Description":"Authorization with the API failed"}]}"#,
    )
    .expect("reads");
    assert_eq!(e.errors[0].field, "headers");
    let card: envelope::Card<HubcashCard> = serde_json::from_str(
        r#"{"Card":{"CardId":"58c040b32d8baf18526217f5","Brand":"Visa","HolderName":"Maria da Silva","Document":"223.112.333.112","Phone":"93 912323322","LastDigits":"1234","ExpMonth":"03","ExpYear":"2022"}}"#,
    )
    .expect("reads");
    assert_eq!(card.card.last_digits.as_deref(), Some("1234"));
}

#[test]
fn error_bodies_keep_every_entry() {
    let response = crate::http::Response {
        status: reqwest::StatusCode::BAD_REQUEST,
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from_static(
            br#"{"Errors":[{"Type":"Error","Field":"Amount","Description":"Invalid"},{"Type":"Error","Field":"Card.Number","Description":"Required"}]}"#,
        ),
    };
    let e = error_from(&response);
    assert_eq!(e.kind, crate::ErrorKind::Validation);
    assert_eq!(e.code.as_deref(), Some("Amount"));
    assert_eq!(e.message, "Amount: Invalid; Card.Number: Required");
    let html = crate::http::Response {
        status: reqwest::StatusCode::BAD_GATEWAY,
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from_static(b"<html>502</html>"),
    };
    let e = error_from(&html);
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (crate::ErrorKind::Server, None)
    );
    // The body goes to the log, not into the words.
    assert_eq!(e.message, "Hubcash answered HTTP 502 without saying why");
}

#[test]
fn new_sale_is_written_as_the_seed_spells_it() {
    let sale = HubcashNewSale {
        r#ref: Some("PD-1".into()),
        soft_descriptor: None,
        amount: 100,
        quota: None,
        quota_qty: None,
        currency: "BRL".into(),
        method: HubcashMethod::Credit,
        capture: true,
        consumer: None,
        billing_address: None,
        shipping_address: None,
        items: vec![],
        card: Some(HubcashSaleCard::Saved {
            card_id: "58c040b32d8baf18526217f5".into(),
        }),
        billet: None,
    };
    let json = serde_json::to_string(&envelope::Sale { sale: &sale }).expect("writes");
    assert_eq!(
        json,
        r#"{"Sale":{"Ref":"PD-1","Amount":100,"Currency":"BRL","Method":"Credit","Capture":true,"Card":{"CardId":"58c040b32d8baf18526217f5"}}}"#
    );
    let card = HubcashNewCard {
        brand: "Visa".into(),
        holder_name: "Maria".into(),
        document: "1".into(),
        phone: None,
        exp_month: "03".into(),
        exp_year: "2030".into(),
        number: paydesk_domain::Secret::new("4111111111111111"),
        security_code: paydesk_domain::Secret::new("123"),
    };
    assert!(!format!("{card:?}").contains("4111"));
    assert!(
        serde_json::to_string(&card)
            .expect("writes")
            .contains("\"Number\":\"4111111111111111\"")
    );
}

fn all_parsers(bytes: &[u8]) {
    let _ = parse_sale_body(bytes);
    let _ = parse_sales_body(bytes);
    let _ = serde_json::from_slice::<envelope::Card<HubcashCard>>(bytes);
    let _ = serde_json::from_slice::<envelope::Cards>(bytes);
    let _ = serde_json::from_slice::<envelope::Currencies>(bytes);
    let _ = serde_json::from_slice::<envelope::Brands>(bytes);
    let _ = serde_json::from_slice::<envelope::Brand>(bytes);
    let _ = serde_json::from_slice::<envelope::Notification>(bytes);
    let _ = serde_json::from_slice::<envelope::Notifications>(bytes);
    let _ = serde_json::from_slice::<HubcashErrors>(bytes);
    for status in [400u16, 401, 404, 429, 500] {
        let response = crate::http::Response {
            status: reqwest::StatusCode::from_u16(status)
                .unwrap_or(reqwest::StatusCode::BAD_REQUEST),
            headers: reqwest::header::HeaderMap::new(),
            body: bytes::Bytes::copy_from_slice(bytes),
        };
        let error = error_from(&response);
        assert_eq!(error.http_status, Some(status));
    }
    if let Ok(record) = parse_sale_body(bytes) {
        let _ = to_transaction(&record, &account(), &CurrencyScales::default());
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        all_parsers(&bytes);
    }

    #[test]
    fn truncated_documents_are_errors(cut in 0usize..2000, which in 0usize..2) {
        let doc = [SEED_SALE, SIM_SALE][which].as_bytes();
        let cut = cut.min(doc.len().saturating_sub(1));
        all_parsers(&doc[..cut]);
        prop_assert!(parse_sale_body(&doc[..cut]).is_err());
    }

    #[test]
    fn truncated_other_documents_are_errors(cut in 0usize..400, which in 0usize..6) {
        let doc = OTHER_DOCUMENTS[which].as_bytes();
        let cut = cut.min(doc.len().saturating_sub(1));
        let bytes = &doc[..cut];
        all_parsers(bytes);
        let failed = match which {
            0 => serde_json::from_slice::<envelope::Notification>(bytes).is_err(),
            1 => serde_json::from_slice::<envelope::Notifications>(bytes).is_err(),
            2 => serde_json::from_slice::<envelope::Card<HubcashCard>>(bytes).is_err(),
            3 => serde_json::from_slice::<envelope::Currencies>(bytes).is_err(),
            4 => serde_json::from_slice::<envelope::Brands>(bytes).is_err(),
            _ => parse_sales_body(bytes).is_err(),
        };
        prop_assert!(failed);
    }
}

const OTHER_DOCUMENTS: [&str; 6] = [
    r#"{"Notification":{"NotificationId":"58c040b32d8baf18526217f5","DateUpdated":"2017-11-09T14:03:27 GMT","DateAdded":"2017-11-09T14:03:27 GMT","LastResponseCode":200,"Sale":{"SaleId":"58c040b32d8baf18526217f5","Status":1}}}"#,
    r#"{"Notifications":[{"NotificationId":"58c040b32d8baf18526217f5","DateAdded":"2017-11-09T14:03:27 GMT","LastResponseCode":0,"Sale":{"SaleId":"58c040b32d8baf18526217f5","Status":7}}]}"#,
    r#"{"Card":{"CardId":"58c040b32d8baf18526217f5","Brand":"Visa","HolderName":"Maria da Silva","Document":"223.112.333.112","Phone":"93 912323322","LastDigits":"1234","ExpMonth":"03","ExpYear":"2022"}}"#,
    r#"{"Currencies":[{"CurrencyId":"58c040b32d8baf18526217f5","Name":"BRL","SymbolLeft":"R$","SymbolRight":"US$","DecimalPlace":2}]}"#,
    r#"{"Brands":[{"Name":"Mastercard","Image":"https://api.hubcash.com/images/brand/mastercard.png","NumberDigits":22,"NumberSecurity":3}]}"#,
    r#"{"Sales":[{"SaleId":"a","Amount":1,"Currency":"BRL","Method":"Debit","DateAdded":"2023-11-15T10:02:00 GMT","Status":6}]}"#,
];
