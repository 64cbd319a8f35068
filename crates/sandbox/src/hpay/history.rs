//! The seeded HPAY history a simulator starts with: compact records, a million in seconds.

use rand::Rng;
use rust_decimal::Decimal;

use super::data::{CUSTOMERS, PRODUCTS, transaction_id};
use super::state::{Book, Payment, PaymentText, Status, fee_for};
use crate::rng;

/// An amount in minor units: mostly small everyday purchases, some large ones.
fn amount_minor(rng: &mut impl Rng, scale: u32) -> i64 {
    let roll = rng.random_range(0..1000u32);
    // Major units, XOF-sized; two-decimal currencies get a smaller range with cents.
    if scale == 0 {
        let major: i64 = match roll {
            0..=599 => rng.random_range(5..=200) * 100,
            600..=899 => rng.random_range(200..=1000) * 100,
            _ => rng.random_range(1000..=5000) * 100,
        };
        major
    } else {
        let cents: i64 = match roll {
            0..=599 => rng.random_range(500..=5_000),
            600..=899 => rng.random_range(5_000..=40_000),
            _ => rng.random_range(40_000..=250_000),
        };
        let factor = 10i64.pow(scale.saturating_sub(2));
        cents.saturating_mul(factor)
    }
}

/// Fills `book` with `size` payments spread evenly (with jitter) over the 90 days before
/// `now`, oldest first. Returns nothing; the book's balances are credited for paid ones.
pub(crate) fn generate(
    book: &mut Book,
    seed: u64,
    size: usize,
    now: i64,
    scale: u32,
    fee_rate: Decimal,
) {
    let mut rng = rng::seeded(seed, "hpay/history");
    let span: i64 = 90 * 24 * 3600;
    let start = now - span;
    let size_i = i64::try_from(size.max(1)).unwrap_or(i64::MAX);
    let step = (span / size_i).max(1);
    book.reserve(size);
    for i in 0..size {
        let i = i64::try_from(i).unwrap_or(i64::MAX);
        let created = (start + i.saturating_mul(step) + rng.random_range(0..step)).min(now - 1);
        let amount = amount_minor(&mut rng, scale);
        let fees = fee_for(amount, fee_rate);
        let age = now - created;
        let paid_percent = if age > 2 * 24 * 3600 { 85 } else { 50 };
        let paid = rng.random_range(0..100u32) < paid_percent;
        let paid_at = paid.then(|| (created + rng.random_range(60..7200)).min(now));
        let text = PaymentText::Generated {
            product: rng.random_range(0..PRODUCTS.len()) as u8,
            customer: rng.random_range(0..CUSTOMERS.len()) as u8,
            order: rng.random_range(10_000..1_000_000u32),
        };
        let mut id = transaction_id(&mut rng);
        while book.contains(&id) {
            id = transaction_id(&mut rng);
        }
        book.push(Payment {
            id,
            amount,
            fees,
            status: if paid { Status::Paid } else { Status::Unpaid },
            created,
            paid_at,
            text,
            urls: None,
        });
    }
}
