//! What the simulated HPG answers: the success envelope (or the seed's bare bodies), the
//! error envelope (nested, or flat by knob), the reply shapes with fields in the reference's
//! order, and the provider-specific malformed-body knob.

use std::borrow::Cow;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::profile::{DocumentedCollection, DocumentedPayout, DocumentedStatus, shown_status};
use super::state::{FailureCode, Ledger, gmd_text, iso, mobile_text};
use crate::variance::Variance;

/// Damage a provider-specific knob does to success bodies (section 11 `malformed_body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexaiMalformed {
    /// The first `*_gmd` disagrees with its `*_bututs` by one butut.
    GmdMismatch,
    /// The first transaction status becomes `COMPLETED` (not an HPG status).
    UnknownStatus,
    /// The first `*_bututs` field is left out.
    MissingField,
}

/// The JSON text of a success body, kept so a malformed-body knob can damage it.
#[derive(Debug, Clone)]
pub(crate) struct Payload(pub(crate) String);

fn json_reply<T: Serialize>(data: &T) -> Response {
    match serde_json::to_string(data) {
        Ok(text) => {
            let mut response = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                text.clone(),
            )
                .into_response();
            response.extensions_mut().insert(Payload(text));
            response
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Rewrites a success body per the knob (no-op when the body has nothing to damage).
pub(crate) fn damage(response: &mut Response, kind: HexaiMalformed) {
    let Some(Payload(text)) = response.extensions().get::<Payload>().cloned() else {
        return;
    };
    let damaged = match kind {
        HexaiMalformed::UnknownStatus => ["PENDING", "SUCCEEDED", "FAILED"]
            .iter()
            .filter_map(|s| {
                text.find(&format!("\"status\":\"{s}\""))
                    .map(|at| (at, s.len()))
            })
            .min()
            .map(|(at, len)| {
                let value = at + "\"status\":\"".len();
                format!("{}COMPLETED{}", &text[..value], &text[value + len..])
            }),
        HexaiMalformed::GmdMismatch => text.find("_gmd\":\"").and_then(|at| {
            let start = at + "_gmd\":\"".len();
            let end = start + text[start..].find('"')?;
            let last = text[..end].chars().last()?.to_digit(10)?;
            Some(format!(
                "{}{}{}",
                &text[..end - 1],
                (last + 1) % 10,
                &text[end..]
            ))
        }),
        HexaiMalformed::MissingField => text.find("_bututs\":").and_then(|at| {
            let key_start = text[..at].rfind('"')?;
            let value_end = at + text[at..].find([',', '}'])?;
            let cut_end = if text[value_end..].starts_with(',') {
                value_end + 1
            } else {
                value_end
            };
            Some(format!("{}{}", &text[..key_start], &text[cut_end..]))
        }),
    };
    if let Some(body) = damaged {
        *response.body_mut() = axum::body::Body::from(body);
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
}

/// An error reply in HPG's envelope.
#[derive(Debug)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) details: Option<Details>,
    pub(crate) retry_after: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    pub(crate) fn request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "INVALID_REQUEST", message)
    }

    pub(crate) fn amount(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "INVALID_AMOUNT", message)
    }
}

/// `INSUFFICIENT_BALANCE` details (seed).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Details {
    pub(crate) required_amount_bututs: i64,
    pub(crate) available_balance_bututs: i64,
}

#[derive(Serialize)]
pub(crate) struct ErrorBody<'a> {
    pub(crate) code: &'a str,
    pub(crate) message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) details: Option<Details>,
}

#[derive(Serialize)]
pub(crate) struct NestedError<'a> {
    pub(crate) status: &'static str,
    pub(crate) error: ErrorBody<'a>,
}

#[derive(Serialize)]
pub(crate) struct FlatError<'a> {
    pub(crate) status: &'static str,
    pub(crate) code: &'a str,
    pub(crate) message: &'a str,
}

