//! Seeded history for the simulated HPG account: `size` transactions over the last 90 days on
//! the clock, mostly Wave collections with some payouts, a few failures, 1-3 still pending,
//! and at least one successful collection on each of the last 7 days (so the chart has no
//! empty day). The same seed gives the same ledger; a million records take about a second.

use rand::Rng;

use super::state::{DAY_MS, FailureCode, Kind, Ledger, Status, Tx, commission};
use crate::rng::seeded;

/// Days of history.
pub const HISTORY_DAYS: i64 = 90;

const FAILURES: [FailureCode; 3] = [
    FailureCode::InsufficientFunds,
    FailureCode::AccountBlocked,
    FailureCode::RateLimitExceeded,
];

/// Gambian mobile numbers start with these digits (Africell, QCell, Gamcel, Comium ranges).
const MOBILE_FIRST: [u32; 6] = [2, 3, 5, 6, 7, 9];

fn collection_amount(rng: &mut impl Rng) -> i64 {
    // Wave collections: small shop payments mostly, some larger invoices; whole dalasi usually.
    let dalasi = match rng.random_range(0..100u32) {
        0..=59 => rng.random_range(25..=500i64),
        60..=89 => rng.random_range(500..=2_500i64),
        _ => rng.random_range(2_500..=15_000i64),
    };
    if rng.random_range(0..4u32) == 0 {
        dalasi * 100 + rng.random_range(0..100i64)
    } else {
        dalasi * 100
    }
}

/// Fills an empty ledger with `size` records ending before `now_ms`.
pub fn generate(ledger: &mut Ledger, seed: u64, size: usize, now_ms: i64, bps: u32) {
    let mut rng = seeded(seed, "hexai/history");
    let start = now_ms - HISTORY_DAYS * DAY_MS;
    let today = now_ms.div_euclid(DAY_MS) * DAY_MS;
    let guaranteed = size.min(7);
    let mut times: Vec<(i64, bool)> = Vec::with_capacity(size);
    for back in 0..guaranteed {
        // One collection on each of the last 7 days, settled the same day.
        let day_start = today - i64::try_from(back).unwrap_or(0) * DAY_MS;
        let day_end = (day_start + DAY_MS).min(now_ms - 1_000);
        let span = (day_end - day_start - 130_000).max(1);
        times.push((day_start + rng.random_range(0..span), true));
    }
    for _ in guaranteed..size {
        times.push((rng.random_range(start..now_ms - 1_000), false));
    }
    times.sort_unstable();
    // The newest 1-3 records that are not the chart's guaranteed ones stay pending.
    let want = if size >= 10 {
        rng.random_range(1..=3usize)
    } else {
        0
    };
    let pending_at: Vec<usize> = times
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, (_, guaranteed))| !guaranteed)
        .take(want)
        .map(|(n, _)| n)
        .collect();
    let mut balance = ledger.opening;
    ledger.txs.reserve(size);
    ledger.order.reserve(size);
    for (n, (created_ms, guaranteed_success)) in times.into_iter().enumerate() {
        let pending = pending_at.contains(&n);
        let settle = rng.random_range(2_000..120_000i64);
        let updated_ms = if pending {
            created_ms
        } else {
            (created_ms + settle).min(now_ms)
        };
        let payout_amount = rng.random_range(50..=20_000i64) * 100;
        let is_payout =
            !guaranteed_success && rng.random_range(0..100u32) < 12 && balance >= payout_amount;
        let tx = if is_payout {
            let status = if pending {
                Status::Pending
            } else if rng.random_range(0..100u32) < 5 {
                Status::Failed
            } else {
                Status::Succeeded
            };
            if status != Status::Failed {
                balance -= payout_amount;
            }
            let first = MOBILE_FIRST
                .get(rng.random_range(0..MOBILE_FIRST.len()))
                .copied()
                .unwrap_or(7);
            Tx {
                reference: None,
                kind: Kind::Payout,
                status,
                failure: (status == Status::Failed)
                    .then(|| FAILURES.get(rng.random_range(0..FAILURES.len())).copied())
                    .flatten(),
                amount: payout_amount,
                commission: 0,
                mobile: Some(first * 1_000_000 + rng.random_range(0..1_000_000u32)),
                created_ms,
                updated_ms,
                plan: None,
                urls: None,
            }
        } else {
            let amount = collection_amount(&mut rng);
            let fee = commission(amount, bps);
            let status = if pending {
                Status::Pending
            } else if guaranteed_success || rng.random_range(0..100u32) >= 12 {
                Status::Succeeded
            } else {
                Status::Failed
            };
            if status == Status::Succeeded {
                balance += amount - fee;
            }
            Tx {
                reference: None,
                kind: Kind::Collection,
                status,
                failure: (status == Status::Failed)
                    .then(|| FAILURES.get(rng.random_range(0..FAILURES.len())).copied())
                    .flatten(),
                amount,
                commission: fee,
                mobile: None,
                created_ms,
                updated_ms,
                plan: None,
                urls: None,
            }
        };
        push_sorted_tail(ledger, tx);
    }
    fix_ties(ledger);
}

