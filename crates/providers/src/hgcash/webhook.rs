//! HG.Cash webhooks (§5): the signature check over the raw bytes, the two payload kinds
//! (a cash-out request's status update, an account movement; their wire types are in
//! `wire/notifications.rs`) and their unified form. The local ledger they build is
//! [`ledger`].
//!
//! Webhooks are HG.Cash's only source of inbound history (§1, §11): every verified body is
//! kept as received in [`paydesk_domain::Transaction::raw`].

pub mod ledger;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Direction, Secret, Transaction, TransactionKind, TransactionStatus,
};
use serde::Deserialize;

use crate::error::ProviderError;
use crate::signature::verify_hmac_sha256_hex;

use super::assumptions::{self, SIGNATURE_PREFIX};
use super::wire::{
    MovementDirection, MovementNotification, PROVIDER, RequestNotification, currency, money,
    unreadable,
};

pub use self::ledger::{Applied, WebhookLedger};

pub use super::assumptions::SIGNATURE_HEADER;

/// True when `header` (`sha256=<hex>`, upper- or lower-case hex) is the HMAC-SHA256 of the
/// exact `raw_body` under `secret` (§5.2). Compared in constant time.
pub fn verify(secret: &Secret, raw_body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix(SIGNATURE_PREFIX) else {
        return false;
    };
    !hex.is_empty() && verify_hmac_sha256_hex(secret.expose().as_bytes(), raw_body, hex)
}

/// [`verify`] against any of several secrets: the old and the new one during a rotation
/// (ASSUMPTION §5.2: a grace window accepts both).
pub fn verify_any(secrets: &[Secret], raw_body: &[u8], header: &str) -> bool {
    secrets.iter().any(|s| verify(s, raw_body, header))
}

/// A parsed webhook, with its body exactly as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEvent {
    /// A cash-out request's status update.
    Request {
        /// The payload.
        payload: RequestNotification,
        /// The body as received.
        raw: String,
    },
    /// An account movement.
    Movement {
        /// The payload.
        payload: MovementNotification,
        /// The body as received.
        raw: String,
    },
}

#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "type", default)]
    kind: String,
}

/// Reads a webhook body (verify it first with [`verify`]). Unknown fields (`topic`,
/// `eventType`, `transactionId`, U16) are accepted and ignored.
pub fn parse(raw_body: &[u8]) -> Result<WebhookEvent, ProviderError> {
    let text = std::str::from_utf8(raw_body).map_err(|e| unreadable("webhook", raw_body, &e))?;
    let probe: Probe =
        serde_json::from_str(text).map_err(|e| unreadable("webhook", raw_body, &e))?;
    let event = if probe
        .kind
        .trim()
        .eq_ignore_ascii_case(assumptions::REQUEST_TYPE)
    {
        let payload: RequestNotification =
            serde_json::from_str(text).map_err(|e| unreadable("cash-out webhook", raw_body, &e))?;
        WebhookEvent::Request {
            payload,
            raw: text.to_owned(),
        }
    } else {
        let payload: MovementNotification = serde_json::from_str(text)
            .map_err(|e| unreadable("account movement webhook", raw_body, &e))?;
        WebhookEvent::Movement {
            payload,
            raw: text.to_owned(),
        }
    };
    // Check the amount and time now, so a bad event is refused on arrival.
    event.check()?;
    Ok(event)
}

/// A local date-time (`2026-01-14T09:17:21`) in an IANA zone, in UTC (U18, §5.3).
pub fn local_to_utc(date: &str, timezone: &str) -> Result<DateTime<Utc>, ProviderError> {
    let offset = assumptions::timezone_offset(timezone)
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| {
            ProviderError::malformed(PROVIDER, format!("time zone '{timezone}' is not known"))
        })?;
    let naive = NaiveDateTime::parse_from_str(date.trim(), "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| ProviderError::malformed(PROVIDER, format!("date '{date}' is not a date")))?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ProviderError::malformed(PROVIDER, format!("date '{date}' is out of range")))
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.trim().is_empty()).cloned()
}

/// When a notification happened: its local `date` in `timezone` when both are given,
/// otherwise when it arrived.
fn happened_at(
    date: &Option<String>,
    timezone: &Option<String>,
    received_at: DateTime<Utc>,
) -> Result<DateTime<Utc>, ProviderError> {
    match (date, timezone) {
        (Some(date), Some(zone)) => local_to_utc(date, zone),
        _ => Ok(received_at),
    }
}

