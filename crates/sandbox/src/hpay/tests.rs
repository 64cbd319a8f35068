//! The simulator's own rules: fees, paging order, filters, balances and the generator.

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;

use super::state::{Book, Status, fee_for};
use super::*;

fn clock() -> Clock {
    Clock::manual(
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .unwrap_or_default(),
    )
}

#[test]
fn fees_follow_the_rate_and_the_minor_unit() {
    let rate = Decimal::new(10, 2);
    assert_eq!(fee_for(7000, rate), 700);
    assert_eq!(fee_for(14_900, rate), 1490);
    assert_eq!(fee_for(0, rate), 0);
    assert_eq!(
        fee_for(i64::MAX, Decimal::MAX),
        0,
        "overflow is not a panic"
    );
}

#[test]
fn pages_are_newest_first_and_filters_apply() {
    let mut book = Book::default();
    history::generate(&mut book, 1, 300, 10_000_000, 0, Decimal::new(10, 2));
    let all = book.all();
    assert_eq!(all.len(), 300);
    let page = book.query(i64::MIN, i64::MAX, None, 5, 10);
    let want: Vec<_> = all.iter().rev().skip(5).take(10).map(|p| &p.id).collect();
    assert_eq!(page.iter().map(|p| &p.id).collect::<Vec<_>>(), want);
    let paid = book.query(i64::MIN, i64::MAX, Some(Status::Paid), 0, 1000);
    assert!(paid.iter().all(|p| p.status == Status::Paid));
    let main: i64 = paid.iter().map(|p| p.amount).sum();
    let profit: i64 = paid.iter().map(|p| p.profit()).sum();
    assert_eq!((book.main_balance, book.profit_balance), (main, profit));
    let from = all[100].created;
    let to = all[199].created + 1;
    assert_eq!(book.query(from, to, None, 0, 1000).len(), 100);
    assert!(
        book.query(to, from, None, 0, 10).is_empty(),
        "an empty window"
    );
}

#[test]
fn paying_is_terminal_and_credits_once() {
    let mut book = Book::default();
    history::generate(&mut book, 3, 50, 10_000_000, 2, Decimal::new(10, 2));
    let unpaid = book
        .all()
        .iter()
        .find(|p| p.status == Status::Unpaid)
        .map(|p| (p.id.clone(), p.amount, p.profit()));
    let Some((id, amount, profit)) = unpaid else {
        return;
    };
    let before = (book.main_balance, book.profit_balance);
    assert_eq!(book.pay(&id, 10_000_001), Some(true));
    assert_eq!(book.pay(&id, 10_000_002), Some(false));
    assert_eq!(book.pay("unknown", 10_000_002), None);
    assert_eq!(
        (book.main_balance, book.profit_balance),
        (before.0 + amount, before.1 + profit)
    );
}

#[test]
fn a_large_history_is_generated_and_paged_deeply() {
    let mut config = Config::demo(clock());
    config.history_size = 200_000;
    let sim = Simulator::new(config);
    assert_eq!(sim.payment_count(SimMode::Test), 200_000);
    let state = sim.lock();
    let book = state.book(SimMode::Test);
    let deep = book.query(i64::MIN, i64::MAX, None, 199_990, 50);
    assert_eq!(deep.len(), 10);
    assert_eq!(
        deep.last().map(|p| &p.id),
        book.all().first().map(|p| &p.id)
    );
}

#[test]
fn livetime_and_modes() {
    assert_eq!(SimMode::from_wire("TEST"), Some(SimMode::Test));
    assert_eq!(SimMode::from_wire("test"), None);
    assert_eq!(SimMode::Prod.as_wire(), "PROD");
    assert_eq!(render::two_places(7000, 0), "7000.00");
    assert_eq!(render::two_places(12_345, 2), "123.45");
    assert_eq!(render::plain(10_000, 2), "100");
    assert_eq!(render::plain(50, 2), "0.5");
}

#[test]
fn records_stay_small() {
    // A million links must fit in a few hundred MB with their index.
    assert!(std::mem::size_of::<super::state::Payment>() <= 96);
}

#[test]
#[ignore = "a million records: run by hand to check generation time and memory"]
fn a_million_records() {
    let mut config = Config::demo(clock());
    config.history_size = 1_000_000;
    let sim = Simulator::new(config);
    assert_eq!(sim.payment_count(SimMode::Test), 1_000_000);
}
