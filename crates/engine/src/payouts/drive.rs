//! Sending an intent and recovering its outcome: the one place that decides between sending
//! again, looking up, and giving up as `unknown`.

use std::time::Duration;

use chrono::Utc;
use paydesk_domain::{
    AppError, IntentKind, PayoutRequest, ProviderKind, RequestState, TransactionStatus,
};
use paydesk_providers::{ErrorKind, PayoutReceipt, ProviderError};
use paydesk_store::{IntentUpdate, NewJournalEntry, PayoutIntent, PayoutState};

use super::connector::{Connector, Lookup};
use super::{PayoutService, ReconcileReport};

/// What to do next with an intent held in `sending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Send,
    Lookup,
}

/// How a round ended.
enum Round {
    /// The intent left `sending` (or was taken over): stop.
    Done(Box<PayoutIntent>),
    /// Try again after a backoff (or after the wait the provider asked for).
    Next(Step, String, Option<Duration>),
}

const PAYDESK: &str = "paydesk";

fn entry(actor: &str, event: &str) -> NewJournalEntry {
    NewJournalEntry {
        actor: actor.to_owned(),
        event: event.to_owned(),
        ..Default::default()
    }
}

fn error_entry(actor: &str, event: &str, error: &ProviderError) -> NewJournalEntry {
    NewJournalEntry {
        answer: Some(error.to_string()),
        http_status: error.http_status,
        note: Some(format!("{:?}", error.kind)),
        ..entry(actor, event)
    }
}

/// The intent's state for a provider answer. A payout is done when the money left; a payment
/// request is only made when the provider answers, and is paid when the provider says so; an
/// action on a sale is done when the provider carried it out.
pub(super) fn state_for(kind: IntentKind, receipt: &PayoutReceipt) -> PayoutState {
    match kind {
        IntentKind::PaymentRequest => match RequestState::from_status(receipt.status) {
            RequestState::Created | RequestState::AwaitingPayment
                if receipt.status == TransactionStatus::Pending =>
            {
                PayoutState::Accepted
            }
            // Being confirmed, or a word Paydesk does not know: never final, keep asking.
            RequestState::Created | RequestState::AwaitingPayment | RequestState::Unknown => {
                PayoutState::Processing
            }
            RequestState::Paid => PayoutState::Succeeded,
            RequestState::Expired => PayoutState::Expired,
            RequestState::Cancelled => PayoutState::Cancelled,
            RequestState::Failed => PayoutState::Failed,
            RequestState::Refunded => PayoutState::Refunded,
        },
        IntentKind::SaleAction => match receipt.status {
            TransactionStatus::Failed | TransactionStatus::Expired => PayoutState::Failed,
            _ => PayoutState::Succeeded,
        },
        IntentKind::Payout => match receipt.status {
            TransactionStatus::Failed | TransactionStatus::Expired => PayoutState::Failed,
            TransactionStatus::Pending => PayoutState::Accepted,
            // A word Paydesk does not know is never final: keep asking.
            TransactionStatus::Processing | TransactionStatus::Unknown => PayoutState::Processing,
            TransactionStatus::Succeeded | TransactionStatus::Refunded => PayoutState::Succeeded,
            TransactionStatus::Cancelled => PayoutState::Cancelled,
        },
    }
}

/// What an intent says beside its state for a provider answer: the provider's failure reason
/// (or, when a failure comes without one, the provider's own word for it), or, for a status
/// word Paydesk does not know, that word and what Paydesk does next.
/// What a provider's answer writes on the intent: its id, status word, link and the reason
/// shown to the merchant.
pub(super) fn receipt_update(provider: ProviderKind, receipt: &PayoutReceipt) -> IntentUpdate {
    IntentUpdate {
        reason: Some(reason_for(provider, receipt)),
        provider_id: Some(receipt.provider_id.clone()),
        provider_status: Some(receipt.provider_status.clone()),
        link: receipt.link.clone(),
        expires_at: receipt.expires_at,
        ..Default::default()
    }
}

