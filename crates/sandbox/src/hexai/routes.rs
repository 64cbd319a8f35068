//! The HTTP face of the simulated HPG: the seven `/api/v1` endpoints (section 5), their
//! validation and errors (sections 3.2, 4, 6.4), idempotency (section 9), magic amounts
//! (section 10), and the mock Wave checkout page.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::state::{
    DAY_MS, FailureCode, Kind, Ledger, ListItem, Status, Tx, commission, gmd_text, mobile_text,
};
use super::{Env, Inner, Knobs, MagicMode, Simulator};
use crate::faults::{self, ErrorRenderer};

/// An error reply in HPG's envelope.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    details: Option<Details>,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    fn request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "INVALID_REQUEST", message)
    }

    fn amount(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "INVALID_AMOUNT", message)
    }
}

/// `INSUFFICIENT_BALANCE` details (seed).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Details {
    required_amount_bututs: i64,
    available_balance_bututs: i64,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<Details>,
}

#[derive(Serialize)]
struct NestedError<'a> {
    status: &'static str,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct FlatError<'a> {
    status: &'static str,
    code: &'a str,
    message: &'a str,
}

/// Renders an error nested (the seed) or flat (the knob).
pub fn render_error(
    flat: bool,
    status: StatusCode,
    code: &str,
    message: &str,
    details: Option<Details>,
) -> Response {
    if flat {
        let body = FlatError {
            status: "error",
            code,
            message,
        };
        (status, axum::Json(body)).into_response()
    } else {
        let body = NestedError {
            status: "error",
            error: ErrorBody {
                code,
                message,
                details,
            },
        };
        (status, axum::Json(body)).into_response()
    }
}

#[derive(Serialize)]
struct Success<T> {
    status: &'static str,
    data: T,
}

fn wrapped<T: Serialize>(data: T) -> Response {
    (
        StatusCode::OK,
        axum::Json(Success {
            status: "success",
            data,
        }),
    )
        .into_response()
}

fn bare<T: Serialize>(data: T) -> Response {
    (StatusCode::OK, axum::Json(data)).into_response()
}

/// The router, with the fault layer rendering HPG's envelope.
pub fn router(sim: Simulator) -> Router {
    let for_renderer = sim.clone();
    let renderer: ErrorRenderer = Arc::new(move |status, code, message| {
        let flat = for_renderer.lock().knobs.flat_error_shape;
        render_error(flat, status, code, message, None)
    });
    let faults = sim.faults().clone();
    let routes = Router::new()
        .route("/api/v1/collections/initiate", post(initiate_collection))
        .route("/api/v1/collections/status/{reference}", get(status))
        .route("/api/v1/payouts/initiate", post(initiate_payout))
        .route("/api/v1/client/balance", get(balance))
        .route("/api/v1/client/stats", get(stats))
        .route("/api/v1/client/earnings-chart", get(chart))
        .route("/api/v1/client/transactions", get(transactions))
        .route("/checkout/{id}", get(checkout_page))
        .route("/checkout/{id}/{action}", post(checkout_action))
        .fallback(not_found)
        .with_state(sim);
    faults::layer(routes, faults, renderer)
}

/// What a handler sees once the request passed the gate.
struct Ctx<'a> {
    ledger: &'a mut Ledger,
    knobs: &'a Knobs,
    env: Env,
    now_ms: i64,
    /// Transactions whose final status deserves a webhook.
    notify: Vec<u32>,
}

