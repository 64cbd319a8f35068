//! The request plumbing every CashWeb handler shares: API-key auth, the rate-limit knob and
//! the lazy clock tick ([`begin`]), one-page reads ([`read_page`]), body and query checks.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::Simulator;
use super::errors::{Fail, bad, render};
use super::reply::{error_response, success};
use super::state::State;

/// Builds one page of a partner's read from the state, the partner index and the query.
pub(super) type PageBuilder = fn(&State, u8, &HashMap<String, String>) -> Result<Value, Fail>;

/// Answers a partner's read of one JSON page: authenticates, builds the page with `page`, and
/// renders it in the success envelope or the failure in the error envelope.
pub(super) fn read_page(
    sim: &Simulator,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    page: PageBuilder,
) -> Response {
    let (state, partner, now) = match begin(sim, headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match page(&state, partner, params) {
        Ok(data) => success(StatusCode::OK, data, None),
        Err(fail) => render(fail, now),
    }
}

/// Locks the state, moves it to the clock's time, checks the rate limit and the API key.
/// Returns the guard, the partner index and the time.
#[allow(clippy::result_large_err)]
pub(super) fn begin<'a>(
    sim: &'a Simulator,
    headers: &HeaderMap,
) -> Result<(std::sync::MutexGuard<'a, State>, u8, DateTime<Utc>), Response> {
    let now = sim.0.clock.now();
    let mut state = sim.lock();
    state.tick(now);
    if let Some(limit) = state.knobs.rate_limit_per_minute {
        let minute = now.timestamp().div_euclid(60);
        if state.rate_window.0 != minute {
            state.rate_window = (minute, 0);
        }
        state.rate_window.1 = state.rate_window.1.saturating_add(1);
        if state.rate_window.1 > limit {
            let mut response = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Rate limit exceeded",
                now,
            );
            let wait = 60 - now.timestamp().rem_euclid(60);
            let h = response.headers_mut();
            h.insert("retry-after", HeaderValue::from(wait));
            h.insert("x-ratelimit-limit", HeaderValue::from(limit));
            return Err(response);
        }
    }
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    let partner = key.and_then(|key| state.partners.iter().position(|p| p.api_key == key));
    match partner.and_then(|p| u8::try_from(p).ok()) {
        Some(p) if !state.knobs.key_revoked => Ok((state, p, now)),
        _ => Err(error_response(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Missing or invalid API key",
            now,
        )),
    }
}

/// A JSON object body, or a 400.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Fail> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(bad("The request body must be a JSON object")),
    }
}

/// An optional string field: absent and null are `None`; another type is a 400.
pub(super) fn opt_str<'a>(
    map: &'a Map<String, Value>,
    field: &str,
) -> Result<Option<&'a str>, Fail> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(bad(format!("{field} must be a string"))),
    }
}

/// A positive decimal given as a string with at most `places` decimals.
pub(super) fn amount(field: &str, text: &str, places: u32) -> Result<Decimal, Fail> {
    let d = Decimal::from_str_exact(text.trim())
        .map_err(|_| bad(format!("{field} must be a decimal string")))?;
    if d <= Decimal::ZERO {
        return Err(bad(format!("{field} must be greater than zero")));
    }
    if d.normalize().scale() > places {
        return Err(bad(format!(
            "{field} has more than {places} decimal places"
        )));
    }
    Ok(d)
}

pub(super) fn pair_index(state: &State, crypto: &str, network: &str) -> Result<u8, Fail> {
    state
        .pairs
        .iter()
        .position(|p| {
            p.crypto_currency == crypto.to_lowercase() && p.network == network.to_lowercase()
        })
        .and_then(|p| u8::try_from(p).ok())
        .ok_or_else(|| bad(format!("Unsupported pair {crypto} on {network}")))
}

/// `limit` in 1..100 (default 50, ASSUMPTION U20).
pub(super) fn limit(params: &HashMap<String, String>) -> Result<usize, Fail> {
    match params.get("limit") {
        None => Ok(50),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=100).contains(l))
            .ok_or_else(|| bad("limit must be between 1 and 100")),
    }
}

/// An RFC 3339 query time.
pub(super) fn time_param(
    params: &HashMap<String, String>,
    name: &str,
) -> Result<Option<DateTime<Utc>>, Fail> {
    params
        .get(name)
        .map(|t| {
            DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| bad(format!("{name} must be an RFC 3339 time")))
        })
        .transpose()
}
