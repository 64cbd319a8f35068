//! `POST /transactions` (§3.3): validation in the documented order, ownership and status of
//! the account, `externalID` uniqueness per account (unless the `no_dedup` profile is on),
//! the fee and the net-balance check, the reservation, the `typeID` received (kept on the
//! record), and the 201 answer.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use super::Simulator;
use super::data;
use super::entry::enter;
use super::record::{CashOutRecord, RequestStatus};
use super::reply::{error, error_with_raw_details, json_response, number2, validation};
use super::state::{Outgoing, fee, floor2};

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
    #[serde(rename = "externalDate")]
    _external_date: Option<String>,
    coelsa_code: Option<String>,
    #[serde(rename = "data")]
    _data: Option<serde_json::Map<String, serde_json::Value>>,
    /// The seed's `typeID` (from `GET /transaction-types`): recorded as sent, not checked.
    #[serde(rename = "typeID")]
    type_id: Option<serde_json::Value>,
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

pub(super) async fn create(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
    if state.knobs.validate_cbu_checksum && !paydesk_domain::cbu::check_digits_ok(destination) {
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
    let dedup = !state.variance.no_dedup;
    let documented_only = state.variance.documented_only;
    if let Some(external) = parsed.external_id.as_ref().filter(|_| dedup) {
        let existing = state.requests.iter().find(|r| {
            r.account_id == account_id && r.external_id.as_deref() == Some(external.as_str())
        });
        if let Some(existing) = existing {
            return error(
                StatusCode::CONFLICT,
                Some("DUPLICATE_EXTERNAL_ID"),
                "externalID already used on this account",
                // Simulator only, non-contractual (§7): not in the documented-only profile.
                (!documented_only).then(|| json!({"existingId": existing.id})),
            );
        }
    }
    if amount + fee > net {
        // ASSUMPTION U11: floor2(net / (1 + rate)).
        let max = floor2(net / (Decimal::ONE + rate)).max(Decimal::ZERO);
        let details = RawValue::from_string(format!(
            "{{\"maxWithdrawableAmount\":{}}}",
            number2(max).get()
        ))
        .ok();
        return error_with_raw_details(
            StatusCode::CONFLICT,
            Some("INSUFFICIENT_NET_BALANCE"),
            "Insufficient net balance for this cash-out including fees",
            details,
        );
    }
    if let Some(a) = state.account_of(user, &account_id) {
        a.config.balance -= amount + fee;
    }
    let forced = state.knobs.force_status.take();
    let id = data::uuid(&mut state.rng);
    // The n-th cash-out (creation order) may read as an unknown word while not final.
    let ordinal = u64::try_from(state.requests.len()).unwrap_or(u64::MAX);
    let unknown_word = state.variance.unknown_word_for(ordinal).map(str::to_owned);
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
        type_id: parsed.type_id.clone().filter(|t| !t.is_null()),
        unknown_word,
        status: RequestStatus::Pending,
        error_code: None,
        error_message: None,
        created_at: now,
        updated_at: now,
        forced,
    };
    let body = record.created_body(&state.variance);
    let skip_pending = state.knobs.skip_pending_webhook;
    state.requests.push(record);
    if !skip_pending && let Some(r) = state.requests.last() {
        let out = Outgoing {
            user,
            url: r.webhook_url.clone(),
            body: r.webhook_body(&state.variance),
        };
        state.outbox.push(out);
    }
    drop(state);
    sim.flush_outbox();
    // U2: the simulator answers 201.
    json_response(StatusCode::CREATED, body)
}
