//! CashWeb's refusals as the simulator's handlers build them: the [`Fail`] triple, its common
//! cases, and its rendering in the error envelope (§3).

use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::reply::error_response;

/// A refusal: status, CashWeb code, message.
pub(super) type Fail = (StatusCode, &'static str, String);

pub(super) fn bad(message: impl Into<String>) -> Fail {
    (StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message.into())
}

pub(super) fn not_found() -> Fail {
    (
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "Transaction not found".into(),
    )
}

pub(super) fn invalid_cursor() -> Fail {
    (
        StatusCode::BAD_REQUEST,
        "INVALID_CURSOR",
        "The cursor is invalid".into(),
    )
}

pub(super) fn render(fail: Fail, now: DateTime<Utc>) -> Response {
    error_response(fail.0, fail.1, &fail.2, now)
}
