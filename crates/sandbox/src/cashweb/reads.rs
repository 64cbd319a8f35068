//! The CashWeb simulator's reads: the transaction status query, lookup by reference, status
//! history (§3.3, §3.4, §3.6) and the cursor list (§3.5).

use std::collections::HashMap;

use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Simulator;
use super::cursor::{cursor_id, cursor_text};
use super::documented;
use super::errors::{Fail, bad, invalid_cursor, not_found, render};
use super::model::{Status, at_ms, history_json, id_text};
use super::reply::success;
use super::request::{begin, limit, read_page, time_param};
use super::state::State;

pub(super) async fn get_transaction(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.find_id(partner, &id) {
        Some(index) => success(StatusCode::OK, state.read_json(index), None),
        None => render(not_found(), now),
    }
}

pub(super) async fn by_reference(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.find_reference(partner, &reference) {
        Some(index) => success(StatusCode::OK, state.read_json(index), None),
        None => render(not_found(), now),
    }
}

pub(super) async fn status_history(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some((index, tx)) = state
        .find_id(partner, &id)
        .and_then(|i| Some((i, state.txs.get(i)?)))
    else {
        return render(not_found(), now);
    };
    let history: Vec<Value> = tx.history().iter().map(history_json).collect();
    success(
        StatusCode::OK,
        json!({"id": id_text(tx.id), "status": state.status_word(index), "history": history}),
        None,
    )
}

pub(super) async fn list_transactions(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    read_page(&sim, &headers, &params, list)
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
    let data: Vec<Value> = page.iter().map(|i| state.read_json(*i)).collect();
    if state.variance.documented_only {
        return Ok(documented::page(data, next));
    }
    Ok(json!({"data": data, "has_more": has_more, "limit": limit, "next_cursor": next}))
}
