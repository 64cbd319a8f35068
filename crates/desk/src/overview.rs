//! The Overview: each account's balances with their age, balance totals per currency (never
//! adding two currencies), today's figures, and the earnings series for the chart.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use paydesk_domain::{AppError, Balance, Currency, ErrorCode, Money, ProviderKind};
use paydesk_store::{DayRange, SeriesPoint, Totals};

use crate::views::{
    AccountCard, BalanceTotal, BalanceView, Bucket, Earnings, EarningsPoint, EarningsQuery,
    EarningsSeries, FiguresView, MoneyView, Overview, count, parse_day, time_text,
};
use crate::{Desk, lock};

/// The longest chart range, in days (ten years).
const MAX_RANGE_DAYS: i64 = 3660;

fn has_balance_endpoint(provider: ProviderKind) -> bool {
    matches!(
        provider,
        ProviderKind::Hexai | ProviderKind::HgCash | ProviderKind::Hpay
    )
}

fn provider_rank(provider: ProviderKind) -> usize {
    ProviderKind::ALL
        .iter()
        .position(|p| *p == provider)
        .unwrap_or(usize::MAX)
}

/// Available and pending summed per currency.
fn balance_totals(balances: &[Balance]) -> Result<Vec<BalanceTotal>, AppError> {
    let mut sums: BTreeMap<String, (Money, Money, u32)> = BTreeMap::new();
    for balance in balances {
        let currency = balance.available.currency();
        let entry = sums
            .entry(currency.code().to_owned())
            .or_insert_with(|| (Money::zero(currency), Money::zero(currency), 0));
        entry.0 = entry.0.checked_add(&balance.available)?;
        if let Some(pending) = &balance.pending {
            entry.1 = entry.1.checked_add(pending)?;
        }
        entry.2 += 1;
    }
    Ok(sums
        .into_iter()
        .map(|(currency, (available, pending, accounts))| BalanceTotal {
            currency,
            available: MoneyView::from(&available),
            pending: MoneyView::from(&pending),
            accounts,
        })
        .collect())
}

fn zero_totals(currency: Currency) -> Totals {
    let zero = Money::zero(currency);
    Totals {
        currency,
        in_count: 0,
        volume: zero,
        fees: zero,
        net: zero,
        out_count: 0,
        out_volume: zero,
        out_fees: zero,
        open_count: 0,
    }
}

/// The first day of every bucket of `range`, oldest first.
fn bucket_starts(range: DayRange, bucket: Bucket) -> Vec<NaiveDate> {
    let (first, step) = match bucket {
        Bucket::Day => (range.from, Duration::days(1)),
        Bucket::Week => (
            range.from - Duration::days(i64::from(range.from.weekday().num_days_from_monday())),
            Duration::weeks(1),
        ),
    };
    let mut starts = Vec::new();
    let mut day = first;
    while day <= range.to {
        starts.push(day);
        day += step;
    }
    starts
}

/// One series per currency, every bucket present (empty ones as zero).
fn fill_series(range: DayRange, bucket: Bucket, points: Vec<SeriesPoint>) -> Vec<EarningsSeries> {
    let mut by_currency: BTreeMap<String, (Currency, BTreeMap<NaiveDate, Totals>)> =
        BTreeMap::new();
    for point in points {
        let currency = point.totals.currency;
        by_currency
            .entry(currency.code().to_owned())
            .or_insert_with(|| (currency, BTreeMap::new()))
            .1
            .insert(point.start, point.totals);
    }
    let starts = bucket_starts(range, bucket);
    by_currency
        .into_values()
        .map(|(currency, mut found)| EarningsSeries {
            currency: currency.code().to_owned(),
            scale: currency.scale(),
            points: starts
                .iter()
                .map(|start| {
                    let totals = found.remove(start).unwrap_or_else(|| zero_totals(currency));
                    EarningsPoint {
                        start: start.to_string(),
                        figures: FiguresView::from(&totals),
                    }
                })
                .collect(),
        })
        .collect()
}

