//! Every HPAY behaviour the documentation leaves open and the client relies on, in one place
//! (reference shared/providers/hpay.md, sections named on each item). Change them here when
//! the truth is known. This file imports nothing from its siblings.
//!
//! Choices carried by types elsewhere: the notification to `notify_url` (§5, U5) is taken to be
//! an unsigned POST of JSON (or a query string) with at least `transaction_id` and `status`,
//! read by `webhook.rs` as a hint only; a `/payment/` answer is a created link as soon as it
//! names a `transaction_id` and a `checkout_url`: an echoed amount or currency that differs
//! from the request (the seed's own example pair: 14900 sent, `"100"` echoed) is kept as a
//! warning on the link (`wire/payments.rs`), never a failure.

use std::time::Duration;

/// §2.3 / §4 `livetime`: a token lives 15 minutes when `livetime` cannot be read.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// §2.3 / §4 `livetime`: the documented lifetimes are minutes (`"15mn"`); one longer than a day
/// is not a lifetime HPAY means, so the token answer is refused as unreadable.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// §2.3 / U4: the cached token is renewed proactively once this much of its lifetime has
/// passed (12 minutes of 15), numerator over [`RENEW_AT_DENOMINATOR`].
pub const RENEW_AT_NUMERATOR: u32 = 4;
/// See [`RENEW_AT_NUMERATOR`].
pub const RENEW_AT_DENOMINATOR: u32 = 5;

/// §3.7: `error_code` values the simulator table marks as auth-type (bad credentials, invalid
/// or expired token). Auth failures are ALSO recognised by message, see [`AUTH_MESSAGE_HINTS`].
pub const AUTH_ERROR_CODES: [i64; 2] = [1, 2];
/// §3.7: `error_code` of an invalid or expired token (the one that triggers a renewal).
pub const TOKEN_ERROR_CODE: i64 = 2;
/// §3.7: lower-case words in `message` that mark an auth-type failure.
pub const AUTH_MESSAGE_HINTS: [&str; 3] = ["token", "credential", "unauthori"];
/// §3.7: lower-case words in `message` that mark a validation failure.
pub const VALIDATION_MESSAGE_HINTS: [&str; 3] = ["missing", "invalid parameter", "invalid amount"];
/// §3.7: lower-case words in `message` that mark an unknown record.
pub const NOT_FOUND_MESSAGE_HINTS: [&str; 1] = ["not found"];
/// §3.7: lower-case words in `message` that mark a passing failure on HPAY's side.
pub const UNAVAILABLE_MESSAGE_HINTS: [&str; 2] = ["unavailable", "try again"];
/// §3.7: lower-case words in `message` that mark a token issued for the other mode.
pub const MODE_MESSAGE_HINTS: [&str; 1] = ["mode mismatch"];

/// §6 / U9: `fetch_limit` is `"<offset>,<count>"`; the client asks 50 at a time.
pub const PAGE_SIZE: u32 = 50;

/// §11: a sync after the first re-scans this many trailing days to catch `UNPAID -> PAID`.
pub const RESCAN_DAYS: i64 = 7;

/// §3.3 / U10: `date_generated` (`YYYY-MM-DD HH:MM:SS`) carries no zone; read as UTC.
pub const DATE_GENERATED_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
/// §3.3: the `date_from`/`date_to` filter format.
pub const DATE_FILTER_FORMAT: &str = "%Y-%m-%d";

/// §3.3: an empty filter value (`"transaction_id": ""` in the seed) means "no filter" for
/// `date_from`, `date_to` and `transaction_id`. Never for `statut`: the seed allows only
/// `UNPAID` or `PAID` there, so every read of the history asks for each of them in turn.
pub const NO_FILTER: &str = "";

/// §3.3 / §11: the order the history walk (and every look-up) asks the `statut` values in.
/// `UNPAID` first: links only move `UNPAID -> PAID`, so a link paid while the walk runs is
/// read again in the `PAID` list instead of being lost between the two. A link whose `status`
/// is neither word (U7) is seen only if HPAY lists it under one of the two: the seed gives no
/// other way to ask for it.
pub const STATUT_WALK: [&str; 2] = ["UNPAID", "PAID"];

/// §7: Paydesk's order reference is written into `description` inside this marker
/// (`"… [ref ORDER-1]"`), so orphan links can be matched to our orders.
pub const REFERENCE_OPEN: &str = "[ref ";
/// See [`REFERENCE_OPEN`].
pub const REFERENCE_CLOSE: &str = "]";

/// U15: rate limits are unknown; the client keeps at least this long between two calls.
/// Sandbox clients may lower it with `HpayClient::with_pacing`.
pub const MIN_REQUEST_INTERVAL: Duration = Duration::from_secs(1);
