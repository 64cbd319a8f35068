//! The CashWeb simulator holds a million history records and pages through them by cursor.

use std::time::Instant;

use chrono::{TimeZone, Utc};
use paydesk_sandbox::Clock;
use paydesk_sandbox::cashweb::{Config, Simulator};

#[test]
fn a_million_records_generate_and_stay_ordered() {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2026, 2, 12, 12, 0, 0)
            .single()
            .expect("time"),
    );
    let started = Instant::now();
    let sim = Simulator::new(Config {
        history_size: 1_000_000,
        ..Config::demo(clock)
    });
    eprintln!(
        "generated 1,000,000 CashWeb records in {:?}",
        started.elapsed()
    );
    assert_eq!(sim.len(), 1_000_000);
    let first = sim.record_at(0).expect("first");
    let last = sim.record_at(999_999).expect("last");
    assert!(first.id < last.id);
    assert_eq!(sim.record(&last.id), Some(last));
    assert!(
        first.json["amount"]
            .as_str()
            .is_some_and(|a| a.ends_with(|c: char| c.is_ascii_digit()))
    );
}
