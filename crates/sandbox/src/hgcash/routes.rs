//! The HG.Cash HTTP surface (§3): the same paths, methods, status codes and JSON shapes as
//! the reference, plus the simulator-only `/_sim/...` controls of §9.2.
//!
//! Handlers return early with a finished `Response` as their error value: it is large, but
//! it is what axum sends, and nothing else handles these errors.
#![allow(clippy::result_large_err)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::Simulator;
use super::data;
use super::state::{CashOutRecord, RequestStatus, fee, floor2};

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
    let mut body = serde_json::Map::new();
    body.insert("error".into(), Value::String(message.to_owned()));
    if let Some(code) = code {
        body.insert("code".into(), Value::String(code.to_owned()));
    }
    if let Some(details) = details {
        body.insert("details".into(), details);
    }
    json_response(status, Value::Object(body).to_string())
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

fn validation(message: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        Some("VALIDATION_ERROR"),
        message,
        None,
    )
}

fn unauthorized() -> Response {
    json_response(StatusCode::UNAUTHORIZED, UNAUTHORIZED_BODY.to_owned())
}

/// A decimal as a JSON number with 2 decimals (`1000000.00`).
fn number2(d: Decimal) -> Box<RawValue> {
    let mut d = d;
    d.rescale(2);
    RawValue::from_string(d.to_string())
        .unwrap_or_else(|_| RawValue::from_string("0".to_owned()).unwrap_or_default())
}

/// The API routes, relative to the prefix.
pub fn api() -> Router<Simulator> {
    Router::new()
        .route("/accounts", get(accounts))
        .route("/account/{id}/balance", get(balance))
        .route("/transactions", post(create))
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

/// Authenticates, rate-limits and applies due transitions; the caller's user index.
fn enter(sim: &Simulator, headers: &HeaderMap) -> Result<(usize, DateTime<Utc>), Response> {
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

async fn accounts(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    let (user, _) = match enter(&sim, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let state = sim.lock();
    let data: Vec<Value> = state
        .accounts
        .iter()
        .filter(|a| a.user == user)
        .map(|a| {
            json!({
                "id": a.config.id,
                "name": a.config.name,
                "balance": number2(a.config.balance),
                "pendingFees": number2(a.config.pending_fees),
                "netBalance": number2(a.net_balance()),
                "status": a.config.status,
                "currency": "ARS",
                "number": a.config.number,
                "alias": a.config.alias,
                "platform": null,
                "company": {"id": a.config.company_id, "name": a.config.company_name},
            })
        })
        .collect();
    let count = data.len();
    json_response(
        StatusCode::OK,
        json!({"data": data, "count": count}).to_string(),
    )
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
    let body = json!({
        "id": a.config.id,
        "balance": number2(a.config.balance),
        "currency": "ARS",
        "pendingFees": number2(a.config.pending_fees),
        "netBalance": number2(a.net_balance()),
        "status": a.config.status,
    });
    json_response(StatusCode::OK, body.to_string())
}

fn status_body(r: &CashOutRecord) -> String {
    json!({
        "id": r.id,
        "externalID": r.external_id,
        "status": r.status.as_str(),
        "errorMessage": r.error_message,
        "errorCode": r.error_code,
        "createdAt": data::utc_text(r.created_at),
        "updatedAt": data::utc_text(r.updated_at),
    })
    .to_string()
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
        Some(r) => json_response(StatusCode::OK, status_body(r)),
        // ASSUMPTION §3.4: unknown or someone else's id.
        None => error(
            StatusCode::NOT_FOUND,
            None,
            "Transaction request not found",
            None,
        ),
    }
}

fn reference(items: &[(i64, &str, &str)]) -> Response {
    let data: Vec<Value> = items
        .iter()
        .map(|(id, name, description)| json!({"id": id, "name": name, "description": description}))
        .collect();
    json_response(
        StatusCode::OK,
        json!({"success": true, "data": data}).to_string(),
    )
}

// U15: reference data is served with or without a token.
async fn statuses() -> Response {
    reference(&[
        (1, "processing", "Transaction is being processed"),
        (2, "done", "Transaction completed successfully"),
        (3, "failed", "Transaction processing failed"),
    ])
}

async fn types() -> Response {
    reference(&[
        (1, "transfer", "Bank transfer"),
        (2, "payment", "Payment transaction"),
        (3, "deposit", "Money deposit"),
        (4, "withdrawal", "Money withdrawal"),
    ])
}

/// The create body as received: numbers kept as raw tokens, never through `f64`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    account_id: Option<String>,
    amount: Option<Box<RawValue>>,
    #[serde(rename = "toCBU")]
    to_cbu: Option<String>,
    #[serde(rename = "toCVU")]
    to_cvu: Option<String>,
    #[serde(rename = "externalID")]
    external_id: Option<String>,
    webhook_url: Option<String>,
    from_name: Option<String>,
    to_name: Option<String>,
    #[serde(rename = "fromCBU")]
    _from_cbu: Option<Box<RawValue>>,
    #[serde(rename = "fromCUIT")]
    from_cuit: Option<Box<RawValue>>,
    #[serde(rename = "toCUIT")]
    to_cuit: Option<Box<RawValue>>,
    concept: Option<String>,
    _external_date: Option<String>,
    coelsa_code: Option<String>,
    _data: Option<Box<RawValue>>,
}

/// Max lengths (§3.3, Mintlify render); `externalID`'s is not documented (ASSUMPTION: 255).
const LIMITS: [(&str, usize); 5] = [
    ("fromName", 255),
    ("toName", 255),
    ("concept", 500),
    ("coelsaCode", 100),
    ("externalID", 255),
];

fn twenty_two_digits(v: &str) -> bool {
    v.len() == 22 && v.bytes().all(|b| b.is_ascii_digit())
}

fn cuit_token(raw: &Option<Box<RawValue>>, field: &str) -> Result<Option<String>, Response> {
    match raw {
        None => Ok(None),
        Some(r) if r.get() == "null" => Ok(None),
        Some(r) => {
            let t = r.get();
            if t.len() == 11 && t.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(t.to_owned()))
            } else {
                Err(validation(&format!("{field} must be an 11-digit number")))
            }
        }
    }
}

