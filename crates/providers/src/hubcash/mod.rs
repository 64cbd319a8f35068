//! Hubcash (Brazil): card and billet sales, captured or canceled afterwards, saved cards,
//! card-form helpers and status-change notifications. API v1, reference
//! shared/providers/hubcash.md (original: shared/seeds/hubcash.txt, which wins).
//!
//! What Paydesk uses it for: history (`GET /sales`, walked one documented status at a time, as
//! [`HistorySource`](crate::HistorySource)), sale detail, capture and cancel, new sales, saved
//! cards, and the notification log as a change feed. Hubcash has **no balance and no payout
//! endpoints** (reference 1 and unknown 27), so this module implements neither
//! `BalanceSource` nor `PayoutSink`: Paydesk works out sales figures from the synced sales and
//! labels them "sales", never "balance".
//!
//! - [`assumptions`]: every choice made where the seed is silent;
//! - [`client`]: [`HubcashClient`], one method per endpoint, and the history walk;
//! - `errors.rs`: Hubcash's `Errors` body into `ProviderError` ([`error_from`]);
//! - [`webhook`]: the notification Hubcash POSTs (unsigned: a hint only);
//! - [`wire`]: Hubcash's request/response types, the status mapping, sale into `Transaction`.

pub mod assumptions;
pub mod client;
mod errors;
pub mod webhook;
pub mod wire;

pub use assumptions::KeyEnvironment;
pub use client::{DEFAULT_BASE_URL, HubcashClient, Page, SaleFilter, SalesCursor};
pub use errors::error_from;
pub use webhook::parse_notification;

/// The currency Paydesk sells in at Hubcash (Brazil); `GET /currencies` names the others.
pub const CURRENCY: &str = "BRL";
pub use wire::{
    CurrencyScales, HubcashAddress, HubcashBillet, HubcashBrand, HubcashCard, HubcashCardUpdate,
    HubcashConsumer, HubcashCurrency, HubcashErrorEntry, HubcashErrors, HubcashItem, HubcashMethod,
    HubcashNewBillet, HubcashNewCard, HubcashNewSale, HubcashNotification, HubcashSale,
    HubcashSaleCard, HubcashSaleStatus, HubcashStatus, SaleRecord, SaleState, Unreadable,
    map_status, to_transaction,
};
