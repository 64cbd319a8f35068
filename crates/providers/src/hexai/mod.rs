//! Hexai Payment Gateway (HPG): Wave mobile money in The Gambia.
//!
//! - [`client::HexaiClient`]: one async method per endpoint of the reference
//!   (`shared/providers/hexai.md` section 5), the error mapping, and the Paydesk traits
//!   ([`crate::BalanceSource`], [`crate::HistorySource`], [`crate::PayoutSink`]).
//! - [`wire`]: HPG's JSON exactly as it spells it, and the conversions into domain types;
//!   [`figures`]: the dashboard figures (balance, stats, chart); both read HPG's answers
//!   through `decode` (the malformed-answer error, parsing, bututs next to GMD text).
//! - [`webhook`]: the `wave-signature` check and the event parser.
//!
//! Every choice the reference marks as an ASSUMPTION that this client relies on is a constant
//! below, named after the section that states it, so it changes in one place.

pub mod client;
mod decode;
pub mod figures;
pub mod webhook;
pub mod wire;

pub use client::{HexaiClient, KeyEnvironment};
pub use webhook::{WebhookEvent, WebhookEventName};
pub use wire::{
    BalanceSummary, CollectionCreated, CollectionRequest, EarningsDay, HexaiStatus, HexaiType,
    Stats, TransactionsPage,
};

/// The seed's base URL (section 2); a setting, this is only its default.
pub const DEFAULT_BASE_URL: &str = "https://hpg.hexai.gm/api/v1";

/// The only currency HPG shows (section 4). ASSUMPTION: any other is refused.
pub const CURRENCY: &str = "GMD";

/// Request amounts are GMD strings with two decimals (section 4).
pub const AMOUNT_PLACES: u32 = 2;

/// Prefix of sandbox keys (section 2).
pub const TEST_KEY_PREFIX: &str = "sk_test_";

/// Prefix of live keys (section 2).
pub const LIVE_KEY_PREFIX: &str = "sk_live_";

/// ASSUMPTION (section 3.4): a `client_reference` is 1 to 100 characters of `[A-Za-z0-9._-]`.
pub const MAX_REFERENCE_LEN: usize = 100;

/// ASSUMPTION (section 5.7): `limit` is at most 100; history pages ask for that many.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// ASSUMPTION (section 9, recovery step b): how many of the newest history pages `find` scans
/// for a reference the status endpoint did not know. Past this the answer is "cannot tell",
/// never "not there", so the engine cannot take it as leave to resend.
pub const RECOVERY_SCAN_PAGES: u32 = 20;

/// ASSUMPTION (section 9): an initiate is not resent by the HTTP layer. The reference's
/// idempotency would make a replay harmless, but Paydesk recovers by lookup first and resends
/// only as the engine's last resort, never blindly.
pub const INITIATE_REPEAT: crate::Repeat = crate::Repeat::Never;

fn reference_is_valid(reference: &str) -> bool {
    (1..=MAX_REFERENCE_LEN).contains(&reference.len())
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}