async fn create(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    let (user, now) = match enter(&sim, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let parsed: CreateBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return validation(&format!("Invalid request body: {e}")),
    };
    let Some(account_id) = parsed.account_id.clone().filter(|a| !a.is_empty()) else {
        return validation("accountId is required");
    };
    let Some(amount_token) = parsed.amount.as_ref() else {
        return validation("amount is required");
    };
    let token = amount_token.get();
    if token.starts_with('"')
        || !token
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return validation("amount must be a number");
    }
    let Ok(amount) = Decimal::from_str_exact(token) else {
        return validation("amount must be a number");
    };
    if amount <= Decimal::ZERO {
        return validation("amount must be positive");
    }
    if amount.normalize().scale() > 2 {
        return validation("amount must have at most 2 decimal places");
    }
    let (to_cbu, to_cvu) = match (&parsed.to_cbu, &parsed.to_cvu) {
        (Some(_), Some(_)) => return validation("Provide either toCBU or toCVU, not both"),
        (None, None) => return validation("Provide either toCBU or toCVU"),
        (cbu, cvu) => (cbu.clone(), cvu.clone()),
    };
    let destination = to_cbu.as_deref().or(to_cvu.as_deref()).unwrap_or_default();
    if !twenty_two_digits(destination) {
        return validation("CBU/CVU must be exactly 22 digits");
    }
    let fields = [
        &parsed.from_name,
        &parsed.to_name,
        &parsed.concept,
        &parsed.coelsa_code,
        &parsed.external_id,
    ];
    for ((name, max), value) in LIMITS.iter().zip(fields) {
        if value.as_ref().is_some_and(|v| v.chars().count() > *max) {
            return validation(&format!("{name} must be at most {max} characters"));
        }
    }
    let (from_cuit, to_cuit) = match (
        cuit_token(&parsed.from_cuit, "fromCUIT"),
        cuit_token(&parsed.to_cuit, "toCUIT"),
    ) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(r), _) | (_, Err(r)) => return r,
    };

    let mut state = sim.lock();
    if state.knobs.validate_cbu_checksum && !data::cbu_checksum_ok(destination) {
        return validation("CBU/CVU check digits are not valid");
    }
    let Some(account) = state.account_of(user, &account_id) else {
        return error(
            StatusCode::NOT_FOUND,
            Some("ACCOUNT_NOT_FOUND"),
            "Account not found",
            None,
        );
    };
    if account.config.status != "Operativa" {
        return error(
            StatusCode::CONFLICT,
            Some("ACCOUNT_NOT_OPERATIVE"),
            &format!("Account is {}", account.config.status),
            None,
        );
    }
    let rate = account.config.outbound_fee_rate;
    let net = account.net_balance();
    let fee = fee(amount, rate);
    if let Some(external) = &parsed.external_id {
        let existing = state.requests.iter().find(|r| {
            r.account_id == account_id && r.external_id.as_deref() == Some(external.as_str())
        });
        if let Some(existing) = existing {
            return error(
                StatusCode::CONFLICT,
                Some("DUPLICATE_EXTERNAL_ID"),
                "externalID already used on this account",
                // Simulator only, non-contractual (§7).
                Some(json!({"existingId": existing.id})),
            );
        }
    }
    if amount + fee > net {
        // ASSUMPTION U11: floor2(net / (1 + rate)).
        let max = floor2(net / (Decimal::ONE + rate)).max(Decimal::ZERO);
        return error(
            StatusCode::CONFLICT,
            Some("INSUFFICIENT_NET_BALANCE"),
            "Insufficient net balance for this cash-out including fees",
            Some(json!({"maxWithdrawableAmount": number2(max)})),
        );
    }
    if let Some(a) = state.account_of(user, &account_id) {
        a.config.balance -= amount + fee;
    }
    let forced = state.knobs.force_status.take();
    let id = data::uuid(&mut state.rng);
    let record = CashOutRecord {
        id: id.clone(),
        external_id: parsed.external_id.clone(),
        account_id,
        user,
        amount,
        fee,
        to_cbu,
        to_cvu,
        from_name: parsed.from_name.clone(),
        to_name: parsed.to_name.clone(),
        from_cuit,
        to_cuit,
        concept: parsed.concept.clone(),
        coelsa_code: parsed.coelsa_code.clone(),
        webhook_url: parsed.webhook_url.clone(),
        status: RequestStatus::Pending,
        error_code: None,
        error_message: None,
        created_at: now,
        updated_at: now,
        forced,
    };
    let body = json!({
        "id": record.id,
        "externalID": record.external_id,
        "createdAt": data::utc_text(now),
        "status": "PENDING",
    })
    .to_string();
    let skip_pending = state.knobs.skip_pending_webhook;
    state.requests.push(record);
    if !skip_pending && let Some(r) = state.requests.last() {
        let out = super::state::Outgoing {
            user,
            url: r.webhook_url.clone(),
            body: r.webhook_body(),
        };
        state.outbox.push(out);
    }
    drop(state);
    sim.flush_outbox();
    // U2: the simulator answers 201.
    json_response(StatusCode::CREATED, body)
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
