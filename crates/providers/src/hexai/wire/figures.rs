//! HPG's dashboard figures (§5.4-5.6), whose answers the seed shows in full: balance and
//! totals, today's stats, the 7-day earnings chart. Read as received (no invariant is asserted
//! on live data); bututs and GMD text must agree.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use paydesk_domain::{AccountId, Balance, Money};
use serde::Deserialize;

use super::super::assumptions::{CHART_DAYS, MAX_CHART_SPAN_DAYS};
use super::read::{amount_pair, bad, gmd, parse};
use crate::error::ProviderError;
use crate::exact::WireDecimal;

#[derive(Deserialize)]
struct WireBalance {
    available_balance_bututs: i64,
    available_balance_gmd: Option<WireDecimal>,
    total_collected_bututs: i64,
    total_collected_gmd: Option<WireDecimal>,
    platform_commissions_bututs: i64,
    platform_commissions_gmd: Option<WireDecimal>,
    net_collections_bututs: i64,
    net_collections_gmd: Option<WireDecimal>,
    total_paid_out_bututs: i64,
    total_paid_out_gmd: Option<WireDecimal>,
    successful_collections: u64,
    total_payouts: u64,
}

/// `GET /client/balance` (section 5.4), shown as received: no invariant is asserted on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSummary {
    /// What can be paid out now.
    pub available: Money,
    /// Gross successful collections, all time.
    pub total_collected: Money,
    /// HPG's commission on them.
    pub platform_commissions: Money,
    /// Collected minus commission.
    pub net_collections: Money,
    /// Successful payouts, all time.
    pub total_paid_out: Money,
    /// Number of successful collections.
    pub successful_collections: u64,
    /// Number of successful payouts.
    pub total_payouts: u64,
}

impl BalanceSummary {
    /// The domain balance: HPG reports no pending figure here.
    pub fn to_balance(
        &self,
        account: &AccountId,
        as_of: DateTime<Utc>,
    ) -> Result<Balance, ProviderError> {
        Balance::new(account.clone(), self.available, None, as_of)
            .map_err(|_| bad("the balance cannot be shown"))
    }
}

/// Reads the balance payload.
pub fn parse_balance(json: &str) -> Result<BalanceSummary, ProviderError> {
    let w: WireBalance = parse("balance", json)?;
    Ok(BalanceSummary {
        available: amount_pair(
            "available_balance",
            Some(w.available_balance_bututs),
            w.available_balance_gmd,
        )?,
        total_collected: amount_pair(
            "total_collected",
            Some(w.total_collected_bututs),
            w.total_collected_gmd,
        )?,
        platform_commissions: amount_pair(
            "platform_commissions",
            Some(w.platform_commissions_bututs),
            w.platform_commissions_gmd,
        )?,
        net_collections: amount_pair(
            "net_collections",
            Some(w.net_collections_bututs),
            w.net_collections_gmd,
        )?,
        total_paid_out: amount_pair(
            "total_paid_out",
            Some(w.total_paid_out_bututs),
            w.total_paid_out_gmd,
        )?,
        successful_collections: w.successful_collections,
        total_payouts: w.total_payouts,
    })
}

#[derive(Deserialize)]
struct WireStats {
    total_volume_bututs: i64,
    total_volume_gmd: Option<WireDecimal>,
    today_earnings_bututs: i64,
    today_earnings_gmd: Option<WireDecimal>,
    pending_transactions_count: u64,
    pending_volume_bututs: i64,
    pending_volume_gmd: Option<WireDecimal>,
}

/// `GET /client/stats` (section 5.5; meanings are the reference's ASSUMPTION definitions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Gross successful collections, all time.
    pub total_volume: Money,
    /// Net collections that succeeded today (UTC).
    pub today_earnings: Money,
    /// Transactions now pending.
    pub pending_transactions_count: u64,
    /// Their amounts.
    pub pending_volume: Money,
}

/// Reads the stats payload.
pub fn parse_stats(json: &str) -> Result<Stats, ProviderError> {
    let w: WireStats = parse("stats", json)?;
    Ok(Stats {
        total_volume: amount_pair(
            "total_volume",
            Some(w.total_volume_bututs),
            w.total_volume_gmd,
        )?,
        today_earnings: amount_pair(
            "today_earnings",
            Some(w.today_earnings_bututs),
            w.today_earnings_gmd,
        )?,
        pending_transactions_count: w.pending_transactions_count,
        pending_volume: amount_pair(
            "pending_volume",
            Some(w.pending_volume_bututs),
            w.pending_volume_gmd,
        )?,
    })
}

#[derive(Deserialize)]
struct WireEarningsDay {
    date: String,
    earnings_bututs: i64,
    earnings_gmd: Option<WireDecimal>,
    count: u64,
}

/// One day of the earnings chart (section 5.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarningsDay {
    /// The UTC day.
    pub date: NaiveDate,
    /// Net collections that succeeded that day.
    pub earnings: Money,
    /// How many.
    pub count: u64,
}

/// Reads the chart: sorted by date, gaps filled with zero days, at least 7 days ending on the
/// last date given (section 5.6: the client copes with missing days).
pub fn parse_earnings_chart(json: &str) -> Result<Vec<EarningsDay>, ProviderError> {
    let wire: Vec<WireEarningsDay> = parse("earnings chart", json)?;
    let mut days = wire
        .into_iter()
        .map(|d| {
            let date = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map_err(|_| bad("a chart date is not a YYYY-MM-DD date"))?;
            let earnings = amount_pair("earnings", Some(d.earnings_bututs), d.earnings_gmd)?;
            Ok(EarningsDay {
                date,
                earnings,
                count: d.count,
            })
        })
        .collect::<Result<Vec<_>, ProviderError>>()?;
    days.sort_by_key(|d| d.date);
    let Some(last) = days.last().map(|d| d.date) else {
        return Ok(days);
    };
    let week_start = last
        .checked_sub_signed(Duration::days(CHART_DAYS - 1))
        .ok_or_else(|| bad("chart date out of range"))?;
    let first = days.first().map(|d| d.date).unwrap_or(last).min(week_start);
    // The days between are zero-filled: a span no chart means is refused, not allocated.
    if (last - first).num_days() >= MAX_CHART_SPAN_DAYS {
        return Err(bad(format!(
            "the chart spans {first} to {last}, more than {MAX_CHART_SPAN_DAYS} days"
        )));
    }
    let zero = Money::zero(gmd()?);
    let mut filled = Vec::new();
    let mut given = days.into_iter().peekable();
    let mut date = first;
    loop {
        let mut day = EarningsDay {
            date,
            earnings: zero,
            count: 0,
        };
        // Duplicated dates are summed rather than shown twice.
        while let Some(d) = given.next_if(|d| d.date == date) {
            day.earnings = day
                .earnings
                .checked_add(&d.earnings)
                .map_err(|_| bad("the chart's earnings overflow"))?;
            day.count = day.count.saturating_add(d.count);
        }
        filled.push(day);
        if date >= last {
            return Ok(filled);
        }
        date = date
            .succ_opt()
            .ok_or_else(|| bad("chart date out of range"))?;
    }
}
