//! Every choice the Hubcash client makes where the seed (shared/seeds/hubcash.txt) is silent,
//! in one place (reference shared/providers/hubcash.md, section 13 numbers each). Change them
//! here when the truth is known. This file imports nothing from its siblings.
//!
//! Choices carried by the request types themselves (`wire/request.rs`): Paydesk always sends
//! `Document` with a new card (unknown 15), always sends `Capture` (unknown 13: a missing
//! `Capture` may mean false), and puts a unique `Ref` on every sale it creates so a lost
//! `POST /sales` can be found again (unknown 21: Hubcash documents no idempotency).

use paydesk_domain::TransactionStatus;

/// Reference 2: no format is documented for the code or the token, so the client only checks
/// that each is given.
pub fn credential_is_usable(value: &str) -> bool {
    !value.trim().is_empty()
}

/// Unknown 8: the largest page `rows` allows.
pub const MAX_ROWS: u32 = 100;
/// Unknown 8: the page size Hubcash uses when `rows` is left out.
pub const DEFAULT_ROWS: u32 = 10;
/// The page size the history walk asks for: full sale objects (billet images included) are
/// large, so a modest page.
pub const HISTORY_ROWS: u32 = 50;

/// Unknown 7, revised: the seed marks `Status` as required on `GET /sales`, so every list the
/// client walks is asked one documented status at a time (a provider answering a missing
/// `Status` with 200 and nothing, or with one default status, would otherwise give a silently
/// partial history). The order is chosen so that every transition of reference 7.4 (1→2→3→7,
/// 1→4→7, 2/4→5, 1–4→6, 7→6) goes to a status walked later: a sale that moves while the walk
/// runs is read again in its new status, never lost between two lists.
pub const STATUS_WALK: [u8; 7] = [1, 2, 3, 4, 7, 5, 6];

/// A status list ends on an empty page, not on a short one: the largest `rows` Hubcash
/// serves is not documented (unknown 8), so a page shorter than asked does not prove the end.
pub const STATUS_LIST_ENDS_ON_EMPTY_PAGE: bool = true;

/// Unknown 2: the text behind the seed's `"Y-m-dTH:i:s GMT"` placeholder, in UTC.
pub const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S GMT";
/// Unknown 2: other date texts read leniently (after RFC 3339, which is always accepted).
pub const LENIENT_DATE_FORMATS: [&str; 1] = ["%Y-%m-%d %H:%M:%S"];
/// A `Birthdate` may also be a plain day.
pub const BIRTHDATE_FORMAT: &str = "%Y-%m-%d";

/// Reference 7.4 / unknown 12: a billet in 5 Fail was not paid by its due date, so it is
/// `expired`; a card sale in 5 Fail is `failed`.
pub fn failed_sale_status(is_billet: bool) -> TransactionStatus {
    if is_billet {
        TransactionStatus::Expired
    } else {
        TransactionStatus::Failed
    }
}

/// Reference 7.3: a sale in 6 Canceled that carries `DateReversed` was Done and given back
/// (`refunded`); otherwise it was canceled before it completed.
pub fn canceled_sale_status(reversed: bool) -> TransactionStatus {
    if reversed {
        TransactionStatus::Refunded
    } else {
        TransactionStatus::Cancelled
    }
}

/// A `Status` word that is not one of the seed's seven is read with these separators ignored
/// and letter case folded (`"Waiting Payment"`, `"waiting_payment"`, `"WAITINGPAYMENT"`).
pub const STATUS_WORD_SEPARATORS: [char; 3] = [' ', '_', '-'];

/// The schema leaves `Status` out of a sale's required fields: in a list asked for one
/// status, a sale without it is taken to be in the status asked for. Elsewhere (one sale read
/// by id) it is shown as this word, as an unknown status.
pub const NO_STATUS_WORD: &str = "(no status)";

/// Unknown 5: a 400 with `Field` `Status` whose `Description` starts with this text is Hubcash
/// refusing a capture or cancel the sale's status no longer allows: a conflict.
pub const STATE_REFUSAL_PREFIX: &str = "Sale ";
/// Unknown 21: a 400 `Ref`/`Not allowed` is a duplicate `Ref` (when Hubcash enforces them).
pub const DUPLICATE_REF: (&str, &str) = ("Ref", "Not allowed");

/// Reference 2 / unknown 1: nothing in the keys or the URL tells development keys from
/// production keys, so the merchant says which when adding the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEnvironment {
    /// Development keys.
    Development,
    /// Production keys.
    Production,
}
