//! CashWeb's own request and response types, spelled as its Partner API spells them (seed
//! shared/seeds/cashweb.txt first, then shared/providers/cashweb.md §3–§4), and their
//! conversions into Paydesk's domain types: the status mapping is `From<&CwStatus> for
//! TransactionStatus`.
//!
//! Only what the seed documents is required; everything else is optional and read leniently.
//! An answer that cannot be read becomes a few words for the merchant, the body goes to the log.

mod envelope;
mod history;
mod ledger;
mod lenient;
mod quote;
mod status;
mod transaction;

pub(crate) use envelope::unreadable;
pub use envelope::{RawPage, Reply};
pub use history::{HistoryEntry, StatusHistory};
pub use ledger::{
    PublishStatus, ReplayResult, RevenuePage, RevenueRow, RevenueSummary, SimulateRequest,
    WebhookEventItem, WebhookEventPage, WebhookTelemetry,
};
pub use quote::{Quote, QuoteRequest};
pub use status::CwStatus;
pub use transaction::{
    CreateTransactionRequest, CwTransaction, TransactionPage, TransactionRecord,
};

#[cfg(test)]
mod tests;
