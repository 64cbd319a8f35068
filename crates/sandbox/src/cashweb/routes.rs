//! The CashWeb simulator's HTTP handlers for quotes and transactions (§3.1–§3.7), plus the
//! request plumbing every handler shares: API-key auth, the rate-limit knob, the lazy clock
//! tick and the Idempotency-Key store.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};

use super::model::{Status, at_ms, cursor_id, cursor_text, history_json, id_text};
use super::state::{IdemEntry, Quote, State};
use super::{Simulator, error_response, ledger, success};

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

pub(super) fn render(fail: Fail, now: DateTime<Utc>) -> Response {
    error_response(fail.0, fail.1, &fail.2, now)
}

pub(super) fn routes(sim: Simulator) -> Router {
    Router::new()
        .route("/quotes", post(create_quote))
        .route(
            "/transactions",
            post(create_transaction).get(list_transactions),
        )
        .route("/transactions/reference/{reference}", get(by_reference))
        .route("/transactions/{id}", get(get_transaction))
        .route("/transactions/{id}/status-history", get(status_history))
        .route("/transactions/{id}/cancel", post(cancel))
        .route("/revenue", get(ledger::revenue))
        .route("/webhooks/events", get(ledger::list_events))
        .route("/webhooks/events/{event_id}", get(ledger::event_telemetry))
        .route("/webhooks/events/{event_id}/replay", post(ledger::replay))
        .route("/sandbox/simulate", post(ledger::simulate))
        .with_state(sim)
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
        state.rate_window.1 += 1;
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
fn amount(field: &str, text: &str, places: u32) -> Result<Decimal, Fail> {
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

fn pair_index(state: &State, crypto: &str, network: &str) -> Result<u8, Fail> {
    state
        .pairs
        .iter()
        .position(|p| {
            p.crypto_currency == crypto.to_lowercase() && p.network == network.to_lowercase()
        })
        .and_then(|p| u8::try_from(p).ok())
        .ok_or_else(|| bad(format!("Unsupported pair {crypto} on {network}")))
}

async fn create_quote(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match quote(&mut state, partner, now, &body) {
        Ok(data) => success(StatusCode::CREATED, data, None),
        Err(fail) => render(fail, now),
    }
}

fn quote(state: &mut State, partner: u8, now: DateTime<Utc>, body: &Bytes) -> Result<Value, Fail> {
    let map = object(body)?;
    let crypto =
        opt_str(&map, "crypto_currency")?.ok_or_else(|| bad("crypto_currency is required"))?;
    let network = opt_str(&map, "network")?.ok_or_else(|| bad("network is required"))?;
    let crypto_amount = opt_str(&map, "crypto_amount")?;
    let fiat_amount = opt_str(&map, "fiat_amount")?;
    let (echo, crypto_amount, fiat_amount) = match (crypto_amount, fiat_amount) {
        (Some(c), None) => (c, Some(amount("crypto_amount", c, 6)?), None),
        (None, Some(f)) => (f, None, Some(amount("fiat_amount", f, 2)?)),
        _ => return Err(bad("Send exactly one of crypto_amount or fiat_amount")),
    };
    let pair = pair_index(state, crypto, network)?;
    let (base, adjusted) = state
        .pairs
        .get(usize::from(pair))
        .map(|p| (p.base_rate, p.adjusted_rate))
        .unwrap_or_default();
    let quote_id = state.uuid4();
    let expires_at = now + state.knobs.quote_ttl;
    state.quotes.insert(
        quote_id.clone(),
        Quote {
            partner,
            pair,
            fiat_amount,
            crypto_amount,
            adjusted_rate: adjusted,
            expires_at,
            used: false,
        },
    );
    Ok(json!({
        "quote_id": quote_id,
        "base_rate": fixed(base, 2),
        "adjusted_rate": fixed(adjusted, 2),
        "amount": echo,
        "expires_at": super::model::time_text(expires_at),
    }))
}

fn fixed(d: Decimal, places: u32) -> String {
    let mut d = d;
    d.rescale(places);
    d.to_string()
}

/// Where an Idempotency-Key stands for this payload.
enum Idem {
    Fresh,
    Replay(Response),
}

fn idempotency(
    state: &mut State,
    partner: u8,
    headers: &HeaderMap,
    payload: String,
    now: DateTime<Utc>,
) -> Result<(String, Idem), Fail> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| bad("The Idempotency-Key header is required"))?
        .to_owned();
    match state.idempotency.get(&(partner, key.clone())) {
        Some(entry) if entry.payload != payload => Err((
            StatusCode::CONFLICT,
            "IDEMPOTENCY_KEY_MISMATCH",
            "This Idempotency-Key was used with a different payload".into(),
        )),
        Some(IdemEntry { response: None, .. }) => Err((
            StatusCode::CONFLICT,
            "IDEMPOTENCY_IN_PROGRESS",
            "A request with this Idempotency-Key is still in progress".into(),
        )),
        Some(IdemEntry {
            response: Some((status, data)),
            ..
        }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::OK);
            Ok((key, Idem::Replay(success(status, data.clone(), None))))
        }
        None => {
            state.idempotency.insert(
                (partner, key.clone()),
                IdemEntry {
                    payload,
                    created_at: now,
                    response: None,
                },
            );
            Ok((key, Idem::Fresh))
        }
    }
}