/// Appends a transaction known to be no older than every other (generation is chronological).
fn push_sorted_tail(ledger: &mut Ledger, tx: Tx) {
    let (t, day) = super::state::contribution(&tx);
    let index = u32::try_from(ledger.txs.len()).unwrap_or(u32::MAX);
    ledger.txs.push(tx);
    ledger.order.push(index);
    ledger.totals.add(&t, 1);
    ledger.add_day(day, 1);
}

/// Equal creation times are ordered by id, as the listing's tie-break says (section 5.7).
fn fix_ties(ledger: &mut Ledger) {
    let txs = &ledger.txs;
    let ids = ledger.ids;
    let order = &mut ledger.order;
    let mut start = 0;
    while start < order.len() {
        let created = |i: usize| {
            order
                .get(i)
                .and_then(|x| txs.get(*x as usize))
                .map_or(0, |t| t.created_ms)
        };
        let at = created(start);
        let mut end = start + 1;
        while end < order.len() && created(end) == at {
            end += 1;
        }
        if end - start > 1
            && let Some(run) = order.get_mut(start..end)
        {
            run.sort_by_cached_key(|i| ids.id(*i));
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::super::state::{Env, Ledger, contribution};
    use super::*;

    fn ledger(seed: u64, size: usize, now_ms: i64) -> Ledger {
        let mut l = Ledger::new(Env::Test, 2_500_000, seed);
        generate(&mut l, seed, size, now_ms, 200);
        l
    }

    #[test]
    fn same_seed_same_history() {
        let now = 1_769_336_100_000; // 2026-01-25T10:15:00Z
        let a = ledger(42, 500, now);
        let b = ledger(42, 500, now);
        let c = ledger(43, 500, now);
        let key = |l: &Ledger| -> Vec<(String, i64, i64)> {
            l.order
                .iter()
                .map(|i| {
                    (
                        l.ids.id(*i),
                        l.txs[*i as usize].amount,
                        l.txs[*i as usize].created_ms,
                    )
                })
                .collect()
        };
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&c));
    }

    #[test]
    fn large_history_keeps_its_invariants() {
        let now = 1_769_336_100_000;
        let l = ledger(9, 200_000, now);
        assert_eq!(l.txs.len(), 200_000);
        // Sorted by (created, id); within 90 days; figures equal a recount.
        let mut total = super::super::state::Totals::default();
        let mut previous: Option<(i64, String)> = None;
        for i in &l.order {
            let tx = &l.txs[*i as usize];
            assert!(tx.created_ms < now && tx.created_ms >= now - HISTORY_DAYS * DAY_MS);
            assert!(tx.updated_ms <= now && tx.updated_ms >= tx.created_ms);
            let key = (tx.created_ms, l.ids.id(*i));
            if let Some(p) = &previous {
                assert!(*p < key);
            }
            previous = Some(key);
            total.add(&contribution(tx).0, 1);
        }
        assert_eq!(total, l.totals);
        assert!(l.available() >= 0);
        assert!((1..=3).contains(&l.totals.pending_count));
        let today = now.div_euclid(DAY_MS);
        assert!((today - 6..=today).all(|d| l.days.get(&d).is_some_and(|e| e.1 > 0)));
        // Generated references and ids find their way back.
        let last = l.order.last().copied().unwrap_or(0);
        assert_eq!(l.find_reference(&l.reference(last)), Some(last));
        assert_eq!(l.find_id(&l.ids.id(last)), Some(last));
    }

    /// `cargo test -p paydesk-sandbox -- --ignored million --nocapture` prints the figure.
    #[test]
    #[ignore = "a figure, not a check"]
    fn million_records() {
        let started = std::time::Instant::now();
        let l = ledger(1, 1_000_000, 1_769_336_100_000);
        println!("1,000,000 Hexai records in {:?}", started.elapsed());
        assert_eq!(l.txs.len(), 1_000_000);
    }
}