impl Simulator {
    /// Maintenance, auth, rate limit, then the handler, under one lock (so concurrent
    /// requests with one reference are serialised: section 9 rule 6).
    fn handle(
        &self,
        headers: &HeaderMap,
        body: impl FnOnce(&mut Ctx<'_>) -> Result<Response, ApiError>,
    ) -> Response {
        let mut guard = self.lock();
        let inner: &mut Inner = &mut guard;
        self.apply_due(inner);
        let flat = inner.knobs.flat_error_shape;
        let outcome = self.gate(inner, headers).and_then(|env| {
            let now_ms = self.clock().now().timestamp_millis();
            let Inner {
                test, live, knobs, ..
            } = inner;
            let ledger = match env {
                Env::Test => test,
                Env::Live => live,
            };
            let mut ctx = Ctx {
                ledger,
                knobs,
                env,
                now_ms,
                notify: Vec::new(),
            };
            let reply = body(&mut ctx);
            let notify = std::mem::take(&mut ctx.notify);
            for index in notify {
                self.notify(inner, env, index);
            }
            reply
        });
        match outcome {
            Ok(response) => response,
            Err(e) => {
                let mut response = render_error(flat, e.status, e.code, &e.message, e.details);
                if let Some(secs) = e.retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
        }
    }

    fn gate(&self, inner: &mut Inner, headers: &HeaderMap) -> Result<Env, ApiError> {
        if inner.knobs.maintenance {
            return Err(ApiError::new(
                503,
                "SERVICE_UNAVAILABLE",
                "The service is under maintenance. Try again later.",
            ));
        }
        let key = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        let env = key
            .and_then(|k| self.env_for_key(k))
            .ok_or_else(|| ApiError::new(401, "UNAUTHORIZED", "Missing or invalid API key."))?;
        if let Some(limit) = inner.knobs.rate_limit_per_minute {
            let now_ms = self.clock().now().timestamp_millis();
            let window = now_ms.div_euclid(60_000);
            if inner.rate_window.0 != window {
                inner.rate_window = (window, 0);
            }
            inner.rate_window.1 = inner.rate_window.1.saturating_add(1);
            if inner.rate_window.1 > limit {
                let wait_ms = (window + 1) * 60_000 - now_ms;
                let mut e = ApiError::new(429, "RATE_LIMIT_EXCEEDED", "Too many requests.");
                e.retry_after = Some(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1));
                return Err(e);
            }
        }
        Ok(env)
    }
}

async fn not_found() -> Response {
    render_error(
        false,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "No such endpoint.",
        None,
    )
}

// ---- request validation (section 4, 3.4, 5.1, 5.3) ------------------------------------------

#[derive(Deserialize)]
struct RawInitiate {
    amount: Option<Box<RawValue>>,
    currency: Option<Box<RawValue>>,
    client_reference: Option<Box<RawValue>>,
    recipient_mobile: Option<Box<RawValue>>,
    success_url: Option<Box<RawValue>>,
    error_url: Option<Box<RawValue>>,
}

struct Initiate {
    amount: i64,
    reference: String,
    mobile: Option<u32>,
    success_url: Option<String>,
    error_url: Option<String>,
}

fn text(raw: &Option<Box<RawValue>>) -> Result<Option<String>, ()> {
    match raw {
        None => Ok(None),
        Some(r) if r.get().starts_with('"') => serde_json::from_str(r.get()).map_err(|_| ()),
        Some(_) => Err(()),
    }
}

/// ASSUMPTION (section 4): `^[0-9]+(\.[0-9]{1,2})?$`, more than zero, within the knobs.
fn bututs(amount: &str, knobs: &Knobs) -> Result<i64, ApiError> {
    let invalid = || {
        ApiError::amount(format!(
            "'{amount}' is not a valid GMD amount, e.g. \"100.00\"."
        ))
    };
    let (whole, fraction) = match amount.split_once('.') {
        Some((w, f)) => (w, f),
        None => (amount, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || (amount.contains('.') && fraction.is_empty())
        || fraction.len() > 2
        || whole.len() > 15
    {
        return Err(invalid());
    }
    let whole: i64 = whole.parse().map_err(|_| invalid())?;
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    let value = whole * 100 + fraction;
    if value <= 0 {
        return Err(ApiError::amount("The amount must be greater than zero."));
    }
    if value < knobs.min_amount_bututs || value > knobs.max_amount_bututs {
        return Err(ApiError::amount(format!(
            "The amount must be between {} and {} GMD.",
            gmd_text(knobs.min_amount_bututs),
            gmd_text(knobs.max_amount_bututs)
        )));
    }
    Ok(value)
}

fn reference_ok(r: &str) -> bool {
    (1..=100).contains(&r.len())
        && r.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn url_ok(url: &str, https_only: bool) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| (!https_only).then(|| url.strip_prefix("http://")).flatten());
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

fn parse_initiate(body: &[u8], knobs: &Knobs, payout: bool) -> Result<Initiate, ApiError> {
    let raw: RawInitiate = serde_json::from_slice(body)
        .map_err(|_| ApiError::request("The request body is not a valid JSON object."))?;
    let amount = match &raw.amount {
        None => return Err(ApiError::request("amount is required.")),
        Some(r) if r.get().starts_with('"') => {
            let s: String = serde_json::from_str(r.get())
                .map_err(|_| ApiError::amount("amount is not a valid string."))?;
            bututs(&s, knobs)?
        }
        Some(r)
            if knobs.accept_numeric_amount && r.get().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            bututs(r.get(), knobs)?
        }
        Some(_) => {
            return Err(ApiError::amount(
                "amount must be a string with up to two decimals, e.g. \"100.00\".",
            ));
        }
    };
    match text(&raw.currency) {
        Ok(None) => {}
        Ok(Some(c)) if c == "GMD" => {}
        _ => {
            return Err(ApiError::new(
                400,
                "INVALID_CURRENCY",
                "Only GMD is supported.",
            ));
        }
    }
    let reference = match text(&raw.client_reference) {
        Ok(Some(r)) if reference_ok(&r) => r,
        Ok(None) => return Err(ApiError::request("client_reference is required.")),
        _ => {
            return Err(ApiError::request(
                "client_reference must be 1 to 100 letters, digits, '.', '_' or '-'.",
            ));
        }
    };
    let mobile = if payout {
        let phone_error = || {
            ApiError::new(
                400,
                "INVALID_PHONE",
                "recipient_mobile must be +220 followed by 7 digits.",
            )
        };
        match text(&raw.recipient_mobile) {
            Ok(None) => return Err(ApiError::request("recipient_mobile is required.")),
            Ok(Some(m)) => {
                let digits = m
                    .strip_prefix("+220")
                    .filter(|d| d.len() == 7 && d.bytes().all(|b| b.is_ascii_digit()));
                Some(
                    digits
                        .and_then(|d| d.parse().ok())
                        .ok_or_else(phone_error)?,
                )
            }
            Err(()) => return Err(phone_error()),
        }
    } else {
        None
    };
    let mut urls = [None, None];
    if !payout {
        for (slot, (name, raw)) in urls.iter_mut().zip([
            ("success_url", &raw.success_url),
            ("error_url", &raw.error_url),
        ]) {
            match text(raw) {
                Ok(None) => {}
                Ok(Some(u)) if url_ok(&u, knobs.require_https_urls) => *slot = Some(u),
                _ => {
                    return Err(ApiError::request(format!(
                        "{name} must be an absolute URL."
                    )));
                }
            }
        }
    }
    let [success_url, error_url] = urls;
    Ok(Initiate {
        amount,
        reference,
        mobile,
        success_url,
        error_url,
    })
}

/// Magic amounts (section 10), test keys only.
enum Magic {
    Normal,
    StayPending,
    Fail(FailureCode),
    Error,
}

fn magic(env: Env, amount: i64) -> Magic {
    if env == Env::Live {
        return Magic::Normal;
    }
    match amount {
        20_000 => Magic::StayPending,
        40_000 => Magic::Fail(FailureCode::InsufficientFunds),
        40_300 => Magic::Fail(FailureCode::AccountBlocked),
        42_900 => Magic::Fail(FailureCode::RateLimitExceeded),
        50_000 => Magic::Error,
        _ => Magic::Normal,
    }
}

/// Section 10 order after idempotency: magic 500.00, then magic 400/403/429 in `http` mode.
fn magic_errors(m: &Magic, knobs: &Knobs) -> Result<(), ApiError> {
    match m {
        Magic::Error => Err(ApiError::new(
            500,
            "INTERNAL_ERROR",
            "An internal error occurred.",
        )),
        Magic::Fail(code) if knobs.magic_mode == MagicMode::Http => Err(ApiError::new(
            code.http_status(),
            code.as_str(),
            code.message(),
        )),
        _ => Ok(()),
    }
}

fn duplicate() -> ApiError {
    ApiError::new(
        400,
        "DUPLICATE_REFERENCE",
        "client_reference was already used with different parameters.",
    )
}

// ---- handlers -------------------------------------------------------------------------------

async fn initiate_collection(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    sim.handle(&headers, |ctx| {
        let req = parse_initiate(&body, ctx.knobs, false)?;
        let reply = |ledger: &Ledger, index: u32| {
            let status = ledger
                .txs
                .get(index as usize)
                .map_or("PENDING", |t| t.status.as_str());
            let id = ledger.ids.id(index);
            wrapped(CollectionData {
                redirect_url: format!("http://{host}/checkout/{id}"),
                transaction_id: id,
                status,
                client_reference: ledger.reference(index),
            })
        };
        if let Some(index) = ctx.ledger.find_reference(&req.reference) {
            let same = ctx
                .ledger
                .txs
                .get(index as usize)
                .is_some_and(|t| t.kind == Kind::Collection && t.amount == req.amount);
            return if same {
                Ok(reply(ctx.ledger, index))
            } else {
                Err(duplicate())
            };
        }
        let m = magic(ctx.env, req.amount);
        magic_errors(&m, ctx.knobs)?;
        let plan = match m {
            Magic::StayPending => None,
            Magic::Fail(code) => Some((Status::Failed, Some(code))),
            Magic::Normal | Magic::Error => Some((Status::Succeeded, None)),
        };
        let settle_at = match (plan, ctx.knobs.collection_settle_delay) {
            (Some(_), Some(delay)) => Some(ctx.now_ms + delay.num_milliseconds()),
            _ => None,
        };
        let tx = Tx {
            reference: Some(req.reference.into_boxed_str()),
            kind: Kind::Collection,
            status: Status::Pending,
            failure: None,
            amount: req.amount,
            commission: commission(req.amount, ctx.knobs.commission_rate_bps),
            mobile: None,
            created_ms: ctx.now_ms,
            updated_ms: ctx.now_ms,
            plan,
            urls: Some(Box::new((req.success_url, req.error_url))),
        };
        let index = ctx.ledger.insert(tx, settle_at);
        Ok(reply(ctx.ledger, index))
    })
}

#[derive(Serialize)]
struct CollectionData {
    transaction_id: String,
    redirect_url: String,
    status: &'static str,
    client_reference: String,
}

/// Section 5.3 ASSUMPTION shape; a FAILED payout also says why (`failure_code`, as list
/// items do: ASSUMPTION).
#[derive(Serialize)]
struct PayoutData {
    transaction_id: String,
    client_reference: String,
    #[serde(rename = "type")]
    kind: &'static str,
    amount_bututs: i64,
    amount_gmd: String,
    currency: &'static str,
    recipient_mobile: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure_code: Option<&'static str>,
}

fn payout_json(ledger: &Ledger, index: u32) -> Option<PayoutData> {
    let tx = ledger.txs.get(index as usize)?;
    Some(PayoutData {
        transaction_id: ledger.ids.id(index),
        client_reference: ledger.reference(index),
        kind: "PAYOUT",
        amount_bututs: tx.amount,
        amount_gmd: gmd_text(tx.amount),
        currency: "GMD",
        recipient_mobile: tx.mobile.map(mobile_text),
        status: tx.status.as_str(),
        failure_code: tx.failure.map(FailureCode::as_str),
    })
}

async fn initiate_payout(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.handle(&headers, |ctx| {
        let req = parse_initiate(&body, ctx.knobs, true)?;
        if let Some(index) = ctx.ledger.find_reference(&req.reference) {
            let same = ctx.ledger.txs.get(index as usize).is_some_and(|t| {
                t.kind == Kind::Payout && t.amount == req.amount && t.mobile == req.mobile
            });
            return if same {
                Ok(wrapped(payout_json(ctx.ledger, index)))
            } else {
                Err(duplicate())
            };
        }
        let m = magic(ctx.env, req.amount);
        magic_errors(&m, ctx.knobs)?;
        let now = ctx.now_ms;
        let mut tx = Tx {
            reference: Some(req.reference.into_boxed_str()),
            kind: Kind::Payout,
            status: Status::Pending,
            failure: None,
            amount: req.amount,
            commission: 0,
            mobile: req.mobile,
            created_ms: now,
            updated_ms: now,
            plan: None,
            urls: None,
        };
        let mut settle_at = None;
        match m {
            Magic::Fail(code) => {
                // Accepted and failed at once, whatever the balance (section 10 order).
                tx.status = Status::Failed;
                tx.failure = Some(code);
            }
            Magic::StayPending | Magic::Normal | Magic::Error => {
                let available = ctx.ledger.available();
                if available < req.amount {
                    let mut e = ApiError::new(
                        400,
                        "INSUFFICIENT_BALANCE",
                        "Your account balance is insufficient for this payout.",
                    );
                    e.details = Some(Details {
                        required_amount_bututs: req.amount,
                        available_balance_bututs: available,
                    });
                    return Err(e);
                }
                let delay = ctx.knobs.payout_settle_delay.num_milliseconds();
                if matches!(m, Magic::StayPending) {
                    // Held back until a control call settles it.
                } else if delay > 0 {
                    tx.plan = Some((Status::Succeeded, None));
                    settle_at = Some(now + delay);
                } else {
                    tx.status = Status::Succeeded;
                }
            }
        }
        let final_now = tx.status != Status::Pending;
        let index = ctx.ledger.insert(tx, settle_at);
        if final_now {
            ctx.notify.push(index);
        }
        Ok(wrapped(payout_json(ctx.ledger, index)))
    })
}

async fn status(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Response {
    sim.handle(&headers, |ctx| {
        let index = ctx.ledger.find_reference(&reference).ok_or_else(|| {
            ApiError::new(404, "NOT_FOUND", "No transaction with this reference.")
        })?;
        Ok(wrapped(ctx.ledger.status_item(index)))
    })
}

#[derive(Serialize)]
struct BalanceData {
    available_balance_bututs: i64,
    available_balance_gmd: String,
    total_collected_bututs: i64,
    total_collected_gmd: String,
    platform_commissions_bututs: i64,
    platform_commissions_gmd: String,
    net_collections_bututs: i64,
    net_collections_gmd: String,
    total_paid_out_bututs: i64,
    total_paid_out_gmd: String,
    successful_collections: i64,
    total_payouts: i64,
}

async fn balance(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    sim.handle(&headers, |ctx| {
        let t = ctx.ledger.totals;
        let available = ctx.ledger.available();
        let net = t.collected - t.commissions;
        Ok(wrapped(BalanceData {
            available_balance_bututs: available,
            available_balance_gmd: gmd_text(available),
            total_collected_bututs: t.collected,
            total_collected_gmd: gmd_text(t.collected),
            platform_commissions_bututs: t.commissions,
            platform_commissions_gmd: gmd_text(t.commissions),
            net_collections_bututs: net,
            net_collections_gmd: gmd_text(net),
            total_paid_out_bututs: t.paid_out,
            total_paid_out_gmd: gmd_text(t.paid_out),
            successful_collections: t.successful_collections,
            total_payouts: t.payouts,
        }))
    })
}

#[derive(Serialize)]
struct StatsData {
    total_volume_bututs: i64,
    total_volume_gmd: String,
    today_earnings_bututs: i64,
    today_earnings_gmd: String,
    pending_transactions_count: i64,
    pending_volume_bututs: i64,
    pending_volume_gmd: String,
}

#[derive(Serialize)]
struct ChartDay {
    date: String,
    earnings_bututs: i64,
    earnings_gmd: String,
    count: i64,
}

#[derive(Serialize)]
struct Pagination {
    page: u64,
    limit: u64,
    total: u64,
    total_pages: u64,
}

#[derive(Serialize)]
struct PageData {
    transactions: Vec<ListItem>,
    pagination: Pagination,
}

fn today(now_ms: i64) -> i64 {
    now_ms.div_euclid(DAY_MS)
}

/// Bare object, as the seed shows it (section 5.5).
async fn stats(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    sim.handle(&headers, |ctx| {
        let t = ctx.ledger.totals;
        let today_net = ctx.ledger.days.get(&today(ctx.now_ms)).map_or(0, |d| d.0);
        Ok(bare(StatsData {
            total_volume_bututs: t.collected,
            total_volume_gmd: gmd_text(t.collected),
            today_earnings_bututs: today_net,
            today_earnings_gmd: gmd_text(today_net),
            pending_transactions_count: t.pending_count,
            pending_volume_bututs: t.pending_volume,
            pending_volume_gmd: gmd_text(t.pending_volume),
        }))
    })
}

/// Bare array of 7 zero-filled UTC days, oldest first, ending today (section 5.6).
async fn chart(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    sim.handle(&headers, |ctx| {
        let last = today(ctx.now_ms);
        let days: Vec<ChartDay> = (last - 6..=last)
            .map(|d| {
                let (net, count) = ctx.ledger.days.get(&d).copied().unwrap_or((0, 0));
                let date = chrono::DateTime::from_timestamp(d * 86_400, 0)
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default();
                ChartDay {
                    date,
                    earnings_bututs: net,
                    earnings_gmd: gmd_text(net),
                    count,
                }
            })
            .collect();
        Ok(bare(days))
    })
}

fn query_number(query: &str, name: &str, default: u64) -> Result<u64, ApiError> {
    let mut value = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == name {
            value = Some(v);
        }
    }
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| ApiError::request(format!("{name} must be a whole number."))),
    }
}