fn finish(state: &mut State, partner: u8, key: String, outcome: &Result<(u16, Value), Fail>) {
    match outcome {
        Ok((status, data)) => {
            if let Some(entry) = state.idempotency.get_mut(&(partner, key)) {
                entry.response = Some((*status, data.clone()));
            }
        }
        // Refusals are not stored: the partner may correct and retry.
        Err(_) => {
            state.idempotency.remove(&(partner, key));
        }
    }
}

async fn create_transaction(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (partner, key, delay) = {
        let (mut state, partner, now) = match begin(&sim, &headers) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let payload = match object(&body) {
            Ok(map) => Value::Object(map).to_string(),
            Err(fail) => return render(fail, now),
        };
        match idempotency(&mut state, partner, &headers, payload, now) {
            Err(fail) => return render(fail, now),
            Ok((_, Idem::Replay(response))) => return response,
            Ok((key, Idem::Fresh)) => (partner, key, state.knobs.create_delay),
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let now = sim.0.clock.now();
    let mut state = sim.lock();
    let outcome = create(&mut state, partner, now, &body).map(|v| (201, v));
    finish(&mut state, partner, key, &outcome);
    match outcome {
        Ok((_, data)) => success(StatusCode::CREATED, data, None),
        Err(fail) => render(fail, now),
    }
}

fn create(state: &mut State, partner: u8, now: DateTime<Utc>, body: &Bytes) -> Result<Value, Fail> {
    let map = object(body)?;
    let reference = opt_str(&map, "merchant_reference")?
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| bad("merchant_reference is required"))?;
    if reference.len() > 128 {
        return Err(bad("merchant_reference is longer than 128 characters"));
    }
    if opt_str(&map, "rate")?.is_some() || opt_str(&map, "crypto_amount")?.is_some() {
        return Err(bad(
            "rate and crypto_amount are set by CashWeb and must not be sent",
        ));
    }
    let quote_id = opt_str(&map, "quote_id")?;
    let fiat = opt_str(&map, "fiat_amount")?;
    let crypto = opt_str(&map, "crypto_currency")?;
    let network = opt_str(&map, "network")?;
    let merchant_id = opt_str(&map, "merchant_id")?.map(str::to_owned);
    let terminal_id = opt_str(&map, "terminal_id")?.map(str::to_owned);
    let phone = opt_str(&map, "seller_phone")?.map(str::to_owned);
    let (pair, fiat_amount, crypto_amount, rate, quote_key) = match (quote_id, fiat, crypto) {
        (Some(quote_id), None, None) => {
            let q = state
                .quotes
                .get(quote_id)
                .filter(|q| q.partner == partner)
                .ok_or((
                    StatusCode::BAD_REQUEST,
                    "QUOTE_NOT_FOUND",
                    format!("Quote {quote_id} not found"),
                ))?;
            if now >= q.expires_at {
                return Err((
                    StatusCode::BAD_REQUEST,
                    "QUOTE_EXPIRED",
                    "The quote has expired".into(),
                ));
            }
            if q.used && state.knobs.quote_single_use {
                return Err((
                    StatusCode::BAD_REQUEST,
                    "QUOTE_ALREADY_USED",
                    "The quote was already used".into(),
                ));
            }
            let quoted_network = state
                .pairs
                .get(usize::from(q.pair))
                .map(|p| p.network.as_str());
            if let Some(n) = network
                && Some(n.to_lowercase().as_str()) != quoted_network
            {
                return Err(bad("network does not match the quote"));
            }
            let (fiat, crypto) = match (q.fiat_amount, q.crypto_amount) {
                (Some(f), _) => (
                    f,
                    (f / q.adjusted_rate)
                        .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero),
                ),
                (None, Some(c)) => ((c * q.adjusted_rate).round_dp(2), c),
                (None, None) => return Err(bad("The quote has no amount")),
            };
            (
                q.pair,
                fiat,
                crypto,
                q.adjusted_rate,
                Some(quote_id.to_owned()),
            )
        }
        (None, Some(f), Some(c)) => {
            let n = network.ok_or_else(|| bad("network is required in direct mode"))?;
            let fiat = amount("fiat_amount", f, 2)?;
            let pair = pair_index(state, c, n)?;
            let rate = state
                .pairs
                .get(usize::from(pair))
                .map(|p| p.adjusted_rate)
                .unwrap_or(Decimal::ONE);
            let crypto =
                (fiat / rate).round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
            (pair, fiat, crypto, rate, None)
        }
        (Some(_), _, _) => {
            return Err(bad(
                "Send exactly one pricing mode: quote_id, or fiat_amount + crypto_currency + network",
            ));
        }
        _ => {
            return Err(bad(
                "A pricing mode is required: quote_id, or fiat_amount + crypto_currency + network",
            ));
        }
    };
    if state.find_reference(partner, reference).is_some() {
        return Err((
            StatusCode::CONFLICT,
            "DUPLICATE_MERCHANT_REFERENCE",
            format!("merchant_reference {reference} already exists"),
        ));
    }
    let units = |d: Decimal, scale: u32| (d * Decimal::from(10i64.pow(scale))).trunc().to_i64();
    let (Some(amount_minor), Some(crypto_micro), Some(rate_minor)) = (
        units(fiat_amount, 2),
        units(crypto_amount, 6),
        units(rate, 2),
    ) else {
        return Err(bad("The amount is too large"));
    };
    if let Some(key) = quote_key
        && let Some(q) = state.quotes.get_mut(&key)
    {
        q.used = true;
    }
    let index = state.create(
        partner,
        pair,
        now,
        amount_minor,
        crypto_micro,
        rate_minor,
        reference.to_owned(),
        merchant_id,
        terminal_id,
        phone,
    );
    Ok(create_shape(state.tx_json(index)))
}

