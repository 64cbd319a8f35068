//! HPG's words for a transaction's state and kind (§6.1, §6.2), kept as sent, and what they
//! mean to Paydesk: `From<&HexaiStatus> for TransactionStatus` is the status mapping.

use std::fmt;

use paydesk_domain::{Direction, TransactionKind, TransactionStatus};
use serde::{Deserialize, Deserializer, Serialize};

use super::super::assumptions::{status_meaning, untyped_kind};

/// A status word exactly as HPG sent it (`PENDING`, `SUCCESS`, `succeeded`, `ON_HOLD`...).
/// Its meaning comes from [`TransactionStatus::from`]; an unknown word is kept, never refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct HexaiStatus(String);

impl HexaiStatus {
    /// A word as received.
    pub fn new(word: impl Into<String>) -> HexaiStatus {
        HexaiStatus(word.into())
    }

    /// The word as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Paydesk's status for it.
    pub fn to_domain(&self) -> TransactionStatus {
        TransactionStatus::from(self)
    }
}

impl From<&HexaiStatus> for TransactionStatus {
    /// §6.1: `PENDING`; `SUCCESS` or `SUCCEEDED`; `FAILED`, in any letter case. Any other word
    /// is [`TransactionStatus::Unknown`].
    fn from(status: &HexaiStatus) -> TransactionStatus {
        status_meaning(&status.0)
    }
}

impl fmt::Display for HexaiStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A transaction type (§6.2), read in any letter case; another word is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HexaiType {
    /// `COLLECTION`: a customer paid the merchant.
    Collection,
    /// `PAYOUT`: the merchant sent money to a Wave number.
    Payout,
    /// Any other word, as sent.
    Other(String),
}

impl HexaiType {
    /// The word: the canonical one for the two known types, the one sent otherwise.
    pub fn as_str(&self) -> &str {
        match self {
            HexaiType::Collection => "COLLECTION",
            HexaiType::Payout => "PAYOUT",
            HexaiType::Other(word) => word,
        }
    }

    /// The type a word names.
    pub fn from_word(word: &str) -> HexaiType {
        let trimmed = word.trim();
        if trimmed.eq_ignore_ascii_case("COLLECTION") {
            HexaiType::Collection
        } else if trimmed.eq_ignore_ascii_case("PAYOUT") {
            HexaiType::Payout
        } else {
            HexaiType::Other(word.to_owned())
        }
    }

    /// Which way the money moves and what kind of movement it is. `kind` may be missing;
    /// then, as for an unknown word, `has_recipient` decides (§6.2 ASSUMPTION).
    pub fn movement(kind: Option<&HexaiType>, has_recipient: bool) -> (Direction, TransactionKind) {
        match kind {
            Some(HexaiType::Collection) => (Direction::In, TransactionKind::Collection),
            Some(HexaiType::Payout) => (Direction::Out, TransactionKind::Payout),
            Some(HexaiType::Other(_)) | None => untyped_kind(has_recipient),
        }
    }
}

impl<'de> Deserialize<'de> for HexaiType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        Ok(HexaiType::from_word(&word))
    }
}
