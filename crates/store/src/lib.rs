//! Paydesk's local SQLite cache: every transaction, balance, sync position and audit entry the
//! dashboard shows, so browsing, charts, search, export and offline use never wait on a
//! provider.
//!
//! The store never speaks HTTP and holds no secret. The sync engine writes through
//! [`Store::commit_sync_batch`]; the UI commands read through [`Store::list_transactions`],
//! [`Store::daily_series`], [`Store::export_csv`] and friends.
//!
//! Conventions: money is integer minor units in SQL and [`paydesk_domain::Money`] in Rust;
//! times are UTC microseconds in SQL (see `migrations/0001_initial.sql`).

#![deny(missing_docs)]

mod accounts;
mod aggregates;
mod audit;
mod balances;
mod checkpoint;
mod codec;
mod error;
mod export;
pub mod journal;
mod listing;
mod query;
mod search;
mod settings;
mod store;
mod sync_state;
mod sync_support;
mod write;

pub use accounts::{Account, NewAccount};
pub use aggregates::{AccountTotals, DayRange, SeriesPoint, TodaySummary, Totals};
pub use audit::{AuditEntry, NewAuditEntry};
pub use error::StoreError;
pub use export::CSV_HEADER;
pub use journal::{
    IntentUpdate, JournalEntry, NewJournalEntry, NewPayoutIntent, PayoutIntent, PayoutState,
};
pub use listing::{AmountRange, Cursor, Filter, MAX_PAGE, Page, Sort};
pub use store::Store;
pub use sync_state::SyncState;
pub use sync_support::{DeliveryOutcome, NewDelivery, StatusUpdate};
pub use write::{
    ROWS_PER_STATEMENT, StatusChange, StoredTransaction, UpsertOutcome, bind_transaction,
};
