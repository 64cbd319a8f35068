//! CashWeb's revenue ledger (reference §3.8), webhook outbox (§3.9) and sandbox simulate
//! (§3.10) wire types, as its API spells them. None of these is in the seed; they are read
//! with the same lenient pages as the transaction list.

use chrono::{DateTime, Utc};
use paydesk_domain::{Currency, Money};
use serde::{Deserialize, Serialize};

use super::envelope::{RawPage, unreadable};
use super::lenient::{de_opt_time, de_time};
use crate::error::ProviderError;
use crate::exact::WireDecimal;

/// One revenue row: a completed transaction and the partner's share (§3.8).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct RevenueRow {
    /// The transaction.
    pub transaction_id: String,
    /// Its reference.
    #[serde(default)]
    pub merchant_reference: Option<String>,
    /// Sub-merchant.
    #[serde(default)]
    pub merchant_id: Option<String>,
    /// Terminal.
    #[serde(default)]
    pub terminal_id: Option<String>,
    /// Chain.
    #[serde(default)]
    pub network: Option<String>,
    /// Stablecoin.
    #[serde(default)]
    pub crypto_currency: Option<String>,
    /// Crypto amount.
    #[serde(default)]
    pub crypto_amount: Option<WireDecimal>,
    /// Fiat amount.
    pub amount: WireDecimal,
    /// CashWeb's fee, fiat (ASSUMPTION U17).
    pub platform_fee: WireDecimal,
    /// The partner's share of it, fiat.
    pub share: WireDecimal,
    /// When it was booked.
    #[serde(deserialize_with = "de_time")]
    pub ts: DateTime<Utc>,
}

impl RevenueRow {
    /// The partner's share as money in the partner's fiat currency.
    pub fn share_money(&self, fiat: Currency) -> Result<Money, ProviderError> {
        Money::from_decimal(self.share.0, fiat)
            .map_err(|e| unreadable("a revenue share does not fit the currency", &e, ""))
    }
}

/// The window summary, present with `include_summary=true` (§3.8).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct RevenueSummary {
    /// Window start.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub from: Option<DateTime<Utc>>,
    /// Window end.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub to: Option<DateTime<Utc>>,
    /// The partner's earnings in the window, fiat.
    pub total_partner_share: WireDecimal,
    /// Completed transactions in the window.
    pub transaction_count: u64,
}

/// Where a revenue page keeps its window summary.
#[derive(Deserialize)]
struct SummaryHolder {
    #[serde(default)]
    summary: Option<RevenueSummary>,
}

/// One page of the revenue ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenuePage {
    /// Rows, newest first.
    pub rows: Vec<RevenueRow>,
    /// More after this page.
    pub has_more: bool,
    /// Copy into the next call's `cursor`.
    pub next_cursor: Option<String>,
    /// The window summary, when asked for.
    pub summary: Option<RevenueSummary>,
}

impl RevenuePage {
    /// Parses the `data` object of `GET /revenue`.
    pub fn parse(data: &str) -> Result<RevenuePage, ProviderError> {
        let page = RawPage::parse(data).ok_or_else(|| {
            unreadable(
                "the revenue ledger could not be read",
                &"no list of rows",
                data,
            )
        })?;
        let rows = page
            .items
            .iter()
            .map(|raw| {
                serde_json::from_str(raw.get())
                    .map_err(|e| unreadable("a revenue row could not be read", &e, raw.get()))
            })
            .collect::<Result<Vec<RevenueRow>, _>>()?;
        let summary = match &page.object {
            Some(object) => {
                serde_json::from_str::<SummaryHolder>(object.get())
                    .map_err(|e| unreadable("the revenue summary could not be read", &e, data))?
                    .summary
            }
            None => None,
        };
        let next_cursor = page.next();
        Ok(RevenuePage {
            rows,
            has_more: next_cursor.is_some(),
            next_cursor,
            summary,
        })
    }
}

