//! The HPAY history walk behind [`HistorySource`](crate::HistorySource): `/getPaymentHistory/`
//! asked for `UNPAID`, then `PAID` (the only two `statut` values the seed allows; never `""`),
//! each list paged with `fetch_limit` from a date watermark, and the cursor that says which
//! list, from which day and from which row (§6, §11).

use chrono::NaiveDate;
use paydesk_domain::ProviderKind;

use super::{HistoryQuery, HpayClient};
use crate::error::ProviderError;
use crate::hpay::assumptions::{self, PAGE_SIZE};
use crate::hpay::errors::{invalid, malformed};
use crate::hpay::wire::PaymentStatus;
use crate::traits::{HistoryPage, offset_after};

impl HpayClient {
    /// The cursor a sync after the first starts from: the trailing [`assumptions::RESCAN_DAYS`]
    /// days before `today`, so `UNPAID -> PAID` flips are seen (§11).
    pub fn rescan_cursor(today: NaiveDate) -> String {
        let from = today - chrono::Duration::days(assumptions::RESCAN_DAYS);
        HistoryCursor {
            status: first_status(),
            from: Some(from),
            offset: 0,
        }
        .to_string()
    }
}

/// HPAY's history cursor: `"<statut>:<from>@<offset>"`, where `<statut>` is the list being
/// walked (`UNPAID` or `PAID`), `<from>` a `yyyy-mm-dd` day sent as `date_from` (or `*` for
/// all history) and `<offset>` the next `fetch_limit` offset in that list.
///
/// `None` starts a full walk (`UNPAID:*@0`). Each list ends on an empty page (the maximum page
/// size is unknown, U9, so a short page does not prove the end); the `UNPAID` list is
/// followed by the `PAID` list from the same day, offset 0. Pages are newest first, so links
/// created during a walk only shift rows down: rows come again (the store dedupes by
/// `transaction_id`), none are skipped. A link paid during the walk leaves the `UNPAID` list
/// (it is read in the `PAID` list that follows) and may make the `UNPAID` walk skip the row
/// below it for this sync; the next sync's re-scan reads it. A cursor saved by an earlier
/// Paydesk (`"<from>@<offset>"`, one list of every status) restarts at `UNPAID` from the same
/// day, offset 0: nothing is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCursor {
    /// The `statut` list being walked (`UNPAID` or `PAID`).
    pub status: PaymentStatus,
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
                "{}:{}@{}",
                self.status.as_wire(),
                day.format(assumptions::DATE_FILTER_FORMAT),
                self.offset
            ),
            None => write!(f, "{}:*@{}", self.status.as_wire(), self.offset),
        }
    }
}

impl std::str::FromStr for HistoryCursor {
    type Err = ProviderError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            invalid(format!(
                "'{text}' is not an HPAY history cursor (<UNPAID|PAID>:<day|*>@<offset>)"
            ))
        };
        let (status, rest, legacy) = match text.split_once(':') {
            Some((word, rest)) => {
                let status = PaymentStatus::from_wire(word);
                if !PaymentStatus::DOCUMENTED.contains(&status) {
                    return Err(bad());
                }
                (status, rest, false)
            }
            None => (first_status(), text, true),
        };
        let (from, offset) = rest.split_once('@').ok_or_else(bad)?;
        let offset = offset.parse::<u64>().map_err(|_| bad())?;
        let from = if from == "*" {
            None
        } else {
            Some(
                NaiveDate::parse_from_str(from, assumptions::DATE_FILTER_FORMAT)
                    .map_err(|_| bad())?,
            )
        };
        Ok(HistoryCursor {
            status,
            from,
            // An earlier cursor counted rows of a list of every status: start the list over.
            offset: if legacy { 0 } else { offset },
        })
    }
}

/// The documented `statut` values in the order every read asks them in.
pub(super) fn walk_order() -> impl Iterator<Item = PaymentStatus> {
    assumptions::STATUT_WALK
        .into_iter()
        .map(PaymentStatus::from_wire)
}

fn first_status() -> PaymentStatus {
    walk_order().next().unwrap_or(PaymentStatus::Unpaid)
}

/// One page of up to [`PAGE_SIZE`] links from the cursor (see [`HistoryCursor`]).
pub(super) async fn page(
    client: &HpayClient,
    cursor: Option<&str>,
) -> Result<HistoryPage, ProviderError> {
    let cursor = match cursor {
        Some(text) => text.parse::<HistoryCursor>()?,
        None => HistoryCursor {
            status: first_status(),
            from: None,
            offset: 0,
        },
    };
    let entries = client
        .payment_history(&HistoryQuery {
            status: Some(cursor.status.clone()),
            date_from: cursor.from,
            offset: cursor.offset,
            count: PAGE_SIZE,
            ..HistoryQuery::default()
        })
        .await?;
    let observed_at = client.now();
    let transactions = entries
        .iter()
        .map(|e| e.to_transaction(client.account(), observed_at))
        .collect::<Result<Vec<_>, _>>()
        .map_err(malformed)?;
    let next = if entries.is_empty() {
        let mut order = walk_order();
        order
            .find(|s| *s == cursor.status)
            .and_then(|_| order.next())
            .map(|status| HistoryCursor {
                status,
                from: cursor.from,
                offset: 0,
            })
    } else {
        Some(HistoryCursor {
            offset: offset_after(ProviderKind::Hpay, cursor.offset, entries.len())?,
            ..cursor
        })
    };
    Ok(HistoryPage {
        transactions,
        next: next.map(|c| c.to_string()),
        estimated_total: None,
    })
}
