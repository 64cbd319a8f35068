//! Hexai Payment Gateway (HPG): Wave mobile money in The Gambia (reference:
//! shared/providers/hexai.md; original: shared/seeds/hexai.txt).
//!
//! - [`client::HexaiClient`]: one async method per endpoint (§5), and the Paydesk traits
//!   ([`crate::BalanceSource`], [`crate::HistorySource`], [`crate::PayoutSink`]);
//! - [`wire`]: HPG's JSON as it spells it, and the conversions into domain types. The seed
//!   shows no answer for the payout, the status lookup or the transactions list, so those
//!   require only a status and an id; any status word is kept, an unknown one meaning
//!   `TransactionStatus::Unknown`;
//! - [`errors`]: HPG's error body, read once ([`errors::error_from`]);
//! - [`webhook`]: the `wave-signature` check and the event parser;
//! - [`assumptions`]: every choice made where the seed is silent.
//!
//! The constants below are the seed's own facts.

pub mod assumptions;
pub mod client;
pub mod errors;
pub mod webhook;
pub mod wire;

pub use client::{HexaiClient, KeyEnvironment};
pub use errors::error_from;
pub use webhook::{WebhookEvent, WebhookEventName};
pub use wire::{
    BalanceSummary, CollectionCreated, CollectionRequest, EarningsDay, HexaiPagination,
    HexaiStatus, HexaiTransaction, HexaiType, Stats, TransactionsPage,
};

/// The seed's base URL (§2); a setting, this is only its default.
pub const DEFAULT_BASE_URL: &str = "https://hpg.hexai.gm/api/v1";

/// The only currency the seed shows (§4).
pub const CURRENCY: &str = "GMD";

/// Request amounts are GMD strings with two decimals (§4: `"100.00"`).
pub const AMOUNT_PLACES: u32 = 2;

/// Prefix of sandbox keys (§2).
pub const TEST_KEY_PREFIX: &str = "sk_test_";

/// Prefix of live keys (§2).
pub const LIVE_KEY_PREFIX: &str = "sk_live_";
