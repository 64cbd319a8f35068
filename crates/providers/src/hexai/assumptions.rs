//! Every choice Paydesk makes where HPG's document (shared/seeds/hexai.txt) is silent, in one
//! place, each named after the section of shared/providers/hexai.md that states it, so a
//! choice changes here when the truth is known. The other files only use these.

use chrono::{DateTime, Utc};
use paydesk_domain::{Direction, Mode, TransactionKind, TransactionStatus};

/// §4: the seed shows only `GMD`; an answer in any other currency is unreadable, and a request
/// in another is refused before it is sent. Matched without regard to letter case.
pub fn currency_is_accepted(code: &str) -> bool {
    code.trim().eq_ignore_ascii_case(super::CURRENCY)
}

/// §2: keys with neither the `sk_test_` nor the `sk_live_` prefix (older `hexai_…` keys) are
/// accepted and shown as live, the safer label. Only an empty key is refused: no length or
/// alphabet check.
pub const UNPREFIXED_KEY_MODE: Mode = Mode::Live;

/// §3.1: the success envelope's `status` word. The seed spells it `success`; it is matched
/// without regard to letter case, and a body without the envelope is read as it is.
pub const SUCCESS_ENVELOPE_WORD: &str = "success";

/// §3.4: a `client_reference` is 1 to this many characters of `[A-Za-z0-9._-]` (it also goes
/// into a URL path, so it needs no percent-encoding).
pub const MAX_REFERENCE_LEN: usize = 100;

/// §3.4: the reference rule above.
pub fn reference_is_valid(reference: &str) -> bool {
    (1..=MAX_REFERENCE_LEN).contains(&reference.len())
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// §6.1: what each status word means. The seed spells its statuses three ways (`PENDING` in
/// the collection answer, `SUCCESS`/`FAILED` in the magic-amount table, `SUCCEEDED` in the
/// webhook example); all are read, whatever their letter case and surrounding spaces. Any
/// other word is kept as sent and means [`TransactionStatus::Unknown`]: never final, never an
/// error.
pub const STATUS_WORDS: [(&str, TransactionStatus); 4] = [
    ("PENDING", TransactionStatus::Pending),
    ("SUCCESS", TransactionStatus::Succeeded),
    ("SUCCEEDED", TransactionStatus::Succeeded),
    ("FAILED", TransactionStatus::Failed),
];

/// §6.1: the meaning of a status word (see [`STATUS_WORDS`]).
pub fn status_meaning(word: &str) -> TransactionStatus {
    let word = word.trim();
    STATUS_WORDS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(word))
        .map_or(TransactionStatus::Unknown, |(_, status)| *status)
}

/// §6.2: a transaction that names no type (or one other than `COLLECTION`/`PAYOUT`) is a
/// payout when it names a recipient's Wave number, a collection otherwise. The seed shows the
/// type only in its webhook example.
pub fn untyped_kind(has_recipient: bool) -> (Direction, TransactionKind) {
    if has_recipient {
        (Direction::Out, TransactionKind::Payout)
    } else {
        (Direction::In, TransactionKind::Collection)
    }
}

/// §3.4: a transaction without `created_at` is dated by its `updated_at`, and one with
/// neither by the moment Paydesk read it (the seed shows no timestamp at all).
pub fn record_time(
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    read_at: DateTime<Utc>,
) -> DateTime<Utc> {
    created_at.or(updated_at).unwrap_or(read_at)
}

/// §5.7: the seed gives no body for `GET /client/transactions`. The list is read as a bare
/// array, or from an object holding it under one of these keys (searched in this order, also
/// nested, e.g. `data.transactions` or `transactions.data`).
pub const LIST_KEYS: [&str; 4] = ["data", "transactions", "items", "results"];

/// §5.7: how deep objects are searched for the list (`{"data":{"transactions":{"data":[…]}}}`
/// is three levels).
pub const LIST_DEPTH: usize = 3;

/// §5.7: where a page's position may be given: a block under one of these keys, or the fields
/// beside the list itself.
pub const PAGINATION_KEYS: [&str; 2] = ["pagination", "meta"];

/// §5.7: the names each pagination figure may go by (the reference's own name first).
pub const PAGE_FIELDS: [&str; 2] = ["page", "current_page"];
/// See [`PAGE_FIELDS`].
pub const LIMIT_FIELDS: [&str; 2] = ["limit", "per_page"];
/// See [`PAGE_FIELDS`].
pub const TOTAL_FIELDS: [&str; 2] = ["total", "total_count"];
/// See [`PAGE_FIELDS`].
pub const TOTAL_PAGES_FIELDS: [&str; 3] = ["total_pages", "last_page", "pages"];

/// §5.7: `limit` is at most 100; history pages ask for that many.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// §8: without pagination figures, pages are walked until a short or empty one, or until a
/// page ends on the same transaction as the one before it (a provider that ignores `page`), and
/// never past this many pages (a million transactions at [`MAX_PAGE_LIMIT`]).
pub const MAX_UNPAGED_PAGES: u32 = 10_000;

/// §9, recovery step (b): how many of the newest history pages `find` scans for a reference
/// the status lookup did not know. Past this the answer is "cannot tell", never "not there",
/// so the engine cannot take it as leave to resend.
pub const RECOVERY_SCAN_PAGES: u32 = 20;

/// §9: an initiate is not resent by the HTTP layer. The reference's idempotency would make a
/// replay harmless, but Paydesk recovers by lookup first and resends only as the engine's last
/// resort, never blindly.
pub const INITIATE_REPEAT: crate::Repeat = crate::Repeat::Never;

/// §5.6: the chart covers this many days, ending on the last date given; missing days are
/// filled with zero.
pub const CHART_DAYS: i64 = 7;

/// §5.6: the widest span of days a chart answer may cover (ten years); a wider one is refused
/// rather than zero-filled day by day.
pub const MAX_CHART_SPAN_DAYS: i64 = 3660;

/// §6.3: the failure event's name (public code; the seed names only `transaction.completed`).
/// The new state is always read from `transaction.status`, never from the name.
pub const FAILED_EVENT: &str = "transaction.failed";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_read_in_any_case() {
        for (word, status) in [
            ("PENDING", TransactionStatus::Pending),
            ("success", TransactionStatus::Succeeded),
            (" Succeeded ", TransactionStatus::Succeeded),
            ("failed", TransactionStatus::Failed),
            ("ON_HOLD", TransactionStatus::Unknown),
            ("COMPLETED", TransactionStatus::Unknown),
            ("", TransactionStatus::Unknown),
        ] {
            assert_eq!(status_meaning(word), status, "{word:?}");
        }
    }
}
