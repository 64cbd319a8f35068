//! After acceptance: status polls with backoff until a final state, and cancels where the
//! provider allows them.

use chrono::{DateTime, Utc};
use paydesk_domain::{AppError, ErrorCode, PayoutRequest};
use paydesk_providers::{ErrorKind, PayoutReceipt};
use paydesk_store::{IntentUpdate, NewJournalEntry, PayoutIntent, PayoutState};

use super::PayoutService;

pub(super) const OPEN: [PayoutState; 2] = [PayoutState::Accepted, PayoutState::Processing];

/// How close to the end of its window a request is read again before it is shown or acted on.
pub const NEAR_EXPIRY: chrono::Duration = chrono::Duration::minutes(2);

/// True for an open request whose window ends within [`NEAR_EXPIRY`] of `now` (or has ended).
pub fn near_expiry(intent: &PayoutIntent, now: DateTime<Utc>) -> bool {
    OPEN.contains(&intent.state) && intent.expires_at.is_some_and(|at| at - now <= NEAR_EXPIRY)
}

impl PayoutService {
    /// Polls an accepted intent's status with backoff until it is final (or the poll limit
    /// is reached, leaving it accepted/processing for a later poll). Each change is recorded
    /// and pushed as an event; reaching a final state also pushes
    /// [`super::PayoutEventKind::TerminalReached`].
    pub async fn poll(&self, intent_id: &str) -> Result<PayoutIntent, AppError> {
        let mut wait = self.settings.poll_first;
        for _ in 0..self.settings.poll_limit {
            let intent = self.poll_once(intent_id).await?;
            if !OPEN.contains(&intent.state) {
                return Ok(intent);
            }
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2).min(self.settings.poll_max);
        }
        self.intent(intent_id).await
    }

    /// Polls every accepted or processing intent once; how many are still open.
    pub async fn poll_open(&self) -> Result<usize, AppError> {
        let open = self.store.payout_intents_in(&OPEN).await?;
        let mut still_open = 0;
        for intent in open {
            if !self.serves(&intent.account) {
                still_open += 1;
                continue;
            }
            // One request the provider refuses to read does not stop the others.
            match self.poll_once(&intent.id).await {
                Ok(after) if !OPEN.contains(&after.state) => {}
                Ok(_) => still_open += 1,
                Err(e) => {
                    tracing::warn!(intent = %intent.id, code = e.code.as_str(), "status read failed");
                    still_open += 1;
                }
            }
        }
        Ok(still_open)
    }

    /// Reads a request again when its window ends within [`NEAR_EXPIRY`] (or has ended):
    /// before the list shows it or any action is taken on it, as CashWeb asks ("if a
    /// transaction is near expiry, fetch latest state before any user-facing action"). A
    /// request whose account this service cannot reach is returned as it is.
    pub async fn refresh_if_near_expiry(
        &self,
        intent: PayoutIntent,
    ) -> Result<PayoutIntent, AppError> {
        if near_expiry(&intent, Utc::now()) && self.serves(&intent.account) {
            self.poll_once(&intent.id).await
        } else {
            Ok(intent)
        }
    }

    /// One status read; records a change.
    async fn poll_once(&self, intent_id: &str) -> Result<PayoutIntent, AppError> {
        let intent = self.intent(intent_id).await?;
        if !OPEN.contains(&intent.state) {
            return Ok(intent);
        }
        let request: PayoutRequest = serde_json::from_str(&intent.request)
            .map_err(|e| AppError::internal(format!("stored payout unreadable: {e}")))?;
        let connector = self.connector(&intent.account)?;
        let receipt = match connector
            .status(&request, intent.provider_id.as_deref())
            .await
        {
            Ok(Some(receipt)) => receipt,
            Ok(None) => return Ok(intent),
            // A passing failure: the next poll tries again.
            Err(e) if e.is_transient() || e.outcome_unknown() => return Ok(intent),
            Err(e) => return Err(e.into()),
        };
        let entry = NewJournalEntry {
            actor: "paydesk".into(),
            event: "poll".into(),
            answer: Some(receipt.raw.clone()),
            ..Default::default()
        };
        self.record_answer(intent, &receipt, &entry).await
    }

    /// Records what the provider said about an open intent (a status read, or a status it
    /// pushed): the state that answer means, journaled with `entry`. An answer that changes
    /// nothing writes nothing; an intent that is no longer open is left as it is.
    pub(super) async fn record_answer(
        &self,
        intent: PayoutIntent,
        receipt: &PayoutReceipt,
        entry: &NewJournalEntry,
    ) -> Result<PayoutIntent, AppError> {
        let to = super::drive::state_for(super::kind_of(&intent), receipt);
        let same = to == intent.state
            && intent.provider_status.as_deref() == Some(receipt.provider_status.as_str());
        if same {
            return Ok(intent);
        }
        let changed = self
            .store
            .transition_payout(
                &intent.id,
                &OPEN,
                None,
                None,
                to,
                &super::drive::receipt_update(intent.provider, receipt),
                entry,
            )
            .await?;
        match changed {
            Some(after) => {
                self.announce(&after, &entry.actor).await;
                Ok(after)
            }
            None => self.intent(&intent.id).await,
        }
    }

    /// Links an intent the provider accepted without naming it ([`super::awaits_link`]), or one
    /// left `unknown`, to the id the merchant found in the provider's dashboard. The provider
    /// is asked for that id first; an id another payout owns, or whose reply carries another
    /// reference, is refused. Its status then sets the state, and polling follows it.
    pub async fn link(
        &self,
        intent_id: &str,
        provider_id: &str,
        actor: &str,
    ) -> Result<PayoutIntent, AppError> {
        const LINKABLE: [PayoutState; 3] = [
            PayoutState::Accepted,
            PayoutState::Processing,
            PayoutState::Unknown,
        ];
        let intent = self.intent(intent_id).await?;
        if !super::linkable(&intent) {
            return Err(AppError::new(
                ErrorCode::InputInvalid,
                match intent.provider_id {
                    Some(_) => format!(
                        "this payout is {} and already followed by Paydesk; there is nothing \
                         to link",
                        intent.state
                    ),
                    None => format!(
                        "this payout is {}; only an HG.Cash cash-out Paydesk cannot follow \
                         is linked by hand",
                        intent.state
                    ),
                },
            ));
        }
        if provider_id.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::InputInvalid,
                "enter the cash-out's id as the provider's dashboard shows it",
            ));
        }
        let request: PayoutRequest = serde_json::from_str(&intent.request)
            .map_err(|e| AppError::internal(format!("stored payout unreadable: {e}")))?;
        let provider_id = provider_id.trim();
        if let Some(owner) = self
            .store
            .payout_intent_by_provider_id(&intent.account, provider_id)
            .await?
        {
            return Err(AppError::new(
                ErrorCode::InputInvalid,
                format!(
                    "{provider_id} is already another payout's ({}, reference {})",
                    owner.summary, owner.reference
                ),
            ));
        }
        let connector = self.connector(&intent.account)?;
        let named = connector.named(&request, provider_id).await?;
        let receipt = named.receipt;
        let to = super::drive::state_for(super::kind_of(&intent), &receipt);
        let changed = self
            .store
            .transition_payout(
                intent_id,
                &LINKABLE,
                None,
                None,
                to,
                &super::drive::receipt_update(intent.provider, &receipt),
                &NewJournalEntry {
                    actor: actor.into(),
                    event: "linked".into(),
                    answer: Some(receipt.raw.clone()),
                    note: Some(if named.reference_shown {
                        format!(
                            "linked by hand to {}, which carries this payout's reference",
                            receipt.provider_id
                        )
                    } else {
                        format!(
                            "linked by hand to {}; the provider's reply shows no reference, so \
                             the link rests on the merchant's word",
                            receipt.provider_id
                        )
                    }),
                    ..Default::default()
                },
            )
            .await?;
        match changed {
            Some(after) => {
                self.announce(&after, actor).await;
                Ok(after)
            }
            None => Err(AppError::new(
                ErrorCode::PayoutInFlight,
                "this payout changed while it was being linked; look at it again",
            )),
        }
    }

    /// Cancels an intent where the provider allows it: CashWeb deposit requests still
    /// awaiting their deposit (with an `Idempotency-Key`). A provider's 409 is
    /// `payout.not_cancellable` ("can no longer be cancelled"). Drafts and confirmed intents
    /// never sent are simply cancelled.
    pub async fn cancel(&self, intent_id: &str, actor: &str) -> Result<PayoutIntent, AppError> {
        let intent = self.intent(intent_id).await?;
        let journal = |event: &str| NewJournalEntry {
            actor: actor.to_owned(),
            event: event.to_owned(),
            ..Default::default()
        };
        if matches!(intent.state, PayoutState::Draft | PayoutState::Confirmed) {
            let changed = self
                .store
                .transition_payout(
                    intent_id,
                    &[PayoutState::Draft, PayoutState::Confirmed],
                    None,
                    None,
                    PayoutState::Cancelled,
                    &IntentUpdate::default(),
                    &journal("cancelled_before_send"),
                )
                .await?;
            return match changed {
                Some(after) => {
                    self.announce(&after, actor).await;
                    Ok(after)
                }
                None => Err(self.refusal(intent_id, "cancelled").await),
            };
        }
        // A request near the end of its window is read again first: it may be paid or
        // expired already.
        let intent = self.refresh_if_near_expiry(intent).await?;
        let not_cancellable = |why: String| AppError::new(ErrorCode::PayoutNotCancellable, why);
        let cancellable_states = [PayoutState::Accepted, PayoutState::Processing];
        let provider_id = match (
            &intent.provider_id,
            cancellable_states.contains(&intent.state),
        ) {
            (Some(id), true) => id.clone(),
            _ => {
                return Err(not_cancellable(format!(
                    "This payout can no longer be cancelled (it is {}).",
                    intent.state
                )));
            }
        };
        let connector = self.connector(&intent.account)?;
        self.store
            .append_payout_journal(
                intent_id,
                &NewJournalEntry {
                    sent: Some(format!("cancel {provider_id}")),
                    ..journal("cancel")
                },
            )
            .await?;
        let receipt = match connector.cancel(&provider_id).await {
            Ok(receipt) => receipt,
            Err(error) => {
                self.store
                    .append_payout_journal(
                        intent_id,
                        &NewJournalEntry {
                            answer: Some(error.to_string()),
                            http_status: error.http_status,
                            ..journal("cancel_answer")
                        },
                    )
                    .await?;
                return Err(if error.kind == ErrorKind::Conflict {
                    not_cancellable(format!("This payout can no longer be cancelled: {error}"))
                } else {
                    error.into()
                });
            }
        };
        let changed = self
            .store
            .transition_payout(
                intent_id,
                &cancellable_states,
                None,
                None,
                PayoutState::Cancelled,
                &IntentUpdate {
                    provider_status: Some(receipt.provider_status.clone()),
                    ..Default::default()
                },
                &NewJournalEntry {
                    answer: Some(receipt.raw.clone()),
                    ..journal("cancel_answer")
                },
            )
            .await?;
        match changed {
            Some(after) => {
                self.announce(&after, actor).await;
                Ok(after)
            }
            None => self.intent(intent_id).await,
        }
    }
}
