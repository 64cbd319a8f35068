//! CashWeb's transaction status words (reference §4.1; the seed itself spells only
//! `awaiting_deposit`) and their mapping into Paydesk's [`TransactionStatus`].
//!
//! Words are matched ignoring letter case and surrounding blanks. A word Paydesk does not know
//! is kept as CashWeb sent it and maps to [`TransactionStatus::Unknown`]: never final, never an
//! error that sinks a page.

use std::fmt;

use paydesk_domain::TransactionStatus;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A CashWeb transaction status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CwStatus {
    /// Accepted, not yet ready for deposits.
    Pending,
    /// The address is live.
    AwaitingDeposit,
    /// A deposit is waiting for confirmations.
    DepositConfirming,
    /// The crypto is being sold.
    SellingCrypto,
    /// The sale executed.
    OrderFilled,
    /// Success.
    Completed,
    /// Could not complete.
    Failed,
    /// The deposit window closed.
    Expired,
    /// Cancelled before completion.
    Cancelled,
    /// Reversed.
    Refunded,
    /// A word Paydesk does not know, as CashWeb sent it (empty: the answer named no status).
    Unknown(String),
}

impl CwStatus {
    /// Every status Paydesk knows.
    pub const KNOWN: [CwStatus; 10] = [
        CwStatus::Pending,
        CwStatus::AwaitingDeposit,
        CwStatus::DepositConfirming,
        CwStatus::SellingCrypto,
        CwStatus::OrderFilled,
        CwStatus::Completed,
        CwStatus::Failed,
        CwStatus::Expired,
        CwStatus::Cancelled,
        CwStatus::Refunded,
    ];

    /// Reads CashWeb's word, ignoring letter case; an unknown word is kept as sent.
    pub fn parse(word: &str) -> CwStatus {
        let trimmed = word.trim();
        CwStatus::KNOWN
            .into_iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(trimmed))
            .unwrap_or_else(|| CwStatus::Unknown(trimmed.to_owned()))
    }

    /// CashWeb's word (an unknown one as it was sent).
    pub fn as_str(&self) -> &str {
        match self {
            CwStatus::Pending => "pending",
            CwStatus::AwaitingDeposit => "awaiting_deposit",
            CwStatus::DepositConfirming => "deposit_confirming",
            CwStatus::SellingCrypto => "selling_crypto",
            CwStatus::OrderFilled => "order_filled",
            CwStatus::Completed => "completed",
            CwStatus::Failed => "failed",
            CwStatus::Expired => "expired",
            CwStatus::Cancelled => "cancelled",
            CwStatus::Refunded => "refunded",
            CwStatus::Unknown(word) => word,
        }
    }

    /// Paydesk's status for it (the [`From`] impl).
    pub fn unified(&self) -> TransactionStatus {
        TransactionStatus::from(self)
    }
}

impl Default for CwStatus {
    /// An answer that names no status: not known.
    fn default() -> Self {
        CwStatus::Unknown(String::new())
    }
}

impl fmt::Display for CwStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&CwStatus> for TransactionStatus {
    fn from(status: &CwStatus) -> Self {
        match status {
            // The seller has not paid yet: nothing is in motion.
            CwStatus::Pending | CwStatus::AwaitingDeposit => TransactionStatus::Pending,
            CwStatus::DepositConfirming | CwStatus::SellingCrypto | CwStatus::OrderFilled => {
                TransactionStatus::Processing
            }
            CwStatus::Completed => TransactionStatus::Succeeded,
            CwStatus::Failed => TransactionStatus::Failed,
            CwStatus::Expired => TransactionStatus::Expired,
            CwStatus::Cancelled => TransactionStatus::Cancelled,
            CwStatus::Refunded => TransactionStatus::Refunded,
            CwStatus::Unknown(_) => TransactionStatus::Unknown,
        }
    }
}

impl From<CwStatus> for TransactionStatus {
    fn from(status: CwStatus) -> Self {
        TransactionStatus::from(&status)
    }
}

impl<'de> Deserialize<'de> for CwStatus {
    /// A word in any letter case; null reads as "no status named", another value is kept as
    /// its JSON text.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<Value>::deserialize(d)? {
            Some(Value::String(word)) => CwStatus::parse(&word),
            None | Some(Value::Null) => CwStatus::default(),
            Some(other) => CwStatus::Unknown(other.to_string()),
        })
    }
}

impl Serialize for CwStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
