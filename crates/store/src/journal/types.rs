//! The journal's types: the states, an intent, a state change's extras, a journal line.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, ProviderKind};
use serde::{Deserialize, Serialize};

/// Where a payout intent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PayoutState {
    /// Validated, not yet confirmed by the merchant.
    Draft,
    /// Confirmed: may be sent.
    Confirmed,
    /// One process holds the send until its lease ends.
    Sending,
    /// The provider took it; not final yet.
    Accepted,
    /// The provider is working on it.
    Processing,
    /// Done.
    Succeeded,
    /// Refused or failed; no money moved.
    Failed,
    /// Cancelled before it completed.
    Cancelled,
    /// The outcome is not known (see the intent's reason); it must be reconciled.
    Unknown,
    /// A payment request nobody paid within the provider's window (migration 0501).
    Expired,
    /// A payment request paid, then given back by the provider (migration 0501).
    Refunded,
}

impl PayoutState {
    /// Every state.
    pub const ALL: [PayoutState; 11] = [
        PayoutState::Draft,
        PayoutState::Confirmed,
        PayoutState::Sending,
        PayoutState::Accepted,
        PayoutState::Processing,
        PayoutState::Succeeded,
        PayoutState::Failed,
        PayoutState::Cancelled,
        PayoutState::Unknown,
        PayoutState::Expired,
        PayoutState::Refunded,
    ];

    /// The stable name stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            PayoutState::Draft => "draft",
            PayoutState::Confirmed => "confirmed",
            PayoutState::Sending => "sending",
            PayoutState::Accepted => "accepted",
            PayoutState::Processing => "processing",
            PayoutState::Succeeded => "succeeded",
            PayoutState::Failed => "failed",
            PayoutState::Cancelled => "cancelled",
            PayoutState::Unknown => "unknown",
            PayoutState::Expired => "expired",
            PayoutState::Refunded => "refunded",
        }
    }

    /// True for the states nothing follows.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            PayoutState::Succeeded
                | PayoutState::Failed
                | PayoutState::Cancelled
                | PayoutState::Expired
                | PayoutState::Refunded
        )
    }
}

impl fmt::Display for PayoutState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PayoutState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PayoutState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| format!("unknown payout state '{s}'"))
    }
}

/// A payout intent to write before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayoutIntent {
    /// Paydesk's id for it (a uuid).
    pub id: String,
    /// The Paydesk account.
    pub account: AccountId,
    /// The provider.
    pub provider: ProviderKind,
    /// The idempotency key / merchant reference; unique per account ignoring case.
    pub reference: String,
    /// The validated request as JSON. Must not hold a secret.
    pub request: String,
    /// One line for lists.
    pub summary: String,
    /// The amount's currency code, where the request has an amount.
    pub currency: Option<String>,
    /// The amount as decimal text, where the request has one.
    pub amount: Option<String>,
    /// `Draft` or `Confirmed`.
    pub state: PayoutState,
    /// Who asked for it (`merchant`, or `paydesk`).
    pub created_by: String,
}

/// A payout intent as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutIntent {
    /// Paydesk's id.
    pub id: String,
    /// The Paydesk account.
    pub account: AccountId,
    /// The provider.
    pub provider: ProviderKind,
    /// The idempotency key / merchant reference.
    pub reference: String,
    /// The validated request as JSON.
    pub request: String,
    /// One line for lists.
    pub summary: String,
    /// The amount's currency code.
    pub currency: Option<String>,
    /// The amount as decimal text.
    pub amount: Option<String>,
    /// Where it stands.
    pub state: PayoutState,
    /// Why it is `unknown` or `failed`, in words.
    pub reason: Option<String>,
    /// The provider's id, once known.
    pub provider_id: Option<String>,
    /// The provider's own status word, once known.
    pub provider_status: Option<String>,
    /// A link for the customer (payment link, deposit address), once known.
    pub link: Option<String>,
    /// Until when the customer can pay, where the provider says (migration 0502).
    pub expires_at: Option<DateTime<Utc>>,
    /// How many times the request was sent.
    pub send_count: u32,
    /// Which process holds the send, while `sending`.
    pub lease_owner: Option<String>,
    /// Until when it holds it.
    pub lease_until: Option<DateTime<Utc>>,
    /// Who asked for it.
    pub created_by: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// What a state change also sets; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntentUpdate {
    /// A new reason (`Some(None)` clears it).
    pub reason: Option<Option<String>>,
    /// The provider's id.
    pub provider_id: Option<String>,
    /// The provider's status word.
    pub provider_status: Option<String>,
    /// The customer link.
    pub link: Option<String>,
    /// Until when the customer can pay.
    pub expires_at: Option<DateTime<Utc>>,
    /// Take (or renew) the send lease: owner and end. Leaving `sending` always drops it.
    pub lease: Option<(String, DateTime<Utc>)>,
    /// Count one more send.
    pub counts_a_send: bool,
}

/// A journal line to append.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewJournalEntry {
    /// Who acted: `merchant`, or `paydesk` for automatic steps.
    pub actor: String,
    /// What happened: `created`, `confirmed`, `send`, `answer`, `lookup`, `poll`, `cancel`…
    pub event: String,
    /// What was sent (JSON text, never a secret).
    pub sent: Option<String>,
    /// What the provider answered (its body or our reading of its error).
    pub answer: Option<String>,
    /// The HTTP status of that answer.
    pub http_status: Option<u16>,
    /// Anything else worth reading later.
    pub note: Option<String>,
}

/// A journal line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Its position; later lines have larger ids.
    pub id: i64,
    /// The intent.
    pub intent_id: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What happened.
    pub event: String,
    /// The state before, for state changes.
    pub from_state: Option<PayoutState>,
    /// The state after, for state changes.
    pub to_state: Option<PayoutState>,
    /// What was sent.
    pub sent: Option<String>,
    /// What the provider answered.
    pub answer: Option<String>,
    /// The HTTP status of that answer.
    pub http_status: Option<u16>,
    /// Anything else.
    pub note: Option<String>,
}
