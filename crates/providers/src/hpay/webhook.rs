//! What HPAY sends to `notify_url` (§5; its shape is assumed, see `assumptions.rs`): an
//! unsigned hint that a link was paid. There is no signature to verify, so nothing in it is trusted: read the
//! `transaction_id`, answer 200, and ask [`super::HpayClient::find_payment`] for the truth.

use serde::Deserialize;

use super::errors::{malformed, unreadable};
use super::wire::PaymentStatus;
use crate::error::ProviderError;

/// A notification's claim (to be checked, never applied as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentNotification {
    /// The link it names.
    pub transaction_id: String,
    /// The status it claims.
    pub status: Option<PaymentStatus>,
    /// `event` (`payment.paid` from the simulator), when present.
    pub event: Option<String>,
}

#[derive(Deserialize)]
struct Wire {
    transaction_id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    event: Option<String>,
}

/// Reads a JSON notification body (`notify_mode` `post_json`).
pub fn parse(raw_body: &[u8]) -> Result<PaymentNotification, ProviderError> {
    let wire: Wire = serde_json::from_slice(raw_body).map_err(|e| {
        unreadable(
            "the HPAY notification cannot be read",
            &e.to_string(),
            raw_body,
        )
    })?;
    build(wire)
}

/// Reads a query-string notification (`transaction_id=..&status=..`, `notify_mode`
/// `get_query`).
pub fn parse_query(query: &str) -> Result<PaymentNotification, ProviderError> {
    let mut wire = Wire {
        transaction_id: String::new(),
        status: None,
        event: None,
    };
    for (name, value) in url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        match name.as_ref() {
            "transaction_id" => wire.transaction_id = value.into_owned(),
            "status" => wire.status = Some(value.into_owned()),
            "event" => wire.event = Some(value.into_owned()),
            _ => {}
        }
    }
    build(wire)
}

fn build(wire: Wire) -> Result<PaymentNotification, ProviderError> {
    if wire.transaction_id.trim().is_empty() {
        return Err(malformed("notification without a transaction_id"));
    }
    Ok(PaymentNotification {
        transaction_id: wire.transaction_id,
        status: wire.status.map(|s| PaymentStatus::from_wire(&s)),
        event: wire.event,
    })
}
