//! Hubcash's own request and response types, spelled exactly as its API v1 spells them
//! (PascalCase fields, one wrapper object per resource), the lenient readers the reference
//! asks for, and their conversions into Paydesk's domain (the status mapping as `From` impls
//! into `TransactionStatus`, in `status.rs`).
//!
//! Reference: shared/providers/hubcash.md, sections 3 (wire conventions), 5 (objects) and 7
//! (statuses and methods). One file per topic:
//! - `status.rs`: sale statuses and methods, and the status mapping;
//! - `sale.rs`: a sale as answered, one or a list, each kept with its JSON text;
//! - `buyer.rs`: consumer, addresses, items; `request.rs`: what Paydesk sends;
//! - `catalog.rs`: currencies and brands; `notification.rs`: status-change notifications;
//! - `error_body.rs`: the `Errors` body; `envelope.rs`: the wrapper objects;
//! - `convert.rs`: dates, cents, a sale into a `Transaction`; `lenient.rs`: the readers.

mod buyer;
mod catalog;
mod convert;
pub mod envelope;
mod error_body;
mod lenient;
mod notification;
mod request;
mod sale;
mod status;

pub use buyer::{HubcashAddress, HubcashConsumer, HubcashItem};
pub use catalog::{HubcashBrand, HubcashCurrency};
pub use convert::{
    CurrencyScales, cents, format_date, parse_birthdate, parse_date, to_transaction,
};
pub use error_body::{HubcashErrorEntry, HubcashErrors};
pub use lenient::Unreadable;
pub use notification::{HubcashNotification, HubcashNotificationSale};
pub use request::{
    HubcashCardUpdate, HubcashNewBillet, HubcashNewCard, HubcashNewSale, HubcashSaleCard,
};
pub use sale::{
    HubcashAnalyze, HubcashBillet, HubcashCard, HubcashHistory, HubcashRollback, HubcashSale,
    SaleRecord, parse_sale_body, parse_sales_body,
};
pub use status::{HubcashMethod, HubcashSaleStatus, HubcashStatus, SaleState, map_status};

#[cfg(test)]
mod tests;
