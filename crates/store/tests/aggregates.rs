//! Chart series and totals against sums computed in plain Rust, in exact minor units, also
//! after statuses change and an account is removed.

mod common;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use common::{Rng, add_accounts, base_time, generate, temp_store};
use paydesk_domain::{AccountId, Direction, Transaction, TransactionStatus};
use paydesk_store::{DayRange, SeriesPoint, Store};

/// (in_count, volume, fees, net, out_count, out_volume, out_fees, open_count)
type Figures = (u64, i64, i64, i64, u64, i64, i64, u64);

fn add(f: &mut Figures, t: &Transaction) {
    let amount = t.amount.minor_units();
    let fee = t.fee.map_or(0, |m| m.minor_units());
    match (t.status, t.direction) {
        (TransactionStatus::Succeeded, Direction::In) => {
            f.0 += 1;
            f.1 += amount;
            f.2 += fee;
            f.3 += t.net.map_or(amount - fee, |m| m.minor_units());
        }
        (TransactionStatus::Succeeded, Direction::Out) => {
            f.4 += 1;
            f.5 += amount;
            f.6 += fee;
        }
        // Not final: pending, processing, or a word Paydesk does not know (migration 0401).
        (
            TransactionStatus::Pending | TransactionStatus::Processing | TransactionStatus::Unknown,
            _,
        ) => f.7 += 1,
        _ => {}
    }
}

fn figures_of(p: &SeriesPoint) -> Figures {
    let t = &p.totals;
    (
        t.in_count,
        t.volume.minor_units(),
        t.fees.minor_units(),
        t.net.minor_units(),
        t.out_count,
        t.out_volume.minor_units(),
        t.out_fees.minor_units(),
        t.open_count,
    )
}

fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

fn expected(
    all: &[Transaction],
    range: DayRange,
    accounts: &[AccountId],
    bucket: fn(NaiveDate) -> NaiveDate,
) -> BTreeMap<(NaiveDate, String), Figures> {
    let mut out: BTreeMap<(NaiveDate, String), Figures> = BTreeMap::new();
    for t in all {
        let day = t.created_at.date_naive();
        if day < range.from || day > range.to {
            continue;
        }
        if !accounts.is_empty() && !accounts.contains(&t.account) {
            continue;
        }
        let key = (bucket(day), t.amount.currency().code().to_owned());
        add(out.entry(key).or_default(), t);
    }
    out.retain(|_, f| f.0 + f.4 + f.7 > 0);
    out
}

fn as_map(points: &[SeriesPoint]) -> BTreeMap<(NaiveDate, String), Figures> {
    points
        .iter()
        .map(|p| {
            (
                (p.start, p.totals.currency.code().to_owned()),
                figures_of(p),
            )
        })
        .collect()
}

async fn check_all(store: &Store, all: &[Transaction], accounts: &[AccountId]) {
    let start = base_time().date_naive();
    let ranges = [
        DayRange {
            from: start,
            to: start + Duration::days(89),
        },
        DayRange {
            from: start + Duration::days(9),
            to: start + Duration::days(40),
        },
        DayRange {
            from: start + Duration::days(5),
            to: start + Duration::days(5),
        },
    ];
    for range in ranges {
        for scope in [&[][..], &accounts[..1], &accounts[2..5]] {
            let daily = store.daily_series(range, scope).await.expect("daily");
            assert_eq!(
                as_map(&daily),
                expected(all, range, scope, |d| d),
                "daily {range:?}"
            );
            let weekly = store.weekly_series(range, scope).await.expect("weekly");
            assert_eq!(
                as_map(&weekly),
                expected(all, range, scope, week_start),
                "weekly {range:?}"
            );
        }
        let totals = store.account_totals(range).await.expect("totals");
        let mut want: BTreeMap<(String, String), Figures> = BTreeMap::new();
        for t in all {
            let day = t.created_at.date_naive();
            if day >= range.from && day <= range.to {
                let key = (
                    t.account.as_str().to_owned(),
                    t.amount.currency().code().to_owned(),
                );
                add(want.entry(key).or_default(), t);
            }
        }
        want.retain(|_, f| f.0 + f.4 + f.7 > 0);
        let got: BTreeMap<(String, String), Figures> = totals
            .iter()
            .map(|a| {
                let p = SeriesPoint {
                    start,
                    totals: a.totals.clone(),
                };
                (
                    (
                        a.account.as_str().to_owned(),
                        a.totals.currency.code().to_owned(),
                    ),
                    figures_of(&p),
                )
            })
            .collect();
        assert_eq!(got, want, "account totals {range:?}");
    }
}

