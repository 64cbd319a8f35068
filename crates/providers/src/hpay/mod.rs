//! HPAY: hosted payment links, a collect balance and a payment history
//! (reference: shared/providers/hpay.md; original: shared/seeds/hpay.txt).
//!
//! Everything is `POST` with a JSON body, including reads; credentials and the session token
//! travel in the body, never in headers. Business errors come back as HTTP 200 with
//! `success: false` and a non-zero `error_code`. There is no payout endpoint, so only
//! [`crate::BalanceSource`] and [`crate::HistorySource`] are implemented; payment links are
//! created with [`HpayClient::create_payment`]. Notifications to `notify_url` are unsigned
//! hints: [`notification`] reads one, and the truth is always re-read with
//! [`HpayClient::find_payment`].
//!
//! Every ASSUMPTION the client relies on is a constant in [`assumptions`].

pub mod assumptions;
pub mod client;
mod errors;
pub mod notification;
mod session;
pub mod sources;
mod token;
pub mod wire;

pub use client::{HistoryQuery, HpayClient, HpayCredentials, NewPayment, NowFn};
pub use errors::classify;
pub use sources::HistoryCursor;
pub use wire::{
    CollectBalance, Country, FeeQuote, HistoryItem, HpayMode, PaymentLink, PaymentStatus,
    TokenGrant,
};
