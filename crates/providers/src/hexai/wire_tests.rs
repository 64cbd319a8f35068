//! The reference's JSON examples (shared/providers/hexai.md) read into exact domain values,
//! and random or truncated bytes fed to every parser: an error, never a panic.

use super::*;
use chrono::Utc;
use paydesk_domain::Currency;
use proptest::prelude::*;

fn account() -> AccountId {
    AccountId::new("hexai-main").expect("valid")
}

fn gmd_minor(minor: i64) -> Money {
    Money::from_minor(minor, gmd().expect("GMD"))
}

const BALANCE: &str = r#"{"status":"success","data":{"available_balance_bututs":450050,"available_balance_gmd":"4500.50","total_collected_bututs":1000000,"total_collected_gmd":"10000.00","platform_commissions_bututs":20000,"platform_commissions_gmd":"200.00","net_collections_bututs":980000,"net_collections_gmd":"9800.00","total_paid_out_bututs":530000,"total_paid_out_gmd":"5300.00","successful_collections":25,"total_payouts":10}}"#;

const STATS: &str = r#"{"total_volume_bututs":125000,"total_volume_gmd":"1250.00","today_earnings_bututs":150025,"today_earnings_gmd":"1500.25","pending_transactions_count":3,"pending_volume_bututs":45000,"pending_volume_gmd":"450.00"}"#;

const CHART: &str = r#"[
  { "date": "2026-01-19", "earnings_bututs": 120050, "earnings_gmd": "1200.50", "count": 12 },
  { "date": "2026-01-20", "earnings_bututs": 85000, "earnings_gmd": "850.00", "count": 8 },
  { "date": "2026-01-21", "earnings_bututs": 210000, "earnings_gmd": "2100.00", "count": 15 },
  { "date": "2026-01-22", "earnings_bututs": 150075, "earnings_gmd": "1500.75", "count": 10 },
  { "date": "2026-01-23", "earnings_bututs": 320000, "earnings_gmd": "3200.00", "count": 22 },
  { "date": "2026-01-24", "earnings_bututs": 180050, "earnings_gmd": "1800.50", "count": 14 },
  { "date": "2026-01-25", "earnings_bututs": 250000, "earnings_gmd": "2500.00", "count": 18 }
]"#;

const PAGE: &str = r#"{"status":"success","data":{"transactions":[{"id":"tx_abc123","client_reference":"ORDER-12345","type":"COLLECTION","amount_bututs":10000,"amount_gmd":"100.00","commission_bututs":200,"commission_gmd":"2.00","currency":"GMD","status":"SUCCEEDED","recipient_mobile":null,"failure_code":null,"created_at":"2026-01-25T10:15:00Z","updated_at":"2026-01-25T10:15:04Z"},{"id":"tx_p7k2m9q4r8s1t5v3w6x0y2z4","client_reference":"OUT-101","type":"PAYOUT","amount_bututs":5000,"amount_gmd":"50.00","commission_bututs":0,"commission_gmd":"0.00","currency":"GMD","status":"SUCCEEDED","recipient_mobile":"+2201234567","failure_code":null,"created_at":"2026-01-25T09:02:11Z","updated_at":"2026-01-25T09:02:11Z"}],"pagination":{"page":1,"limit":10,"total":42,"total_pages":5}}}"#;

const STATUS: &str = r#"{"status":"success","data":{"transaction_id":"tx_abc123","client_reference":"ORDER-12345","type":"COLLECTION","amount_bututs":10000,"amount_gmd":"100.00","currency":"GMD","status":"SUCCEEDED","failure_code":null,"created_at":"2026-01-25T10:15:00Z","updated_at":"2026-01-25T10:15:04Z"}}"#;

const PAYOUT: &str = r#"{"status":"success","data":{"transaction_id":"tx_p7k2m9q4r8s1t5v3w6x0y2z4","client_reference":"OUT-101","type":"PAYOUT","amount_bututs":5000,"amount_gmd":"50.00","currency":"GMD","recipient_mobile":"+2201234567","status":"SUCCEEDED"}}"#;

const COLLECTION: &str = r#"{"status":"success","data":{"transaction_id":"tx_abc123","redirect_url":"https://checkout.wave.com/...","status":"PENDING"}}"#;

#[test]
fn balance_example() {
    let b = parse_balance(unwrap_success(BALANCE.as_bytes()).expect("env")).expect("parses");
    assert_eq!(b.available, gmd_minor(450050));
    assert_eq!(b.available.amount_text(), "4500.50");
    assert_eq!(b.total_collected, gmd_minor(1_000_000));
    assert_eq!(b.platform_commissions, gmd_minor(20000));
    assert_eq!(b.net_collections, gmd_minor(980_000));
    assert_eq!(b.total_paid_out, gmd_minor(530_000));
    assert_eq!((b.successful_collections, b.total_payouts), (25, 10));
    let domain = b.to_balance(&account(), Utc::now()).expect("balance");
    assert_eq!(domain.available.amount_text(), "4500.50");
    // A `_gmd` that disagrees with its bututs is malformed, not a silent pick.
    let off = BALANCE.replace("\"4500.50\"", "\"4500.51\"");
    let err = parse_balance(unwrap_success(off.as_bytes()).expect("env")).expect_err("mismatch");
    assert_eq!(err.kind, ErrorKind::Malformed);
}

