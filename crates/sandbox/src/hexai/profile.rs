//! The reply profile ([`Variance`]) as the simulated HPG applies it: the status word a record
//! shows in every read, and the documented-only shapes of the replies (the seed's own fields,
//! or the least a provider could send where the seed shows no reply at all).

use std::borrow::Cow;

use serde::Serialize;
use serde_json::value::RawValue;

use super::state::{Ledger, Status, Tx, gmd_text};
use crate::variance::Variance;

/// The seed's word for a settled transaction in its magic-amount table (`SUCCESS`); the
/// webhook example's `SUCCEEDED` stays in webhooks.
const DOCUMENTED_SUCCEEDED: &str = "SUCCESS";

/// The word a record shows now: the unknown word while it is pending (the unknown-status
/// profile picks records by creation order), the seed's spelling under documented-only, the
/// reference's otherwise.
pub(crate) fn shown_status(variance: &Variance, index: u32, tx: &Tx) -> Cow<'static, str> {
    if tx.status == Status::Pending
        && let Some(word) = variance.unknown_word_for(u64::from(index))
    {
        return Cow::Owned(word.to_ascii_uppercase());
    }
    match tx.status {
        Status::Succeeded if variance.documented_only => Cow::Borrowed(DOCUMENTED_SUCCEEDED),
        status => Cow::Borrowed(status.as_str()),
    }
}

/// `POST /payouts/initiate` under documented-only: the seed shows no reply, so the id and the
/// status alone.
#[derive(Serialize)]
pub(crate) struct DocumentedPayout {
    pub(crate) transaction_id: String,
    pub(crate) status: Cow<'static, str>,
}

/// `GET /collections/status/:reference` under documented-only: the seed shows no reply, so the
/// id, the reference asked for and the status.
#[derive(Serialize)]
pub(crate) struct DocumentedStatus {
    pub(crate) transaction_id: String,
    pub(crate) client_reference: String,
    pub(crate) status: Cow<'static, str>,
}

/// `POST /collections/initiate` under documented-only: the seed's three fields.
#[derive(Serialize)]
pub(crate) struct DocumentedCollection {
    pub(crate) transaction_id: String,
    pub(crate) redirect_url: String,
    pub(crate) status: Cow<'static, str>,
}

/// A `GET /client/transactions` item under documented-only: the seed's only transaction
/// object, the webhook's (`amount` a GMD number with two decimals).
#[derive(Serialize)]
pub(crate) struct DocumentedItem {
    id: String,
    client_reference: String,
    #[serde(rename = "type")]
    kind: &'static str,
    amount: Box<RawValue>,
    status: Cow<'static, str>,
}

impl Ledger {
    /// The documented-only list item.
    pub(crate) fn documented_item(
        &self,
        variance: &Variance,
        index: u32,
    ) -> Option<DocumentedItem> {
        let tx = self.txs.get(index as usize)?;
        Some(DocumentedItem {
            id: self.ids.id(index),
            client_reference: self.reference(index),
            kind: tx.kind.as_str(),
            amount: RawValue::from_string(gmd_text(tx.amount)).ok()?,
            status: shown_status(variance, index, tx),
        })
    }
}
