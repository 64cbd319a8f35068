//! Hubcash's history for the engine: `GET /sales` walked one documented status at a time
//! (always sending `Status`, which the seed marks required), each status list newest first,
//! page by page, from a cursor that names the status and the offset.

use super::{HubcashClient, Page, SaleFilter};
use crate::error::{ErrorKind, ProviderError};
use crate::hubcash::assumptions::{self, HISTORY_ROWS};
use crate::hubcash::wire::HubcashStatus;
use crate::traits::{HistoryPage, offset_after};

const PROVIDER: paydesk_domain::ProviderKind = paydesk_domain::ProviderKind::Hubcash;

/// Where the history walk stands: which status list, and how many rows of it were read.
///
/// Text form (opaque to the engine): `s<status>:<offset>` (`s3:100`). No cursor starts the
/// first status of [`assumptions::STATUS_WALK`] at offset 0. A cursor saved by an earlier
/// Paydesk (`all:<offset>`, one list of every status) starts the walk again from the top:
/// nothing is skipped, and the engine upserts by `SaleId`.
///
/// Offsets shift when new sales arrive at the top of a list: rows are then read twice, never
/// skipped. A sale leaving a list while it is walked can make the walk skip the row below it
/// for this sync; it is read at its next sync. A sale that moves to another status during
/// the walk is read again there (the walk order follows the lifecycle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesCursor {
    /// The status list.
    pub status: HubcashStatus,
    /// Rows of it already read.
    pub offset: u64,
}

impl SalesCursor {
    /// The start of the walk.
    pub fn start() -> SalesCursor {
        SalesCursor {
            status: walk_order().next().unwrap_or(HubcashStatus::Processed),
            offset: 0,
        }
    }

    /// Reads a cursor's text form (see the type's docs).
    pub fn parse(text: &str) -> Result<SalesCursor, ProviderError> {
        let bad = || {
            ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                format!("'{text}' is not a Hubcash history cursor"),
            )
        };
        let (scope, offset) = text.split_once(':').ok_or_else(bad)?;
        let offset: u64 = offset.parse().map_err(|_| bad())?;
        if scope == "all" {
            return Ok(SalesCursor::start());
        }
        let number: u64 = scope
            .strip_prefix('s')
            .and_then(|n| n.parse().ok())
            .ok_or_else(bad)?;
        let status = HubcashStatus::try_from(number).map_err(|_| bad())?;
        Ok(SalesCursor { status, offset })
    }

    /// The cursor's text form.
    pub fn to_text(self) -> String {
        format!("s{}:{}", self.status.code(), self.offset)
    }

    /// The start of the status list after this one, if any.
    fn next_status(self) -> Option<SalesCursor> {
        let mut order = walk_order();
        order.find(|s| *s == self.status)?;
        order.next().map(|status| SalesCursor { status, offset: 0 })
    }
}

/// The documented statuses in the order the walk reads them.
pub(super) fn walk_order() -> impl Iterator<Item = HubcashStatus> {
    assumptions::STATUS_WALK
        .into_iter()
        .filter_map(|code| HubcashStatus::try_from(u64::from(code)).ok())
}

/// One page of the walk from `cursor` (see [`SalesCursor`]).
pub(super) async fn page(
    client: &HubcashClient,
    cursor: Option<&str>,
) -> Result<HistoryPage, ProviderError> {
    let at = match cursor {
        Some(text) => SalesCursor::parse(text)?,
        None => SalesCursor::start(),
    };
    let filter = SaleFilter {
        page: Page {
            offset: at.offset,
            rows: HISTORY_ROWS,
        },
        status: Some(at.status),
        ..SaleFilter::default()
    };
    let records = client.sales(&filter).await?;
    let mut transactions = Vec::with_capacity(records.len());
    for record in &records {
        transactions.push(client.transaction(record).await?);
    }
    let ended = if assumptions::STATUS_LIST_ENDS_ON_EMPTY_PAGE {
        records.is_empty()
    } else {
        records.len() < HISTORY_ROWS as usize
    };
    let next = if ended {
        at.next_status()
    } else {
        Some(SalesCursor {
            status: at.status,
            offset: offset_after(PROVIDER, at.offset, records.len())?,
        })
    };
    Ok(HistoryPage {
        transactions,
        next: next.map(SalesCursor::to_text),
        estimated_total: None,
    })
}
