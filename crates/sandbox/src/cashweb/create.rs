//! The CashWeb simulator's writes: quotes (§3.1), transaction creation in quote or direct
//! mode (§3.2) and cancel (§3.7), with the Idempotency-Key store (§7).

use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::Simulator;
use super::documented;
use super::errors::{Fail, bad, not_found, render};
use super::model::Status;
use super::reply::success;
use super::request::{amount, begin, object, opt_str, pair_index};
use super::state::{IdemEntry, Quote, State};
use crate::variance::Quirk;

pub(super) async fn create_quote(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match quote(&mut state, partner, now, &body) {
        Ok(data) if state.variance.documented_only => {
            success(StatusCode::CREATED, documented::quote(&data), None)
        }
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

/// How long after its commit a create's key still answers `IDEMPOTENCY_IN_PROGRESS` under
/// [`Quirk::CashWebIdempotencyInProgress`] (simulator clock).
const IN_PROGRESS_AFTER_COMMIT: Duration = Duration::seconds(30);

fn in_progress() -> Fail {
    (
        StatusCode::CONFLICT,
        "IDEMPOTENCY_IN_PROGRESS",
        "A request with this Idempotency-Key is still in progress".into(),
    )
}

/// The `Idempotency-Key` header, required on writes (§7).
fn key_of(headers: &HeaderMap) -> Result<String, Fail> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.trim().is_empty())
        .map(str::to_owned)
        .ok_or_else(|| bad("The Idempotency-Key header is required"))
}

/// Checks the key against the store (§7). `in_progress_after_commit`: a key whose first
/// request was carried out less than this long ago still answers "in progress".
fn idempotency(
    state: &mut State,
    partner: u8,
    headers: &HeaderMap,
    payload: String,
    now: DateTime<Utc>,
    in_progress_after_commit: Option<Duration>,
) -> Result<(String, Idem), Fail> {
    let key = key_of(headers)?;
    match state.idempotency.get(&(partner, key.clone())) {
        Some(entry) if entry.payload != payload => Err((
            StatusCode::CONFLICT,
            "IDEMPOTENCY_KEY_MISMATCH",
            "This Idempotency-Key was used with a different payload".into(),
        )),
        Some(IdemEntry { response: None, .. }) => Err(in_progress()),
        Some(IdemEntry {
            committed_at: Some(at),
            ..
        }) if in_progress_after_commit.is_some_and(|window| now - *at < window) => {
            Err(in_progress())
        }
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
                    committed_at: None,
                },
            );
            Ok((key, Idem::Fresh))
        }
    }
}

fn finish(
    state: &mut State,
    partner: u8,
    key: String,
    outcome: &Result<(u16, Value), Fail>,
    now: DateTime<Utc>,
) {
    match outcome {
        Ok((status, data)) => {
            if let Some(entry) = state.idempotency.get_mut(&(partner, key)) {
                entry.response = Some((*status, data.clone()));
                entry.committed_at = Some(now);
            }
        }
        // Refusals are not stored: the partner may correct and retry.
        Err(_) => {
            state.idempotency.remove(&(partner, key));
        }
    }
}

fn duplicate_reference(reference: &str) -> Fail {
    (
        StatusCode::CONFLICT,
        "DUPLICATE_MERCHANT_REFERENCE",
        format!("merchant_reference {reference} already exists"),
    )
}

