//! HPAY: hosted payment links, a collect balance and a payment history
//! (reference: shared/providers/hpay.md; original: shared/seeds/hpay.txt, which wins).
//!
//! Everything is `POST` with a JSON body, including reads; credentials and the session token
//! travel in the body, never in headers. Business errors come back as HTTP 200 with
//! `success: false` and a non-zero `error_code`. There is no payout endpoint, so only
//! [`crate::BalanceSource`] and [`crate::HistorySource`] are implemented; payment links are
//! created with [`HpayClient::create_payment`] (an echoed amount that differs from the one
//! asked is a warning on the link, never a failure). The history is asked for `UNPAID` and
//! `PAID` separately, the only `statut` values the seed allows. Notifications to `notify_url`
//! are unsigned hints: [`webhook`] reads one, and the truth is always re-read with
//! [`HpayClient::find_payment`].
//!
//! - [`assumptions`]: every choice made where the seed is silent;
//! - [`client`]: [`HpayClient`], its session and its history walk;
//! - `errors.rs`: HPAY's envelope into `ProviderError` ([`error_from`], [`classify`]);
//! - [`webhook`]: the notification; [`wire`]: HPAY's bodies and the status mapping.

pub mod assumptions;
pub mod client;
mod errors;
pub mod webhook;
pub mod wire;

pub use client::{HistoryCursor, HistoryQuery, HpayClient, HpayCredentials, NewPayment, NowFn};
pub use errors::{classify, error_from};
pub use wire::{
    CollectBalance, Country, FeeQuote, HistoryItem, HpayMode, PaymentLink, PaymentStatus,
    TokenGrant,
};
