//! The CashWeb Partner API simulator (shared/providers/cashweb.md §9).
//!
//! Serves `/api/v1/partner/*` with CashWeb's wrappers (`{"success":true,"data":…}` and
//! `{"error":{"message","code","timestamp"}}`): quotes that expire, transactions in quote or
//! direct mode with the Idempotency-Key matrix and case-insensitive `merchant_reference`
//! uniqueness, deposit windows that close, an optional timed lifecycle, cancel, status
//! history, the revenue ledger, the webhook outbox with replay, `POST /sandbox/simulate`, and
//! signed webhooks (§5.2). Everything timed reads the [`Clock`] and happens lazily when a
//! request arrives (or [`Simulator::tick`] is called).

mod data;
mod ledger;
pub mod model;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::clock::Clock;
use crate::faults::{self, ErrorRenderer, Faults};
use crate::server::{RunningServer, serve};
use crate::webhooks::{WebhookKnobs, WebhookSender};
pub use model::Status;
use state::State;

/// The sandbox API key of the default partner (`X-API-KEY`).
pub const SANDBOX_API_KEY: &str = "cw_test_partner_key_0001";
/// The default partner's webhook signing secret.
pub const SANDBOX_WEBHOOK_SECRET: &str = "cw_whsec_test_0001";
/// A second partner's key, to check that one partner never sees another's records.
pub const OTHER_PARTNER_API_KEY: &str = "cw_test_partner_key_0002";
/// The second partner's webhook secret.
pub const OTHER_PARTNER_WEBHOOK_SECRET: &str = "cw_whsec_test_0002";
/// The path prefix every endpoint lives under (§2).
pub const BASE_PATH: &str = "/api/v1/partner";

/// A partner the simulator knows: its API key and webhook signing secret (§9.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// The `X-API-KEY` value.
    pub api_key: String,
    /// The webhook signing secret.
    pub webhook_secret: String,
}

/// A supported pair and its market rates (§9.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Lowercase stablecoin (`usdt`).
    pub crypto_currency: String,
    /// Lowercase chain (`trc20`).
    pub network: String,
    /// The market rate, fiat per unit.
    pub base_rate: Decimal,
    /// The executable rate after the spread; transactions use it.
    pub adjusted_rate: Decimal,
}

/// Staging serves `/sandbox/simulate`; production answers it 404 (§3.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `dev.cashweb.cash`.
    Staging,
    /// `api.cashweb.cash`.
    Production,
}

/// The timed lifecycle of §9.2 (knob `auto_progress`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoProgress {
    /// After creation, when the seller's deposit is detected.
    pub seller_pays_after: Duration,
    /// Between two confirmations (15 are needed).
    pub confirmation_every: Duration,
    /// Between confirmed, filled, completed and payout settled.
    pub step: Duration,
}

impl Default for AutoProgress {
    fn default() -> Self {
        AutoProgress {
            seller_pays_after: Duration::minutes(3),
            confirmation_every: Duration::seconds(6),
            step: Duration::seconds(30),
        }
    }
}

/// The simulator's behaviour knobs (§9.3). Latency, 5xx and lost answers are fault rules on
/// [`Simulator::faults`]; webhook delivery faults are [`Simulator::webhooks`] knobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// How long a quote stays executable (120 s).
    pub quote_ttl: Duration,
    /// The deposit window (30 min).
    pub deposit_ttl: Duration,
    /// A quote can back one transaction only (ASSUMPTION U14).
    pub quote_single_use: bool,
    /// Drive new transactions through their lifecycle on the clock.
    pub auto_progress: Option<AutoProgress>,
    /// The outcome of the next created transaction's timed lifecycle (completed, failed,
    /// expired, refunded); spent by one create.
    pub force_outcome: Option<Status>,
    /// Every key answers 401.
    pub key_revoked: bool,
    /// Staging or production.
    pub environment: Environment,
    /// Requests per clock minute before 429; `None`: unlimited.
    pub rate_limit_per_minute: Option<u32>,
    /// How long a create stays "in flight" (wall time) before it is carried out, so a second
    /// call with the same key meets `IDEMPOTENCY_IN_PROGRESS`.
    pub create_delay: std::time::Duration,
    /// Where webhooks go; `None`: events are only logged in the outbox.
    pub webhook_url: Option<String>,
    /// Sign webhooks with a timestamp an hour old (replay-protection tests).
    pub webhook_stale_timestamp: bool,
    /// Allow `transaction.refunded` after `completed` (off by default, §4.1).
    pub refund_after_completion: bool,
    /// CashWeb's fee on a completed transaction, in basis points of the fiat amount (U17).
    pub platform_fee_bps: u32,
    /// The partner's share of the platform fee, in basis points.
    pub partner_share_bps: u32,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            quote_ttl: Duration::seconds(120),
            deposit_ttl: Duration::minutes(30),
            quote_single_use: true,
            auto_progress: None,
            force_outcome: None,
            key_revoked: false,
            environment: Environment::Staging,
            rate_limit_per_minute: None,
            create_delay: std::time::Duration::ZERO,
            webhook_url: None,
            webhook_stale_timestamp: false,
            refund_after_completion: false,
            platform_fee_bps: 10,
            partner_share_bps: 5_000,
        }
    }
}

