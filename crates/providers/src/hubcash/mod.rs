//! Hubcash (Brazil): card and billet sales, captured or canceled afterwards, saved cards,
//! card-form helpers and status-change notifications. API v1, reference
//! shared/providers/hubcash.md.
//!
//! What Paydesk uses it for: history (`GET /sales`, as [`HistorySource`](crate::HistorySource)),
//! sale detail, capture and cancel, new sales, saved cards, and the notification log as a
//! change feed. Hubcash has **no balance and no payout endpoints** (reference 1 and unknown
//! 27), so this module implements neither `BalanceSource` nor `PayoutSink`: Paydesk works out
//! sales figures from the synced sales and labels them "sales", never "balance".
//!
//! Notifications are unsigned (reference 8): a receiver takes `Sale.SaleId` as a hint and
//! reads the sale with its own credentials. So there is no `webhook.rs` here.
//!
//! - [`client`]: [`HubcashClient`], one method per endpoint, error mapping.
//! - [`wire`]: Hubcash's request/response types as its API spells them.
//! - [`convert`]: dates, cents, the status mapping, sale into `Transaction`.

pub mod client;
pub mod convert;
mod errors;
mod history;
pub mod wire;

#[cfg(test)]
mod tests;

pub use client::{DEFAULT_BASE_URL, HubcashClient, KeyEnvironment, Page, SaleFilter};
pub use convert::{CurrencyScales, SaleRecord, map_status, to_transaction};
pub use errors::error_from;
pub use wire::{
    HubcashAddress, HubcashBillet, HubcashBrand, HubcashCard, HubcashCardUpdate, HubcashConsumer,
    HubcashCurrency, HubcashErrorEntry, HubcashErrors, HubcashItem, HubcashMethod,
    HubcashNewBillet, HubcashNewCard, HubcashNewSale, HubcashNotification, HubcashSale,
    HubcashSaleCard, HubcashStatus,
};
