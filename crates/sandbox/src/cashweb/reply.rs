//! How the CashWeb simulator wraps every answer (§3): the success wrapper
//! `{"success": true, "data": …, "message": …}` and the error wrapper
//! `{"error": {"message", "code", "timestamp"}}`, with the `X-RateLimit-*` headers on a 429.
//! A leaf: the handlers, the refusals and the fault renderer all build replies here.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::model::time_text;

/// CashWeb's error wrapper (§3). A 429 carries the `X-RateLimit-*` headers too.
pub(crate) fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Response {
    let body = json!({"error": {"message": message, "code": code, "timestamp": time_text(now)}});
    with_rate_headers(status, body, now)
}

/// The error wrapper as the documented-only profile sends it: the seed shows no error body, so
/// the least CashWeb could send that still names the refusal: `{"error": {"code", "message"}}`.
pub(crate) fn documented_error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Response {
    let body = json!({"error": {"code": code, "message": message}});
    with_rate_headers(status, body, now)
}

fn with_rate_headers(status: StatusCode, body: Value, now: DateTime<Utc>) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("60"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from(now.timestamp() - now.timestamp() % 60 + 60),
        );
    }
    response
}

/// CashWeb's success wrapper (§3).
pub(crate) fn success(status: StatusCode, data: Value, message: Option<&str>) -> Response {
    (
        status,
        axum::Json(json!({"success": true, "data": data, "message": message})),
    )
        .into_response()
}