/// How the simulator starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for the history, ids and fault draws.
    pub seed: u64,
    /// Generated history records (partner 0), over the 90 days before the clock's time.
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// The partners; the first owns the generated history.
    pub partners: Vec<Partner>,
    /// The allow-listed pairs (default `usdt` on `trc20` and `bep20`, 1625.00 / 1615.00).
    pub pairs: Vec<Pair>,
    /// Behaviour knobs.
    pub knobs: Knobs,
}

impl Config {
    /// A few hundred records, the default partners and pairs, staging.
    pub fn demo(clock: Clock) -> Config {
        let pair = |network: &str| Pair {
            crypto_currency: "usdt".into(),
            network: network.into(),
            base_rate: Decimal::new(162_500, 2),
            adjusted_rate: Decimal::new(161_500, 2),
        };
        Config {
            seed: 3,
            history_size: 300,
            clock,
            partners: vec![
                Partner {
                    api_key: SANDBOX_API_KEY.into(),
                    webhook_secret: SANDBOX_WEBHOOK_SECRET.into(),
                },
                Partner {
                    api_key: OTHER_PARTNER_API_KEY.into(),
                    webhook_secret: OTHER_PARTNER_WEBHOOK_SECRET.into(),
                },
            ],
            pairs: vec![pair("trc20"), pair("bep20")],
            knobs: Knobs {
                auto_progress: None,
                ..Knobs::default()
            },
        }
    }
}

struct Inner {
    clock: Clock,
    faults: Faults,
    webhooks: WebhookSender,
    state: Mutex<State>,
}

/// The CashWeb simulator (a shared handle; clones see the same state).
#[derive(Clone)]
pub struct Simulator(Arc<Inner>);

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CashWebSimulator").finish_non_exhaustive()
    }
}

/// A simulator serving on loopback.
#[derive(Debug)]
pub struct Running {
    /// `http://127.0.0.1:PORT/api/v1/partner`: the base URL a client takes.
    pub base_url: String,
    /// The simulator, for control calls.
    pub sim: Simulator,
    /// The server.
    pub server: RunningServer,
}

/// A transaction as the control API shows it to tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The id.
    pub id: String,
    /// The owning partner's index.
    pub partner: u8,
    /// The status.
    pub status: Status,
    /// The JSON `GET /transactions/{id}` answers.
    pub json: Value,
}

