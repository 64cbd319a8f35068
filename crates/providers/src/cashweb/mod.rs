//! CashWeb: crypto deposits settled in fiat, through the CashWeb Partner API (CashWeb's own
//! document: shared/seeds/cashweb.txt; the reference: shared/providers/cashweb.md).
//!
//! A partner creates a transaction (quote mode or direct mode) and gets a single-use deposit
//! address; the seller pays in stablecoins, CashWeb sells them and settles the fiat. There is
//! no balance endpoint and no payout API: Paydesk reads history ([`HistorySource`]), creates
//! deposit requests with recovery by reference ([`PayoutSink`]), reads partner earnings from
//! the revenue ledger, and verifies signed webhooks ([`webhook`]).
//!
//! - [`client`]: the endpoints and the common traits;
//! - [`errors`]: CashWeb's error body, read once ([`errors::error_from`]);
//! - [`wire`]: CashWeb's types and the status mapping;
//! - [`webhook`]: signatures and events;
//! - [`assumptions`]: every ASSUMPTION the client relies on.
//!
//! [`HistorySource`]: crate::traits::HistorySource
//! [`PayoutSink`]: crate::traits::PayoutSink

pub mod assumptions;
pub mod client;
pub mod errors;
pub mod webhook;
pub mod wire;

pub use assumptions::{
    DEFAULT_BASE_URL, DEFAULT_FIAT_CURRENCY, DEPOSIT_WINDOW, HISTORY_OVERLAP, MAX_IN_FLIGHT,
    PAGE_LIMIT, QUOTE_VALIDITY, WEBHOOK_MAX_SKEW, cancel_idempotency_key_for, idempotency_key_for,
};
pub use client::{CashWebClient, HistoryCursor, RevenueQuery, TransactionQuery, WebhookEventQuery};
pub use webhook::{WebhookEvent, WebhookEventType, WebhookHeaders};
pub use wire::{
    CreateTransactionRequest, CwStatus, CwTransaction, PublishStatus, Quote, QuoteRequest,
    ReplayResult, RevenuePage, RevenueRow, RevenueSummary, SimulateRequest, StatusHistory,
    TransactionPage, TransactionRecord, WebhookEventItem, WebhookEventPage, WebhookTelemetry,
};
