//! HG.Cash: Argentine ARS accounts (CBU/CVU), cash-outs by `POST /transactions`, and
//! signed webhooks (reference: shared/providers/hgcash.md).
//!
//! What the API allows (§11):
//! - balances: yes, [`HgCashClient`] implements [`crate::BalanceSource`];
//! - cash-outs: yes, [`HgCashClient`] implements [`crate::PayoutSink`] `send`; `find` by
//!   reference does not exist at HG.Cash and answers an error, [`HgCashClient::recover`]
//!   re-sends the same `externalID` instead (§7);
//! - history: no list endpoint. History is built from verified webhooks
//!   ([`webhook::verify`], [`webhook::parse`]) in a [`WebhookLedger`], which implements
//!   [`crate::HistorySource`] over what it has received.
//!
//! Every ASSUMPTION the client relies on is in [`assumptions`].

pub mod assumptions;
pub mod client;
pub mod ledger;
pub mod webhook;
pub mod wire;

pub use client::{HgCashClient, Recovery};
pub use ledger::{Applied, WebhookLedger};
pub use webhook::{WebhookEvent, parse, verify};
