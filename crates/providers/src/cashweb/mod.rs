//! CashWeb: crypto deposits settled in fiat, through the CashWeb Partner API
//! (shared/providers/cashweb.md).
//!
//! A partner creates a transaction (quote mode or direct mode) and gets a single-use deposit
//! address; the seller pays in stablecoins, CashWeb sells them and settles the fiat. There is
//! no balance endpoint and no payout API: Paydesk reads history ([`HistorySource`]), creates
//! deposit requests with recovery by reference ([`PayoutSink`]), reads partner earnings from
//! the revenue ledger, and verifies signed webhooks ([`webhook`]).
//!
//! Every ASSUMPTION the client relies on is a constant in this file.
//!
//! [`HistorySource`]: crate::traits::HistorySource
//! [`PayoutSink`]: crate::traits::PayoutSink

mod client;
mod history;
pub mod ledger;
mod page;
mod payout;
mod query;
pub mod webhook;
pub mod wire;

use std::time::Duration as StdDuration;

use chrono::Duration;

pub use client::CashWebClient;
pub use history::HistoryCursor;
pub use ledger::{
    PublishStatus, ReplayResult, RevenuePage, RevenueRow, RevenueSummary, SimulateRequest,
    WebhookEventItem, WebhookEventPage, WebhookTelemetry,
};
pub use query::{RevenueQuery, TransactionQuery, WebhookEventQuery};
pub use webhook::{WebhookEvent, WebhookEventType, WebhookHeaders};
pub use wire::{
    CreateTransactionRequest, CwStatus, CwTransaction, Quote, QuoteRequest, StatusHistory,
    TransactionPage, TransactionRecord,
};

/// ASSUMPTION U1 (§2): the staging host; keep it configurable.
pub const DEFAULT_BASE_URL: &str = "https://dev.cashweb.cash/api/v1/partner";

/// ASSUMPTION U12 (§8): the fiat currency CashWeb never names; per-partner configurable.
pub const DEFAULT_FIAT_CURRENCY: &str = "NGN";

/// §3.2 (seed): the deposit window; `created_at = expires_at - 30 min` when a create answer
/// carries no `created_at`.
pub const DEPOSIT_WINDOW: Duration = Duration::minutes(30);

/// ASSUMPTION U20 (§6): the page size the client always sends (1..100 allowed).
pub const PAGE_LIMIT: u32 = 100;

/// §11: how far back each history scan starts before the last sync, so status changes of
/// recent transactions are seen again (their life is at most 30 min + processing).
pub const HISTORY_OVERLAP: Duration = Duration::hours(2);

/// ASSUMPTION U18 (§10): rate-limit numbers are unpublished, so one account's client keeps at
/// most this many calls in flight and honours `Retry-After`.
pub const MAX_IN_FLIGHT: usize = 4;

/// ASSUMPTION U4 (§5.2): the allowed skew of `X-CW-Webhook-Timestamp` (unix seconds).
pub const WEBHOOK_MAX_SKEW: StdDuration = StdDuration::from_secs(300);

/// The `Idempotency-Key` Paydesk sends for a deposit request: one per business action, the
/// same on every retry of it (§7), derived from the journal's `merchant_reference`.
pub fn idempotency_key_for(merchant_reference: &str) -> String {
    format!("paydesk-create-{merchant_reference}")
}

/// The `Idempotency-Key` Paydesk sends to cancel a transaction (one per cancel action).
pub fn cancel_idempotency_key_for(transaction_id: &str) -> String {
    format!("paydesk-cancel-{transaction_id}")
}
