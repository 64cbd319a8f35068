//! The CashWeb simulator's revenue ledger (§3.8) and webhook outbox endpoints (§3.9).

use std::collections::HashMap;

use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Simulator;
use super::cursor::{cursor_parts, cursor_text};
use super::errors::{Fail, invalid_cursor, render};
use super::model::{Status, at_ms, id_text, parse_id, time_text, units_text};
use super::reply::success;
use super::request::{begin, limit, read_page, time_param};
use super::state::{Event, State};

pub(super) async fn revenue(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    read_page(&sim, &headers, &params, revenue_page)
}

fn revenue_page(
    state: &State,
    partner: u8,
    params: &HashMap<String, String>,
) -> Result<Value, Fail> {
    let limit = limit(params)?;
    let from = time_param(params, "from")?;
    let to = time_param(params, "to")?;
    let after = params
        .get("cursor")
        .map(|c| cursor_parts(c).ok_or_else(invalid_cursor))
        .transpose()?;
    let token = params.get("token").map(|t| t.to_lowercase());
    let network = params.get("network").map(|t| t.to_lowercase());
    let summary = params.get("include_summary").is_some_and(|v| v == "true");
    let rows = &state.revenue;
    let end = match to {
        Some(to) => rows.partition_point(|r| r.0 <= to.timestamp_millis()),
        None => rows.len(),
    };
    let start = match from {
        Some(from) => rows.partition_point(|r| r.0 < from.timestamp_millis()),
        None => 0,
    };
    let fee_bps = i64::from(state.knobs.platform_fee_bps);
    let share_bps = i64::from(state.knobs.partner_share_bps);
    let figures = |amount_minor: i64| {
        let fee = amount_minor.saturating_mul(fee_bps) / 10_000;
        (fee, fee.saturating_mul(share_bps) / 10_000)
    };
    let matching = |row: &(i64, u128, usize)| {
        let Some(tx) = state.txs.get(row.2) else {
            return false;
        };
        let pair = state.pairs.get(usize::from(tx.pair));
        tx.partner == partner
            && tx.status == Status::Completed
            && token
                .as_ref()
                .is_none_or(|t| pair.is_some_and(|p| &p.crypto_currency == t))
            && network
                .as_ref()
                .is_none_or(|n| pair.is_some_and(|p| &p.network == n))
    };
    let window = rows.get(start..end).unwrap_or(&[]);
    let mut page = Vec::with_capacity(limit + 1);
    for row in window.iter().rev() {
        if let Some((at, id)) = after
            && (row.0, row.1) >= (at.timestamp_millis(), id)
        {
            continue;
        }
        if matching(row) {
            page.push(*row);
            if page.len() > limit {
                break;
            }
        }
    }
    let has_more = page.len() > limit;
    page.truncate(limit);
    let next = page
        .last()
        .filter(|_| has_more)
        .map(|r| cursor_text(at_ms(r.0), r.1));
    let data: Vec<Value> = page
        .iter()
        .map(|row| {
            let tx = state.tx_json(row.2);
            let amount_minor = state.txs.get(row.2).map_or(0, |t| t.amount_minor);
            let (fee, share) = figures(amount_minor);
            json!({
                "transaction_id": tx.get("id"),
                "merchant_reference": tx.get("merchant_reference"),
                "merchant_id": tx.get("merchant_id"),
                "terminal_id": tx.get("terminal_id"),
                "network": tx.get("network"),
                "crypto_currency": tx.get("crypto_currency"),
                "crypto_amount": tx.get("crypto_amount"),
                "amount": tx.get("amount"),
                "platform_fee": units_text(fee, 2, 2),
                "share": units_text(share, 2, 2),
                "ts": time_text(at_ms(row.0)),
            })
        })
        .collect();
    let mut out = json!({"data": data, "has_more": has_more, "limit": limit, "next_cursor": next});
    if summary {
        let (count, total) =
            window
                .iter()
                .filter(|r| matching(r))
                .fold((0u64, 0i64), |(n, sum), r| {
                    let amount = state.txs.get(r.2).map_or(0, |t| t.amount_minor);
                    (n + 1, sum.saturating_add(figures(amount).1))
                });
        if let Some(object) = out.as_object_mut() {
            object.insert(
                "summary".into(),
                json!({
                    "from": from.map(time_text),
                    "to": to.map(time_text),
                    "total_partner_share": units_text(total, 2, 2),
                    "transaction_count": count,
                }),
            );
        }
    }
    Ok(out)
}