#[test]
fn stats_example_is_bare() {
    let s = parse_stats(unwrap_success(STATS.as_bytes()).expect("bare")).expect("parses");
    assert_eq!(s.total_volume, gmd_minor(125000));
    assert_eq!(s.today_earnings.amount_text(), "1500.25");
    assert_eq!(s.pending_transactions_count, 3);
    assert_eq!(s.pending_volume, gmd_minor(45000));
    // The same payload wrapped reads the same (section 3.1 tolerant reader).
    let wrapped = format!(r#"{{"status":"success","data":{STATS}}}"#);
    assert_eq!(
        parse_stats(unwrap_success(wrapped.as_bytes()).expect("env")).expect("parses"),
        s
    );
}

#[test]
fn chart_example_and_gaps() {
    let days = parse_earnings_chart(unwrap_success(CHART.as_bytes()).expect("bare")).expect("ok");
    assert_eq!(days.len(), 7);
    assert_eq!(days[0].date.to_string(), "2026-01-19");
    assert_eq!(days[0].earnings.amount_text(), "1200.50");
    assert_eq!(days[6].earnings, gmd_minor(250000));
    assert_eq!(days[6].count, 18);
    let gappy = r#"[{"date":"2026-01-25","earnings_bututs":5,"earnings_gmd":"0.05","count":1},
                   {"date":"2026-01-22","earnings_bututs":7,"count":2}]"#;
    let days = parse_earnings_chart(gappy).expect("ok");
    assert_eq!(days.len(), 7);
    assert_eq!(days[0].date.to_string(), "2026-01-19");
    assert_eq!(days[3].earnings, gmd_minor(7));
    assert_eq!(days[4].count, 0);
    assert_eq!(days[6].earnings.amount_text(), "0.05");
}

#[test]
fn out_of_range_chart_dates_are_errors_not_panics() {
    use chrono::NaiveDate;
    let day = |date: NaiveDate| {
        format!(
            r#"{{"date":"{}","earnings_bututs":5,"count":1}}"#,
            date.format("%Y-%m-%d")
        )
    };
    // Two days after the earliest date chrono knows: the week before it cannot be computed.
    let earliest = NaiveDate::MIN
        .succ_opt()
        .and_then(|d| d.succ_opt())
        .expect("date");
    let error = parse_earnings_chart(&format!("[{}]", day(earliest))).expect_err("out of range");
    assert_eq!(error.kind, ErrorKind::Malformed);
    assert_eq!(error.message, "unreadable answer: chart date out of range");
    // Two dates far apart would be zero-filled day by day: refused instead.
    let apart = format!("[{},{}]", day(NaiveDate::MIN), day(NaiveDate::MAX));
    let error = parse_earnings_chart(&apart).expect_err("too wide");
    assert!(
        error.message.contains("more than 3660 days"),
        "{}",
        error.message
    );
    // A chart ending on the last date chrono knows is read whole.
    let latest = parse_earnings_chart(&format!("[{}]", day(NaiveDate::MAX))).expect("read");
    assert_eq!(latest.len(), 7);
    assert_eq!(latest[6].date, NaiveDate::MAX);
}

