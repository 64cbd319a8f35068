//! Seeded history for the CashWeb simulator: `history_size` transactions spread over the 90
//! days before the clock's time, with realistic Nigerian-market amounts, rates, references
//! and phones. A million records take about a second and 80 MB.

use chrono::{DateTime, Utc};
use rand::Rng;

use super::model::{Status, Tx, make_id};
use crate::rng::seeded;

/// How long the generated history reaches back.
pub const HISTORY_DAYS: i64 = 90;

/// Generates `size` transactions for partner 0 (the default sandbox partner), ascending by id
/// (which is creation order). `pairs` is how many pairs are configured.
pub fn generate(seed: u64, size: usize, now: DateTime<Utc>, pairs: u8) -> Vec<Tx> {
    let mut rng = seeded(seed, "cashweb/history");
    let end = now.timestamp_millis() - 3_600_000;
    let start = end - HISTORY_DAYS * 86_400_000;
    let slot = ((end - start) / i64::try_from(size.max(1)).unwrap_or(1)).max(1);
    let mut out = Vec::with_capacity(size);
    let mut last_id = 0u128;
    for i in 0..size {
        let base = start + slot * i64::try_from(i).unwrap_or(0);
        let created = base + rng.random_range(0..slot);
        let mut id = make_id(created, rng.random());
        if id <= last_id {
            id = last_id + 1;
        }
        last_id = id;
        let roll = rng.random_range(0..1000u32);
        let status = match roll {
            0..800 => Status::Completed,
            800..900 => Status::Expired,
            900..940 => Status::Failed,
            940..985 => Status::Cancelled,
            _ => Status::Refunded,
        };
        // Sellers sell between 10 and 5,000 USDT, in cents of a USDT; whole-naira rates.
        let crypto_cents: i64 = match rng.random_range(0..10u32) {
            0..6 => rng.random_range(1_000..50_000),
            6..9 => rng.random_range(50_000..200_000),
            _ => rng.random_range(200_000..500_000),
        };
        let rate_naira: i64 = rng.random_range(1_580..1_641);
        let expires = created + 1_800_000;
        let updated = match status {
            Status::Completed | Status::Refunded | Status::Failed => {
                created + rng.random_range(300_000..1_500_000)
            }
            Status::Expired => expires,
            _ => created + rng.random_range(30_000..1_200_000),
        };
        out.push(Tx {
            id,
            partner: 0,
            status,
            pair: if pairs == 0 {
                0
            } else {
                rng.random_range(0..pairs)
            },
            merchant: rng.random_range(0..=4),
            terminal: rng.random_range(0..=6),
            created_ms: created,
            updated_ms: updated,
            expires_ms: expires,
            amount_minor: crypto_cents * rate_naira,
            crypto_micro: crypto_cents * 10_000,
            rate_minor: rate_naira * 100,
            extra: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_history_sorted_by_id() {
        let now = Utc::now();
        let a = generate(7, 500, now, 2);
        let b = generate(7, 500, now, 2);
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0].id < w[1].id));
        assert!(a.iter().all(|t| t.created_ms < now.timestamp_millis()));
        assert!(
            a.iter()
                .all(|t| t.amount_minor == t.crypto_micro / 10_000 * t.rate_minor / 100)
        );
    }
}
