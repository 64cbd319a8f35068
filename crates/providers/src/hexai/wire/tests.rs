//! The decoding tests: the seed's and the reference's JSON examples read into exact domain
//! values; the least answers HPG could send where the seed shows none (a payout answer with
//! `transaction_id` and `status` alone, a three-field status lookup, lists in every plausible
//! shape), status words in any letter case and unknown ones; the very answers a live account
//! once failed on; errors in a few words; random or truncated bytes: an error, never a panic.

use super::super::errors::HexaiErrorEnvelope;
use super::*;
use crate::error::{ErrorKind, ProviderError};
use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Currency, Direction, Money, TransactionKind, TransactionStatus};
use proptest::prelude::*;

fn account() -> AccountId {
    AccountId::new("hexai-main").expect("valid")
}

fn gmd_minor(minor: i64) -> Money {
    Money::from_minor(minor, gmd().expect("GMD"))
}

fn read_at() -> DateTime<Utc> {
    "2026-02-12T12:00:00Z".parse().expect("time")
}

fn page_of(body: &str) -> Result<TransactionsPage, ProviderError> {
    parse_transactions_page(unwrap_success(body.as_bytes())?, &account(), read_at())
}

fn one(body: &str, what: &str) -> Result<HexaiTransaction, ProviderError> {
    parse_transaction(what, unwrap_success(body.as_bytes())?)
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
    let page = page_of(PAGE).expect("parses");
    let pagination = page.pagination.expect("given");
    assert_eq!((pagination.total, pagination.pages()), (Some(42), Some(5)));
    let [c, p] = &page.transactions[..] else {
        panic!("two items")
    };
    assert_eq!(c.provider_id, "tx_abc123");
    assert_eq!(c.merchant_reference.as_deref(), Some("ORDER-12345"));
    assert_eq!(c.direction, Direction::In);
    assert_eq!(c.kind, TransactionKind::Collection);
    assert_eq!(c.status, TransactionStatus::Succeeded);
    assert_eq!(c.provider_status, "SUCCEEDED");
    assert_eq!(c.amount, gmd_minor(10000));
    assert_eq!(c.fee, Some(gmd_minor(200)));
    assert_eq!(c.net, Some(gmd_minor(9800)));
    assert_eq!(c.created_at.to_rfc3339(), "2026-01-25T10:15:00+00:00");
    assert!(c.raw.starts_with(r#"{"id":"tx_abc123""#) && c.raw.ends_with("\"}"));
    assert_eq!(p.direction, Direction::Out);
    assert_eq!(p.kind, TransactionKind::Payout);
    assert_eq!(p.amount.amount_text(), "50.00");
    assert_eq!(p.counterparty.phone.as_deref(), Some("+2201234567"));
    // A word Paydesk does not know is kept and means Unknown; it never sinks the page.
    let odd = page_of(&PAGE.replacen("\"SUCCEEDED\"", "\"ON_HOLD\"", 1)).expect("parses");
    assert_eq!(odd.transactions[0].status, TransactionStatus::Unknown);
    assert_eq!(odd.transactions[0].provider_status, "ON_HOLD");
    assert_eq!(odd.transactions[1].status, TransactionStatus::Succeeded);
}

#[test]
fn status_words_in_any_case_and_unknown_ones() {
    for (word, status) in [
        ("PENDING", TransactionStatus::Pending),
        ("pending", TransactionStatus::Pending),
        ("SUCCESS", TransactionStatus::Succeeded),
        ("success", TransactionStatus::Succeeded),
        ("SUCCEEDED", TransactionStatus::Succeeded),
        ("Succeeded", TransactionStatus::Succeeded),
        ("FAILED", TransactionStatus::Failed),
        ("failed", TransactionStatus::Failed),
        ("ON_HOLD", TransactionStatus::Unknown),
        ("COMPLETED", TransactionStatus::Unknown),
        ("ERROR", TransactionStatus::Unknown),
    ] {
        let body = format!(r#"{{"transaction_id":"tx_1","status":"{word}"}}"#);
        let t = parse_transaction("status answer", &body).expect(word);
        assert_eq!(t.domain_status(), status, "{word}");
        assert_eq!(TransactionStatus::from(&t.status), status, "{word}");
        let receipt = t.to_receipt().expect(word);
        assert_eq!(receipt.status, status, "{word}");
        assert_eq!(receipt.provider_status, word, "the word is kept as sent");
    }
}

#[test]
fn the_payout_answer_needs_only_an_id_and_a_status() {
    let minimal = r#"{"status":"success","data":{"transaction_id":"tx_9","status":"SUCCESS"}}"#;
    let t = one(minimal, "payout answer").expect("minimal");
    let receipt = t.to_receipt().expect("receipt");
    assert_eq!(receipt.provider_id, "tx_9");
    assert_eq!(receipt.status, TransactionStatus::Succeeded);
    assert_eq!(receipt.provider_status, "SUCCESS");
    assert_eq!(receipt.failure_reason, None);
    assert_eq!(
        receipt.raw,
        r#"{"transaction_id":"tx_9","status":"SUCCESS"}"#
    );
    assert_eq!(t.money().expect("no amount"), None);
    // Bare, without the envelope, and with fields nobody documented: the same.
    let bare = r#"{"transaction_id":"tx_9","status":"pending","eta":"soon","fee":{"x":1}}"#;
    let t = one(bare, "payout answer").expect("bare");
    assert_eq!(
        t.to_receipt().expect("receipt").status,
        TransactionStatus::Pending
    );
    // The reference's fuller answer still reads, amounts and reason included.
    let full = one(PAYOUT, "payout answer").expect("full");
    assert_eq!(full.money().expect("amount"), Some(gmd_minor(5000)));
    let failed = r#"{"transaction_id":"tx_8","status":"FAILED","failure_code":"ACCOUNT_BLOCKED"}"#;
    let receipt = one(failed, "payout answer")
        .expect("failed")
        .to_receipt()
        .expect("receipt");
    assert_eq!(receipt.status, TransactionStatus::Failed);
    assert_eq!(receipt.failure_reason.as_deref(), Some("ACCOUNT_BLOCKED"));
    // Without any id there is nothing to record: unreadable, in a few words.
    let anonymous = one(r#"{"status":"SUCCESS"}"#, "payout answer").expect("parses");
    let error = anonymous.to_receipt().expect_err("no id");
    assert_eq!(error.kind, ErrorKind::Malformed);
    assert_eq!(
        error.message,
        "unreadable answer: the payout answer names no transaction id"
    );
}

#[test]
fn the_status_lookup_needs_only_id_reference_and_status() {
    let t = one(
        r#"{"status":"success","data":{"transaction_id":"tx_7","client_reference":"PD-1","status":"Pending"}}"#,
        "status answer",
    )
    .expect("minimal");
    assert_eq!(t.the_id(), Some("tx_7"));
    assert_eq!(t.client_reference.as_deref(), Some("PD-1"));
    assert_eq!(t.domain_status(), TransactionStatus::Pending);
    assert_eq!((t.kind.clone(), t.money().expect("none")), (None, None));
    // A record needs an amount; a receipt does not.
    assert!(t.to_receipt().is_ok());
    let error = t
        .to_transaction(&account(), read_at())
        .expect_err("no amount");
    assert_eq!(
        error.message,
        "unreadable answer: a transaction has no amount"
    );
    // The reference's fuller answer, `id` for `transaction_id`, a lone `amount`.
    let s = one(STATUS, "status answer").expect("full");
    let t = s.to_transaction(&account(), read_at()).expect("record");
    assert_eq!(t.amount.amount_text(), "100.00");
    assert_eq!(t.updated_at.to_rfc3339(), "2026-01-25T10:15:04+00:00");
    let lone = r#"{"id":"tx_1","type":"collection","amount":12.5,"status":"PENDING","created_at":"2026-01-25T10:15:00.250+00:00"}"#;
    let t = parse_transaction("item", lone)
        .and_then(|w| w.to_transaction(&account(), read_at()))
        .expect("parses");
    assert_eq!(
        (t.amount, t.kind),
        (gmd_minor(1250), TransactionKind::Collection)
    );
}

/// The status lookup a live account answered: the client of the time stopped on it with
/// "unknown variant `success`, expected one of `PENDING`, `SUCCEEDED`, `FAILED` at line 1
/// column 128; in {...}" and showed the payout as Unknown for ever.
const LIVE_STATUS_LOOKUP: &str = r#"{"status":"success","data":{"transaction_id":"tx_9f8e7d6c5b4a39281706f5e4d","client_reference":"PD-0b6f1c1e-5d3a-4c0e-9a57-3f2d8e9b1c42","status":"success"}}"#;

/// The payout answer of the same account: "missing field `type`" then.
const LIVE_PAYOUT_ANSWER: &str = r#"{"status":"success","data":{"transaction_id":"tx_9f8e7d6c5b4a39281706f5e4d","status":"PENDING"}}"#;

/// The transactions list that failed the account's sync with "invalid type: map, expected a
/// sequence": the list one level down, beside its own page figures.
const LIVE_TRANSACTIONS: &str = r#"{"status":"success","data":{"transactions":{"current_page":1,"data":[{"id":"tx_9f8e7d6c5b4a39281706f5e4d","client_reference":"PD-0b6f1c1e-5d3a-4c0e-9a57-3f2d8e9b1c42","type":"PAYOUT","amount":"50.00","status":"success","recipient_mobile":"+2201234567","created_at":"2026-02-10T09:00:00Z"},{"id":"tx_1b2c3d4e5f6a7b8c9d0e1f2a3","client_reference":"ORDER-77","type":"COLLECTION","amount_bututs":12550,"amount_gmd":"125.50","status":"SUCCEEDED","created_at":"2026-02-09T18:30:00Z"}],"per_page":10,"total":2,"last_page":1}}}"#;

#[test]
fn the_answers_a_live_account_failed_on_now_read() {
    let lookup = one(LIVE_STATUS_LOOKUP, "status answer").expect("status lookup reads");
    let receipt = lookup.to_receipt().expect("receipt");
    assert_eq!(receipt.provider_id, "tx_9f8e7d6c5b4a39281706f5e4d");
    assert_eq!(receipt.status, TransactionStatus::Succeeded);
    assert_eq!(receipt.provider_status, "success");
    let payout = one(LIVE_PAYOUT_ANSWER, "payout answer").expect("payout answer reads");
    assert_eq!(
        payout.to_receipt().expect("receipt").status,
        TransactionStatus::Pending
    );
    let page = page_of(LIVE_TRANSACTIONS).expect("the list reads");
    let pagination = page.pagination.expect("figures beside the list");
    assert_eq!((pagination.page, pagination.limit), (Some(1), Some(10)));
    assert_eq!((pagination.total, pagination.pages()), (Some(2), Some(1)));
    let [p, c] = &page.transactions[..] else {
        panic!("two items")
    };
    assert_eq!(
        (p.kind, p.status),
        (TransactionKind::Payout, TransactionStatus::Succeeded)
    );
    assert_eq!(
        (p.amount, p.provider_status.as_str()),
        (gmd_minor(5000), "success")
    );
    assert_eq!((c.direction, c.amount), (Direction::In, gmd_minor(12550)));
}

fn ids(page: &TransactionsPage) -> Vec<&str> {
    page.transactions
        .iter()
        .map(|t| t.provider_id.as_str())
        .collect()
}

#[test]
fn every_plausible_list_shape_reads() {
    let a = r#"{"id":"tx_a","type":"COLLECTION","amount":10.00,"status":"SUCCESS"}"#;
    let b = r#"{"id":"tx_b","client_reference":"R-b","type":"PAYOUT","amount":2.50,"status":"ON_HOLD"}"#;
    let items = format!("[{a},{b}]");
    let figures = r#""pagination":{"page":1,"limit":2,"total":6,"total_pages":3}"#;
    for (body, pages) in [
        (items.clone(), None),
        (format!(r#"{{"status":"success","data":{items}}}"#), None),
        (format!(r#"{{"data":{items}}}"#), None),
        (format!(r#"{{"status":"SUCCESS","data":{items}}}"#), None),
        (format!(r#"{{"transactions":{items}}}"#), None),
        (
            format!(r#"{{"items":{items},"meta":{{"total":6,"per_page":2}}}}"#),
            Some(3),
        ),
        (format!(r#"{{"results":{items},"count":2}}"#), None),
        (
            format!(r#"{{"data":{{"transactions":{items},{figures}}}}}"#),
            Some(3),
        ),
        (
            format!(r#"{{"status":"success","data":{{"transactions":{items},{figures}}}}}"#),
            Some(3),
        ),
        (
            format!(r#"{{"transactions":{{"data":{items},"last_page":3}}}}"#),
            Some(3),
        ),
        (
            format!(r#"{{"data":{{"data":{{"items":{items}}}}},"total_pages":"3"}}"#),
            Some(3),
        ),
    ] {
        let page = page_of(&body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(ids(&page), ["tx_a", "tx_b"], "{body}");
        assert_eq!(page.pagination.and_then(|p| p.pages()), pages, "{body}");
        let [a, b] = &page.transactions[..] else {
            panic!("two")
        };
        assert_eq!(
            (a.status, a.amount),
            (TransactionStatus::Succeeded, gmd_minor(1000))
        );
        assert_eq!(
            (b.status, b.provider_status.as_str()),
            (TransactionStatus::Unknown, "ON_HOLD")
        );
        assert_eq!((b.direction, b.amount), (Direction::Out, gmd_minor(250)));
        // No time given: dated when read (§3.4 ASSUMPTION).
        assert_eq!((a.created_at, a.updated_at), (read_at(), read_at()));
    }
    // Empty lists, `null` included, are a page with nothing on it.
    for empty in [
        "[]",
        r#"{"status":"success","data":[]}"#,
        r#"{"status":"success","data":null}"#,
    ] {
        assert!(
            page_of(empty).expect(empty).transactions.is_empty(),
            "{empty}"
        );
    }
    // No list anywhere: unreadable, in a few words, the body left out of the message.
    for none in [
        r#"{"status":"success","data":{"id":"tx_a"}}"#,
        "42",
        r#""text""#,
    ] {
        let error = page_of(none).expect_err(none);
        assert_eq!(
            error.message,
            "unreadable answer: the transactions page holds no list of transactions"
        );
    }
}

#[test]
fn list_items_without_type_or_times_and_with_extras() {
    let body = r#"[
      {"transaction_id":"tx_p","amount_gmd":"7.00","status":"Failed","recipient_mobile":"+2207654321","failure_code":"INSUFFICIENT_FUNDS","extra":[1,2]},
      {"id":"tx_c","amount_bututs":900,"status":"pending","updated_at":"2026-02-01T08:00:00Z","customer":{"name":"A"}},
      {"id":"tx_r","type":"REVERSAL","amount":"3","currency":"gmd","status":"SUCCEEDED"}
    ]"#;
    let page = page_of(body).expect("reads");
    let [p, c, r] = &page.transactions[..] else {
        panic!("three")
    };
    assert_eq!(
        (p.kind, p.status),
        (TransactionKind::Payout, TransactionStatus::Failed)
    );
    assert_eq!(p.description.as_deref(), Some("failed: INSUFFICIENT_FUNDS"));
    assert_eq!(p.net, Some(gmd_minor(700)));
    assert_eq!(
        (c.kind, c.status),
        (TransactionKind::Collection, TransactionStatus::Pending)
    );
    assert_eq!(c.created_at.to_rfc3339(), "2026-02-01T08:00:00+00:00");
    assert_eq!((c.fee, c.net), (None, None));
    assert_eq!(r.description.as_deref(), Some("type: REVERSAL"));
    assert_eq!(r.amount, gmd_minor(300));
    // One unreadable item is named by its place, not dumped.
    let broken =
        r#"[{"id":"tx_1","amount":"1.00","status":"PENDING"},{"id":"tx_2","status":"PENDING"}]"#;
    let error = page_of(broken).expect_err("no amount");
    assert_eq!(
        error.message,
        "unreadable answer: transaction 2 of the page: a transaction has no amount"
    );
    let other = r#"[{"id":"tx_1","amount":"1.00","currency":"USD","status":"PENDING"}]"#;
    assert_eq!(
        page_of(other).expect_err("USD").message,
        "unreadable answer: transaction 1 of the page: an amount is not in GMD"
    );
}

#[test]
fn unreadable_answers_are_said_in_a_few_words() {
    for (body, what, message) in [
        (
            "{not json",
            "payout answer",
            "unreadable answer: the answer is not JSON",
        ),
        (
            r#"{"status":"success","data":{"transaction_id":"tx_1"}}"#,
            "payout answer",
            "unreadable answer: the payout answer could not be read",
        ),
        (
            r#"{"status":"success","data":{"transaction_id":"tx_1","status":7}}"#,
            "status answer",
            "unreadable answer: the status answer could not be read",
        ),
        (
            r#"{"status":"success","data":[1,2]}"#,
            "status answer",
            "unreadable answer: the status answer could not be read",
        ),
    ] {
        let error = one(body, what).expect_err(body);
        assert_eq!(error.kind, ErrorKind::Malformed);
        assert_eq!(error.message, message, "{body}");
        assert!(!error.message.contains("line 1") && !error.message.contains('{'));
    }
    let error = unwrap_success(&[0xff, 0xfe]).expect_err("bytes");
    assert_eq!(error.message, "unreadable answer: the answer is not text");
}

#[test]
fn collection_example() {
    let c: CollectionCreated = parse(
        "collection answer",
        unwrap_success(COLLECTION.as_bytes()).expect("env"),
    )
    .expect("ok");
    assert_eq!(c.status.to_domain(), TransactionStatus::Pending);
    assert_eq!(c.status.as_str(), "PENDING");
    assert_eq!(c.redirect_url, "https://checkout.wave.com/...");
    assert_eq!(c.client_reference, None);
}

#[test]
fn both_error_shapes() {
    let nested = HexaiErrorEnvelope::read(
        br#"{"status":"error","error":{"code":"INSUFFICIENT_BALANCE","message":"Your account balance is insufficient for this payout.","details":{"required_amount_bututs":50000,"available_balance_bututs":30000}}}"#,
    );
    let (code, message) = nested.code_and_message();
    assert_eq!(code.as_deref(), Some("INSUFFICIENT_BALANCE"));
    assert_eq!(
        message.as_deref(),
        Some("Your account balance is insufficient for this payout.")
    );
    let flat =
        HexaiErrorEnvelope::read(br#"{"status":"error","code":"NOT_FOUND","message":"No such"}"#);
    assert_eq!(flat.code_and_message().0.as_deref(), Some("NOT_FOUND"));
    assert_eq!(
        HexaiErrorEnvelope::read(b"<html>").code_and_message(),
        (None, None)
    );
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
        let _ = parse_transactions_page(json, &account, read_at());
        if let Ok(t) = parse_transaction("transaction", json) {
            let _ = t.to_transaction(&account, read_at());
            let _ = t.to_receipt();
        }
        let _ = parse::<CollectionCreated>("collection", json);
    }
    let _ = HexaiErrorEnvelope::read(bytes);
    let _ = super::super::webhook::parse(bytes);
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        all_parsers(&bytes);
    }

    #[test]
    fn truncated_documents_never_panic(cut in 0usize..2000, which in 0usize..10) {
        let doc = [
            BALANCE, STATS, CHART, PAGE, STATUS, PAYOUT, COLLECTION, LIVE_STATUS_LOOKUP,
            LIVE_PAYOUT_ANSWER, LIVE_TRANSACTIONS,
        ][which];
        let cut = cut.min(doc.len());
        all_parsers(&doc.as_bytes()[..cut]);
    }
}
