//! How far a simulator strays from its default replies toward what a real provider may
//! answer while still keeping to its document.
//!
//! The default profile is the one the sandbox dashboard shows: every field the provider's
//! reference lists, status words as the reference spells them. The other profiles challenge
//! the clients instead of agreeing with them:
//!
//! - **documented-only**: replies carry only the fields the provider's own document (the seed)
//!   shows; where the document gives no reply body at all, the least a provider could
//!   plausibly send (for example a Hexai payout answered with `transaction_id` and `status`
//!   alone). Status words are spelled exactly as the document spells them.
//! - **unknown status**: some records carry a status word the document does not list; they
//!   stay on it for a while, then move on as usual.
//! - **no deduplication**: a request repeated with a reference already used creates a second
//!   record, so a blind resend shows as a payout executed twice.
//! - one **quirk** per provider where its document allows an answer the clients once
//!   misread ([`Quirk`]).
//!
//! Every simulator takes a [`Variance`] through its `set_variance` method (and its config), at
//! any time; the payout soak runs once per profile.

use std::collections::BTreeSet;

/// A status word outside every provider's document, for [`Variance::unknown_status`].
pub const UNKNOWN_STATUS_WORD: &str = "on_hold";

/// One provider-specific answer a document allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quirk {
    /// HG.Cash answers its reference data (`GET /api/v1/types/...`) with the document's
    /// example shape: `{"success": true, "data": [{}, {}, {}]}`.
    HgCashEmptyReferenceData,
    /// CashWeb answers a create whose `Idempotency-Key` is already in use with 409
    /// `IDEMPOTENCY_IN_PROGRESS` (the first create is still running), after committing it.
    CashWebIdempotencyInProgress,
    /// CashWeb answers a create whose `merchant_reference` exists with 409
    /// `DUPLICATE_MERCHANT_REFERENCE`, even when the first create's answer was lost.
    CashWebDuplicateMerchantReference,
    /// Hubcash answers `GET /sales` without `Status` with 200 and an empty list.
    HubcashSalesNeedStatus,
    /// HPAY echoes another amount than the one asked for when it creates a payment link (the
    /// document's own example pair: 14900 sent, "100" returned).
    HpayEchoesOtherAmount,
}

impl Quirk {
    /// Every quirk, for a soak that runs each.
    pub const ALL: [Quirk; 5] = [
        Quirk::HgCashEmptyReferenceData,
        Quirk::CashWebIdempotencyInProgress,
        Quirk::CashWebDuplicateMerchantReference,
        Quirk::HubcashSalesNeedStatus,
        Quirk::HpayEchoesOtherAmount,
    ];

    /// A short name for reports: `hgcash-empty-reference-data`, ...
    pub fn name(self) -> &'static str {
        match self {
            Quirk::HgCashEmptyReferenceData => "hgcash-empty-reference-data",
            Quirk::CashWebIdempotencyInProgress => "cashweb-idempotency-in-progress",
            Quirk::CashWebDuplicateMerchantReference => "cashweb-duplicate-merchant-reference",
            Quirk::HubcashSalesNeedStatus => "hubcash-sales-need-status",
            Quirk::HpayEchoesOtherAmount => "hpay-echoes-other-amount",
        }
    }
}

/// An unknown status word given to some records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus {
    /// The word, e.g. [`UNKNOWN_STATUS_WORD`]; each simulator spells it in its own letter case.
    pub word: String,
    /// One record in this many gets it (1: every record).
    pub every: u32,
}

impl Default for UnknownStatus {
    fn default() -> Self {
        UnknownStatus {
            word: UNKNOWN_STATUS_WORD.to_owned(),
            every: 3,
        }
    }
}

/// A simulator's reply profile. `Variance::default()` is today's sandbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variance {
    /// Only the fields and status spellings the provider's document shows.
    pub documented_only: bool,
    /// Some records carry a status word the document does not list.
    pub unknown_status: Option<UnknownStatus>,
    /// A reference used twice makes two records instead of being refused or deduplicated.
    pub no_dedup: bool,
    /// Provider-specific answers (each simulator reads its own).
    pub quirks: BTreeSet<Quirk>,
}

impl Variance {
    /// The documented-only profile.
    pub fn documented_only() -> Variance {
        Variance {
            documented_only: true,
            ..Variance::default()
        }
    }

    /// Some records carry [`UNKNOWN_STATUS_WORD`].
    pub fn unknown_status() -> Variance {
        Variance {
            unknown_status: Some(UnknownStatus::default()),
            ..Variance::default()
        }
    }

    /// One quirk on top of the default profile.
    pub fn quirk(quirk: Quirk) -> Variance {
        Variance {
            quirks: BTreeSet::from([quirk]),
            ..Variance::default()
        }
    }

    /// Also without deduplication by reference.
    pub fn without_dedup(self) -> Variance {
        Variance {
            no_dedup: true,
            ..self
        }
    }

    /// True when `quirk` is on.
    pub fn has(&self, quirk: Quirk) -> bool {
        self.quirks.contains(&quirk)
    }

    /// True when the `n`th record (counting from 0) gets the unknown status word; the word.
    pub fn unknown_word_for(&self, n: u64) -> Option<&str> {
        let unknown = self.unknown_status.as_ref()?;
        n.is_multiple_of(u64::from(unknown.every.max(1)))
            .then_some(unknown.word.as_str())
    }

    /// A short name for reports: `default`, `documented-only`, `unknown-status`,
    /// `no-dedup`, a quirk's name, or several joined with `+`.
    pub fn name(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if self.documented_only {
            parts.push("documented-only");
        }
        if self.unknown_status.is_some() {
            parts.push("unknown-status");
        }
        if self.no_dedup {
            parts.push("no-dedup");
        }
        parts.extend(self.quirks.iter().map(|q| q.name()));
        if parts.is_empty() {
            "default".to_owned()
        } else {
            parts.join("+")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_have_names_and_choose_records() {
        assert_eq!(Variance::default().name(), "default");
        assert_eq!(
            Variance::documented_only().without_dedup().name(),
            "documented-only+no-dedup"
        );
        let unknown = Variance::unknown_status();
        assert_eq!(unknown.unknown_word_for(0), Some(UNKNOWN_STATUS_WORD));
        assert_eq!(unknown.unknown_word_for(1), None);
        assert_eq!(Variance::default().unknown_word_for(0), None);
        assert!(Variance::quirk(Quirk::HpayEchoesOtherAmount).has(Quirk::HpayEchoesOtherAmount));
    }
}
