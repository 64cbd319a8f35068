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
        .ok_or_else(|| ProviderError::malformed(PROVIDER, format!("date '{date}' is ambiguous")))
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
mod tests {
    use super::*;
    use chrono::TimeZone;

    const REQUEST: &str = r#"{"id":"789e0123-e89b-12d3-a456-426614174999","externalID":"REQ-2024-001234","amount":"15000.50","currency":"ARS","direction":"Inbound","status":"PENDING","type":"request","accountId":"550e8400-e29b-41d4-a716-446655440123","date":"2024-06-19T10:30:00","timezone":"America/Argentina/Buenos_Aires","fromName":"Juan Pérez","toName":"María García","fromCBU":"1700015400000000000010","toCBU":"1100015400000000000021","error":"Insufficient funds on destination account","fromCUIT":"20123456789","toCUIT":"27987654321","concept":"Payment for services","coelsaCode":"COELSA123456"}"#;
    const MOVEMENT: &str = r#"{"id":"040eac5b-a998-4879-9d8a-05fd2a08c625","externalID":"E-67REZ8NPQDQ460QK94KVGO-2026-01-14 09:17:21","amount":"12000","currency":"ARS","direction":"Inbound","status":"hecha","type":"inbound","date":"2026-01-14T09:17:21","timezone":"America/Argentina/Buenos_Aires","fromName":"Jose Angel Gallucci","toName":"MUNDO OFERTA IMPORTACIONES S.A","fromCBU":"0000003100117987328844","toCBU":"0000151500037626120131","fromCUIT":"20125680667","toCUIT":"30718891813","coelsaCode":"67REZ8NPQDQ460QK94KVGO","accountId":"843d9d8b-6db8-47a2-8c22-23b198e99c15"}"#;

    #[test]
    fn request_example() {
        let account = AccountId::new("hg").expect("valid");
        let event = parse(REQUEST.as_bytes()).expect("parses");
        let t = event.to_transaction(&account, Utc::now()).expect("maps");
        assert_eq!(t.amount.minor_units(), 1_500_050);
        assert_eq!(t.direction, Direction::Out);
        assert_eq!(t.kind, TransactionKind::CashOut);
        assert_eq!(t.status, TransactionStatus::Pending);
        assert_eq!(t.merchant_reference.as_deref(), Some("REQ-2024-001234"));
        assert_eq!(
            t.counterparty.bank_account.as_deref(),
            Some("1100015400000000000021")
        );
        assert_eq!(
            t.created_at,
            Utc.with_ymd_and_hms(2024, 6, 19, 13, 30, 0)
                .single()
                .expect("time")
        );
        assert_eq!(t.raw, REQUEST);
        assert_eq!(
            event.dedup_key(),
            "request:789e0123-e89b-12d3-a456-426614174999:PENDING"
        );
    }

    #[test]
    fn movement_example() {
        let account = AccountId::new("hg").expect("valid");
        let event = parse(MOVEMENT.as_bytes()).expect("parses");
        let t = event.to_transaction(&account, Utc::now()).expect("maps");
        assert_eq!(t.amount.to_string(), "12000.00 ARS");
        assert_eq!(t.direction, Direction::In);
        assert_eq!(t.kind, TransactionKind::Collection);
        assert_eq!(t.status, TransactionStatus::Succeeded);
        assert_eq!(t.provider_status, "hecha");
        assert_eq!(t.counterparty.name.as_deref(), Some("Jose Angel Gallucci"));
        assert_eq!(
            t.created_at,
            Utc.with_ymd_and_hms(2026, 1, 14, 12, 17, 21)
                .single()
                .expect("time")
        );
        // Extra envelope fields (U16) are accepted.
        let with_topic = MOVEMENT.replacen(
            '{',
            r#"{"topic":"TRANSACTION","eventType":"status_change","#,
            1,
        );
        assert!(parse(with_topic.as_bytes()).is_ok());
        // An unknown zone is refused, not guessed.
        let mars = MOVEMENT.replace("America/Argentina/Buenos_Aires", "Mars/Olympus");
        assert!(parse(mars.as_bytes()).is_err());
    }

    #[test]
    fn signature() {
        let secret = Secret::new("whsec_hg");
        let hex = crate::signature::hmac_sha256_hex(b"whsec_hg", MOVEMENT.as_bytes());
        assert!(verify(
            &secret,
            MOVEMENT.as_bytes(),
            &format!("sha256={hex}")
        ));
        assert!(verify(
            &secret,
            MOVEMENT.as_bytes(),
            &format!("sha256={}", hex.to_uppercase())
        ));
        assert!(!verify(&secret, MOVEMENT.as_bytes(), &hex));
        assert!(!verify(&secret, MOVEMENT.as_bytes(), "sha256="));
        assert!(!verify(
            &Secret::new("other"),
            MOVEMENT.as_bytes(),
            &format!("sha256={hex}")
        ));
    }
}
