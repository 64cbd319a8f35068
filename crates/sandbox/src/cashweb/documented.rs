//! The documented-only profile of the CashWeb simulator ([`crate::variance::Variance`]): replies
//! carry only what CashWeb's own document (shared/seeds/cashweb.txt) shows.
//!
//! - create: the twelve fields of "Create Response Shape" (the default already answers those);
//! - status query and lookup by reference: the twelve fields of "TSQ Response Shape", plus `id`
//!   and `status` (a status query that names neither could not be used at all);
//! - list: the seed names `limit`, `cursor` and `next_cursor` only, so a page is
//!   `{"data": [...], "next_cursor": ...}` (no `has_more`, no `limit`), items as the status query;
//! - quote: the seed shows no body; the least is `quote_id` and `expires_at`;
//! - cancel: the seed shows no body; the least is `id` and `status`;
//! - wrappers: `{"success": true, "data": ...}` as the create example (no `message`), and errors
//!   as `{"error": {"code", "message"}}` (no `timestamp`).
//!
//! A leaf: pure reshaping of the default JSON, plus the layer that trims the wrappers.

use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::Simulator;

/// The fields "TSQ Response Shape" lists.
pub(crate) const TSQ_FIELDS: [&str; 12] = [
    "crypto_currency",
    "crypto_amount",
    "rate",
    "amount",
    "created_at",
    "updated_at",
    "deposit_id",
    "deposit_status",
    "confirmations",
    "required_confirmations",
    "received_at",
    "confirmed_at",
];

/// The fields "Create Response Shape" lists.
pub(crate) const CREATE_FIELDS: [&str; 12] = [
    "id",
    "deposit_address",
    "network",
    "expires_at",
    "status",
    "rate",
    "amount",
    "crypto_amount",
    "crypto_currency",
    "merchant_reference",
    "merchant_id",
    "terminal_id",
];

/// Keeps `fields` of an object (absent ones as null), in that order.
pub(crate) fn only(full: &Value, fields: &[&str]) -> Value {
    let mut out = Map::new();
    for field in fields {
        out.insert(
            (*field).to_owned(),
            full.get(*field).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(out)
}

/// A transaction as the documented-only status query, lookup and list show it.
pub(crate) fn transaction(full: &Value) -> Value {
    let mut fields = vec!["id", "status"];
    fields.extend(TSQ_FIELDS);
    only(full, &fields)
}

/// A list page as the documented-only profile shows it.
pub(crate) fn page(items: Vec<Value>, next_cursor: Option<String>) -> Value {
    json!({"data": items, "next_cursor": next_cursor})
}

/// A quote as the documented-only profile shows it.
pub(crate) fn quote(full: &Value) -> Value {
    only(full, &["quote_id", "expires_at"])
}

/// A cancel answer as the documented-only profile shows it.
pub(crate) fn cancelled(full: &Value) -> Value {
    only(full, &["id", "status"])
}

/// The layer that, under the documented-only profile, drops what the seed's wrappers do not
/// show: `message` beside `success`/`data`, and `timestamp` inside `error`.
pub(crate) async fn trim_wrappers(
    AxState(sim): AxState<Simulator>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if !sim.variance().documented_only {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if map.contains_key("success") {
        map.remove("message");
    }
    if let Some(Value::Object(error)) = map.get_mut("error") {
        error.remove("timestamp");
    }
    let trimmed = Value::Object(map).to_string();
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_keep_exactly_the_documented_keys() {
        let full = json!({"id": "x", "status": "completed", "network": "trc20", "amount": "1.00",
            "merchant_reference": "r", "created_at": "t"});
        let tsq = transaction(&full);
        let keys: Vec<&String> = tsq
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys.len(), 14);
        assert!(tsq.get("network").is_none());
        assert!(tsq.get("merchant_reference").is_none());
        assert_eq!(tsq["deposit_id"], Value::Null);
        assert_eq!(cancelled(&full), json!({"id": "x", "status": "completed"}));
        assert_eq!(page(vec![], None), json!({"data": [], "next_cursor": null}));
    }
}
