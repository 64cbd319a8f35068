//! What the payout engine tells the shell as it happens: every state change of an intent, and
//! separately the moment an intent reaches a final state (the shell turns that one into an
//! OS notification).

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, ProviderKind};
use paydesk_store::{PayoutIntent, PayoutState};
use serde::{Deserialize, Serialize};

/// Which kind of news an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutEventKind {
    /// The intent changed state (or its provider status changed).
    StateChanged,
    /// The intent reached succeeded, failed or cancelled: nothing more will happen to it.
    TerminalReached,
}

/// One piece of news about a payout intent. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutEvent {
    /// Which kind.
    pub kind: PayoutEventKind,
    /// The intent.
    pub intent_id: String,
    /// Its account.
    pub account: AccountId,
    /// Its provider.
    pub provider: ProviderKind,
    /// Its one-line summary.
    pub summary: String,
    /// The state it is now in.
    pub state: PayoutState,
    /// The provider's own status word, when known.
    pub provider_status: Option<String>,
    /// Why (for unknown and failed).
    pub reason: Option<String>,
    /// When the engine saw it.
    pub at: DateTime<Utc>,
    /// The whole intent as it is now (for lists that show more than the summary).
    pub intent: PayoutIntent,
}

impl PayoutEvent {
    pub(crate) fn of(kind: PayoutEventKind, intent: &PayoutIntent) -> PayoutEvent {
        PayoutEvent {
            kind,
            intent_id: intent.id.clone(),
            account: intent.account.clone(),
            provider: intent.provider,
            summary: intent.summary.clone(),
            state: intent.state,
            provider_status: intent.provider_status.clone(),
            reason: intent.reason.clone(),
            at: Utc::now(),
            intent: intent.clone(),
        }
    }
}

/// Where events go: the shell forwards them to the UI. Must not block.
pub trait PayoutEvents: Send + Sync {
    /// Receives one event.
    fn emit(&self, event: PayoutEvent);
}

impl<F> PayoutEvents for F
where
    F: Fn(PayoutEvent) + Send + Sync,
{
    fn emit(&self, event: PayoutEvent) {
        self(event);
    }
}

/// Events into a channel (a closed receiver drops them).
impl PayoutEvents for tokio::sync::mpsc::UnboundedSender<PayoutEvent> {
    fn emit(&self, event: PayoutEvent) {
        let _ = self.send(event);
    }
}

/// Drops every event (a worker with nobody listening).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEvents;

impl PayoutEvents for NoEvents {
    fn emit(&self, _event: PayoutEvent) {}
}
