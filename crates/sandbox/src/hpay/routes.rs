//! The HPAY simulator's HTTP surface: the six documented `POST` paths with their trailing
//! slashes (§3) and the simulator-only checkout page and pay endpoint (§9.2).
//!
//! Bodies are read as a map of raw JSON values, so amounts are exact and a missing or
//! mistyped field is HPAY's `error_code: 4`, never a framework rejection.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::value::RawValue;

use super::render::{self, Amt, error, json};
use super::state::{Payment, PaymentText, State, Status, Urls};
use super::{SimMode, Simulator, checkout, data, profile};

type Fields = HashMap<String, Box<RawValue>>;

/// The routes, before the fault layer.
pub(crate) fn routes(sim: Simulator) -> Router {
    Router::new()
        .route("/getToken/", post(get_token))
        .route("/payment/", post(payment))
        .route("/getPaymentHistory/", post(history))
        .route("/getCollectBalance/", post(collect_balance))
        .route("/getFees/", post(fees))
        .route("/getCountry/", post(country))
        .route("/_sim/checkout", get(checkout::page))
        .route("/_sim/checkout/pay", post(checkout::pay))
        .route("/_sim/checkout/cancel", post(checkout::cancel))
        .route("/_sim/payments/{id}/pay", post(checkout::sim_pay))
        .with_state(sim)
}

/// A refusal in HPAY's envelope (`success:false`, HTTP 200), small enough to pass around.
struct Refusal {
    code: i64,
    message: String,
}

impl Refusal {
    fn new(code: i64, message: &str) -> Refusal {
        Refusal {
            code,
            message: message.to_owned(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.code, &self.message)
    }
}

fn param(name: &str) -> Refusal {
    Refusal::new(4, &format!("Missing or invalid parameter: {name}"))
}

fn fields(body: &[u8]) -> Result<Fields, Refusal> {
    serde_json::from_slice(body).map_err(|_| param("body"))
}

/// A JSON string field; `None` when absent, `null` or not a string.
fn text(f: &Fields, name: &str) -> Option<String> {
    f.get(name)
        .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
}

fn required(f: &Fields, name: &str) -> Result<String, Refusal> {
    text(f, name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| param(name))
}

/// An exact decimal from a JSON number or a numeric string.
fn decimal(f: &Fields, name: &str) -> Result<Decimal, Refusal> {
    let raw = f.get(name).ok_or_else(|| param(name))?.get().trim();
    let text = if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).map_err(|_| param(name))?
    } else {
        raw.to_owned()
    };
    Decimal::from_str_exact(text.trim()).map_err(|_| param(name))
}

/// What every call does first: apply due transitions, send their notifications, and roll
/// the `business_error_percent` knob. Returns the current time.
async fn begin(sim: &Simulator) -> Result<i64, Refusal> {
    let now = sim.now_secs();
    let (outgoing, fail) = {
        let mut state = sim.lock();
        let outgoing = state.apply_due(now);
        let percent = state.knobs.business_error_percent;
        (outgoing, state.roll(percent))
    };
    sim.dispatch(outgoing, now);
    if fail {
        return Err(Refusal::new(9, "Service unavailable"));
    }
    Ok(now)
}

/// Checks the keys, the token and the mode (§9.2); answers the mode the call is for.
fn authorize(
    state: &State,
    f: &Fields,
    public_key_name: &str,
    mode_required: bool,
    now: i64,
) -> Result<SimMode, Refusal> {
    let api_key = required(f, "api_key")?;
    let public_key = required(f, public_key_name)?;
    if api_key != state.merchant.api_key || public_key != state.merchant.public_key {
        return Err(Refusal::new(1, "Invalid API credentials"));
    }
    let token = required(f, "token")?;
    let record = state
        .live_token(&token, now)
        .ok_or_else(|| Refusal::new(2, "Invalid or expired token"))?;
    let mode = match text(f, "mode").filter(|m| !m.is_empty()) {
        None if !mode_required => record.mode,
        None => return Err(param("mode")),
        Some(m) => SimMode::from_wire(&m).ok_or_else(|| param("mode"))?,
    };
    if mode != record.mode {
        return Err(Refusal::new(3, "Mode mismatch"));
    }
    Ok(mode)
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(refusal) => return refusal.into_response(),
        }
    };
}