/// Renders an error nested (the seed) or flat (the knob).
pub fn render_error(
    flat: bool,
    status: StatusCode,
    code: &str,
    message: &str,
    details: Option<Details>,
) -> Response {
    if flat {
        let body = FlatError {
            status: "error",
            code,
            message,
        };
        (status, axum::Json(body)).into_response()
    } else {
        let body = NestedError {
            status: "error",
            error: ErrorBody {
                code,
                message,
                details,
            },
        };
        (status, axum::Json(body)).into_response()
    }
}

#[derive(Serialize)]
pub(crate) struct Success<T> {
    pub(crate) status: &'static str,
    pub(crate) data: T,
}

pub(crate) fn wrapped<T: Serialize>(data: T) -> Response {
    json_reply(&Success {
        status: "success",
        data,
    })
}

pub(crate) fn bare<T: Serialize>(data: T) -> Response {
    json_reply(&data)
}

#[derive(Serialize)]
pub(crate) struct CollectionData {
    pub(crate) transaction_id: String,
    pub(crate) redirect_url: String,
    pub(crate) status: Cow<'static, str>,
    pub(crate) client_reference: String,
}

/// The collection answer (section 5.1), in the profile's shape.
pub(crate) fn collection_reply(
    ledger: &Ledger,
    index: u32,
    host: &str,
    variance: &Variance,
) -> Response {
    let status = ledger
        .txs
        .get(index as usize)
        .map_or(Cow::Borrowed("PENDING"), |t| {
            shown_status(variance, index, t)
        });
    let transaction_id = ledger.ids.id(index);
    let redirect_url = format!("http://{host}/checkout/{transaction_id}");
    if variance.documented_only {
        return wrapped(DocumentedCollection {
            transaction_id,
            redirect_url,
            status,
        });
    }
    wrapped(CollectionData {
        redirect_url,
        transaction_id,
        status,
        client_reference: ledger.reference(index),
    })
}

/// The payout answer (section 5.3), in the profile's shape.
pub(crate) fn payout_reply(ledger: &Ledger, index: u32, variance: &Variance) -> Response {
    if variance.documented_only {
        let Some(tx) = ledger.txs.get(index as usize) else {
            return wrapped(None::<DocumentedPayout>);
        };
        return wrapped(DocumentedPayout {
            transaction_id: ledger.ids.id(index),
            status: shown_status(variance, index, tx),
        });
    }
    wrapped(payout_json(ledger, index, variance))
}

/// The status answer (section 5.2), in the profile's shape.
pub(crate) fn status_reply(ledger: &Ledger, index: u32, variance: &Variance) -> Response {
    if variance.documented_only {
        let Some(tx) = ledger.txs.get(index as usize) else {
            return wrapped(None::<DocumentedStatus>);
        };
        return wrapped(DocumentedStatus {
            transaction_id: ledger.ids.id(index),
            client_reference: ledger.reference(index),
            status: shown_status(variance, index, tx),
        });
    }
    wrapped(ledger.status_item(index, variance))
}

/// Section 5.3 ASSUMPTION shape; a FAILED payout also says why (`failure_code`, as list
/// items do: ASSUMPTION).
#[derive(Serialize)]
pub(crate) struct PayoutData {
    pub(crate) transaction_id: String,
    pub(crate) client_reference: String,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) amount_bututs: i64,
    pub(crate) amount_gmd: String,
    pub(crate) currency: &'static str,
    pub(crate) recipient_mobile: Option<String>,
    pub(crate) status: Cow<'static, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) failure_code: Option<&'static str>,
}

fn payout_json(ledger: &Ledger, index: u32, variance: &Variance) -> Option<PayoutData> {
    let tx = ledger.txs.get(index as usize)?;
    Some(PayoutData {
        transaction_id: ledger.ids.id(index),
        client_reference: ledger.reference(index),
        kind: "PAYOUT",
        amount_bututs: tx.amount,
        amount_gmd: gmd_text(tx.amount),
        currency: "GMD",
        recipient_mobile: tx.mobile.map(mobile_text),
        status: shown_status(variance, index, tx),
        failure_code: tx.failure.map(FailureCode::as_str),
    })
}

