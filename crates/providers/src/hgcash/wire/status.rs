//! A cash-out request's status word (§3.5, §4.1, §3.7) and what it means to Paydesk: the
//! word is kept exactly as HG.Cash spelled it, matched without regard to letter case, and
//! mapped into [`TransactionStatus`] by `From`. A word no document uses is kept raw and reads
//! as [`TransactionStatus::Unknown`]: never final, never an error.

use std::fmt;

use paydesk_domain::TransactionStatus;
use serde::{Deserialize, Deserializer};

use super::super::assumptions;

/// What a status word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestState {
    /// `PENDING` (§4.1), `pending` (§3.7): recorded, not yet picked up.
    Pending,
    /// `AWAITING_REVIEW` (§4.1): held for review by an admin.
    AwaitingReview,
    /// `processing` (seed), `PROCESSING` (§4.1): being executed towards the bank.
    Processing,
    /// `done` (seed), `DONE` (§4.1): the transfer completed (final).
    Done,
    /// `failed` (seed), `ERROR` (§4.1): the transfer failed (final).
    Failed,
    /// `CANCELLED` (§4.1), `cancelled` (§3.7): cancelled before execution (final).
    Cancelled,
    /// `expired` (§3.7, ASSUMPTION in [`assumptions::EXPIRED_WORD`]): not carried out (final).
    Expired,
    /// A word no document uses (U9): not final; Paydesk keeps asking.
    Unknown,
}

/// Every documented word, lower case, with its meaning.
const WORDS: [(&str, RequestState); 8] = [
    ("pending", RequestState::Pending),
    ("awaiting_review", RequestState::AwaitingReview),
    ("processing", RequestState::Processing),
    ("done", RequestState::Done),
    ("failed", RequestState::Failed),
    ("error", RequestState::Failed),
    ("cancelled", RequestState::Cancelled),
    (assumptions::EXPIRED_WORD, RequestState::Expired),
];

impl RequestState {
    /// The meaning of `word`, whatever its letter case.
    pub fn of(word: &str) -> RequestState {
        let word = word.trim();
        WORDS
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(word))
            .map_or(RequestState::Unknown, |(_, state)| *state)
    }

    /// DONE, ERROR/failed, CANCELLED, expired: HG.Cash will not change it again.
    pub fn is_final(self) -> bool {
        TransactionStatus::from(self).is_terminal()
    }
}

impl From<RequestState> for TransactionStatus {
    fn from(state: RequestState) -> TransactionStatus {
        match state {
            RequestState::Pending => TransactionStatus::Pending,
            RequestState::AwaitingReview | RequestState::Processing => {
                TransactionStatus::Processing
            }
            RequestState::Done => TransactionStatus::Succeeded,
            RequestState::Failed => TransactionStatus::Failed,
            RequestState::Cancelled => TransactionStatus::Cancelled,
            RequestState::Expired => TransactionStatus::Expired,
            RequestState::Unknown => TransactionStatus::Unknown,
        }
    }
}

/// A status word as HG.Cash sent it, with its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStatus {
    state: RequestState,
    word: String,
}

impl RequestStatus {
    /// From the API's word, kept as sent. An unknown word is logged so it can be added.
    pub fn parse(word: &str) -> RequestStatus {
        let state = RequestState::of(word);
        if state == RequestState::Unknown {
            tracing::warn!(
                status = word,
                "HG.Cash sent a request status Paydesk does not know; it is kept and asked again"
            );
        }
        RequestStatus {
            state,
            word: word.to_owned(),
        }
    }

    /// What the word means.
    pub fn state(&self) -> RequestState {
        self.state
    }

    /// The word exactly as HG.Cash sent it.
    pub fn as_str(&self) -> &str {
        &self.word
    }

    /// Paydesk's status for it (the `From` mapping).
    pub fn to_status(&self) -> TransactionStatus {
        TransactionStatus::from(self)
    }
}

impl From<&RequestStatus> for TransactionStatus {
    fn from(status: &RequestStatus) -> TransactionStatus {
        TransactionStatus::from(status.state)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.word)
    }
}

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| RequestStatus::parse(&s))
    }
}
