//! Every CashWeb ASSUMPTION in one place: what Paydesk decided where CashWeb's own document
//! (shared/seeds/cashweb.txt) and the reference (shared/providers/cashweb.md) are silent. Change
//! a value here when the truth is known; the rest of the client reads it from here.

use std::time::Duration as StdDuration;

use chrono::Duration;

use crate::error::{ErrorKind, ProviderError};

/// ASSUMPTION U1 (reference §2): the staging host; keep it configurable.
pub const DEFAULT_BASE_URL: &str = "https://dev.cashweb.cash/api/v1/partner";

/// ASSUMPTION U12 (reference §8): the fiat currency CashWeb never names; per-partner
/// configurable.
pub const DEFAULT_FIAT_CURRENCY: &str = "NGN";

/// Seed ("Expiry and Deadlines"): the deposit window. When an answer carries no
/// `created_at`, Paydesk takes `expires_at - 30 min` as the creation time.
pub const DEPOSIT_WINDOW: Duration = Duration::minutes(30);

/// Seed ("Expiry and Deadlines"): a quote is executable for 120 seconds. When a quote answer
/// carries no `expires_at`, Paydesk counts the 120 s from the moment it asked.
pub const QUOTE_VALIDITY: Duration = Duration::seconds(120);

/// ASSUMPTION U13 (reference §3.1): a quote's `amount` echoes the amount of the mode asked
/// for, so the crypto a fiat-mode quote buys is `fiat / adjusted_rate`, cut (never rounded up)
/// to this many places (USDT's precision, as CashWeb derives `crypto_amount`).
pub const CRYPTO_PLACES: u32 = 6;

/// ASSUMPTION U20 (reference §6): the page size the client always sends (the seed allows
/// 1..100).
pub const PAGE_LIMIT: u32 = 100;

/// Reference §11: how far back each history scan starts before the last sync, so status
/// changes of recent transactions are seen again (their life is at most 30 min + processing).
pub const HISTORY_OVERLAP: Duration = Duration::hours(2);

/// ASSUMPTION U18 (reference §10): rate-limit numbers are unpublished, so one account's client
/// keeps at most this many calls in flight and honours `Retry-After`.
pub const MAX_IN_FLIGHT: usize = 4;

/// ASSUMPTION U4 (reference §5.2): the allowed skew of `X-CW-Webhook-Timestamp` (unix
/// seconds).
pub const WEBHOOK_MAX_SKEW: StdDuration = StdDuration::from_secs(300);

/// ASSUMPTION U4 (reference §5.2): an event-type header, preferred over the body's when
/// present.
pub const WEBHOOK_EVENT_HEADER: &str = "X-CW-Webhook-Event";

/// The seed gives no body for `GET /transactions`: where a page may hold its transactions
/// when it is an object rather than a bare array, in the order Paydesk looks.
pub const LIST_KEYS: [&str; 4] = ["data", "items", "transactions", "results"];

/// ASSUMPTION U10: the error codes that say "the transaction may already exist" on a create
/// (the automatic retry meeting the first create still running, and a reference already
/// used). Whatever the HTTP status, they are a conflict, never a refusal: the payout is
/// looked up by its `merchant_reference` next.
pub const MAY_ALREADY_EXIST_CODES: [&str; 2] =
    ["IDEMPOTENCY_IN_PROGRESS", "DUPLICATE_MERCHANT_REFERENCE"];

/// True for a code of [`MAY_ALREADY_EXIST_CODES`] (any letter case).
pub fn may_already_exist(code: &str) -> bool {
    MAY_ALREADY_EXIST_CODES
        .iter()
        .any(|known| known.eq_ignore_ascii_case(code.trim()))
}

/// ASSUMPTION: a 404 is CashWeb's own "no such transaction" (which permits a resend with the
/// same key and body, seed "Recovery Endpoints") only when its body names an error code; a bare
/// 404 (a wrong base URL, a proxy) says nothing about the transaction.
pub fn is_cashweb_not_found(error: &ProviderError) -> bool {
    error.kind == ErrorKind::NotFound && error.code.as_deref().is_some_and(|c| !c.trim().is_empty())
}

/// The `Idempotency-Key` Paydesk sends for a deposit request: one per business action, the
/// same on every retry of it (reference §7), derived from the journal's `merchant_reference`.
pub fn idempotency_key_for(merchant_reference: &str) -> String {
    format!("paydesk-create-{merchant_reference}")
}

/// The `Idempotency-Key` Paydesk sends to cancel a transaction (one per cancel action).
pub fn cancel_idempotency_key_for(transaction_id: &str) -> String {
    format!("paydesk-cancel-{transaction_id}")
}
