//! HG.Cash webhooks (§5): the signature check over the raw bytes, the two payload kinds
//! (a cash-out request's status update, an account movement) and their unified form.
//!
//! Webhooks are HG.Cash's only source of inbound history (§1, §11): every verified body is
//! kept as received in [`paydesk_domain::Transaction::raw`].

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Direction, Secret, Transaction, TransactionKind, TransactionStatus,
};
use serde::Deserialize;

use crate::error::ProviderError;
use crate::exact::WireDecimal;
use crate::signature::verify_hmac_sha256_hex;

use super::assumptions::{self, SIGNATURE_PREFIX};
use super::wire::{PROVIDER, RequestStatus, currency, money};

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

/// Payload A (§5.3): a cash-out request's status changed (`type` is `"request"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestNotification {
    /// The request id (as `POST /transactions` returned it).
    pub id: String,
    /// Our `externalID` (`""` when none was given, ASSUMPTION U5).
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Decimal string, e.g. `"15000.50"`.
    pub amount: WireDecimal,
    /// ISO 4217 code.
    pub currency: String,
    /// `Inbound`/`Outbound`: unreliable for requests, not used (§5.3).
    #[serde(default)]
    pub direction: Option<String>,
    /// The request status (§4.1).
    pub status: RequestStatus,
    /// The HG.Cash account.
    pub account_id: String,
    /// Local date-time without offset.
    #[serde(default)]
    pub date: Option<String>,
    /// IANA zone of `date`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Failure message when `ERROR`.
    #[serde(default)]
    pub error: Option<String>,
    /// `INSUFFICIENT_BALANCE` or `DESTINATION_ERROR`.
    #[serde(default)]
    pub error_code: Option<String>,
    /// Sender name.
    #[serde(default)]
    pub from_name: Option<String>,
    /// Recipient name.
    #[serde(default)]
    pub to_name: Option<String>,
    /// Sender CBU.
    #[serde(rename = "fromCBU", default)]
    pub from_cbu: Option<String>,
    /// Recipient CBU.
    #[serde(rename = "toCBU", default)]
    pub to_cbu: Option<String>,
    /// Recipient CVU.
    #[serde(rename = "toCVU", default)]
    pub to_cvu: Option<String>,
    /// Concept.
    #[serde(default)]
    pub concept: Option<String>,
    /// COELSA code.
    #[serde(default)]
    pub coelsa_code: Option<String>,
}

/// Payload B (§5.4): money moved in or out of an account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovementNotification {
    /// The movement id: the primary dedup key.
    pub id: String,
    /// A provider- or bank-level id.
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Decimal string, possibly without decimals (`"12000"`).
    pub amount: WireDecimal,
    /// ISO 4217 code.
    pub currency: String,
    /// `Inbound` or `Outbound`.
    pub direction: MovementDirection,
    /// Free text, e.g. `hecha`.
    pub status: String,
    /// Business type, e.g. `inbound`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HG.Cash account.
    pub account_id: String,
    /// Local date-time without offset.
    pub date: String,
    /// IANA zone of `date`.
    pub timezone: String,
    /// Sender name.
    #[serde(default)]
    pub from_name: Option<String>,
    /// Recipient name.
    #[serde(default)]
    pub to_name: Option<String>,
    /// Sender CBU.
    #[serde(rename = "fromCBU", default)]
    pub from_cbu: Option<String>,
    /// Recipient CBU.
    #[serde(rename = "toCBU", default)]
    pub to_cbu: Option<String>,
    /// Sender CUIT.
    #[serde(rename = "fromCUIT", default)]
    pub from_cuit: Option<String>,
    /// Recipient CUIT.
    #[serde(rename = "toCUIT", default)]
    pub to_cuit: Option<String>,
    /// COELSA code: a secondary matching key.
    #[serde(default)]
    pub coelsa_code: Option<String>,
}

/// A movement's direction (§4.4, exact capitalisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum MovementDirection {
    /// Money in.
    Inbound,
    /// Money out.
    Outbound,
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
    #[serde(rename = "type")]
    kind: String,
}

/// Reads a webhook body (verify it first with [`verify`]). Unknown fields (`topic`,
/// `eventType`, `transactionId`, U16) are accepted and ignored.
pub fn parse(raw_body: &[u8]) -> Result<WebhookEvent, ProviderError> {
    let text = std::str::from_utf8(raw_body)
        .map_err(|e| ProviderError::malformed(PROVIDER, format!("webhook: {e}")))?;
    let probe: Probe = serde_json::from_str(text)
        .map_err(|e| ProviderError::malformed(PROVIDER, format!("webhook: {e}")))?;
    let event = if probe.kind == assumptions::REQUEST_TYPE {
        let payload: RequestNotification = serde_json::from_str(text)
            .map_err(|e| ProviderError::malformed(PROVIDER, format!("request webhook: {e}")))?;
        WebhookEvent::Request {
            payload,
            raw: text.to_owned(),
        }
    } else {
        let payload: MovementNotification = serde_json::from_str(text)
            .map_err(|e| ProviderError::malformed(PROVIDER, format!("movement webhook: {e}")))?;
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
        .map_err(|e| ProviderError::malformed(PROVIDER, format!("date '{date}': {e}")))?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ProviderError::malformed(PROVIDER, format!("date '{date}' is out of range")))
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.trim().is_empty()).cloned()
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
                if let (Some(date), Some(zone)) = (&p.date, &p.timezone) {
                    local_to_utc(date, zone)?;
                }
            }
            WebhookEvent::Movement { payload: p, .. } => {
                money(p.amount, currency(&p.currency)?)?;
                local_to_utc(&p.date, &p.timezone)?;
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
                let at = match (&p.date, &p.timezone) {
                    (Some(date), Some(zone)) => local_to_utc(date, zone)?,
                    _ => received_at,
                };
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
                let at = local_to_utc(&p.date, &p.timezone)?;
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
#[path = "webhook_tests.rs"]
mod tests;