#[test]
fn transactions_example() {
    let page = parse_transactions_page(unwrap_success(PAGE.as_bytes()).expect("env"), &account())
        .expect("parses");
    assert_eq!(page.pagination.total, 42);
    assert_eq!(page.pagination.total_pages, 5);
    let [c, p] = &page.transactions[..] else {
        panic!("two items")
    };
    assert_eq!(c.provider_id, "tx_abc123");
    assert_eq!(c.merchant_reference.as_deref(), Some("ORDER-12345"));
    assert_eq!(c.direction, Direction::In);
    assert_eq!(c.kind, TransactionKind::Collection);
    assert_eq!(c.status, TransactionStatus::Succeeded);
    assert_eq!(c.amount, gmd_minor(10000));
    assert_eq!(c.fee, Some(gmd_minor(200)));
    assert_eq!(c.net, Some(gmd_minor(9800)));
    assert_eq!(c.created_at.to_rfc3339(), "2026-01-25T10:15:00+00:00");
    assert!(c.raw.starts_with(r#"{"id":"tx_abc123""#) && c.raw.ends_with("\"}"));
    assert_eq!(p.direction, Direction::Out);
    assert_eq!(p.kind, TransactionKind::Payout);
    assert_eq!(p.amount.amount_text(), "50.00");
    assert_eq!(p.counterparty.phone.as_deref(), Some("+2201234567"));
    // An unknown status is a malformed answer, never a guess.
    let odd = PAGE.replacen("\"SUCCEEDED\"", "\"COMPLETED\"", 1);
    let err = parse_transactions_page(unwrap_success(odd.as_bytes()).expect("env"), &account())
        .expect_err("unknown status");
    assert_eq!(err.kind, ErrorKind::Malformed);
    assert!(err.message.contains("COMPLETED"), "{}", err.message);
}

#[test]
fn status_payout_and_collection_examples() {
    let (wire, t) = parse_transaction(unwrap_success(STATUS.as_bytes()).expect("env"), &account())
        .expect("parses");
    assert_eq!(wire.the_id().expect("id"), "tx_abc123");
    assert_eq!(t.amount.amount_text(), "100.00");
    assert_eq!(t.updated_at.to_rfc3339(), "2026-01-25T10:15:04+00:00");
    let json = unwrap_success(PAYOUT.as_bytes()).expect("env");
    let payout: HexaiTransaction = parse("payout", json).expect("parses");
    let receipt = payout.to_receipt(json).expect("receipt");
    assert_eq!(receipt.provider_id, "tx_p7k2m9q4r8s1t5v3w6x0y2z4");
    assert_eq!(receipt.status, TransactionStatus::Succeeded);
    assert_eq!(receipt.raw, json);
    assert_eq!(payout.money().expect("amount"), gmd_minor(5000));
    let c: CollectionCreated = parse(
        "collection",
        unwrap_success(COLLECTION.as_bytes()).expect("env"),
    )
    .expect("ok");
    assert_eq!(c.status, HexaiStatus::Pending);
    assert_eq!(c.redirect_url, "https://checkout.wave.com/...");
    // A lone `amount`, as a number or a string, reads exactly.
    let lone = r#"{"id":"tx_1","type":"COLLECTION","amount":12.5,"status":"PENDING","created_at":"2026-01-25T10:15:00.250+00:00"}"#;
    let (_, t) = parse_transaction(lone, &account()).expect("parses");
    assert_eq!(t.amount, gmd_minor(1250));
}

#[test]
fn both_error_shapes() {
    let nested: HexaiErrorEnvelope = serde_json::from_str(
        r#"{"status":"error","error":{"code":"INSUFFICIENT_BALANCE","message":"Your account balance is insufficient for this payout.","details":{"required_amount_bututs":50000,"available_balance_bututs":30000}}}"#,
    )
    .expect("parses");
    let (code, message) = nested.code_and_message();
    assert_eq!(code.as_deref(), Some("INSUFFICIENT_BALANCE"));
    assert_eq!(
        message.as_deref(),
        Some("Your account balance is insufficient for this payout.")
    );
    let flat: HexaiErrorEnvelope =
        serde_json::from_str(r#"{"status":"error","code":"NOT_FOUND","message":"No such"}"#)
            .expect("parses");
    assert_eq!(flat.code_and_message().0.as_deref(), Some("NOT_FOUND"));
}

#[test]
fn request_amounts_are_two_decimal_strings() {
    assert_eq!(request_amount(&gmd_minor(10000)).expect("ok"), "100.00");
    assert_eq!(request_amount(&gmd_minor(5)).expect("ok"), "0.05");
    assert!(request_amount(&gmd_minor(0)).is_err());
    let cad = Money::from_minor(100, Currency::from_code("CAD").expect("CAD"));
    assert!(request_amount(&cad).is_err());
    assert!(check_reference("PD-0d9c.x_1").is_ok());
    assert!(check_reference("a/b").is_err());
    assert!(check_reference("").is_err());
}

fn all_parsers(bytes: &[u8]) {
    let account = account();
    if let Ok(json) = unwrap_success(bytes) {
        let _ = parse_balance(json);
        let _ = parse_stats(json);
        let _ = parse_earnings_chart(json);
        let _ = parse_transactions_page(json, &account);
        let _ = parse_transaction(json, &account);
        let _ = parse::<CollectionCreated>("collection", json);
    }
    let _ = serde_json::from_slice::<HexaiErrorEnvelope>(bytes);
    let _ = super::super::webhook::parse(bytes);
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        all_parsers(&bytes);
    }

    #[test]
    fn truncated_documents_never_panic(cut in 0usize..2000, which in 0usize..7) {
        let doc = [BALANCE, STATS, CHART, PAGE, STATUS, PAYOUT, COLLECTION][which];
        let cut = cut.min(doc.len());
        all_parsers(&doc.as_bytes()[..cut]);
    }
}
