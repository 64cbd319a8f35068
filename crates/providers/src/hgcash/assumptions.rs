//! Every ASSUMPTION from shared/providers/hgcash.md the client relies on, in one place, so
//! each can be changed when the truth is known. The section of the reference is named.
//!
//! This file is a leaf: it names no sibling module, so every other file may use it.

/// §3.3: "send at most 2 decimal places (ASSUMPTION: ARS has 2 decimals)".
pub const AMOUNT_DECIMALS: u32 = 2;

/// §5.3/§5.4 and U18: webhook `date` is a local time without offset, read with `timezone`.
/// Paydesk carries no time-zone database, so the zones HG.Cash's markets use are listed with
/// their fixed UTC offset in seconds. ASSUMPTION: Argentina has kept UTC-3 without daylight
/// saving since 2009 (every `America/Argentina/*` zone); Brazil's `America/Sao_Paulo` without
/// DST since 2019. A zone not listed is an error, never a guess.
pub const TIMEZONE_OFFSETS: &[(&str, i32)] = &[
    ("America/Buenos_Aires", -3 * 3600),
    ("America/Sao_Paulo", -3 * 3600),
    ("America/La_Paz", -4 * 3600),
    ("UTC", 0),
    ("Etc/UTC", 0),
];

/// Prefix every `America/Argentina/...` zone shares (all at UTC-3, see above).
pub const ARGENTINA_ZONE_PREFIX: &str = "America/Argentina/";

/// U14: the fixed offset, in seconds, of a listed zone.
pub fn timezone_offset(zone: &str) -> Option<i32> {
    if zone.starts_with(ARGENTINA_ZONE_PREFIX) {
        return Some(-3 * 3600);
    }
    TIMEZONE_OFFSETS
        .iter()
        .find(|(name, _)| *name == zone)
        .map(|(_, offset)| *offset)
}

/// §5.3: a request notification's `direction` is unreliable (the docs' example says
/// `Inbound` for a cash-out). ASSUMPTION: `type == "request"` means a cash-out, always `Out`.
pub const REQUEST_TYPE: &str = "request";

/// §5.2: the signature header and its prefix.
pub const SIGNATURE_HEADER: &str = "X-HG-Webhook-Signature";

/// §5.2: the header value is `sha256=<hex>`.
pub const SIGNATURE_PREFIX: &str = "sha256=";

/// The seed's Reference Data: "Use the returned IDs in the typeID field when creating
/// transactions", and its list of common types names `transfer` ("Bank transfer"), which is
/// what a cash-out to a CBU/CVU is. Matched without regard to letter case.
pub const TRANSFER_TYPE_NAME: &str = "transfer";

/// ASSUMPTION (the seed asks for `typeID`, the create schema of §3.3 does not list it):
/// HG.Cash does not require it. So when the reference data names no `transfer` type with an
/// id (the seed's own example answers `{"success": true, "data": [{}, {}, {}]}`), the
/// cash-out is sent without `typeID`, and the client logs it once; when the look-up itself
/// fails (unreachable, 5xx, unreadable), that cash-out is sent without `typeID` too and the
/// next one asks again. Set to `true` to refuse such a cash-out before anything is sent.
pub const TYPE_ID_REQUIRED: bool = false;

/// ASSUMPTION (§3.3, U2): a create answer without `status` means HG.Cash recorded the
/// request and nothing more is known yet: it reads as this word, pending, never final.
pub const STATUS_WHEN_ABSENT: &str = "PENDING";

/// §3.7: the status endpoint of HG.Cash's Chile rail answers `pending|done|expired|cancelled`
/// in lower case. ASSUMPTION: those words mean the same on a cash-out request, `expired`
/// included (final: the money did not move).
pub const EXPIRED_WORD: &str = "expired";

/// ASSUMPTION (§3.4: the seed shows no status answer at all): a status answer without
/// `updatedAt` last changed when it was created (`createdAt`); without either, Paydesk dates
/// it by the moment it read it.
pub fn status_time<T: Copy>(updated: Option<T>, created: Option<T>, read_at: T) -> T {
    updated.or(created).unwrap_or(read_at)
}
