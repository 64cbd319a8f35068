//! The engine's view of HPAY: [`BalanceSource`] from `/getCollectBalance/`, and
//! [`HistorySource`] from `/getPaymentHistory/` with a date-watermark cursor (§11). HPAY has
//! no payout endpoint, so `PayoutSink` is not implemented (U14).

use chrono::NaiveDate;
use paydesk_domain::{Balance, ProviderKind};

use super::assumptions::{self, PAGE_SIZE};
use super::client::{HistoryQuery, HpayClient};
use super::errors::{invalid, malformed};
use crate::error::ProviderError;
use crate::traits::{BalanceSource, HistoryPage, HistorySource, offset_after};

impl HpayClient {
    /// The cursor a sync after the first starts from: the trailing [`assumptions::RESCAN_DAYS`]
    /// days before `today`, so `UNPAID -> PAID` flips are seen (§11).
    pub fn rescan_cursor(today: NaiveDate) -> String {
        let from = today - chrono::Duration::days(assumptions::RESCAN_DAYS);
        HistoryCursor {
            from: Some(from),
            offset: 0,
        }
        .to_string()
    }
}

impl BalanceSource for HpayClient {
    /// One balance: `main_balance` as available. `profit_balance` is on
    /// [`HpayClient::collect_balance`] for the UI to show beside it.
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let balance = self.collect_balance().await?;
        Ok(vec![balance.to_balance(self.account(), self.now())])
    }
}

/// HPAY's history cursor: `"<from>@<offset>"`, where `<from>` is a `yyyy-mm-dd` day sent as
/// `date_from` (or `*` for all history) and `<offset>` the next `fetch_limit` offset.
///
/// `None` starts a full scan (`*@0`). Pages are newest first, so links created during a scan
/// only shift rows down: rows come again (the store dedupes by `transaction_id`), none are
/// skipped. The scan ends on an empty page (the maximum page size is unknown, U9, so a short
/// page does not prove the end). A later sync starts from [`HpayClient::rescan_cursor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCursor {
    /// `date_from`, `None` for all history.
    pub from: Option<NaiveDate>,
    /// The `fetch_limit` offset.
    pub offset: u64,
}

impl std::fmt::Display for HistoryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.from {
            Some(day) => write!(
                f,
                "{}@{}",
                day.format(assumptions::DATE_FILTER_FORMAT),
                self.offset
            ),
            None => write!(f, "*@{}", self.offset),
        }
    }
}

impl std::str::FromStr for HistoryCursor {
    type Err = ProviderError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            invalid(format!(
                "'{text}' is not an HPAY history cursor (<day|*>@<offset>)"
            ))
        };
        let (from, offset) = text.split_once('@').ok_or_else(bad)?;
        let offset = offset.parse::<u64>().map_err(|_| bad())?;
        let from = if from == "*" {
            None
        } else {
            Some(
                NaiveDate::parse_from_str(from, assumptions::DATE_FILTER_FORMAT)
                    .map_err(|_| bad())?,
            )
        };
        Ok(HistoryCursor { from, offset })
    }
}

impl HistorySource for HpayClient {
    /// One page of up to [`PAGE_SIZE`] links from the cursor (see [`HistoryCursor`]).
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let cursor = match cursor {
            Some(text) => text.parse::<HistoryCursor>()?,
            None => HistoryCursor {
                from: None,
                offset: 0,
            },
        };
        let entries = self
            .payment_history(&HistoryQuery {
                date_from: cursor.from,
                offset: cursor.offset,
                count: PAGE_SIZE,
                ..HistoryQuery::default()
            })
            .await?;
        let observed_at = self.now();
        let transactions = entries
            .iter()
            .map(|e| e.to_transaction(self.account(), observed_at))
            .collect::<Result<Vec<_>, _>>()
            .map_err(malformed)?;
        let next = match entries.is_empty() {
            true => None,
            false => Some(
                HistoryCursor {
                    offset: offset_after(ProviderKind::Hpay, cursor.offset, entries.len())?,
                    ..cursor
                }
                .to_string(),
            ),
        };
        Ok(HistoryPage {
            transactions,
            next,
            estimated_total: None,
        })
    }
}
