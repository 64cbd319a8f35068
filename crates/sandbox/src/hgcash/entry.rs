//! The door of every HG.Cash API call: the bearer token, the rate limit, and the transitions
//! due by now. Shared by the router's handlers and `create`.
#![allow(clippy::result_large_err)]

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::Simulator;
use super::reply::{error, unauthorized};

/// Authenticates, rate-limits and applies due transitions; the caller's user index.
pub(super) fn enter(
    sim: &Simulator,
    headers: &HeaderMap,
) -> Result<(usize, DateTime<Utc>), Response> {
    let now = sim.clock().now();
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let mut state = sim.lock();
    state.advance(now);
    let user = token
        .and_then(|t| state.user_of(t))
        .ok_or_else(unauthorized)?;
    if let Some(wait) = state.rate_limited(user, now) {
        let mut response = error(
            StatusCode::TOO_MANY_REQUESTS,
            None,
            "Rate limit exceeded",
            None,
        );
        response
            .headers_mut()
            .insert("retry-after", HeaderValue::from(wait));
        return Err(response);
    }
    drop(state);
    sim.flush_outbox();
    Ok((user, now))
}
