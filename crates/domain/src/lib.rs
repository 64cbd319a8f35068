//! Paydesk's domain: the merchant's money, accounts, transactions, balances and payout
//! requests, as pure types and rules.
//!
//! No IO, no async and no provider's wire quirks live here: providers map their own formats
//! into these types, the store persists them, the engine decides with them and the UI shows
//! them. Money is exact ([`Money`] never touches floating point) and every rule a value must
//! keep is checked where the value is built.

#![deny(missing_docs)]

pub mod balance;
pub mod cbu;
pub mod error;
pub mod money;
pub mod payout;
pub mod provider;
pub mod request;
pub mod secret;
pub mod transaction;

pub use balance::Balance;
pub use error::{AppError, ErrorCode};
pub use money::{Currency, Money, MoneyError};
pub use payout::{BankDestination, CashWebPricing, Cuit, FieldError, PayoutRequest, WaveNumber};
pub use provider::{AccountId, Mode, ProviderKind};
pub use request::{IntentKind, RequestState};
pub use secret::Secret;
pub use transaction::{Counterparty, Direction, Transaction, TransactionKind, TransactionStatus};
