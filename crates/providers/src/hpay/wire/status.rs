//! A payment link's `status` (§4) and the `statut` filter of `/getPaymentHistory/`, and
//! Paydesk's status mapping as a `From` impl into `TransactionStatus`.
//!
//! The seed documents `UNPAID` and `PAID` only. They are read in any letter case; any other
//! word is kept exactly as sent and maps to `TransactionStatus::Unknown`: it never fails a
//! page and never counts as final.

use std::fmt;

use paydesk_domain::TransactionStatus;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A payment link's status: `UNPAID`, `PAID`, or a word HPAY has not documented, kept as it
/// came (U7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// `UNPAID`: created, not paid (may stay so forever; links do not expire, U8).
    Unpaid,
    /// `PAID`: terminal (§4).
    Paid,
    /// Any other word, unchanged.
    Other(String),
}

impl PaymentStatus {
    /// The two statuses the seed documents, which are also the only `statut` values it allows.
    pub const DOCUMENTED: [PaymentStatus; 2] = [PaymentStatus::Unpaid, PaymentStatus::Paid];

    /// The word HPAY uses (an undocumented one as it came).
    pub fn as_wire(&self) -> &str {
        match self {
            PaymentStatus::Unpaid => "UNPAID",
            PaymentStatus::Paid => "PAID",
            PaymentStatus::Other(word) => word,
        }
    }

    /// Reads HPAY's word in any letter case; never fails (unknown words become
    /// [`PaymentStatus::Other`], kept as sent).
    pub fn from_wire(word: &str) -> PaymentStatus {
        let trimmed = word.trim();
        if trimmed.eq_ignore_ascii_case("UNPAID") {
            PaymentStatus::Unpaid
        } else if trimmed.eq_ignore_ascii_case("PAID") {
            PaymentStatus::Paid
        } else {
            PaymentStatus::Other(trimmed.to_owned())
        }
    }

    /// Paydesk's status for it (see the `From` impl).
    pub fn unified(&self) -> TransactionStatus {
        TransactionStatus::from(self)
    }
}

/// `UNPAID` is pending, `PAID` succeeded (the money moved), anything else unknown: never final,
/// so the link keeps being read until HPAY says a word Paydesk knows.
impl From<&PaymentStatus> for TransactionStatus {
    fn from(status: &PaymentStatus) -> Self {
        match status {
            PaymentStatus::Unpaid => TransactionStatus::Pending,
            PaymentStatus::Paid => TransactionStatus::Succeeded,
            PaymentStatus::Other(_) => TransactionStatus::Unknown,
        }
    }
}

impl<'de> Deserialize<'de> for PaymentStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let token = raw.get().trim();
        if token.starts_with('"') {
            let word: String = serde_json::from_str(token).map_err(D::Error::custom)?;
            Ok(PaymentStatus::from_wire(&word))
        } else {
            // A number or anything else where a word was expected: kept as written.
            Ok(PaymentStatus::Other(token.chars().take(40).collect()))
        }
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}
