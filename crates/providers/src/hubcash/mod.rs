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
//! ASSUMPTIONs the client relies on (reference section 13), each in one place:
//! - base URL, page sizes (`rows` default 10, max 100): constants in [`client`];
//! - development vs production keys are labelled by the merchant: [`KeyEnvironment`];
//! - the date text `YYYY-MM-DDTHH:MM:SS GMT` (lenient readers): [`convert::DATE_FORMAT`];
//! - `Amount` is integer cents; a billet in 5 Fail is `expired`, a Canceled sale with
//!   `DateReversed` is `refunded`: [`convert::map_status`];
//! - a 400 on `Status` with a "Sale …" text, or `Ref`/`Not allowed`, is a conflict: `errors.rs`;
//! - `Status` may be required on `GET /sales`: the per-status fallback in `history.rs` and
//!   [`HubcashClient::find_sale_by_ref`];
//! - no idempotency: writes are never resent; a lost `POST /sales` is found by its `Ref`.
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
