//! CashWeb webhooks (§5): the `X-CW-Webhook-Signature` check and a lenient parser.
//!
//! Signature (§5.2): `hex(HMAC_SHA256(secret, "<timestamp>.<event_type>.<hex(SHA256(body))>"))`,
//! where `<timestamp>` is the `X-CW-Webhook-Timestamp` header verbatim (ASSUMPTION: unix
//! seconds) and `<event_type>` comes from an `X-CW-Webhook-Event` header if present, else from
//! the body. Treat every event as a hint to re-read the transaction (§11).

use std::time::Duration;

use chrono::{DateTime, Utc};
use paydesk_domain::{ProviderKind, Secret};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::error::ProviderError;
use crate::exact::parse_rfc3339;
use crate::signature::{hmac_sha256_hex, verify_hmac_sha256_hex};

use super::assumptions::{WEBHOOK_EVENT_HEADER, WEBHOOK_MAX_SKEW};
use super::wire::{TransactionRecord, unreadable};

const P: ProviderKind = ProviderKind::CashWeb;

/// The timestamp header.
pub const TIMESTAMP_HEADER: &str = "X-CW-Webhook-Timestamp";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-CW-Webhook-Signature";
/// An event-type header, preferred over the body's when present (ASSUMPTION U4).
pub const EVENT_HEADER: &str = WEBHOOK_EVENT_HEADER;

/// The webhook headers the signature needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookHeaders<'a> {
    /// `X-CW-Webhook-Timestamp`, verbatim.
    pub timestamp: &'a str,
    /// `X-CW-Webhook-Signature`.
    pub signature: &'a str,
    /// `X-CW-Webhook-Event`, if CashWeb sent one.
    pub event_type: Option<&'a str>,
}

/// The signing string of §5.2.
pub fn signing_string(timestamp: &str, event_type: &str, raw_body: &[u8]) -> String {
    let body_hash = hex::encode(Sha256::digest(raw_body));
    format!("{timestamp}.{event_type}.{body_hash}")
}

/// The signature CashWeb would send (for the simulator and tests).
pub fn sign(secret: &Secret, timestamp: &str, event_type: &str, raw_body: &[u8]) -> String {
    hmac_sha256_hex(
        secret.expose().as_bytes(),
        signing_string(timestamp, event_type, raw_body).as_bytes(),
    )
}

/// True when the signature matches the exact bytes received (constant-time comparison).
/// Freshness is [`verify_fresh`]'s job.
pub fn verify(secret: &Secret, raw_body: &[u8], headers: &WebhookHeaders<'_>) -> bool {
    let event_type = match headers.event_type {
        Some(t) => t.to_owned(),
        None => match body_event_type(raw_body) {
            Some(t) => t,
            None => return false,
        },
    };
    let signing = signing_string(headers.timestamp, &event_type, raw_body);
    verify_hmac_sha256_hex(
        secret.expose().as_bytes(),
        signing.as_bytes(),
        headers.signature,
    )
}

/// [`verify`], and the timestamp is within [`WEBHOOK_MAX_SKEW`] of `now` (replay protection).
pub fn verify_fresh(
    secret: &Secret,
    raw_body: &[u8],
    headers: &WebhookHeaders<'_>,
    now: DateTime<Utc>,
) -> bool {
    let Ok(seconds) = headers.timestamp.trim().parse::<i64>() else {
        return false;
    };
    let Some(skew) = now.timestamp().checked_sub(seconds) else {
        return false;
    };
    Duration::from_secs(skew.unsigned_abs()) <= WEBHOOK_MAX_SKEW
        && verify(secret, raw_body, headers)
}

/// The event types of §4.2 (plus `transaction.cancelled`, ASSUMPTION U9); anything else is
/// kept and ignored by the receiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEventType {
    /// `transaction.created`
    TransactionCreated,
    /// `deposit.detected`
    DepositDetected,
    /// `deposit.confirmed`
    DepositConfirmed,
    /// `transaction.completed`
    TransactionCompleted,
    /// `transaction.failed`
    TransactionFailed,
    /// `transaction.expired`
    TransactionExpired,
    /// `transaction.refunded`
    TransactionRefunded,
    /// `transaction.cancelled`
    TransactionCancelled,
    /// `payout.settled`
    PayoutSettled,
    /// A type Paydesk does not know: a no-op.
    Unknown(String),
}

impl WebhookEventType {
    /// From CashWeb's word.
    pub fn parse(text: &str) -> WebhookEventType {
        match text {
            "transaction.created" => WebhookEventType::TransactionCreated,
            "deposit.detected" => WebhookEventType::DepositDetected,
            "deposit.confirmed" => WebhookEventType::DepositConfirmed,
            "transaction.completed" => WebhookEventType::TransactionCompleted,
            "transaction.failed" => WebhookEventType::TransactionFailed,
            "transaction.expired" => WebhookEventType::TransactionExpired,
            "transaction.refunded" => WebhookEventType::TransactionRefunded,
            "transaction.cancelled" => WebhookEventType::TransactionCancelled,
            "payout.settled" => WebhookEventType::PayoutSettled,
            other => WebhookEventType::Unknown(other.to_owned()),
        }
    }
}

/// A parsed webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The event id, to deduplicate on (kept on replay).
    pub id: String,
    /// The type as sent.
    pub event_type_text: String,
    /// The type.
    pub event_type: WebhookEventType,
    /// When CashWeb created it.
    pub created_at: Option<DateTime<Utc>>,
    /// The transaction it carries, if it carries one.
    pub transaction: Option<TransactionRecord>,
}

/// The envelope, leniently (§5.3, ASSUMPTION U3).
#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    event_type: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    data: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct Nested {
    #[serde(default)]
    transaction: Option<Box<RawValue>>,
}

fn body_event_type(raw_body: &[u8]) -> Option<String> {
    let event: RawEvent = serde_json::from_slice(raw_body).ok()?;
    event.event_type.or(event.kind)
}

/// Parses a webhook body: `id` or `event_id`, `event_type` or `type`, the transaction from
/// `data` or `data.transaction`.
pub fn parse(raw_body: &[u8]) -> Result<WebhookEvent, ProviderError> {
    let event: RawEvent = serde_json::from_slice(raw_body).map_err(|e| {
        unreadable(
            "the webhook could not be read",
            &e,
            &String::from_utf8_lossy(raw_body),
        )
    })?;
    let id = event
        .id
        .or(event.event_id)
        .ok_or_else(|| ProviderError::malformed(P, "the webhook has no event id"))?;
    let event_type_text = event
        .event_type
        .or(event.kind)
        .ok_or_else(|| ProviderError::malformed(P, "the webhook has no event type"))?;
    // A creation time that cannot be read is not known; it never sinks the event.
    let created_at = event.created_at.and_then(|t| parse_rfc3339(&t).ok());
    let transaction = match event.data {
        None => None,
        Some(data) if data.get().trim() == "null" => None,
        Some(data) => {
            let nested: Option<Nested> = serde_json::from_str(data.get()).ok();
            let raw = match nested.and_then(|n| n.transaction) {
                Some(inner) => inner.get().to_owned(),
                None => data.get().to_owned(),
            };
            Some(TransactionRecord::parse(&raw)?)
        }
    };
    Ok(WebhookEvent {
        id,
        event_type: WebhookEventType::parse(&event_type_text),
        event_type_text,
        created_at,
        transaction,
    })
}
