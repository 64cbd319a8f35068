//! Hubcash's history for the engine: the sales list walked newest first, page by page, from
//! a resumable cursor (reference 9, and 6.2 for the `Status` fallback).

use super::client::{HISTORY_ROWS, HubcashClient, Page, SaleFilter};
use super::errors::is_status_required;
use super::wire::HubcashStatus;
use crate::error::{ErrorKind, ProviderError};
use crate::traits::{HistoryPage, HistorySource, offset_after};

const PROVIDER: paydesk_domain::ProviderKind = paydesk_domain::ProviderKind::Hubcash;

/// The walk of `GET /sales` newest first, `HISTORY_ROWS` at a time.
///
/// Cursor format (opaque to the engine): `all:<offset>` while walking every status, or
/// `s<status>:<offset>` (`s3:100`) when the server requires the `Status` filter and the walk
/// goes status by status 1–7 (reference 6.2 fallback). No cursor starts at `all:0`. Offsets
/// shift when new sales arrive at the top: rows are then read twice, never skipped, and the
/// engine upserts by `SaleId`. In the per-status walk, a sale reversed (7 → 6) after status 6
/// was walked shows its new status on the next walk; the notification feed tells sooner.
impl HistorySource for HubcashClient {
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let (mut status, offset) = parse_cursor(cursor.unwrap_or("all:0"))?;
        let mut filter = SaleFilter {
            page: Page {
                offset,
                rows: HISTORY_ROWS,
            },
            status,
            ..SaleFilter::default()
        };
        let records = match self.sales(&filter).await {
            Ok(records) => records,
            Err(e) if status.is_none() && is_status_required(&e) => {
                status = Some(HubcashStatus::Processed);
                filter.status = status;
                filter.page.offset = 0;
                self.sales(&filter).await?
            }
            Err(e) => Err(e)?,
        };
        let mut transactions = Vec::with_capacity(records.len());
        for record in &records {
            transactions.push(self.transaction(record).await?);
        }
        let full = records.len() >= HISTORY_ROWS as usize;
        let next_offset = offset_after(PROVIDER, filter.page.offset, records.len())?;
        let next = match (status, full) {
            (None, true) => Some(format!("all:{next_offset}")),
            (None, false) => None,
            (Some(s), true) => Some(format!("s{}:{next_offset}", s.code())),
            (Some(s), false) => HubcashStatus::ALL
                .iter()
                .find(|n| n.code() == s.code() + 1)
                .map(|n| format!("s{}:0", n.code())),
        };
        Ok(HistoryPage {
            transactions,
            next,
            estimated_total: None,
        })
    }
}

fn parse_cursor(cursor: &str) -> Result<(Option<HubcashStatus>, u64), ProviderError> {
    let bad = || {
        ProviderError::new(
            PROVIDER,
            ErrorKind::Validation,
            format!("'{cursor}' is not a Hubcash history cursor"),
        )
    };
    let (scope, offset) = cursor.split_once(':').ok_or_else(bad)?;
    let offset: u64 = offset.parse().map_err(|_| bad())?;
    let status = match scope {
        "all" => None,
        other => {
            let number: u64 = other
                .strip_prefix('s')
                .and_then(|n| n.parse().ok())
                .ok_or_else(bad)?;
            Some(HubcashStatus::try_from(number).map_err(|_| bad())?)
        }
    };
    Ok((status, offset))
}
