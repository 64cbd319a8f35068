//! HPG webhooks (§7): the `wave-signature` check over the exact body bytes, and the event
//! parser. The new state is read from `transaction.status` (any word, an unknown one meaning
//! `Unknown`), never from the event name.

use paydesk_domain::{Money, ProviderKind, Secret, TransactionStatus};
use serde::Deserialize;

use super::assumptions::FAILED_EVENT;
use super::wire::{self, HexaiStatus, HexaiType};
use crate::error::ProviderError;
use crate::exact::WireDecimal;
use crate::signature::verify_hmac_sha256_hex;

/// The signature header (seed). Header names are case-insensitive.
pub const SIGNATURE_HEADER: &str = "wave-signature";

/// True when `header` is the lowercase (or upper-case) hex HMAC-SHA256 of `raw_body` under
/// `secret`. ASSUMPTION (§7): no timestamp; an optional `sha256=` prefix is tolerated.
/// Compared in constant time. A missing header is the empty string, which never verifies.
pub fn verify(secret: &Secret, raw_body: &[u8], header: &str) -> bool {
    !secret.is_empty() && verify_hmac_sha256_hex(secret.expose().as_bytes(), raw_body, header)
}

/// The event name (section 6.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEventName {
    /// `transaction.completed` (seed).
    Completed,
    /// [`FAILED_EVENT`] (public code; ASSUMPTION).
    Failed,
    /// Any other name, kept verbatim: record it, answer 2xx, re-check by reference.
    Other(String),
}

impl WebhookEventName {
    fn from_wire(name: &str) -> WebhookEventName {
        match name {
            "transaction.completed" => WebhookEventName::Completed,
            name if name == FAILED_EVENT => WebhookEventName::Failed,
            other => WebhookEventName::Other(other.to_owned()),
        }
    }
}

#[derive(Deserialize)]
struct WireEvent {
    event: String,
    transaction: WireEventTransaction,
}

#[derive(Deserialize)]
struct WireEventTransaction {
    id: String,
    client_reference: Option<String>,
    #[serde(rename = "type")]
    kind: HexaiType,
    amount: WireDecimal,
    status: HexaiStatus,
    #[serde(default)]
    failure_code: Option<String>,
}

/// A parsed webhook. Deduplicate on `(transaction_id, status)` (§7 ASSUMPTION).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The event name.
    pub event: WebhookEventName,
    /// HPG's transaction id.
    pub transaction_id: String,
    /// The merchant's reference.
    pub client_reference: Option<String>,
    /// Collection or payout.
    pub kind: HexaiType,
    /// The amount, read exactly from the JSON number (GMD, not bututs).
    pub amount: Money,
    /// HPG's status word, as sent: this is what decides the new state.
    pub status: HexaiStatus,
    /// Why it failed, when it did.
    pub failure_code: Option<String>,
    /// The body as received.
    pub raw: String,
}

impl WebhookEvent {
    /// Paydesk's status from `transaction.status`.
    pub fn domain_status(&self) -> TransactionStatus {
        self.status.to_domain()
    }
}

/// Parses a webhook body (verify it first).
pub fn parse(raw_body: &[u8]) -> Result<WebhookEvent, ProviderError> {
    let text = std::str::from_utf8(raw_body)
        .map_err(|_| ProviderError::malformed(ProviderKind::Hexai, "webhook is not UTF-8"))?;
    let w: WireEvent = wire::parse("webhook", text)?;
    let amount = Money::from_decimal(w.transaction.amount.0, wire::gmd()?).map_err(|_| {
        ProviderError::malformed(
            ProviderKind::Hexai,
            "the webhook amount is not a GMD amount",
        )
    })?;
    if w.transaction.id.trim().is_empty() {
        return Err(ProviderError::malformed(
            ProviderKind::Hexai,
            "webhook transaction has no id",
        ));
    }
    Ok(WebhookEvent {
        event: WebhookEventName::from_wire(&w.event),
        transaction_id: w.transaction.id,
        client_reference: w.transaction.client_reference,
        kind: w.transaction.kind,
        amount,
        status: w.transaction.status,
        failure_code: w.transaction.failure_code,
        raw: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"event":"transaction.completed","transaction":{"id":"tx_abc123","client_reference":"INV-001","type":"COLLECTION","amount":500.00,"status":"SUCCEEDED"}}"#;

    #[test]
    fn the_reference_vector_verifies() {
        let secret = Secret::new("whsec_test_secret");
        let sig = "8cc219d6b81ca97bdcfcd47347fa54fcb7dbd7999815aa4b565c1ed95a31d3ae";
        assert!(verify(&secret, BODY.as_bytes(), sig));
        assert!(verify(&secret, BODY.as_bytes(), &format!("sha256={sig}")));
        assert!(!verify(&secret, BODY.as_bytes(), ""));
        assert!(!verify(&Secret::new(""), BODY.as_bytes(), sig));
        assert!(!verify(
            &secret,
            BODY.replace("500.00", "500.01").as_bytes(),
            sig
        ));
    }

    #[test]
    fn the_seed_payload_parses_exactly() {
        let e = parse(BODY.as_bytes()).expect("parses");
        assert_eq!(e.event, WebhookEventName::Completed);
        assert_eq!(e.transaction_id, "tx_abc123");
        assert_eq!(e.client_reference.as_deref(), Some("INV-001"));
        assert_eq!(e.kind, HexaiType::Collection);
        assert_eq!(e.amount.minor_units(), 50000);
        assert_eq!(e.amount.amount_text(), "500.00");
        assert_eq!(e.domain_status(), TransactionStatus::Succeeded);
        assert_eq!(e.raw, BODY);
        let other = BODY.replace("transaction.completed", "payment.success");
        assert_eq!(
            parse(other.as_bytes()).expect("parses").event,
            WebhookEventName::Other("payment.success".into())
        );
        // Any status word is read; one Paydesk does not know means Unknown, kept as sent.
        let odd = parse(BODY.replace("SUCCEEDED", "ON_HOLD").as_bytes()).expect("parses");
        assert_eq!(odd.domain_status(), TransactionStatus::Unknown);
        assert_eq!(odd.status.as_str(), "ON_HOLD");
        let lower = parse(BODY.replace("SUCCEEDED", "success").as_bytes()).expect("parses");
        assert_eq!(lower.domain_status(), TransactionStatus::Succeeded);
        let error = parse(BODY.replace("500.00", "\"x\"").as_bytes()).expect_err("amount");
        assert_eq!(
            error.message,
            "unreadable answer: the webhook could not be read"
        );
        assert!(parse(BODY.replace("500.00", "500.001").as_bytes()).is_err());
    }
}