pub(super) fn reason_for(provider: ProviderKind, receipt: &PayoutReceipt) -> Option<String> {
    if receipt.failure_reason.is_none()
        && matches!(
            receipt.status,
            TransactionStatus::Failed | TransactionStatus::Expired
        )
    {
        return Some(format!(
            "{} says \"{}\" and gave no reason",
            provider.display_name(),
            receipt.provider_status
        ));
    }
    if receipt.status == TransactionStatus::Unknown {
        return Some(format!(
            "the provider says \"{}\", a status Paydesk does not know; Paydesk keeps asking \
             until the provider gives one it knows",
            receipt.provider_status
        ));
    }
    let name = provider.display_name();
    match (&receipt.failure_reason, &receipt.warning) {
        // Said the way a refusal is: the provider first, then its words.
        (Some(reason), _) if reason.contains(name) => Some(reason.clone()),
        (Some(reason), _) => Some(format!("{name}: {reason}")),
        (None, warning) => warning.clone(),
    }
}

/// True for a refusal that settles the matter: the provider clearly said it did not carry the
/// request out. A conflict is not one: it may mean the request already exists.
fn is_refusal(error: &ProviderError) -> bool {
    matches!(
        error.kind,
        ErrorKind::Validation
            | ErrorKind::Unauthorized
            | ErrorKind::Forbidden
            | ErrorKind::NotFound
            | ErrorKind::InsufficientFunds
            | ErrorKind::Rejected
    )
}

impl PayoutService {
    /// Sends a confirmed intent once and follows it to a known outcome (or `unknown` with a
    /// reason). A second submit while it is in flight, from any window or process sharing the
    /// journal, is refused with `payout.in_flight`.
    pub async fn submit(&self, intent_id: &str, actor: &str) -> Result<PayoutIntent, AppError> {
        let intent = self.intent(intent_id).await?;
        self.ensure_reconciled(&intent.account).await?;
        let request: PayoutRequest = serde_json::from_str(&intent.request)
            .map_err(|e| AppError::internal(format!("stored payout unreadable: {e}")))?;
        // A stale quote is refused before anything leaves the machine.
        if let PayoutRequest::CashWebDeposit {
            pricing: paydesk_domain::CashWebPricing::Quote { expires_at, .. },
            ..
        } = &request
        {
            super::forms::check_quote_fresh(expires_at, Utc::now())?;
        }
        let claimed = self
            .store
            .transition_payout(
                intent_id,
                &[PayoutState::Confirmed],
                None,
                None,
                PayoutState::Sending,
                &self.lease(),
                &entry(actor, "send_claimed"),
            )
            .await?;
        let Some(claimed) = claimed else {
            return Err(self.refusal(intent_id, "sent").await);
        };
        self.announce(&claimed, actor).await;
        self.drive(claimed, &request, Step::Send).await
    }

    /// Recovers every intent left in `sending` by a process that died, or `unknown`, on the
    /// accounts this service serves: each is looked up by its reference and resent (same
    /// reference) only where the provider says it has no record. An account's new sends are
    /// allowed once its own intents are settled; intents of accounts with no connection are
    /// counted as `unserved` and left for the merchant.
    pub async fn reconcile(&self) -> Result<ReconcileReport, AppError> {
        let mut report = ReconcileReport::default();
        let pending = self
            .store
            .payout_intents_in(&[PayoutState::Sending, PayoutState::Unknown])
            .await?;
        for intent in pending {
            if !self.serves(&intent.account) {
                report.unserved += 1;
                continue;
            }
            let claimed = self
                .store
                .transition_payout(
                    &intent.id,
                    &[PayoutState::Unknown],
                    Some(Utc::now()),
                    None,
                    PayoutState::Sending,
                    &self.lease(),
                    &entry(PAYDESK, "reconcile_claimed"),
                )
                .await?;
            let Some(claimed) = claimed else {
                let now = self.store.payout_intent(&intent.id).await?;
                if now.is_some_and(|i| i.state == PayoutState::Sending) {
                    report.held_elsewhere += 1;
                }
                continue;
            };
            let request: PayoutRequest = match serde_json::from_str(&claimed.request) {
                Ok(request) => request,
                Err(e) => {
                    let reason = format!("stored payout unreadable: {e}");
                    self.give_up(&claimed, reason).await?;
                    report.still_unknown += 1;
                    continue;
                }
            };
            let after = self.drive(claimed, &request, Step::Lookup).await?;
            if after.state == PayoutState::Unknown {
                report.still_unknown += 1;
            } else {
                report.recovered += 1;
            }
        }
        Ok(report)
    }

