//! How the HPAY simulator's replies follow its reply profile ([`Variance`]): the status word a
//! link shows, the amount a create answer echoes, and what a history asked without a
//! documented `statut` answers.
//!
//! The seed (shared/seeds/hpay.txt) shows every field the simulator writes, in each answer, so
//! the documented-only profile changes no field; it changes what the seed leaves undefined:
//! `statut` is documented as `"UNPAID or PAID"` only, so a history asked with `statut: ""` (or
//! without it) answers an empty list there, as a server filtering on an empty status would,
//! never every link.

use super::SimMode;
use super::state::{Payment, State, Status};
use crate::variance::{Quirk, Variance};

/// The undocumented status word a link shows now, if any: the `n`th link of its book
/// (creation order) chosen by [`Variance::unknown_word_for`] shows it while it is unpaid, then
/// `PAID` once paid. Spelled in HPAY's letter case (`ON_HOLD`).
pub(crate) fn unknown_word(variance: &Variance, index: usize, status: Status) -> Option<String> {
    match status {
        Status::Unpaid => variance
            .unknown_word_for(u64::try_from(index).ok()?)
            .map(str::to_uppercase),
        Status::Paid => None,
    }
}

/// The status word a client reads for a link now.
pub(crate) fn shown_status(state: &State, mode: SimMode, payment: &Payment) -> String {
    state
        .book(mode)
        .position(&payment.id)
        .and_then(|i| unknown_word(&state.variance, i, payment.status))
        .unwrap_or_else(|| payment.status.as_wire().to_owned())
}

/// What `/payment/` echoes as `amount` (in minor units of the account currency): the amount
/// asked, or under [`Quirk::HpayEchoesOtherAmount`] the other number of the seed's own example
/// pair (14900 sent, `"100"` returned): 100 in major units, or 14900 when 100 was asked.
pub(crate) fn echoed_amount(variance: &Variance, asked_minor: i64, scale: u32) -> i64 {
    if !variance.has(Quirk::HpayEchoesOtherAmount) {
        return asked_minor;
    }
    let unit = 10i64.saturating_pow(scale);
    let hundred = unit.saturating_mul(100);
    if asked_minor == hundred {
        unit.saturating_mul(14_900)
    } else {
        hundred
    }
}

/// True when a history asked without a documented `statut` answers no link at all.
pub(crate) fn empty_without_statut(variance: &Variance) -> bool {
    variance.documented_only
}