/// The create response lists the §3.2 fields only.
fn create_shape(full: Value) -> Value {
    const FIELDS: [&str; 12] = [
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
    let mut out = Map::new();
    for field in FIELDS {
        out.insert(
            field.into(),
            full.get(field).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(out)
}

async fn get_transaction(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.find_id(partner, &id) {
        Some(index) => success(StatusCode::OK, state.tx_json(index), None),
        None => render(not_found(), now),
    }
}

async fn by_reference(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.find_reference(partner, &reference) {
        Some(index) => success(StatusCode::OK, state.tx_json(index), None),
        None => render(not_found(), now),
    }
}

async fn status_history(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(tx) = state.find_id(partner, &id).and_then(|i| state.txs.get(i)) else {
        return render(not_found(), now);
    };
    let history: Vec<Value> = tx.history().iter().map(history_json).collect();
    success(
        StatusCode::OK,
        json!({"id": id_text(tx.id), "status": tx.status.as_str(), "history": history}),
        None,
    )
}

async fn cancel(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let key = match idempotency(&mut state, partner, &headers, format!("cancel:{id}"), now) {
        Err(fail) => return render(fail, now),
        Ok((_, Idem::Replay(response))) => return response,
        Ok((key, Idem::Fresh)) => key,
    };
    let outcome = match state.find_id(partner, &id) {
        None => Err(not_found()),
        Some(index) => match state.status(index) {
            Some(Status::Pending | Status::AwaitingDeposit) => {
                state.transition(
                    index,
                    Status::Cancelled,
                    now,
                    "partner:cancelled",
                    Some("transaction.cancelled"),
                );
                Ok((200, state.tx_json(index)))
            }
            other => Err((
                StatusCode::CONFLICT,
                "TRANSACTION_NOT_CANCELLABLE",
                format!(
                    "A transaction in status {} cannot be cancelled",
                    other.map_or("unknown", Status::as_str)
                ),
            )),
        },
    };
    finish(&mut state, partner, key, &outcome);
    match outcome {
        Ok((_, data)) => success(StatusCode::OK, data, None),
        Err(fail) => render(fail, now),
    }
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

pub(super) fn invalid_cursor() -> Fail {
    (
        StatusCode::BAD_REQUEST,
        "INVALID_CURSOR",
        "The cursor is invalid".into(),
    )
}

async fn list_transactions(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match list(&state, partner, &params) {
        Ok(data) => success(StatusCode::OK, data, None),
        Err(fail) => render(fail, now),
    }
}

fn list(state: &State, partner: u8, params: &HashMap<String, String>) -> Result<Value, Fail> {
    let limit = limit(params)?;
    let statuses: Option<Vec<Status>> = params
        .get("status")
        .map(|s| {
            s.split(',')
                .map(|w| Status::parse(w.trim()).ok_or_else(|| bad(format!("Unknown status {w}"))))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let from = time_param(params, "from")?;
    let to = time_param(params, "to")?;
    let after = params
        .get("cursor")
        .map(|c| cursor_id(c).ok_or_else(invalid_cursor))
        .transpose()?;
    let merchant = params.get("merchant_id");
    let terminal = params.get("terminal_id");
    let reference = params.get("merchant_reference");
    let txs = &state.txs;
    let mut end = match to {
        Some(to) => txs.partition_point(|t| t.created_ms <= to.timestamp_millis()),
        None => txs.len(),
    };
    if let Some(after) = after {
        end = end.min(txs.partition_point(|t| t.id < after));
    }
    let start = match from {
        Some(from) => txs.partition_point(|t| t.created_ms < from.timestamp_millis()),
        None => 0,
    };
    let candidates: Box<dyn Iterator<Item = usize>> = match reference {
        Some(r) => Box::new(
            state
                .find_reference(partner, r)
                .filter(|i| (start..end).contains(i))
                .into_iter(),
        ),
        None => Box::new((start..end).rev()),
    };
    let mut page = Vec::with_capacity(limit + 1);
    for index in candidates {
        let Some(tx) = txs.get(index) else { continue };
        if tx.partner != partner || statuses.as_ref().is_some_and(|s| !s.contains(&tx.status)) {
            continue;
        }
        if merchant.is_some() || terminal.is_some() {
            let json = state.tx_json(index);
            if merchant.is_some_and(|m| {
                json.get("merchant_id").and_then(Value::as_str) != Some(m.as_str())
            }) || terminal.is_some_and(|t| {
                json.get("terminal_id").and_then(Value::as_str) != Some(t.as_str())
            }) {
                continue;
            }
        }
        page.push(index);
        if page.len() > limit {
            break;
        }
    }
    let has_more = page.len() > limit;
    page.truncate(limit);
    let next = page
        .last()
        .and_then(|i| txs.get(*i))
        .filter(|_| has_more)
        .map(|t| cursor_text(at_ms(t.created_ms), t.id));
    let data: Vec<Value> = page.iter().map(|i| state.tx_json(*i)).collect();
    Ok(json!({"data": data, "has_more": has_more, "limit": limit, "next_cursor": next}))
}
