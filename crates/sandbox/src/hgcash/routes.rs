//! The HG.Cash HTTP surface (§3): the same paths, methods, status codes and JSON shapes as
//! the reference, plus the simulator-only `/_sim/...` controls of §9.2.
//!
//! Handlers return early with a finished `Response` as their error value: it is large, but
//! it is what axum sends, and nothing else handles these errors.
#![allow(clippy::result_large_err)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::variance::{Quirk, Variance};

use super::Simulator;
use super::entry::enter;
use super::record::RequestStatus;
use super::reply::{error, json_response, number2, validation};

/// An account as `GET /accounts` and `GET /account/{id}/balance` show it (section 3.1/3.2);
/// amounts are exact JSON number tokens with 2 decimals.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountReply<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    balance: Box<RawValue>,
    currency: &'static str,
    pending_fees: Box<RawValue>,
    net_balance: Box<RawValue>,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alias: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<Value>,
}

/// The API routes, relative to the prefix.
pub fn api() -> Router<Simulator> {
    Router::new()
        .route("/accounts", get(accounts))
        .route("/account/{id}/balance", get(balance))
        .route("/transactions", post(super::create::create))
        .route("/transaction/{id}/status", get(status))
        .route("/transaction-statuses", get(statuses))
        .route("/transaction-types", get(types))
}

/// The simulator-only controls (not HG.Cash endpoints).
pub fn controls() -> Router<Simulator> {
    Router::new()
        .route("/_sim/accounts/{id}/inbound", post(sim_inbound))
        .route("/_sim/requests/{id}/status", post(sim_status))
}

async fn accounts(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    let (user, _) = match enter(&sim, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let state = sim.lock();
    // The seed shows no account answer: the documented-only profile sends the figures the
    // balance endpoint has, without the reference's optional name/number/alias/owners.
    let full = !state.variance.documented_only;
    let data: Vec<AccountReply<'_>> = state
        .accounts
        .iter()
        .filter(|a| a.user == user)
        .map(|a| AccountReply {
            id: &a.config.id,
            name: Some(a.config.name.as_str()).filter(|_| full),
            balance: number2(a.config.balance),
            currency: "ARS",
            pending_fees: number2(a.config.pending_fees),
            net_balance: number2(a.net_balance()),
            status: &a.config.status,
            number: Some(a.config.number.as_str()).filter(|_| full),
            alias: Some(a.config.alias.as_str()).filter(|_| full),
            platform: Some(Value::Null).filter(|_| full),
            company: Some(json!({"id": a.config.company_id, "name": a.config.company_name}))
                .filter(|_| full),
        })
        .collect();
    #[derive(Serialize)]
    struct AccountsReply<'a> {
        data: Vec<AccountReply<'a>>,
        count: usize,
    }
    let count = data.len();
    let body = serde_json::to_string(&AccountsReply { data, count }).unwrap_or_default();
    json_response(StatusCode::OK, body)
}

async fn balance(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (user, _) = match enter(&sim, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut state = sim.lock();
    let Some(a) = state.account_of(user, &id) else {
        return error(
            StatusCode::NOT_FOUND,
            Some("ACCOUNT_NOT_FOUND"),
            "Account not found",
            None,
        );
    };
    let body = AccountReply {
        id: &a.config.id,
        name: None,
        balance: number2(a.config.balance),
        currency: "ARS",
        pending_fees: number2(a.config.pending_fees),
        net_balance: number2(a.net_balance()),
        status: &a.config.status,
        number: None,
        alias: None,
        platform: None,
        company: None,
    };
    json_response(
        StatusCode::OK,
        serde_json::to_string(&body).unwrap_or_default(),
    )
}

async fn status(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (user, _) = match enter(&sim, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let state = sim.lock();
    match state.request_of(user, &id) {
        Some(r) => json_response(StatusCode::OK, r.status_body(&state.variance)),
        // ASSUMPTION §3.4: unknown or someone else's id.
        None => error(
            StatusCode::NOT_FOUND,
            None,
            "Transaction request not found",
            None,
        ),
    }
}

/// A reference-data answer (§3.5, §3.6) under `variance`: the seed's own example
/// (`{"success": true, "data": [{}, {}, {}]}`) with the quirk; items `{id, name}` in the
/// documented-only profile (ASSUMPTION U8); `{id, name, description}` otherwise.
fn reference(variance: &Variance, items: &[(i64, &str, &str)]) -> Response {
    let data: Vec<Value> = if variance.has(Quirk::HgCashEmptyReferenceData) {
        vec![json!({}), json!({}), json!({})]
    } else if variance.documented_only {
        items
            .iter()
            .map(|(id, name, _)| json!({"id": id, "name": name}))
            .collect()
    } else {
        items
            .iter()
            .map(|(id, name, description)| {
                json!({"id": id, "name": name, "description": description})
            })
            .collect()
    };
    json_response(
        StatusCode::OK,
        json!({"success": true, "data": data}).to_string(),
    )
}

// U15: reference data is served with or without a token.
async fn statuses(State(sim): State<Simulator>) -> Response {
    reference(
        &sim.variance(),
        &[
            (1, "processing", "Transaction is being processed"),
            (2, "done", "Transaction completed successfully"),
            (3, "failed", "Transaction processing failed"),
        ],
    )
}

/// The transaction types; the seed's `transfer` is id 1.
async fn types(State(sim): State<Simulator>) -> Response {
    reference(
        &sim.variance(),
        &[
            (1, "transfer", "Bank transfer"),
            (2, "payment", "Payment transaction"),
            (3, "deposit", "Money deposit"),
            (4, "withdrawal", "Money withdrawal"),
        ],
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InboundBody {
    amount: Box<RawValue>,
    #[serde(rename = "fromCBU")]
    from_cbu: Option<String>,
    #[serde(rename = "fromCUIT")]
    from_cuit: Option<String>,
    from_name: Option<String>,
    coelsa_code: Option<String>,
}

async fn sim_inbound(
    State(sim): State<Simulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(b) = serde_json::from_slice::<InboundBody>(&body) else {
        return validation("expected {amount, fromCBU, fromCUIT, fromName, coelsaCode?}");
    };
    let token = b.amount.get().trim_matches('"');
    let Ok(amount) = Decimal::from_str_exact(token) else {
        return validation("amount must be a decimal");
    };
    let cash_in = super::CashIn {
        amount,
        from_name: b.from_name,
        from_cbu: b.from_cbu,
        from_cuit: b.from_cuit,
        coelsa_code: b.coelsa_code,
    };
    match sim.cash_in(&id, cash_in) {
        Ok(m) => json_response(StatusCode::CREATED, m.webhook_body()),
        Err(e) => error(StatusCode::NOT_FOUND, None, &e.to_string(), None),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusBody {
    status: String,
    error_code: Option<String>,
    error_message: Option<String>,
}

async fn sim_status(State(sim): State<Simulator>, Path(id): Path<String>, body: Bytes) -> Response {
    let Ok(b) = serde_json::from_slice::<StatusBody>(&body) else {
        return validation("expected {status, errorCode?, errorMessage?}");
    };
    let Some(status) = RequestStatus::parse(&b.status) else {
        return validation("unknown status");
    };
    match sim.set_request_status(&id, status, b.error_code, b.error_message) {
        Ok(()) => json_response(StatusCode::OK, "{}".to_owned()),
        Err(e) => error(StatusCode::NOT_FOUND, None, &e.to_string(), None),
    }
}
