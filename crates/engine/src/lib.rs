//! Paydesk's use-cases, without Tauri: sync, payouts, accounts, and the credentials they need.
//!
//! - [`secrets`]: where credentials are kept (the OS keyring, behind [`secrets::SecretStore`]).
//! - [`credentials`]: each provider's credentials, checked for shape, saved and loaded by
//!   account, and the redacted view the UI gets.
//! - [`accounts`]: the merchant's accounts at the providers: add, edit, test, remove, the
//!   sandbox accounts, and the redacted view the UI shows.
//! - [`payouts`]: payout forms, the journal-backed send with recovery by reference, status
//!   polling, cancel and start-up reconciliation.
//! - [`sync`]: bringing each account's local cache up to date, resumably, with progress
//!   events; and the store-backed webhook sink.
//! - [`webhooks`]: the local receiver that checks and records providers' signed webhooks.

#![deny(missing_docs)]

pub mod accounts;
pub mod credentials;
pub mod payouts;
pub mod secrets;
pub mod sync;
pub mod webhooks;

pub use accounts::{
    AccountEdit, AccountService, AccountView, ConnectionCheck, CredentialFields, NewAccountForm,
    SimulatorEndpoint, ensure_sandbox_accounts,
};
pub use credentials::{
    CashWebCredentials, CredentialStatus, Credentials, HexaiCredentials, HexaiEnvironment,
    HgCashCredentials, HpayCredentials, HpayMode, HubcashCredentials, credential_status,
};
#[cfg(any(test, feature = "test-doubles"))]
pub use secrets::InMemoryStore;
pub use secrets::{KeyringStore, SecretName, SecretStore, StoreFuture};