async fn transactions(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    sim.handle(&headers, |ctx| {
        let query = query.unwrap_or_default();
        let page = query_number(&query, "page", 1)?;
        let limit = query_number(&query, "limit", 10)?;
        if page < 1 {
            return Err(ApiError::request("page must be 1 or more."));
        }
        if !(1..=100).contains(&limit) {
            return Err(ApiError::request("limit must be between 1 and 100."));
        }
        let total = ctx.ledger.order.len() as u64;
        let total_pages = total.div_ceil(limit);
        let skip = (page - 1).saturating_mul(limit);
        let items: Vec<ListItem> = ctx
            .ledger
            .order
            .iter()
            .rev()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(0))
            .filter_map(|i| ctx.ledger.list_item(*i))
            .collect();
        Ok(wrapped(PageData {
            transactions: items,
            pagination: Pagination {
                page,
                limit,
                total,
                total_pages,
            },
        }))
    })
}

// ---- the mock Wave checkout page (section 11) -----------------------------------------------

fn find_by_id(inner: &mut Inner, id: &str) -> Option<(Env, u32)> {
    [Env::Test, Env::Live]
        .into_iter()
        .find_map(|env| inner.ledger(env).find_id(id).map(|i| (env, i)))
}

async fn checkout_page(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let mut inner = sim.lock();
    sim.apply_due(&mut inner);
    let Some((env, index)) = find_by_id(&mut inner, &id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Unknown payment</h1>".to_owned()),
        )
            .into_response();
    };
    let ledger = inner.ledger(env);
    let (amount, status) = ledger
        .txs
        .get(index as usize)
        .map_or((0, "?"), |t| (t.amount, t.status.as_str()));
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Wave checkout (sandbox)</title></head>\
         <body><h1>Wave (sandbox)</h1><p>Pay D{} to the merchant. Status: {status}.</p>\
         <form method=\"post\" action=\"/checkout/{id}/pay\"><button>Pay</button></form>\
         <form method=\"post\" action=\"/checkout/{id}/fail\"><button>Fail</button></form></body></html>",
        gmd_text(amount)
    ))
    .into_response()
}

