//! The merchant's accounts at the five providers: adding, editing, testing and removing them,
//! several per provider, each in sandbox or live mode, and the redacted view the UI shows.
//!
//! Where things are kept:
//! - the account row (label, mode, base URL) in the store's SQLite file, never a secret;
//! - the credentials in the [`SecretStore`](crate::SecretStore) (the OS keyring in the app),
//!   saved only after they passed the shape check and, when asked, a connection test.
//!   Paydesk keeps no other copy: each use loads them, and they live in memory as
//!   [`Secret`](paydesk_domain::Secret)s for the length of the call. HPAY's session token is
//!   the one derived secret that outlives a call: it stays inside the `HpayClient` that fetched
//!   it (in memory only), renewed at 4/5 of its lifetime, and renewed at once when HPAY refuses
//!   it, the refused call being retried once (`paydesk_providers::hpay`, `session.rs`).
//!
//! Every account action appends to the store's audit log: who ([`AUDIT_ACTOR`]), what
//! (`account.add`, `account.edit`, `account.test_connection`, `account.remove`,
//! `account.sandbox_ready`), when, and the outcome (`ok`, or the error code and message).
//!
//! Files: [`endpoints`] (the default base URL table and URL rules), [`form`] (credentials as
//! entered), [`connection`] (the per-provider connection test), `service.rs`
//! ([`AccountService`]), `view.rs` ([`AccountView`]), `sandbox.rs`
//! ([`ensure_sandbox_accounts`]), `audit.rs`.

mod audit;
pub mod connection;
pub mod endpoints;
pub mod form;
mod rules;
mod sandbox;
mod service;
mod view;

use paydesk_domain::{Mode, ProviderKind};

pub use audit::{AUDIT_ACTOR, SANDBOX_ACTOR};
pub use connection::{ConnectionCheck, check_connection, connection_test_http};
pub use endpoints::{DEFAULT_BASE_URLS, DefaultBaseUrls, default_base_url};
pub use form::CredentialFields;
pub use sandbox::{SimulatorEndpoint, ensure_sandbox_accounts, sandbox_account_id};
pub use service::AccountService;
pub use view::AccountView;

/// A new account as the merchant enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccountForm {
    /// The provider it is at.
    pub provider: ProviderKind,
    /// The merchant's name for it, e.g. "Hexai main" (1 to 80 characters).
    pub label: String,
    /// Sandbox or live. Required for HG.Cash, CashWeb and Hubcash (the merchant chooses the
    /// environment); for Hexai (key prefix) and HPAY (`TEST`/`PROD`) the credentials decide,
    /// and a different choice here is refused.
    pub mode: Option<Mode>,
    /// Its own API base URL (e.g. an embedded simulator's); `None` or blank: the provider's
    /// default for the mode ([`DEFAULT_BASE_URLS`]). HPAY documents none, so it is required.
    pub base_url: Option<String>,
    /// The credentials, by field.
    pub credentials: CredentialFields,
    /// Make a connection test before saving anything; a failed test stores nothing.
    pub test_connection: bool,
}

/// Changes to an account; `None` keeps what is there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountEdit {
    /// A new label.
    pub label: Option<String>,
    /// A new mode (HG.Cash, CashWeb, Hubcash only; for Hexai and HPAY new credentials change
    /// it). A new mode without a new `base_url` goes back to the provider's default URL.
    pub mode: Option<Mode>,
    /// `Some(None)`: back to the provider's default; `Some(Some(url))`: this URL.
    pub base_url: Option<Option<String>>,
    /// New credentials, replacing the kept ones.
    pub credentials: Option<CredentialFields>,
    /// Test the edited account before changing anything; a failed test changes nothing.
    pub test_connection: bool,
}