impl Simulator {
    /// Builds the simulator and its seeded history.
    pub fn new(config: Config) -> Simulator {
        let now = config.clock.now();
        let pairs = u8::try_from(config.pairs.len()).unwrap_or(u8::MAX);
        let txs = data::generate(config.seed, config.history_size, now, pairs);
        let mut revenue: Vec<(i64, u128, usize)> = txs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == Status::Completed)
            .map(|(i, t)| (t.updated_ms, t.id, i))
            .collect();
        revenue.sort_unstable();
        let webhooks = WebhookSender::new(config.clock.clone(), config.seed ^ 0xc5);
        // §9.3 ASSUMPTION: 5 attempts at 0 s, 30 s, 2 min, 10 min, 1 h.
        webhooks.set_knobs(WebhookKnobs {
            max_attempts: 5,
            backoff: vec![
                Duration::seconds(30),
                Duration::minutes(2),
                Duration::minutes(10),
                Duration::hours(1),
            ],
            ..WebhookKnobs::default()
        });
        let last_id = txs.last().map_or(0, |t| t.id);
        let generated = txs.len();
        let state = State {
            knobs: config.knobs,
            partners: config.partners,
            pairs: config.pairs,
            txs,
            generated,
            by_reference: Default::default(),
            quotes: Default::default(),
            idempotency: Default::default(),
            events: Vec::new(),
            revenue,
            active: Vec::new(),
            rng: crate::rng::seeded(config.seed, "cashweb/ids"),
            last_id,
            rate_window: (0, 0),
            webhooks: webhooks.clone(),
        };
        Simulator(Arc::new(Inner {
            clock: config.clock,
            faults: Faults::new(config.seed),
            webhooks,
            state: Mutex::new(state),
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The routes under [`BASE_PATH`], with the fault layer applied.
    pub fn router(&self) -> Router {
        let api = routes::routes(self.clone());
        let router = Router::new().nest(BASE_PATH, api);
        faults::layer(router, self.0.faults.clone(), self.renderer())
    }

    /// Serves on `addr` (loopback only).
    pub async fn start(self, addr: SocketAddr) -> std::io::Result<Running> {
        let server = serve(self.router(), addr).await?;
        Ok(Running {
            base_url: format!("{}{BASE_PATH}", server.base_url),
            sim: self,
            server,
        })
    }

    /// The fault rules (match on `"POST /api/v1/partner/transactions"` and the like).
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// The webhook sender: delivery log, knobs, `deliver_due()`.
    pub fn webhooks(&self) -> &WebhookSender {
        &self.0.webhooks
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Changes the knobs.
    pub fn set_knobs(&self, change: impl FnOnce(&mut Knobs)) {
        change(&mut self.lock().knobs);
    }

    /// Applies every transition due at the clock's time.
    pub fn tick(&self) {
        let now = self.0.clock.now();
        self.lock().tick(now);
    }

    /// Every transaction of every partner, ascending by creation (for tests to compare).
    pub fn records(&self) -> Vec<Record> {
        let now = self.0.clock.now();
        let mut state = self.lock();
        state.tick(now);
        (0..state.txs.len())
            .filter_map(|i| {
                let tx = state.txs.get(i)?;
                Some(Record {
                    id: model::id_text(tx.id),
                    partner: tx.partner,
                    status: tx.status,
                    json: state.tx_json(i),
                })
            })
            .collect()
    }

    /// How many transactions exist (all partners).
    pub fn len(&self) -> usize {
        self.lock().txs.len()
    }

    /// True when there is no transaction at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One transaction by id (any partner).
    pub fn record(&self, id: &str) -> Option<Record> {
        let now = self.0.clock.now();
        let mut state = self.lock();
        state.tick(now);
        let parsed = model::parse_id(id)?;
        let index = state.txs.binary_search_by(|t| t.id.cmp(&parsed)).ok()?;
        let tx = state.txs.get(index)?;
        Some(Record {
            id: model::id_text(tx.id),
            partner: tx.partner,
            status: tx.status,
            json: state.tx_json(index),
        })
    }

    /// Drives a transaction as `POST /sandbox/simulate` would (`deposit.detected`,
    /// `transaction.completed`...). Returns the error code when refused.
    pub fn simulate(&self, id: &str, event: &str) -> Result<(), String> {
        let now = self.0.clock.now();
        let mut state = self.lock();
        state.tick(now);
        let parsed = model::parse_id(id).ok_or("NOT_FOUND")?;
        let index = state
            .txs
            .binary_search_by(|t| t.id.cmp(&parsed))
            .map_err(|_| "NOT_FOUND".to_owned())?;
        ledger::apply_simulation(&mut state, index, event, now, None, None)
            .map_err(|(_, code, _)| code.to_owned())
    }

    /// The outbox: `(event id, event type, transaction id)`, oldest first.
    pub fn events(&self) -> Vec<(String, String, String)> {
        let state = self.lock();
        state
            .events
            .iter()
            .map(|e| {
                let tx = state.txs.get(e.tx).map(|t| model::id_text(t.id));
                (
                    model::id_text(e.id),
                    e.event_type.clone(),
                    tx.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn renderer(&self) -> ErrorRenderer {
        let clock = self.0.clock.clone();
        Arc::new(move |status: StatusCode, code: &str, message: &str| {
            // The shared fault layer names 429 generically; CashWeb's code is RATE_LIMITED.
            let code = if status == StatusCode::TOO_MANY_REQUESTS {
                "RATE_LIMITED"
            } else {
                code
            };
            error_response(status, code, message, clock.now())
        })
    }
}

/// CashWeb's error wrapper (§3). A 429 carries the `X-RateLimit-*` headers too.
pub(crate) fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Response {
    let body =
        json!({"error": {"message": message, "code": code, "timestamp": model::time_text(now)}});
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("60"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from(now.timestamp() - now.timestamp() % 60 + 60),
        );
    }
    response
}

/// CashWeb's success wrapper (§3).
pub(crate) fn success(status: StatusCode, data: Value, message: Option<&str>) -> Response {
    (
        status,
        axum::Json(json!({"success": true, "data": data, "message": message})),
    )
        .into_response()
}