/// Where an outbox event's delivery stands (§3.9; `failed` is an ASSUMPTION).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishStatus {
    /// Queued or being retried.
    Pending,
    /// The receiver accepted it.
    Dispatched,
    /// Retries are exhausted.
    Failed,
}

impl PublishStatus {
    /// CashWeb's word.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishStatus::Pending => "pending",
            PublishStatus::Dispatched => "dispatched",
            PublishStatus::Failed => "failed",
        }
    }
}

/// One outbox event (`GET /webhooks/events`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct WebhookEventItem {
    /// The event id (kept on replay).
    pub event_id: String,
    /// `transaction.completed`...
    pub event_type: String,
    /// The transaction id.
    #[serde(default)]
    pub aggregate_id: Option<String>,
    /// The transaction's reference.
    #[serde(default)]
    pub merchant_reference: Option<String>,
    /// Delivery state.
    pub publish_status: PublishStatus,
    /// Delivery attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// The last delivery error.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When it was created.
    #[serde(deserialize_with = "de_time")]
    pub created_at: DateTime<Utc>,
    /// Last change.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// One page of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEventPage {
    /// Events, newest first.
    pub events: Vec<WebhookEventItem>,
    /// More after this page.
    pub has_more: bool,
    /// Copy into the next call's `cursor`.
    pub next_cursor: Option<String>,
}

impl WebhookEventPage {
    /// Parses the `data` object of `GET /webhooks/events`.
    pub fn parse(data: &str) -> Result<WebhookEventPage, ProviderError> {
        let page = RawPage::parse(data).ok_or_else(|| {
            unreadable(
                "the webhook event log could not be read",
                &"no list of events",
                data,
            )
        })?;
        let events = page
            .items
            .iter()
            .map(|raw| {
                serde_json::from_str(raw.get())
                    .map_err(|e| unreadable("a webhook event could not be read", &e, raw.get()))
            })
            .collect::<Result<Vec<WebhookEventItem>, _>>()?;
        let next_cursor = page.next();
        Ok(WebhookEventPage {
            events,
            has_more: next_cursor.is_some(),
            next_cursor,
        })
    }
}

/// Delivery telemetry of one event (`GET /webhooks/events/{event_id}`), without its payload.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct WebhookTelemetry {
    /// The transaction id.
    #[serde(default)]
    pub aggregate_id: Option<String>,
    /// Attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Creation time.
    #[serde(deserialize_with = "de_time")]
    pub created_at: DateTime<Utc>,
    /// Delivery state.
    pub delivery_status: PublishStatus,
    /// The event id.
    pub event_id: String,
    /// The event type.
    pub event_type: String,
    /// Last error.
    #[serde(default)]
    pub last_error: Option<String>,
    /// Last change.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// The answer to `POST /webhooks/events/{event_id}/replay`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ReplayResult {
    /// The same event id.
    pub event_id: String,
    /// The event type.
    pub event_type: String,
    /// The transaction id.
    #[serde(default)]
    pub aggregate_id: Option<String>,
    /// Attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// `pending` once requeued.
    pub publish_status: PublishStatus,
    /// When the replay was scheduled.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub replay_scheduled_at: Option<DateTime<Utc>>,
}

/// `POST /sandbox/simulate` body (§3.10, staging only).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SimulateRequest {
    /// The transaction.
    pub transaction_id: String,
    /// `deposit.detected`, `deposit.confirmed`, `transaction.completed|failed|expired|refunded`,
    /// `payout.settled`.
    pub event: String,
    /// Optional stable deposit id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit_id: Option<String>,
    /// Optional stable chain hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blockchain_hash: Option<String>,
}

impl SimulateRequest {
    /// A simulate call without overrides.
    pub fn new(transaction_id: &str, event: &str) -> SimulateRequest {
        SimulateRequest {
            transaction_id: transaction_id.to_owned(),
            event: event.to_owned(),
            deposit_id: None,
            blockchain_hash: None,
        }
    }
}
