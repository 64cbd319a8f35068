//! HPAY's own request and response bodies, spelled exactly as its API spells them
//! (`statut`, `entreprise_*`, `public_key` vs `api_public_key`), and their conversions into
//! Paydesk's domain types (the status mapping as a `From` impl, in `status.rs`). Request
//! bodies hold credentials, so they have no `Debug`.
//!
//! One file per topic: `common.rs` (mode, envelope, money readers), `status.rs` (payment
//! status), `payments.rs` (token, payment link, history items), `account.rs` (balances, fee
//! quotes, countries), `requests.rs` (what Paydesk sends).

mod account;
mod common;
mod payments;
mod requests;
mod status;

pub use account::*;
pub use common::{Envelope, HpayMode, LooseText};
pub use payments::*;
pub use requests::*;
pub use status::PaymentStatus;

#[cfg(test)]
mod tests;
