//! Property tests for money: whatever the amount and currency, text and minor units round-trip
//! exactly, arithmetic never loses a cent, and different currencies never mix.

use paydesk_domain::{Currency, Money, MoneyError};
use proptest::prelude::*;

fn currency() -> impl Strategy<Value = Currency> {
    let known: Vec<Currency> = Currency::known().collect();
    proptest::sample::select(known)
}

/// Minor-unit amounts far enough from i64's ends that one addition cannot overflow.
fn minor() -> impl Strategy<Value = i64> {
    prop_oneof![-1_000_000i64..1_000_000, (i64::MIN / 4)..(i64::MAX / 4),]
}

proptest! {
    #[test]
    fn text_round_trips(minor in minor(), currency in currency()) {
        let money = Money::from_minor(minor, currency);
        let text = money.amount_text();
        // Always exactly the currency's number of decimals.
        let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
        prop_assert_eq!(decimals as u32, currency.scale());
        let back = Money::parse(&text, currency).expect("own text parses");
        prop_assert_eq!(back, money);
        prop_assert_eq!(back.to_string(), format!("{} {}", text, currency.code()));
    }

    #[test]
    fn minor_units_round_trip(minor in minor(), currency in currency()) {
        let money = Money::from_minor(minor, currency);
        prop_assert_eq!(money.minor_units(), minor);
        let via_decimal = Money::from_decimal(money.amount(), currency).expect("exact");
        prop_assert_eq!(via_decimal.minor_units(), minor);
    }

    #[test]
    fn arithmetic_never_loses_a_cent(a in minor(), b in minor(), currency in currency()) {
        let x = Money::from_minor(a, currency);
        let y = Money::from_minor(b, currency);
        let sum = x.checked_add(&y).expect("no overflow in range");
        prop_assert_eq!(sum.minor_units(), a + b);
        prop_assert_eq!(sum.amount(), x.amount() + y.amount());
        let back = sum.checked_sub(&y).expect("no overflow in range");
        prop_assert_eq!(back, x);
        prop_assert_eq!(x.checked_sub(&y).expect("in range").minor_units(), a - b);
    }

    #[test]
    fn many_small_amounts_sum_exactly(cents in proptest::collection::vec(0i64..100_000, 0..200)) {
        let gmd = Currency::from_code("GMD").expect("known");
        let mut total = Money::zero(gmd);
        for c in &cents {
            total = total.checked_add(&Money::from_minor(*c, gmd)).expect("small");
        }
        prop_assert_eq!(total.minor_units(), cents.iter().sum::<i64>());
    }

    #[test]
    fn mismatched_currencies_are_refused(a in minor(), b in minor(), x in currency(), y in currency()) {
        prop_assume!(x != y);
        let left = Money::from_minor(a, x);
        let right = Money::from_minor(b, y);
        let mismatch = |r: Result<Money, MoneyError>| matches!(r, Err(MoneyError::CurrencyMismatch { .. }));
        prop_assert!(mismatch(left.checked_add(&right)));
        prop_assert!(mismatch(left.checked_sub(&right)));
        prop_assert!(left.checked_cmp(&right).is_err());
    }

    #[test]
    fn extra_decimals_are_refused_not_rounded(minor in minor(), digit in 1u8..=9, currency in currency()) {
        let text = Money::from_minor(minor, currency).amount_text();
        let longer = if text.contains('.') { format!("{text}{digit}") } else { format!("{text}.{digit}") };
        let refused = matches!(Money::parse(&longer, currency), Err(MoneyError::TooManyDecimals { .. }));
        prop_assert!(refused, "{} should be refused for {}", longer, currency.code());
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,40}", currency in currency()) {
        let _ = Money::parse(&text, currency);
    }
}
