//! The CashWeb simulator's webhook outbox: events recorded for `/webhooks/events` and
//! delivered with the §5.2 signature through the shared `WebhookSender`.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::model::{id_text, time_text};
use super::state::{Event, State};
use crate::webhooks::Signer;

impl State {
    /// Records a webhook event in the outbox and queues its signed delivery.
    pub fn emit(&mut self, index: usize, event_type: &str, at: DateTime<Utc>) {
        let id = self.next_id(at);
        let partner = self.txs.get(index).map_or(0, |t| t.partner);
        let body = json!({
            "id": id_text(id),
            "event_type": event_type,
            "created_at": time_text(at),
            "data": self.tx_json(index),
        })
        .to_string()
        .into_bytes();
        self.events.push(Event {
            id,
            event_type: event_type.to_owned(),
            tx: index,
            partner,
            created_at: at,
            updated_at: at,
            body: body.clone(),
        });
        self.deliver(id, event_type, body, partner, at);
    }

    /// Queues a signed delivery of an event's body (first send or replay).
    pub fn deliver(
        &self,
        id: u128,
        event_type: &str,
        body: Vec<u8>,
        partner: u8,
        at: DateTime<Utc>,
    ) {
        let Some(url) = self.knobs.webhook_url.clone() else {
            return;
        };
        let secret = self
            .partners
            .get(usize::from(partner))
            .map(|p| p.webhook_secret.clone())
            .unwrap_or_default();
        let stamp = if self.knobs.webhook_stale_timestamp {
            at - Duration::seconds(3600)
        } else {
            at
        };
        let signer = signer(secret, stamp.timestamp().to_string(), event_type.to_owned());
        self.webhooks.enqueue(&id_text(id), &url, body, &signer);
    }
}

/// The §5.2 signature headers for one event: `X-CW-Webhook-Timestamp` (unix seconds) and
/// `X-CW-Webhook-Signature` = hex HMAC-SHA256 of `"<timestamp>.<event_type>.<hex sha256(body)>"`.
pub fn signer(secret: String, timestamp: String, event_type: String) -> Signer {
    std::sync::Arc::new(move |body: &[u8]| {
        vec![
            ("X-CW-Webhook-Timestamp".to_owned(), timestamp.clone()),
            (
                "X-CW-Webhook-Signature".to_owned(),
                signature(secret.as_bytes(), &timestamp, &event_type, body),
            ),
        ]
    })
}

/// The §5.2 signature.
pub fn signature(secret: &[u8], timestamp: &str, event_type: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let body_hash = hex::encode(Sha256::digest(body));
    let signing = format!("{timestamp}.{event_type}.{body_hash}");
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(signing.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}