/// What a create does before it is carried out: `Ok(Some(key))` to go on under that key,
/// `Ok(None)` to go on without the idempotency store (no deduplication), or the answer.
#[allow(clippy::result_large_err)]
fn admit(
    state: &mut State,
    partner: u8,
    headers: &HeaderMap,
    body: &Bytes,
    now: DateTime<Utc>,
) -> Result<Option<String>, Response> {
    let map = object(body).map_err(|fail| render(fail, now))?;
    if state.variance.no_dedup {
        // Neither the key nor the reference deduplicates: every create makes a transaction.
        key_of(headers).map_err(|fail| render(fail, now))?;
        return Ok(None);
    }
    if state.variance.has(Quirk::CashWebDuplicateMerchantReference)
        && let Ok(Some(reference)) = opt_str(&map, "merchant_reference")
        && state.find_reference(partner, reference.trim()).is_some()
    {
        // Refused even under the first create's key, instead of the replay.
        return Err(render(duplicate_reference(reference.trim()), now));
    }
    let window = state
        .variance
        .has(Quirk::CashWebIdempotencyInProgress)
        .then_some(IN_PROGRESS_AFTER_COMMIT);
    let payload = Value::Object(map).to_string();
    match idempotency(state, partner, headers, payload, now, window) {
        Err(fail) => Err(render(fail, now)),
        Ok((_, Idem::Replay(response))) => Err(response),
        Ok((key, Idem::Fresh)) => Ok(Some(key)),
    }
}

pub(super) async fn create_transaction(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (partner, key, delay) = {
        let (mut state, partner, now) = match begin(&sim, &headers) {
            Ok(x) => x,
            Err(r) => return r,
        };
        match admit(&mut state, partner, &headers, &body, now) {
            Ok(key) => (partner, key, state.knobs.create_delay),
            Err(answer) => return answer,
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let now = sim.0.clock.now();
    let mut state = sim.lock();
    let dedup = key.is_some();
    let outcome = create(&mut state, partner, now, &body, dedup).map(|v| (201, v));
    if let Some(key) = key {
        finish(&mut state, partner, key, &outcome, now);
    }
    match outcome {
        Ok((_, data)) => success(StatusCode::CREATED, data, None),
        Err(fail) => render(fail, now),
    }
}

fn create(
    state: &mut State,
    partner: u8,
    now: DateTime<Utc>,
    body: &Bytes,
    dedup: bool,
) -> Result<Value, Fail> {
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
                (Some(f), _) => (f, crypto_for(f, q.adjusted_rate)?),
                (None, Some(c)) => (
                    c.checked_mul(q.adjusted_rate)
                        .ok_or_else(|| bad("The amount is too large"))?
                        .round_dp(2),
                    c,
                ),
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
            (pair, fiat, crypto_for(fiat, rate)?, rate, None)
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
    if dedup && state.find_reference(partner, reference).is_some() {
        return Err(duplicate_reference(reference));
    }
    let units = |d: Decimal, scale: u32| {
        d.checked_mul(Decimal::from(10i64.pow(scale)))
            .and_then(|m| m.trunc().to_i64())
    };
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
    Ok(documented::only(
        &state.tx_json(index),
        &documented::CREATE_FIELDS,
    ))
}

/// The crypto a fiat amount buys at `rate`, cut to 6 places (USDT's precision).
fn crypto_for(fiat: Decimal, rate: Decimal) -> Result<Decimal, Fail> {
    fiat.checked_div(rate)
        .map(|c| c.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero))
        .filter(|c| *c > Decimal::ZERO)
        .ok_or_else(|| bad("The amount is too small or too large at this rate"))
}

pub(super) async fn cancel(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let key = match idempotency(
        &mut state,
        partner,
        &headers,
        format!("cancel:{id}"),
        now,
        None,
    ) {
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
                let full = state.tx_json(index);
                if state.variance.documented_only {
                    Ok((200, documented::cancelled(&full)))
                } else {
                    Ok((200, full))
                }
            }
            other @ (Some(
                Status::DepositConfirming
                | Status::SellingCrypto
                | Status::OrderFilled
                | Status::Completed
                | Status::Failed
                | Status::Expired
                | Status::Cancelled
                | Status::Refunded,
            )
            | None) => Err((
                StatusCode::CONFLICT,
                "TRANSACTION_NOT_CANCELLABLE",
                format!(
                    "A transaction in status {} cannot be cancelled",
                    other.map_or("unknown", Status::as_str)
                ),
            )),
        },
    };
    finish(&mut state, partner, key, &outcome, now);
    match outcome {
        Ok((_, data)) => success(StatusCode::OK, data, None),
        Err(fail) => render(fail, now),
    }
}
