//! Statuses a provider pushes (its signed webhooks): the open request or payout a delivery
//! names is moved exactly as a status read with the same answer would move it, journaled as
//! `webhook` with the body received. A webhook only speeds things up: every open intent is
//! still read at each sync, so a lost delivery costs only time.

use std::sync::Arc;

use paydesk_domain::{AccountId, AppError};
use paydesk_providers::PayoutReceipt;
use paydesk_store::{NewJournalEntry, PayoutIntent};

use super::PayoutService;
use super::poll::OPEN;
use crate::webhooks::{DeliverySink, PushedStatus, Recorded, SinkFuture, VerifiedDelivery};

impl PayoutService {
    /// Applies a status `account`'s provider pushed to the intent it names (by the provider's
    /// id). `Ok(None)`: no intent of that account is that record (a payment the merchant did
    /// not make through Paydesk, or one whose id is not known yet: the next read finds it).
    /// An intent that is not open (still being sent, or final) is returned unchanged.
    pub async fn apply_pushed(
        &self,
        account: &AccountId,
        pushed: &PushedStatus,
        body: &str,
    ) -> Result<Option<PayoutIntent>, AppError> {
        let Some(intent) = self
            .store
            .payout_intent_by_provider_id(account, &pushed.provider_id)
            .await?
        else {
            return Ok(None);
        };
        if !OPEN.contains(&intent.state) {
            return Ok(Some(intent));
        }
        let receipt = PayoutReceipt {
            provider_id: pushed.provider_id.clone(),
            status: pushed.status,
            provider_status: pushed.provider_status.clone(),
            failure_reason: pushed.failure_reason.clone(),
            warning: None,
            link: None,
            expires_at: None,
            raw: body.to_owned(),
        };
        let entry = NewJournalEntry {
            actor: "paydesk".into(),
            event: "webhook".into(),
            answer: Some(body.to_owned()),
            ..Default::default()
        };
        self.record_answer(intent, &receipt, &entry).await.map(Some)
    }
}

/// A [`DeliverySink`] that records each delivery through another sink (the local cache) and
/// then applies a first-time delivery's status to the payout or payment request it names
/// ([`PayoutService::apply_pushed`]). A repeated delivery changes nothing; a failure to apply
/// is logged and left to the next status read.
pub struct FollowingSink {
    records: Arc<dyn DeliverySink>,
    payouts: Arc<PayoutService>,
}

impl FollowingSink {
    /// Records through `records`, then follows up in `payouts`.
    pub fn new(records: Arc<dyn DeliverySink>, payouts: Arc<PayoutService>) -> FollowingSink {
        FollowingSink { records, payouts }
    }

    async fn apply(&self, delivery: VerifiedDelivery) -> Result<Recorded, AppError> {
        let pushed = delivery.pushed_status();
        let account = delivery.account.clone();
        let body = delivery.body.clone();
        let recorded = self.records.record(delivery).await?;
        if let (Recorded::New, Some(pushed)) = (recorded, pushed)
            && let Err(e) = self.payouts.apply_pushed(&account, &pushed, &body).await
        {
            tracing::warn!(code = e.code.as_str(), "a webhook's status was not applied");
        }
        Ok(recorded)
    }
}

impl DeliverySink for FollowingSink {
    fn record(&self, delivery: VerifiedDelivery) -> SinkFuture<'_> {
        Box::pin(self.apply(delivery))
    }
}