async fn get_token(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let api_key = tri!(required(&f, "api_key"));
    let public_key = tri!(required(&f, "api_public_key"));
    let secret_key = tri!(required(&f, "api_secret_key"));
    let mode = tri!(
        text(&f, "mode")
            .as_deref()
            .and_then(SimMode::from_wire)
            .ok_or_else(|| param("mode"))
    );
    let mut state = sim.lock();
    let m = &state.merchant;
    if api_key != m.api_key || public_key != m.public_key || secret_key != m.secret_key {
        return error(1, "Invalid API credentials");
    }
    let token = state.issue_token(mode, now);
    let ttl = state.knobs.token_ttl_s;
    let livetime = if ttl >= 3600 && ttl % 3600 == 0 {
        format!("{}h", ttl / 3600)
    } else {
        format!("{}mn", ttl.div_ceil(60).max(1))
    };
    let scale = state.merchant.scale;
    let flip = state.knobs.amount_as_string;
    let book = state.book(mode);
    json(&render::TokenOut {
        success: true,
        message: "Token generated",
        token: &token,
        livetime,
        time_generated: now,
        error_code: 0,
        company: &state.merchant.company,
        mode: mode.as_wire(),
        balance: render::TokenBalanceOut {
            currency: &state.merchant.currency,
            main_balance: Amt::typed(render::plain(book.main_balance, scale), false, flip),
            profit_balance: Amt::typed(render::plain(book.profit_balance, scale), false, flip),
        },
    })
}

fn url_param(f: &Fields, name: &str) -> Result<String, Refusal> {
    let url = required(f, name)?;
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(url)
    } else {
        Err(param(name))
    }
}

async fn payment(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let mut state = sim.lock();
    let mode = tri!(authorize(&state, &f, "public_key", true, now));
    let amount = tri!(decimal(&f, "amount"));
    let scale = state.merchant.scale;
    let minor = (amount.normalize().scale() <= scale && amount > Decimal::ZERO)
        .then(|| amount.checked_mul(Decimal::from(10i64.pow(scale))))
        .flatten()
        .and_then(|m| m.to_i64());
    let Some(minor) = minor else {
        return param("amount").into_response();
    };
    let product = tri!(required(&f, "product_name"));
    let description = text(&f, "description").unwrap_or_default();
    let urls = Urls {
        notify: tri!(url_param(&f, "notify_url")),
        success: tri!(url_param(&f, "success_url")),
        cancel: tri!(url_param(&f, "cancel_url")),
    };
    let id = state.new_transaction_id();
    let fees = super::state::fee_for(minor, state.knobs.fee_rate);
    state.book_mut(mode).push(Payment {
        id: id.clone(),
        amount: minor,
        fees,
        status: Status::Unpaid,
        created: now,
        paid_at: None,
        text: PaymentText::Given(Box::new((product, description))),
        urls: Some(Box::new(urls)),
    });
    if let Some(after) = state.knobs.auto_pay_after_s {
        let percent = state.knobs.auto_pay_percent;
        if state.roll(percent) {
            let due = now.saturating_add(i64::try_from(after).unwrap_or(i64::MAX));
            state.auto_pay.push((due, mode, id.clone()));
        }
    }
    let flip = state.knobs.amount_as_string;
    let echoed = profile::echoed_amount(&state.variance, minor, scale);
    json(&render::PaymentOut {
        success: true,
        message: "Payment URL generated",
        amount: Amt::typed(render::plain(echoed, scale), true, flip),
        fees: Amt::typed(render::plain(fees, scale), false, flip),
        currency: &state.merchant.currency,
        transaction_id: &id,
        mode: mode.as_wire(),
        company: &state.merchant.company,
        checkout_url: render::checkout_url(&state, &id),
    })
}

fn day_bound(f: &Fields, name: &str, next_day: bool) -> Result<Option<i64>, Refusal> {
    match text(f, name).filter(|d| !d.trim().is_empty()) {
        None => Ok(None),
        Some(d) => {
            let day = NaiveDate::from_str(d.trim()).map_err(|_| param(name))?;
            let day = if next_day {
                day.checked_add_signed(TimeDelta::days(1))
                    .ok_or_else(|| param(name))?
            } else {
                day
            };
            Ok(day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()))
        }
    }
}

fn fetch_limit(f: &Fields) -> Result<(usize, usize), Refusal> {
    // ASSUMPTION (§6): absent means the documented example, "0,50".
    let Some(limit) = text(f, "fetch_limit").filter(|l| !l.trim().is_empty()) else {
        return Ok((0, 50));
    };
    let (offset, count) = limit.split_once(',').ok_or_else(|| param("fetch_limit"))?;
    let offset = offset.trim().parse().map_err(|_| param("fetch_limit"))?;
    let count = count.trim().parse().map_err(|_| param("fetch_limit"))?;
    Ok((offset, count))
}