impl Desk {
    /// Everything the Overview shows, from the cache (no provider call).
    pub async fn overview(&self) -> Result<Overview, AppError> {
        let now = Utc::now();
        let stale_after = self.stale_after();
        let store = &self.inner.store;
        let mut accounts = store.list_accounts().await?;
        accounts.sort_by(|a, b| {
            (provider_rank(a.provider), &a.label, &a.id).cmp(&(
                provider_rank(b.provider),
                &b.label,
                &b.id,
            ))
        });
        let balances = store.latest_balances().await?;
        let mut cards = Vec::with_capacity(accounts.len());
        for account in &accounts {
            let mine: Vec<BalanceView> = balances
                .iter()
                .filter(|b| b.account == account.id)
                .map(|b| BalanceView {
                    available: MoneyView::from(&b.available),
                    pending: b.pending.as_ref().map(MoneyView::from),
                    as_of: time_text(b.as_of),
                    stale: b.is_stale(now, stale_after),
                })
                .collect();
            cards.push(AccountCard {
                id: account.id.as_str().to_owned(),
                label: account.label.clone(),
                provider: account.provider,
                provider_name: account.provider.display_name().to_owned(),
                mode: account.mode,
                balances: mine,
                has_balance_endpoint: has_balance_endpoint(account.provider),
                sync: self.sync_status(&account.id).await,
            });
        }
        let known: Vec<Balance> = balances
            .into_iter()
            .filter(|b| accounts.iter().any(|a| a.id == b.account))
            .collect();
        let today = store.today_summary(now).await?;
        let payouts_ready = !self.inner.payouts.reconciliation_due().await?;
        Ok(Overview {
            accounts: cards,
            totals: balance_totals(&known)?,
            today: today.per_currency.iter().map(FiguresView::from).collect(),
            cached_transactions: count(store.transaction_count().await?),
            offline: self.is_offline(),
            problems: lock(&self.inner.problems).clone(),
            sandbox: self.is_sandbox(),
            payouts_ready,
            starting: !self.is_started(),
        })
    }

    /// The earnings chart's series over a range of UTC days, from the cache.
    pub async fn earnings(&self, query: &EarningsQuery) -> Result<Earnings, AppError> {
        let from = parse_day("from", &query.from)?;
        let to = parse_day("to", &query.to)?;
        if to < from {
            return Err(
                AppError::new(ErrorCode::InputInvalid, "the range ends before it starts")
                    .with_field("to"),
            );
        }
        if (to - from).num_days() > MAX_RANGE_DAYS {
            return Err(AppError::new(
                ErrorCode::InputInvalid,
                "the range is longer than ten years",
            )
            .with_field("from"));
        }
        let range = DayRange { from, to };
        let points = match query.bucket {
            Bucket::Day => self.inner.store.daily_series(range, &[]).await?,
            Bucket::Week => self.inner.store.weekly_series(range, &[]).await?,
        };
        Ok(Earnings {
            from: from.to_string(),
            to: to.to_string(),
            bucket: query.bucket,
            series: fill_series(range, query.bucket, points),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn week_buckets_start_on_the_monday_before_the_range() {
        let range = DayRange {
            from: day("2026-11-18"),
            to: day("2026-11-30"),
        };
        let starts = bucket_starts(range, Bucket::Week);
        assert_eq!(
            starts,
            vec![day("2026-11-16"), day("2026-11-23"), day("2026-11-30")]
        );
        assert_eq!(bucket_starts(range, Bucket::Day).len(), 13);
    }

    #[test]
    fn totals_never_add_two_currencies() {
        let gmd = Currency::from_code("GMD").expect("GMD");
        let ars = Currency::from_code("ARS").expect("ARS");
        let account = paydesk_domain::AccountId::new("a").expect("id");
        let at = Utc::now();
        let balances = vec![
            Balance::new(
                account.clone(),
                Money::parse("10.05", gmd).expect("m"),
                None,
                at,
            )
            .expect("b"),
            Balance::new(
                account.clone(),
                Money::parse("0.10", gmd).expect("m"),
                Some(Money::parse("1.00", gmd).expect("m")),
                at,
            )
            .expect("b"),
            Balance::new(account, Money::parse("7", ars).expect("m"), None, at).expect("b"),
        ];
        let totals = balance_totals(&balances).expect("totals");
        assert_eq!(totals.len(), 2);
        assert_eq!(totals[0].currency, "ARS");
        assert_eq!(totals[0].available.amount, "7.00");
        assert_eq!(totals[1].available.amount, "10.15");
        assert_eq!(totals[1].pending.amount, "1.00");
        assert_eq!(totals[1].accounts, 2);
    }
}
