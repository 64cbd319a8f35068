//! Checking one delivery: the provider's signature rule over the exact bytes received, then
//! its payload parsed into what the sink records.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use paydesk_domain::{Currency, ProviderKind};
use paydesk_providers::{cashweb, hexai, hgcash};

use super::{VerifiedDelivery, WebhookRoute};

/// The outcome of checking a delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The signature is missing or wrong (or stale, for CashWeb): nothing is recorded.
    Rejected,
    /// Signed correctly but its content cannot be read; the reason, without the body.
    Unreadable(String),
    /// Signed and read.
    Accepted(Box<VerifiedDelivery>),
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Verifies `body` against `route`'s secret by its provider's rule and parses it.
pub fn verify_and_parse(
    route: &WebhookRoute,
    headers: &HeaderMap,
    body: &[u8],
    received_at: DateTime<Utc>,
) -> Verdict {
    let text = match std::str::from_utf8(body) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    let delivery = |dedup_key: String| VerifiedDelivery {
        account: route.account.clone(),
        provider: route.provider,
        dedup_key,
        received_at,
        body: text.clone(),
        transaction: None,
        status_hint: None,
        failure_reason: None,
    };
    match route.provider {
        ProviderKind::Hexai => {
            let signature = header(headers, hexai::webhook::SIGNATURE_HEADER).unwrap_or("");
            if !hexai::webhook::verify(&route.secret, body, signature) {
                return Verdict::Rejected;
            }
            match hexai::webhook::parse(body) {
                // Section 7: deduplicate on (transaction id, status).
                Ok(event) => Verdict::Accepted(Box::new(VerifiedDelivery {
                    status_hint: Some((event.transaction_id.clone(), event.domain_status())),
                    failure_reason: event.failure_code.clone(),
                    ..delivery(format!(
                        "{}:{}",
                        event.transaction_id,
                        event.status.as_str()
                    ))
                })),
                Err(e) => Verdict::Unreadable(e.message),
            }
        }
        ProviderKind::HgCash => {
            let signature = header(headers, "x-hg-webhook-signature").unwrap_or("");
            if !hgcash::webhook::verify(&route.secret, body, signature) {
                return Verdict::Rejected;
            }
            let event = match hgcash::webhook::parse(body) {
                Ok(event) => event,
                Err(e) => return Verdict::Unreadable(e.message),
            };
            match event.to_transaction(&route.account, received_at) {
                Ok(transaction) => Verdict::Accepted(Box::new(VerifiedDelivery {
                    transaction: Some(transaction),
                    ..delivery(event.dedup_key())
                })),
                Err(e) => Verdict::Unreadable(e.message),
            }
        }
        ProviderKind::CashWeb => {
            let headers = cashweb::WebhookHeaders {
                timestamp: header(headers, cashweb::webhook::TIMESTAMP_HEADER).unwrap_or(""),
                signature: header(headers, cashweb::webhook::SIGNATURE_HEADER).unwrap_or(""),
                event_type: header(headers, cashweb::webhook::EVENT_HEADER),
            };
            if !cashweb::webhook::verify_fresh(&route.secret, body, &headers, received_at) {
                return Verdict::Rejected;
            }
            let event = match cashweb::webhook::parse(body) {
                Ok(event) => event,
                Err(e) => return Verdict::Unreadable(e.message),
            };
            // ASSUMPTION (cashweb.md section 8): the partner's fiat currency is NGN.
            let fiat = Currency::from_code(cashweb::DEFAULT_FIAT_CURRENCY);
            let transaction = match (&event.transaction, fiat) {
                (Some(record), Ok(fiat)) => match record.to_transaction(&route.account, fiat) {
                    Ok(transaction) => Some(transaction),
                    Err(e) => return Verdict::Unreadable(e.message),
                },
                _ => None,
            };
            Verdict::Accepted(Box::new(VerifiedDelivery {
                transaction,
                ..delivery(event.id.clone())
            }))
        }
        // Unsigned notifications are never accepted as deliveries (the receiver does not route
        // these providers; this arm keeps the rule if one is routed by mistake).
        ProviderKind::Hpay | ProviderKind::Hubcash => Verdict::Rejected,
    }
}
