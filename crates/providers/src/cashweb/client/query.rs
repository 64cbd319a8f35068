//! Filters for CashWeb's cursor lists (reference §3.5, §3.8, §3.9). The page size is always
//! sent.

use chrono::{DateTime, Utc};

use crate::cashweb::assumptions::PAGE_LIMIT;
use crate::cashweb::wire::CwStatus;

/// Filters for `GET /transactions` (§3.5). `limit` is always sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionQuery {
    /// Any of these statuses.
    pub status: Vec<CwStatus>,
    /// Sub-merchant.
    pub merchant_id: Option<String>,
    /// Terminal.
    pub terminal_id: Option<String>,
    /// One reference.
    pub merchant_reference: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub to: Option<DateTime<Utc>>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1..100.
    pub limit: u32,
}

impl Default for TransactionQuery {
    fn default() -> Self {
        TransactionQuery {
            status: Vec::new(),
            merchant_id: None,
            terminal_id: None,
            merchant_reference: None,
            from: None,
            to: None,
            cursor: None,
            limit: PAGE_LIMIT,
        }
    }
}

/// Filters for `GET /revenue` (§3.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueQuery {
    /// Window start (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Window end (inclusive).
    pub to: Option<DateTime<Utc>>,
    /// Stablecoin filter (`usdt`).
    pub token: Option<String>,
    /// Chain filter.
    pub network: Option<String>,
    /// Ask for the window summary.
    pub include_summary: bool,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1..100.
    pub limit: u32,
}

impl Default for RevenueQuery {
    fn default() -> Self {
        RevenueQuery {
            from: None,
            to: None,
            token: None,
            network: None,
            include_summary: false,
            cursor: None,
            limit: PAGE_LIMIT,
        }
    }
}

/// Filters for `GET /webhooks/events` (§3.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEventQuery {
    /// One transaction.
    pub transaction_id: Option<String>,
    /// One reference.
    pub merchant_reference: Option<String>,
    /// One event type.
    pub event_type: Option<String>,
    /// `pending`, `dispatched`, `failed`.
    pub publish_status: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub to: Option<DateTime<Utc>>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1..100.
    pub limit: u32,
}

impl Default for WebhookEventQuery {
    fn default() -> Self {
        WebhookEventQuery {
            transaction_id: None,
            merchant_reference: None,
            event_type: None,
            publish_status: None,
            from: None,
            to: None,
            cursor: None,
            limit: PAGE_LIMIT,
        }
    }
}