#[tokio::test]
async fn series_and_totals_equal_plain_sums_through_changes() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let ids: Vec<AccountId> = accounts.iter().map(|(a, _)| a.clone()).collect();
    let mut rng = Rng::new(40);
    let mut all = generate(&mut rng, &accounts, 3000, "tx_");
    store.upsert_transactions(&all).await.expect("stored");
    check_all(&store, &all, &ids).await;

    // Statuses move on (pending -> succeeded, succeeded -> refunded...), amounts are corrected.
    for (i, t) in all.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
        t.status = TransactionStatus::ALL[(i / 3) % TransactionStatus::ALL.len()];
        t.provider_status = format!("S{i}");
        if i % 2 == 0 {
            t.amount =
                paydesk_domain::Money::from_minor(t.amount.minor_units() + 1, t.amount.currency());
            t.net = None;
        }
        t.updated_at += Duration::hours(2);
    }
    store.upsert_transactions(&all).await.expect("updated");
    check_all(&store, &all, &ids).await;

    store.delete_account(&ids[0]).await.expect("deleted");
    all.retain(|t| t.account != ids[0]);
    check_all(&store, &all, &ids[1..]).await;
}

#[tokio::test]
async fn today_summary_reads_the_current_utc_day() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let all = generate(&mut Rng::new(41), &accounts, 2000, "tx_");
    store.upsert_transactions(&all).await.expect("stored");
    let now = Utc
        .with_ymd_and_hms(2026, 8, 20, 15, 30, 0)
        .single()
        .expect("time");
    let summary = store.today_summary(now).await.expect("summary");
    assert_eq!(summary.day, now.date_naive());
    let day = DayRange {
        from: now.date_naive(),
        to: now.date_naive(),
    };
    let want = expected(&all, day, &[], |d| d);
    assert!(!want.is_empty());
    let got: BTreeMap<(NaiveDate, String), Figures> = summary
        .per_currency
        .iter()
        .map(|t| {
            let p = SeriesPoint {
                start: summary.day,
                totals: t.clone(),
            };
            ((summary.day, t.currency.code().to_owned()), figures_of(&p))
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        DayRange::last_days(now, 90).from,
        now.date_naive() - Duration::days(89)
    );
}

/// A record whose status word Paydesk does not know is not final: sync re-reads it, and the
/// day counts it as open, until the provider gives a word Paydesk knows.
#[tokio::test]
async fn a_record_with_an_unknown_word_stays_open_until_it_moves_on() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let ids: Vec<AccountId> = accounts.iter().map(|(a, _)| a.clone()).collect();
    let mut all = generate(&mut Rng::new(41), &accounts, 1, "tx_");
    all[0].status = TransactionStatus::Unknown;
    all[0].provider_status = "en revisión".into();
    store.upsert_transactions(&all).await.expect("stored");
    let open = |store: Store, account: AccountId| async move {
        store
            .open_provider_ids(&account, None, 10)
            .await
            .expect("read")
    };
    assert_eq!(
        open(store.clone(), all[0].account.clone()).await,
        vec![all[0].provider_id.clone()]
    );
    check_all(&store, &all, &ids).await;

    all[0].status = TransactionStatus::Succeeded;
    all[0].provider_status = "done".into();
    all[0].updated_at += Duration::hours(1);
    store.upsert_transactions(&all).await.expect("updated");
    assert!(open(store.clone(), all[0].account.clone()).await.is_empty());
    check_all(&store, &all, &ids).await;
}