impl WebhookEvent {
    /// The body as received.
    pub fn raw(&self) -> &str {
        match self {
            WebhookEvent::Request { raw, .. } | WebhookEvent::Movement { raw, .. } => raw,
        }
    }

    fn check(&self) -> Result<(), ProviderError> {
        match self {
            WebhookEvent::Request { payload: p, .. } => {
                money(p.amount, currency(&p.currency)?)?;
                happened_at(&p.date, &p.timezone, Utc::now())?;
            }
            WebhookEvent::Movement { payload: p, .. } => {
                money(p.amount, currency(&p.currency)?)?;
                happened_at(&p.date, &p.timezone, Utc::now())?;
            }
        }
        Ok(())
    }

    /// The dedup key of §5.5: `(kind, id, status)` for requests, `id` for movements.
    pub fn dedup_key(&self) -> String {
        match self {
            WebhookEvent::Request { payload, .. } => {
                format!("request:{}:{}", payload.id, payload.status.as_str())
            }
            WebhookEvent::Movement { payload, .. } => format!("movement:{}", payload.id),
        }
    }

    /// The record key: one unified transaction per request id or movement id.
    pub fn record_key(&self) -> String {
        match self {
            WebhookEvent::Request { payload, .. } => format!("request:{}", payload.id),
            WebhookEvent::Movement { payload, .. } => format!("movement:{}", payload.id),
        }
    }

    /// The unified transaction, stamped with the Paydesk `account`. `received_at` dates a
    /// request notification that carries no `date`.
    pub fn to_transaction(
        &self,
        account: &AccountId,
        received_at: DateTime<Utc>,
    ) -> Result<Transaction, ProviderError> {
        match self {
            WebhookEvent::Request { payload: p, raw } => {
                let c = currency(&p.currency)?;
                let at = happened_at(&p.date, &p.timezone, received_at)?;
                let status = p.status.to_status();
                Ok(Transaction {
                    provider: PROVIDER,
                    account: account.clone(),
                    provider_id: p.id.clone(),
                    merchant_reference: non_empty(&p.external_id),
                    // ASSUMPTION §5.3: keyed on `type == "request"`, a cash-out, never on `direction`.
                    direction: Direction::Out,
                    kind: TransactionKind::CashOut,
                    status,
                    provider_status: p.status.as_str().to_owned(),
                    amount: money(p.amount, c)?,
                    fee: None,
                    net: None,
                    counterparty: Counterparty {
                        name: non_empty(&p.to_name),
                        phone: None,
                        bank_account: non_empty(&p.to_cbu).or_else(|| non_empty(&p.to_cvu)),
                        card_last4: None,
                    },
                    description: non_empty(&p.concept).or_else(|| non_empty(&p.error)),
                    created_at: at,
                    updated_at: at,
                    raw: raw.clone(),
                })
            }
            WebhookEvent::Movement { payload: p, raw } => {
                let c = currency(&p.currency)?;
                let at = happened_at(&p.date, &p.timezone, received_at)?;
                let (direction, kind, name, bank) = match p.direction {
                    MovementDirection::Inbound => (
                        Direction::In,
                        TransactionKind::Collection,
                        &p.from_name,
                        &p.from_cbu,
                    ),
                    MovementDirection::Outbound => (
                        Direction::Out,
                        TransactionKind::CashOut,
                        &p.to_name,
                        &p.to_cbu,
                    ),
                };
                Ok(Transaction {
                    provider: PROVIDER,
                    account: account.clone(),
                    provider_id: p.id.clone(),
                    merchant_reference: None,
                    direction,
                    kind,
                    // ASSUMPTION §4.5: a movement is booked money whatever its free-text
                    // status (`hecha`); the word is kept in provider_status.
                    status: TransactionStatus::Succeeded,
                    provider_status: p.status.clone(),
                    amount: money(p.amount, c)?,
                    fee: None,
                    net: None,
                    counterparty: Counterparty {
                        name: non_empty(name),
                        phone: None,
                        bank_account: non_empty(bank),
                        card_last4: None,
                    },
                    description: non_empty(&p.external_id),
                    created_at: at,
                    updated_at: at,
                    raw: raw.clone(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests;