    fn lease(&self) -> IntentUpdate {
        let until = Utc::now()
            + chrono::Duration::from_std(self.settings.lease)
                .unwrap_or_else(|_| chrono::Duration::minutes(3));
        IntentUpdate {
            lease: Some((self.owner.clone(), until)),
            ..Default::default()
        }
    }

    fn backoff(&self, round: u32) -> Duration {
        self.settings
            .backoff_base
            .saturating_mul(1u32 << round.min(16))
            .min(self.settings.backoff_max)
    }

    /// Rounds of send / look-up until the intent leaves `sending`.
    async fn drive(
        &self,
        intent: PayoutIntent,
        request: &PayoutRequest,
        first: Step,
    ) -> Result<PayoutIntent, AppError> {
        let connector = self.connector(&intent.account)?;
        let mut step = first;
        let mut last = String::from("no attempt made");
        let mut wait: Option<Duration> = None;
        for round in 0..self.settings.max_rounds {
            if round > 0 {
                let backoff = self.backoff(round - 1);
                let asked = wait.take().unwrap_or(Duration::ZERO);
                tokio::time::sleep(backoff.max(asked.min(self.settings.backoff_max))).await;
                // Renew the lease; if it was taken over, the other process owns the outcome.
                let renewed = self
                    .store
                    .transition_payout(
                        &intent.id,
                        &[PayoutState::Sending],
                        None,
                        Some(&self.owner),
                        PayoutState::Sending,
                        &self.lease(),
                        &NewJournalEntry {
                            note: Some(format!("round {}: {last}", round + 1)),
                            ..entry(PAYDESK, "retry")
                        },
                    )
                    .await?;
                if renewed.is_none() {
                    return self.intent(&intent.id).await;
                }
            }
            let outcome = match step {
                Step::Send => self.send_once(&intent, request, &connector).await?,
                Step::Lookup => self.lookup_once(&intent, request, &connector).await?,
            };
            match outcome {
                Round::Done(after) => return Ok(*after),
                Round::Next(next, why, asked) => {
                    step = next;
                    last = why;
                    wait = asked;
                }
            }
        }
        self.give_up(
            &intent,
            format!("no definite answer from the provider: {last}"),
        )
        .await
    }

    async fn send_once(
        &self,
        intent: &PayoutIntent,
        request: &PayoutRequest,
        connector: &Connector,
    ) -> Result<Round, AppError> {
        let counted = self
            .store
            .transition_payout(
                &intent.id,
                &[PayoutState::Sending],
                None,
                Some(&self.owner),
                PayoutState::Sending,
                &IntentUpdate {
                    counts_a_send: true,
                    ..self.lease()
                },
                &NewJournalEntry {
                    sent: Some(intent.request.clone()),
                    note: Some(format!("reference {}", intent.reference)),
                    ..entry(PAYDESK, "send")
                },
            )
            .await?;
        if counted.is_none() {
            return self
                .intent(&intent.id)
                .await
                .map(|i| Round::Done(Box::new(i)));
        }
        match connector.send(request, &intent.reference).await {
            Ok(receipt) => self
                .settle(intent, &receipt, "answer")
                .await
                .map(|i| Round::Done(Box::new(i))),
            Err(error) => {
                self.store
                    .append_payout_journal(&intent.id, &error_entry(PAYDESK, "answer", &error))
                    .await?;
                let next = match error.kind {
                    // Nothing reached the provider.
                    ErrorKind::Unreachable => Step::Send,
                    ErrorKind::RateLimited if connector.deduplicates() => Step::Send,
                    ErrorKind::RateLimited => Step::Lookup,
                    // "It may already exist" (a duplicate reference, an idempotent create
                    // still running): find it instead of calling it failed.
                    ErrorKind::Conflict => Step::Lookup,
                    _ if error.outcome_unknown() => Step::Lookup,
                    _ if is_refusal(&error) => {
                        return self
                            .finish(intent, PayoutState::Failed, None, Some(error.to_string()))
                            .await
                            .map(|i| Round::Done(Box::new(i)));
                    }
                    _ => Step::Lookup,
                };
                Ok(Round::Next(next, error.to_string(), error.retry_after))
            }
        }
    }

