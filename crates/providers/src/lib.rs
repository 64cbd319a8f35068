//! Clients for Paydesk's five payment providers.
//!
//! Each provider is a module with the same shape: `client.rs` (base URL, auth, one async
//! method per endpoint, error mapping) and `wire.rs` (the provider's own request/response
//! types, exactly as its API spells them, and their conversions into `paydesk_domain` types).
//! Common ground lives beside them: one HTTP layer ([`http`]), one error type ([`error`]),
//! exact wire numbers ([`exact`]), webhook signatures ([`signature`]), the traits the engine
//! uses ([`traits`]) and the transport rules every call obeys ([`transport`]).
//!
//! This crate never touches SQLite and never decides when to sync or resend: the engine does.

#![deny(missing_docs)]

pub mod cashweb;
pub mod error;
pub mod exact;
pub mod hexai;
pub mod hgcash;
pub mod hpay;
pub mod http;
pub mod hubcash;
pub mod signature;
pub mod traits;
pub mod transport;

pub use error::{ErrorKind, ProviderError};
pub use http::{Http, HttpConfig, Repeat, Request, Response, RetryPolicy};
pub use traits::{BalanceSource, HistoryPage, HistorySource, PayoutReceipt, PayoutSink};
