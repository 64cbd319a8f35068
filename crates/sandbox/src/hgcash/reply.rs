//! How the HG.Cash simulator answers: JSON bodies, the error envelope (U3), the observed 401
//! body, and amounts as exact JSON numbers. Shared by the router's handlers and `create`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// The observed 401 body (§2.2), byte for byte.
pub const UNAUTHORIZED_BODY: &str =
    r#"{"error":"Missing or invalid authorization header. Expected: Bearer <token>"}"#;

/// An error in HG.Cash's envelope (U3): `{"error", "code"?, "details"?}`.
pub fn error(
    status: StatusCode,
    code: Option<&str>,
    message: &str,
    details: Option<Value>,
) -> Response {
    let details = details.and_then(|d| RawValue::from_string(d.to_string()).ok());
    error_with_raw_details(status, code, message, details)
}

/// The error body with `details` given as exact JSON text (amounts keep their digits).
pub fn error_with_raw_details(
    status: StatusCode,
    code: Option<&str>,
    message: &str,
    details: Option<Box<RawValue>>,
) -> Response {
    #[derive(Serialize)]
    struct ErrorBody<'a> {
        error: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        details: Option<Box<RawValue>>,
    }
    let body = ErrorBody {
        error: message,
        code,
        details,
    };
    json_response(status, serde_json::to_string(&body).unwrap_or_default())
}

pub(super) fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

pub(super) fn validation(message: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        Some("VALIDATION_ERROR"),
        message,
        None,
    )
}

pub(super) fn unauthorized() -> Response {
    json_response(StatusCode::UNAUTHORIZED, UNAUTHORIZED_BODY.to_owned())
}

/// A decimal as a JSON number with 2 decimals (`1000000.00`).
pub(super) fn number2(d: Decimal) -> Box<RawValue> {
    let mut d = d;
    d.rescale(2);
    RawValue::from_string(d.to_string())
        .unwrap_or_else(|_| RawValue::from_string("0".to_owned()).unwrap_or_default())
}
