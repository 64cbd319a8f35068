//! Figures for the earnings chart and the dashboard's summary, read from `daily_totals`, the
//! per (account, currency, UTC day) table the write path keeps exact through triggers. A
//! 90-day series reads a few hundred summary rows whatever the number of transactions.
//!
//! What counts, for every figure here (a transaction is placed on the UTC day of its
//! `created_at`, and counted by its current status):
//! - `in_count`, `volume`: succeeded inbound transactions, their number and gross amounts;
//! - `fees`: the fees of those succeeded inbound transactions (0 where a provider gives none);
//! - `net`: their net amounts, or gross minus fee where a provider gives no net;
//! - `out_count`, `out_volume`, `out_fees`: succeeded outbound transactions (payouts,
//!   cash-outs), their number, gross amounts and fees;
//! - `open_count`: transactions in either direction not final: `pending`, `processing`, or
//!   `unknown` (a status word Paydesk does not know; migration 0401).
//!
//! Failed, cancelled, expired and refunded transactions count nowhere. Each currency is its own
//! series: amounts in different currencies are never added.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use paydesk_domain::{AccountId, Currency, Money};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;

use crate::codec::{currency, get};
use crate::error::StoreError;
use crate::query::Value;
use crate::store::Store;

/// A range of UTC calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl DayRange {
    /// The `days` days ending with (and including) the UTC day of `now`.
    pub fn last_days(now: DateTime<Utc>, days: u32) -> DayRange {
        let to = now.date_naive();
        let from = to - Duration::days(i64::from(days.max(1)) - 1);
        DayRange { from, to }
    }
}

/// The figures of one currency in one bucket (see the module documentation for what counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The currency of every amount here.
    pub currency: Currency,
    /// How many succeeded inbound transactions.
    pub in_count: u64,
    /// Their gross amount.
    pub volume: Money,
    /// Their fees.
    pub fees: Money,
    /// Their net amount.
    pub net: Money,
    /// How many succeeded outbound transactions.
    pub out_count: u64,
    /// Their gross amount.
    pub out_volume: Money,
    /// Their fees.
    pub out_fees: Money,
    /// How many transactions are still pending, processing or unknown (not final).
    pub open_count: u64,
}

/// One bucket of a daily or weekly series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The bucket's first day (the day itself, or the Monday of the week).
    pub start: NaiveDate,
    /// The figures of one currency in it.
    pub totals: Totals,
}

/// The figures of one account in one currency over a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTotals {
    /// The account.
    pub account: AccountId,
    /// Its figures in one currency.
    pub totals: Totals,
}

/// Today's figures (UTC day), one entry per currency with any activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodaySummary {
    /// The UTC day.
    pub day: NaiveDate,
    /// Volume, fees and pending count (`open_count`) per currency.
    pub per_currency: Vec<Totals>,
}

const TABLE: &str = "daily_totals";

const SUMS: &str = "max(scale) AS scale, sum(in_count) AS in_count, \
    sum(in_volume_minor) AS in_volume, sum(in_fee_minor) AS in_fee, sum(in_net_minor) AS in_net, \
    sum(out_count) AS out_count, sum(out_volume_minor) AS out_volume, \
    sum(out_fee_minor) AS out_fee, sum(open_count) AS open_count";

const NOT_EMPTY: &str = "HAVING sum(in_count) + sum(out_count) + sum(open_count) > 0";

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn day_number(date: NaiveDate) -> i64 {
    (date - epoch()).num_days()
}

fn date_of(day: i64) -> Result<NaiveDate, StoreError> {
    epoch()
        .checked_add_signed(Duration::days(day))
        .ok_or_else(|| StoreError::corrupt(TABLE, format!("day {day}")))
}

fn count(row: &SqliteRow, column: &str) -> Result<u64, StoreError> {
    let value: i64 = get(row, TABLE, column)?;
    u64::try_from(value).map_err(|_| StoreError::corrupt(TABLE, format!("{column} = {value}")))
}

fn decode_totals(row: &SqliteRow) -> Result<Totals, StoreError> {
    let code: String = get(row, TABLE, "currency")?;
    let currency = currency(TABLE, &code, get(row, TABLE, "scale")?)?;
    let money = |column: &str| -> Result<Money, StoreError> {
        Ok(Money::from_minor(get(row, TABLE, column)?, currency))
    };
    Ok(Totals {
        currency,
        in_count: count(row, "in_count")?,
        volume: money("in_volume")?,
        fees: money("in_fee")?,
        net: money("in_net")?,
        out_count: count(row, "out_count")?,
        out_volume: money("out_volume")?,
        out_fees: money("out_fee")?,
        open_count: count(row, "open_count")?,
    })
}

