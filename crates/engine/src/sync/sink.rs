//! The webhook receiver's sink backed by the local cache: each verified delivery is recorded
//! once per (account, provider event key) and applied in the same SQLite transaction, never
//! letting a less final status replace a more final one.

use paydesk_domain::AppError;
use paydesk_store::{DeliveryOutcome, NewDelivery, StatusUpdate, Store};

use super::run::may_replace;
use crate::webhooks::{DeliverySink, Recorded, SinkFuture, VerifiedDelivery};

/// A [`DeliverySink`] writing into the [`Store`]:
/// - HG.Cash deliveries (always a full record) and CashWeb ones that embed the transaction
///   are upserted, unless the stored row is more final;
/// - a Hexai status hint moves a known row's status the same way (an unknown row is left to
///   the next sync);
/// - every delivery is kept in `webhook_deliveries`, so a repeat answers `Duplicate`.
#[derive(Debug, Clone)]
pub struct StoreDeliverySink {
    store: Store,
}

impl StoreDeliverySink {
    /// A sink writing into `store`.
    pub fn new(store: Store) -> StoreDeliverySink {
        StoreDeliverySink { store }
    }

    async fn apply(&self, delivery: VerifiedDelivery) -> Result<Recorded, AppError> {
        let pushed = delivery.pushed_status();
        let hint =
            delivery
                .status_hint
                .as_ref()
                .zip(pushed.as_ref())
                .map(|((id, status), pushed)| StatusUpdate {
                    provider_id: id,
                    status: *status,
                    provider_status: &pushed.provider_status,
                    updated_at: delivery.received_at,
                });
        let outcome = self
            .store
            .record_delivery(
                &NewDelivery {
                    account: &delivery.account,
                    provider: delivery.provider,
                    dedup_key: &delivery.dedup_key,
                    received_at: delivery.received_at,
                    body: &delivery.body,
                },
                delivery.transaction.as_ref(),
                hint.as_ref(),
                &may_replace,
            )
            .await?;
        Ok(match outcome {
            DeliveryOutcome::Duplicate => Recorded::Duplicate,
            DeliveryOutcome::Applied
            | DeliveryOutcome::Stale
            | DeliveryOutcome::UnknownRecord
            | DeliveryOutcome::Recorded => Recorded::New,
        })
    }
}

impl DeliverySink for StoreDeliverySink {
    fn record(&self, delivery: VerifiedDelivery) -> SinkFuture<'_> {
        Box::pin(self.apply(delivery))
    }
}