#[derive(Serialize)]
pub(crate) struct BalanceData {
    pub(crate) available_balance_bututs: i64,
    pub(crate) available_balance_gmd: String,
    pub(crate) total_collected_bututs: i64,
    pub(crate) total_collected_gmd: String,
    pub(crate) platform_commissions_bututs: i64,
    pub(crate) platform_commissions_gmd: String,
    pub(crate) net_collections_bututs: i64,
    pub(crate) net_collections_gmd: String,
    pub(crate) total_paid_out_bututs: i64,
    pub(crate) total_paid_out_gmd: String,
    pub(crate) successful_collections: i64,
    pub(crate) total_payouts: i64,
}

#[derive(Serialize)]
pub(crate) struct StatsData {
    pub(crate) total_volume_bututs: i64,
    pub(crate) total_volume_gmd: String,
    pub(crate) today_earnings_bututs: i64,
    pub(crate) today_earnings_gmd: String,
    pub(crate) pending_transactions_count: i64,
    pub(crate) pending_volume_bututs: i64,
    pub(crate) pending_volume_gmd: String,
}

#[derive(Serialize)]
pub(crate) struct ChartDay {
    pub(crate) date: String,
    pub(crate) earnings_bututs: i64,
    pub(crate) earnings_gmd: String,
    pub(crate) count: i64,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub(crate) page: u64,
    pub(crate) limit: u64,
    pub(crate) total: u64,
    pub(crate) total_pages: u64,
}

#[derive(Serialize)]
pub(crate) struct PageData {
    pub(crate) transactions: Vec<ListItem>,
    pub(crate) pagination: Pagination,
}

/// A `GET /client/transactions` item (section 5.7).
#[derive(Debug, Serialize)]
pub struct ListItem {
    id: String,
    client_reference: String,
    #[serde(rename = "type")]
    kind: &'static str,
    amount_bututs: i64,
    amount_gmd: String,
    commission_bututs: i64,
    commission_gmd: String,
    currency: &'static str,
    status: Cow<'static, str>,
    recipient_mobile: Option<String>,
    failure_code: Option<&'static str>,
    created_at: String,
    updated_at: String,
}

/// A `GET /collections/status/:reference` payload (section 5.2).
#[derive(Debug, Serialize)]
pub struct StatusItem {
    transaction_id: String,
    client_reference: String,
    #[serde(rename = "type")]
    kind: &'static str,
    amount_bututs: i64,
    amount_gmd: String,
    currency: &'static str,
    status: Cow<'static, str>,
    failure_code: Option<&'static str>,
    created_at: String,
    updated_at: String,
}

impl Ledger {
    /// The list item of section 5.7, fields in the reference's order.
    pub fn list_item(&self, index: u32, variance: &Variance) -> Option<ListItem> {
        let tx = self.txs.get(index as usize)?;
        Some(ListItem {
            id: self.ids.id(index),
            client_reference: self.reference(index),
            kind: tx.kind.as_str(),
            amount_bututs: tx.amount,
            amount_gmd: gmd_text(tx.amount),
            commission_bututs: tx.commission,
            commission_gmd: gmd_text(tx.commission),
            currency: "GMD",
            status: shown_status(variance, index, tx),
            recipient_mobile: tx.mobile.map(mobile_text),
            failure_code: tx.failure.map(FailureCode::as_str),
            created_at: iso(tx.created_ms),
            updated_at: iso(tx.updated_ms),
        })
    }

    /// The status answer's `data` (section 5.2 ASSUMPTION).
    pub fn status_item(&self, index: u32, variance: &Variance) -> Option<StatusItem> {
        let tx = self.txs.get(index as usize)?;
        Some(StatusItem {
            transaction_id: self.ids.id(index),
            client_reference: self.reference(index),
            kind: tx.kind.as_str(),
            amount_bututs: tx.amount,
            amount_gmd: gmd_text(tx.amount),
            currency: "GMD",
            status: shown_status(variance, index, tx),
            failure_code: tx.failure.map(FailureCode::as_str),
            created_at: iso(tx.created_ms),
            updated_at: iso(tx.updated_ms),
        })
    }
}