/// `WHERE` over a day range and, if any, a set of accounts.
fn scope(range: DayRange, accounts: &[AccountId]) -> (String, Vec<Value>) {
    let mut sql = "WHERE day BETWEEN ? AND ?".to_owned();
    let mut values = vec![
        Value::Int(day_number(range.from)),
        Value::Int(day_number(range.to)),
    ];
    if !accounts.is_empty() {
        sql.push_str(&format!(
            " AND account_id IN ({})",
            vec!["?"; accounts.len()].join(", ")
        ));
        values.extend(accounts.iter().map(|a| Value::Text(a.as_str().to_owned())));
    }
    (sql, values)
}

impl Store {
    async fn summary_rows(
        &self,
        sql: &str,
        values: Vec<Value>,
    ) -> Result<Vec<SqliteRow>, StoreError> {
        let mut query = sqlx::query(sql);
        for value in values {
            query = match value {
                Value::Int(i) => query.bind(i),
                Value::Text(s) => query.bind(s),
            };
        }
        Ok(query.fetch_all(&self.reader).await?)
    }

    /// One point per UTC day and currency with any activity in `range` (days without activity
    /// are absent), over `accounts` (all accounts when empty), by day then currency code.
    pub async fn daily_series(
        &self,
        range: DayRange,
        accounts: &[AccountId],
    ) -> Result<Vec<SeriesPoint>, StoreError> {
        let (filter, values) = scope(range, accounts);
        let sql = format!(
            "SELECT day AS bucket, currency, {SUMS} FROM daily_totals {filter} \
             GROUP BY day, currency {NOT_EMPTY} ORDER BY day, currency"
        );
        self.points(&sql, values).await
    }

    /// One point per week (Monday to Sunday, UTC) and currency with any activity, counting only
    /// the days inside `range` (so the first and last weeks may be partial), by week then
    /// currency code.
    pub async fn weekly_series(
        &self,
        range: DayRange,
        accounts: &[AccountId],
    ) -> Result<Vec<SeriesPoint>, StoreError> {
        let (filter, values) = scope(range, accounts);
        // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
        let sql = format!(
            "SELECT day - (((day % 7) + 10) % 7) AS bucket, currency, {SUMS} FROM daily_totals \
             {filter} GROUP BY bucket, currency {NOT_EMPTY} ORDER BY bucket, currency"
        );
        self.points(&sql, values).await
    }

    async fn points(&self, sql: &str, values: Vec<Value>) -> Result<Vec<SeriesPoint>, StoreError> {
        let rows = self.summary_rows(sql, values).await?;
        rows.iter()
            .map(|row| {
                Ok(SeriesPoint {
                    start: date_of(get(row, TABLE, "bucket")?)?,
                    totals: decode_totals(row)?,
                })
            })
            .collect()
    }

    /// Totals per account and currency over `range`, by account then currency code.
    pub async fn account_totals(&self, range: DayRange) -> Result<Vec<AccountTotals>, StoreError> {
        let (filter, values) = scope(range, &[]);
        let sql = format!(
            "SELECT account_id, currency, {SUMS} FROM daily_totals {filter} \
             GROUP BY account_id, currency {NOT_EMPTY} ORDER BY account_id, currency"
        );
        let rows = self.summary_rows(&sql, values).await?;
        rows.iter()
            .map(|row| {
                let account: String = get(row, TABLE, "account_id")?;
                Ok(AccountTotals {
                    account: AccountId::new(account)
                        .map_err(|e| StoreError::corrupt(TABLE, e.to_string()))?,
                    totals: decode_totals(row)?,
                })
            })
            .collect()
    }

    /// The figures of the UTC day of `now`, per currency: volume, fees, and how many of the
    /// day's transactions are still pending, processing or unknown.
    pub async fn today_summary(&self, now: DateTime<Utc>) -> Result<TodaySummary, StoreError> {
        let day = now.date_naive();
        let points = self
            .daily_series(DayRange { from: day, to: day }, &[])
            .await?;
        Ok(TodaySummary {
            day,
            per_currency: points.into_iter().map(|p| p.totals).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_match_the_sql_week_rule() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 16).expect("date");
        for offset in 0..7 {
            let day = day_number(monday + Duration::days(offset));
            let start = day - (((day % 7) + 10) % 7);
            assert_eq!(date_of(start).ok(), Some(monday));
        }
        let before_epoch = NaiveDate::from_ymd_opt(1969, 12, 29).expect("date");
        let day = day_number(before_epoch + Duration::days(2));
        assert_eq!(
            date_of(day - (((day % 7) + 10) % 7)).ok(),
            Some(before_epoch)
        );
    }
}
