//! Faithful local simulators of Paydesk's five provider APIs.
//!
//! Each provider has a module serving the same paths, status codes and JSON shapes as its
//! reference (shared/providers/<name>.md), with state that evolves on a controllable
//! [`clock::Clock`], seeded data, the fault knobs of [`faults`] and signed webhooks from
//! [`webhooks`]. The app embeds them on `127.0.0.1:0` for sandbox mode; tests and benchmarks
//! use them as the providers; the `paydesk-sandbox` binary serves all five alone.

#![deny(missing_docs)]

pub mod all;
pub mod cashweb;
pub mod clock;
pub mod faults;
pub mod hexai;
pub mod hgcash;
pub mod hpay;
pub mod hubcash;
pub mod rng;
pub mod server;
pub mod variance;
pub mod webhooks;

pub use clock::Clock;
pub use faults::{AfterCommit, FaultAction, FaultRule, Faults, Malformed, Trigger};
pub use server::{RunningServer, serve};
pub use variance::{Quirk, UNKNOWN_STATUS_WORD, UnknownStatus, Variance};
pub use webhooks::{WebhookKnobs, WebhookSender};
