//! HG.Cash: Argentine ARS accounts (CBU/CVU), cash-outs by `POST /transactions`, and
//! signed webhooks (seed: shared/seeds/hgcash.txt; reference: shared/providers/hgcash.md).
//!
//! What the API allows (§11):
//! - balances: yes, [`HgCashClient`] implements [`crate::BalanceSource`];
//! - cash-outs: yes, [`HgCashClient`] implements [`crate::PayoutSink`] `send`, with the
//!   `transfer` type's `typeID` from the reference data; `find` by reference does not exist
//!   at HG.Cash and answers an error, [`HgCashClient::recover`] re-sends the same
//!   `externalID` instead (§7);
//! - history: no list endpoint. History is built from verified webhooks
//!   ([`webhook::verify`], [`webhook::parse`]) in a [`WebhookLedger`], which implements
//!   [`crate::HistorySource`] over what it has received.
//!
//! Status words are read in any letter case (the seed's `processing`/`done`/`failed`, the
//! reference's `PENDING`...`CANCELLED`); a word no document uses is kept and reads as
//! unknown, never final. Every ASSUMPTION the client relies on is in [`assumptions`]; the
//! error body is read in [`errors`].

pub mod assumptions;
pub mod client;
pub mod errors;
pub mod webhook;
pub mod wire;

pub use client::{HgCashClient, Recovery};
pub use errors::error_from;
pub use webhook::ledger;
pub use webhook::{Applied, WebhookEvent, WebhookLedger, parse, verify};
