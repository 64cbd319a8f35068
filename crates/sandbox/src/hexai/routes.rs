//! The HTTP face of the simulated HPG: the router, the gate every call passes (maintenance,
//! auth, rate limit), and the seven `/api/v1` handlers (section 5) with idempotency
//! (section 9) and magic amounts (section 10).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

use super::checkout::{checkout_action, checkout_page};
use super::replies::{
    ApiError, BalanceData, ChartDay, Details, ListItem, PageData, Pagination, StatsData, bare,
    collection_reply, damage, payout_reply, render_error, status_reply, wrapped,
};
use super::state::{DAY_MS, Kind, Ledger, Status, Tx, commission, gmd_text};
use super::validate::{Magic, duplicate, magic, magic_errors, parse_initiate};
use super::{Env, Inner, Knobs, Simulator};
use crate::faults::{self, ErrorRenderer};
use crate::variance::Variance;

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
        // A known path with another method is no endpoint either (section 5: seven endpoints).
        .method_not_allowed_fallback(not_found)
        .with_state(sim);
    faults::layer(routes, faults, renderer)
}

/// What a handler sees once the request passed the gate.
struct Ctx<'a> {
    ledger: &'a mut Ledger,
    knobs: &'a Knobs,
    variance: &'a Variance,
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
                test,
                live,
                knobs,
                variance,
                ..
            } = inner;
            let ledger = match env {
                Env::Test => test,
                Env::Live => live,
            };
            let mut ctx = Ctx {
                ledger,
                knobs,
                variance,
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
        let malformed = inner.knobs.malformed_body;
        match outcome {
            Ok(mut response) => {
                if let Some(kind) = malformed {
                    damage(&mut response, kind);
                }
                response
            }
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
        let known = ctx
            .ledger
            .find_reference(&req.reference)
            .filter(|_| !ctx.variance.no_dedup);
        if let Some(index) = known {
            let same = ctx
                .ledger
                .txs
                .get(index as usize)
                .is_some_and(|t| t.kind == Kind::Collection && t.amount == req.amount);
            return if same {
                Ok(collection_reply(ctx.ledger, index, &host, ctx.variance))
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
        Ok(collection_reply(ctx.ledger, index, &host, ctx.variance))
    })
}

async fn initiate_payout(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sim.handle(&headers, |ctx| {
        let req = parse_initiate(&body, ctx.knobs, true)?;
        // Section 9: a reference seen before replays its payout or is refused; the no-dedup
        // profile creates another record instead.
        let known = ctx
            .ledger
            .find_reference(&req.reference)
            .filter(|_| !ctx.variance.no_dedup);
        if let Some(index) = known {
            let same = ctx.ledger.txs.get(index as usize).is_some_and(|t| {
                t.kind == Kind::Payout && t.amount == req.amount && t.mobile == req.mobile
            });
            return if same {
                Ok(payout_reply(ctx.ledger, index, ctx.variance))
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
        Ok(payout_reply(ctx.ledger, index, ctx.variance))
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
        Ok(status_reply(ctx.ledger, index, ctx.variance))
    })
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
        let shown = ctx
            .ledger
            .order
            .iter()
            .rev()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(0));
        if ctx.variance.documented_only {
            // The seed shows no list: the page's items alone, no figures (the client pages on
            // until a short page).
            let items: Vec<_> = shown
                .filter_map(|i| ctx.ledger.documented_item(ctx.variance, *i))
                .collect();
            return Ok(wrapped(items));
        }
        let items: Vec<ListItem> = shown
            .filter_map(|i| ctx.ledger.list_item(*i, ctx.variance))
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