async fn history(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let state = sim.lock();
    let mode = tri!(authorize(&state, &f, "public_key", true, now));
    let status = match text(&f, "statut").as_deref() {
        None | Some("") if profile::empty_without_statut(&state.variance) => {
            return json(&render::HistoryOut {
                success: true,
                message: "Data Fetched",
                error_code: 0,
                history: Vec::new(),
            });
        }
        None | Some("") => None,
        Some("UNPAID") => Some(Status::Unpaid),
        Some("PAID") => Some(Status::Paid),
        Some(_) => return param("statut").into_response(),
    };
    let from = tri!(day_bound(&f, "date_from", false)).unwrap_or(i64::MIN);
    let to = tri!(day_bound(&f, "date_to", true)).unwrap_or(i64::MAX);
    let (offset, mut count) = tri!(fetch_limit(&f));
    if let Some(max) = state.knobs.history_page_max {
        count = count.min(usize::try_from(max).unwrap_or(usize::MAX));
    }
    let book = state.book(mode);
    let items: Vec<&Payment> = match text(&f, "transaction_id").filter(|t| !t.is_empty()) {
        Some(id) => {
            let Some(p) = book.get(&id) else {
                return error(5, "Transaction not found");
            };
            let keep = status.is_none_or(|s| s == p.status)
                && (from..to).contains(&p.created)
                && offset == 0
                && count > 0;
            if keep { vec![p] } else { Vec::new() }
        }
        None => book.query(from, to, status, offset, count),
    };
    json(&render::HistoryOut {
        success: true,
        message: "Data Fetched",
        error_code: 0,
        history: items
            .into_iter()
            .map(|p| render::history_item(&state, mode, p))
            .collect(),
    })
}

async fn collect_balance(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let state = sim.lock();
    // U13: `mode` is optional here; the token's mode applies.
    let mode = tri!(authorize(&state, &f, "api_public_key", false, now));
    let scale = state.merchant.scale;
    let flip = state.knobs.amount_as_string;
    let book = state.book(mode);
    json(&render::CollectBalanceOut {
        success: true,
        message: "Data Fetched",
        error_code: 0,
        entreprise_name: &state.merchant.company,
        entreprise_contact: &state.merchant.contact,
        entreprise_currency: &state.merchant.currency,
        main_balance: Amt::typed(render::plain(book.main_balance, scale), true, flip),
        profit_balance: Amt::typed(render::plain(book.profit_balance, scale), true, flip),
    })
}

fn fx(code: &str) -> Option<Decimal> {
    data::FX_TO_XOF
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, r)| Decimal::from_str_exact(r).ok())
}

async fn fees(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let state = sim.lock();
    tri!(authorize(&state, &f, "api_public_key", true, now));
    let amount = tri!(decimal(&f, "amount"));
    if amount <= Decimal::ZERO {
        return param("amount").into_response();
    }
    let from = tri!(required(&f, "from_currency"));
    let to = tri!(required(&f, "to_currency"));
    let Some(from_rate) = fx(&from) else {
        return param("from_currency").into_response();
    };
    let Some(to_rate) = fx(&to) else {
        return param("to_currency").into_response();
    };
    let Some(rate) = from_rate.checked_div(to_rate).map(|r| r.round_dp(6)) else {
        return param("to_currency").into_response();
    };
    let Some(converted) = amount.checked_mul(rate).map(|c| c.round_dp(6)) else {
        return param("amount").into_response();
    };
    let percent = state.knobs.fx_fee_percent;
    let Some(fee) = converted
        .checked_mul(percent)
        .and_then(|f| f.checked_div(Decimal::ONE_HUNDRED))
        .map(|f| f.round_dp(6))
    else {
        return param("amount").into_response();
    };
    let Some(total) = converted.checked_add(fee) else {
        return param("amount").into_response();
    };
    let mut percent_text = percent;
    percent_text.rescale(4);
    json(&render::FeesOut {
        success: true,
        message: format!(
            "Data Fetched, convertion of {} {from} to {to}",
            amount.normalize()
        ),
        rate: rate.normalize().to_string(),
        amount_converted: converted.normalize().to_string(),
        fees: format!("{percent_text} %"),
        fees_amount: fee.normalize().to_string(),
        total: total.normalize().to_string(),
        partner_profit: "0".into(),
        error_code: 0,
    })
}

async fn country(AxState(sim): AxState<Simulator>, body: Bytes) -> Response {
    let now = tri!(begin(&sim).await);
    let f = tri!(fields(&body));
    let state = sim.lock();
    tri!(authorize(&state, &f, "api_public_key", true, now));
    let results: BTreeMap<_, _> = data::COUNTRIES
        .iter()
        .map(|(id, name, currency, prefix, min, max)| {
            (
                *id,
                render::CountryItem {
                    country_id: id,
                    country_name: name,
                    country_currency: currency,
                    country_prefixes: prefix,
                    msisdn_length_min: min,
                    msisdn_length_max: max,
                },
            )
        })
        .collect();
    json(&render::CountryOut {
        success: true,
        country: render::CountryInner {
            success: true,
            message: "Countries listr Data Fetched",
            error_code: 0,
            results,
        },
    })
}