    async fn lookup_once(
        &self,
        intent: &PayoutIntent,
        request: &PayoutRequest,
        connector: &Connector,
    ) -> Result<Round, AppError> {
        let since = intent.created_at.date_naive();
        match connector.lookup(request, &intent.reference, since).await {
            Ok(Lookup::Found(receipt)) => self
                .settle(intent, &receipt, "lookup")
                .await
                .map(|i| Round::Done(Box::new(i))),
            // Created, so never resent; followed once the merchant names it (`link`).
            Ok(Lookup::Unnamed) => {
                self.store
                    .append_payout_journal(
                        &intent.id,
                        &NewJournalEntry {
                            answer: Some("duplicate reference, no id".into()),
                            note: Some("the provider has the request but did not name it".into()),
                            ..entry(PAYDESK, "lookup")
                        },
                    )
                    .await?;
                self.finish(
                    intent,
                    PayoutState::Accepted,
                    None,
                    Some(super::UNNAMED_REASON.to_owned()),
                )
                .await
                .map(|i| Round::Done(Box::new(i)))
            }
            Ok(Lookup::Absent) => {
                self.store
                    .append_payout_journal(
                        &intent.id,
                        &NewJournalEntry {
                            answer: Some("no such record".into()),
                            note: Some("the provider has no record: resend permitted".into()),
                            ..entry(PAYDESK, "lookup")
                        },
                    )
                    .await?;
                Ok(Round::Next(
                    Step::Send,
                    "the provider had no record".into(),
                    None,
                ))
            }
            Err(error) => {
                self.store
                    .append_payout_journal(&intent.id, &error_entry(PAYDESK, "lookup", &error))
                    .await?;
                // The same body refused for its content was never carried out. A refusal that
                // depends on the moment (the balance, now lower if the first send went
                // through) proves nothing: keep looking.
                if connector.looks_up_by_resending() && error.kind == ErrorKind::Validation {
                    return self
                        .finish(intent, PayoutState::Failed, None, Some(error.to_string()))
                        .await
                        .map(|i| Round::Done(Box::new(i)));
                }
                Ok(Round::Next(
                    Step::Lookup,
                    error.to_string(),
                    error.retry_after,
                ))
            }
        }
    }

    /// Records a provider answer and the state it leads to.
    async fn settle(
        &self,
        intent: &PayoutIntent,
        receipt: &PayoutReceipt,
        event: &str,
    ) -> Result<PayoutIntent, AppError> {
        self.store
            .append_payout_journal(
                &intent.id,
                &NewJournalEntry {
                    answer: Some(receipt.raw.clone()),
                    note: Some(match &receipt.warning {
                        Some(warning) => format!(
                            "{} is {}; warning: {warning}",
                            receipt.provider_id, receipt.provider_status
                        ),
                        None => format!("{} is {}", receipt.provider_id, receipt.provider_status),
                    }),
                    ..entry(PAYDESK, event)
                },
            )
            .await?;
        let to = state_for(super::kind_of(intent), receipt);
        self.finish(
            intent,
            to,
            Some(receipt),
            reason_for(intent.provider, receipt),
        )
        .await
    }

    async fn finish(
        &self,
        intent: &PayoutIntent,
        to: PayoutState,
        receipt: Option<&PayoutReceipt>,
        reason: Option<String>,
    ) -> Result<PayoutIntent, AppError> {
        let update = IntentUpdate {
            reason: Some(reason),
            provider_id: receipt.map(|r| r.provider_id.clone()),
            provider_status: receipt.map(|r| r.provider_status.clone()),
            link: receipt.and_then(|r| r.link.clone()),
            expires_at: receipt.and_then(|r| r.expires_at),
            counts_a_send: false,
            lease: None,
        };
        let changed = self
            .store
            .transition_payout(
                &intent.id,
                &[PayoutState::Sending],
                None,
                Some(&self.owner),
                to,
                &update,
                &entry(PAYDESK, "state"),
            )
            .await?;
        match changed {
            Some(after) => {
                self.announce(&after, PAYDESK).await;
                Ok(after)
            }
            // Taken over by a reconciler after our lease ended: its outcome stands.
            None => self.intent(&intent.id).await,
        }
    }

    async fn give_up(
        &self,
        intent: &PayoutIntent,
        reason: String,
    ) -> Result<PayoutIntent, AppError> {
        self.finish(intent, PayoutState::Unknown, None, Some(reason))
            .await
    }
}