/// `(publish_status, attempts, last_error, updated_at)` of an event, from the delivery log.
fn delivery(state: &State, event: &Event) -> (String, u32, Option<String>, DateTime<Utc>) {
    let id = id_text(event.id);
    let log: Vec<_> = state
        .webhooks
        .log()
        .into_iter()
        .filter(|d| d.event_id == id)
        .collect();
    let attempts: u32 = log
        .iter()
        .map(|d| u32::try_from(d.attempts.len()).unwrap_or(0))
        .sum();
    let last_attempt = log.iter().flat_map(|d| d.attempts.iter()).last();
    let last_error = last_attempt.and_then(|a| match a.status {
        Some(s) if (200..300).contains(&s) => None,
        Some(s) => Some(format!("receiver answered HTTP {s}")),
        None => Some("receiver unreachable or timed out".to_owned()),
    });
    let updated = last_attempt.map_or(event.updated_at, |a| a.at.max(event.updated_at));
    let max = state.webhooks.knobs().max_attempts;
    let status = match log.last() {
        Some(d) if d.delivered => "dispatched",
        Some(d) if !d.dropped && u32::try_from(d.attempts.len()).unwrap_or(0) >= max => "failed",
        _ => "pending",
    };
    (status.to_owned(), attempts, last_error, updated)
}

fn event_item(state: &State, event: &Event) -> Value {
    let (status, attempts, last_error, updated) = delivery(state, event);
    let reference = state.txs.get(event.tx).map(|t| t.reference(event.tx));
    json!({
        "event_id": id_text(event.id),
        "event_type": event.event_type,
        "aggregate_id": state.txs.get(event.tx).map(|t| id_text(t.id)),
        "merchant_reference": reference,
        "publish_status": status,
        "attempts": attempts,
        "last_error": last_error,
        "created_at": time_text(event.created_at),
        "updated_at": time_text(updated),
    })
}

pub(super) async fn list_events(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    read_page(&sim, &headers, &params, events_page)
}

fn events_page(
    state: &State,
    partner: u8,
    params: &HashMap<String, String>,
) -> Result<Value, Fail> {
    let limit = limit(params)?;
    let from = time_param(params, "from")?;
    let to = time_param(params, "to")?;
    let after = params
        .get("cursor")
        .map(|c| cursor_parts(c).map(|p| p.1).ok_or_else(invalid_cursor))
        .transpose()?;
    let mut page = Vec::with_capacity(limit + 1);
    for event in state.events.iter().rev() {
        if event.partner != partner
            || after.is_some_and(|a| event.id >= a)
            || from.is_some_and(|f| event.created_at < f)
            || to.is_some_and(|t| event.created_at > t)
            || params
                .get("event_type")
                .is_some_and(|t| *t != event.event_type)
        {
            continue;
        }
        let item = event_item(state, event);
        let field_is = |name: &str, param: &str| {
            params.get(param).is_none_or(|want| {
                item.get(name)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.eq_ignore_ascii_case(want))
            })
        };
        if field_is("aggregate_id", "transaction_id")
            && field_is("merchant_reference", "merchant_reference")
            && field_is("publish_status", "publish_status")
        {
            page.push((event.id, event.created_at, item));
            if page.len() > limit {
                break;
            }
        }
    }
    let has_more = page.len() > limit;
    page.truncate(limit);
    let next = page
        .last()
        .filter(|_| has_more)
        .map(|(id, at, _)| cursor_text(*at, *id));
    let data: Vec<Value> = page.into_iter().map(|p| p.2).collect();
    Ok(json!({"data": data, "has_more": has_more, "limit": limit, "next_cursor": next}))
}

fn find_event(state: &State, partner: u8, id: &str) -> Option<usize> {
    let id = parse_id(id)?;
    state
        .events
        .iter()
        .position(|e| e.id == id && e.partner == partner)
}

fn event_not_found() -> Fail {
    (
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "Webhook event not found".into(),
    )
}

pub(super) async fn event_telemetry(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(event_id): Path<String>,
) -> Response {
    let (state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(event) = find_event(&state, partner, &event_id).and_then(|i| state.events.get(i))
    else {
        return render(event_not_found(), now);
    };
    let (status, attempts, last_error, updated) = delivery(&state, event);
    success(
        StatusCode::OK,
        json!({
            "aggregate_id": state.txs.get(event.tx).map(|t| id_text(t.id)),
            "attempts": attempts,
            "created_at": time_text(event.created_at),
            "delivery_status": status,
            "event_id": id_text(event.id),
            "event_type": event.event_type,
            "last_error": last_error,
            "updated_at": time_text(updated),
        }),
        None,
    )
}

pub(super) async fn replay(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    Path(event_id): Path<String>,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(index) = find_event(&state, partner, &event_id) else {
        return render(event_not_found(), now);
    };
    let Some(event) = state.events.get_mut(index) else {
        return render(event_not_found(), now);
    };
    event.updated_at = now;
    let event = event.clone();
    // The same logical event: same id, same body, signed afresh.
    state.deliver(
        event.id,
        &event.event_type,
        event.body.clone(),
        event.partner,
        now,
    );
    let (_, attempts, _, _) = delivery(&state, &event);
    success(
        StatusCode::OK,
        json!({
            "event_id": id_text(event.id),
            "event_type": event.event_type,
            "aggregate_id": state.txs.get(event.tx).map(|t| id_text(t.id)),
            "attempts": attempts,
            "publish_status": "pending",
            "replay_scheduled_at": time_text(now),
        }),
        Some("Webhook replay scheduled"),
    )
}
