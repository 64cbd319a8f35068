//! CashWeb history for the sync engine: window scans of `GET /transactions` (reference §11).

use chrono::{DateTime, Utc};

use crate::error::{ErrorKind, ProviderError};
use crate::exact::parse_rfc3339;
use crate::traits::{HistoryPage, HistorySource};
use paydesk_domain::ProviderKind;

use super::CashWebClient;
use super::query::TransactionQuery;

/// Where a CashWeb history scan stands.
///
/// Text form: `v1|<since>|<page>`, where `<since>` is an RFC 3339 time (the scan's `from`, on
/// `created_at`; empty: all history) and `<page>` is CashWeb's opaque `next_cursor` within
/// that scan (empty: the scan's first page). A scan returns `next: None` on its last page; the
/// next sync starts a new scan with [`HistoryCursor::since`] at the last sync time minus
/// [`crate::cashweb::HISTORY_OVERLAP`], and refreshes locally non-terminal transactions with
/// [`CashWebClient::transaction`] (a created-time window does not show status changes of
/// older transactions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCursor {
    /// The scan's window start.
    pub since: Option<DateTime<Utc>>,
    /// CashWeb's cursor within the scan.
    pub page: Option<String>,
}

impl HistoryCursor {
    /// A new scan of everything created from `since` on.
    pub fn since(since: DateTime<Utc>) -> HistoryCursor {
        HistoryCursor {
            since: Some(since),
            page: None,
        }
    }

    /// The text form.
    pub fn to_text(&self) -> String {
        format!(
            "v1|{}|{}",
            self.since
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            self.page.as_deref().unwrap_or("")
        )
    }

    /// Reads the text form.
    pub fn parse(text: &str) -> Result<HistoryCursor, ProviderError> {
        let bad = || {
            ProviderError::new(
                ProviderKind::CashWeb,
                ErrorKind::Validation,
                "not a CashWeb history cursor",
            )
        };
        let mut parts = text.splitn(3, '|');
        if parts.next() != Some("v1") {
            return Err(bad());
        }
        let since = parts.next().ok_or_else(bad)?;
        let page = parts.next().ok_or_else(bad)?;
        let since = if since.is_empty() {
            None
        } else {
            Some(parse_rfc3339(since).map_err(|_| bad())?)
        };
        Ok(HistoryCursor {
            since,
            page: (!page.is_empty()).then(|| page.to_owned()),
        })
    }
}

impl HistorySource for CashWebClient {
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let at = match cursor {
            Some(text) => HistoryCursor::parse(text)?,
            None => HistoryCursor {
                since: None,
                page: None,
            },
        };
        let query = TransactionQuery {
            from: at.since,
            cursor: at.page.clone(),
            ..TransactionQuery::default()
        };
        let page = self.list_transactions(&query).await?;
        let transactions = page
            .records
            .iter()
            .map(|r| r.to_transaction(self.account(), self.fiat_currency()))
            .collect::<Result<Vec<_>, _>>()?;
        let next = page.next_cursor.map(|next| {
            HistoryCursor {
                since: at.since,
                page: Some(next),
            }
            .to_text()
        });
        Ok(HistoryPage {
            transactions,
            next,
            estimated_total: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = HistoryCursor {
            since: parse_rfc3339("2026-02-12T10:00:00Z").ok(),
            page: Some("eyJpZCI6IngifQ".into()),
        };
        assert_eq!(c.to_text(), "v1|2026-02-12T10:00:00Z|eyJpZCI6IngifQ");
        assert_eq!(HistoryCursor::parse(&c.to_text()), Ok(c));
        let empty = HistoryCursor::parse("v1||").expect("valid");
        assert_eq!(empty.since, None);
        assert_eq!(empty.page, None);
        for bad in ["", "v2||", "v1|yesterday|", "v1"] {
            assert!(HistoryCursor::parse(bad).is_err(), "{bad}");
        }
    }
}