async fn checkout_action(
    State(sim): State<Simulator>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let now_ms = sim.clock().now().timestamp_millis();
    let mut inner = sim.lock();
    sim.apply_due(&mut inner);
    let Some((env, index)) = find_by_id(&mut inner, &id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Unknown payment</h1>".to_owned()),
        )
            .into_response();
    };
    let status = match action.as_str() {
        "pay" => Status::Succeeded,
        "fail" => Status::Failed,
        _ => {
            return (
                StatusCode::NOT_FOUND,
                Html("<h1>Unknown action</h1>".to_owned()),
            )
                .into_response();
        }
    };
    let ledger = inner.ledger(env);
    let is_collection = ledger
        .txs
        .get(index as usize)
        .is_some_and(|t| t.kind == Kind::Collection);
    if is_collection && ledger.settle(index, status, None, now_ms) {
        sim.notify(&mut inner, env, index);
    }
    let ledger = inner.ledger(env);
    let target = ledger
        .txs
        .get(index as usize)
        .and_then(|t| t.urls.as_deref())
        .and_then(|(ok, err)| match status {
            Status::Succeeded => ok.clone(),
            Status::Failed | Status::Pending => err.clone(),
        });
    match target {
        // Redirect to the exact URL given, adding nothing (section 5.1 ASSUMPTION).
        Some(url) => Redirect::to(&url).into_response(),
        None => Html(format!(
            "<h1>Payment {}</h1>",
            status.as_str().to_lowercase()
        ))
        .into_response(),
    }
}
