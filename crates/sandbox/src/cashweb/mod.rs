//! The CashWeb Partner API simulator (shared/providers/cashweb.md §9).
//!
//! Serves `/api/v1/partner/*` with CashWeb's wrappers (`{"success":true,"data":…}` and
//! `{"error":{"message","code","timestamp"}}`): quotes that expire, transactions in quote or
//! direct mode with the Idempotency-Key matrix and case-insensitive `merchant_reference`
//! uniqueness, deposit windows that close, an optional timed lifecycle, cancel, status
//! history, the revenue ledger, the webhook outbox with replay, `POST /sandbox/simulate`, and
//! signed webhooks (§5.2). Everything timed reads the [`Clock`] and happens lazily when a
//! request arrives (or [`Simulator::tick`] is called).

mod config;
mod create;
mod cursor;
mod data;
mod documented;
mod errors;
mod ledger;
mod lifecycle;
pub mod model;
mod outbox;
mod reads;
mod reply;
mod request;
mod routes;
mod simulate;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::Value;

use crate::clock::Clock;
use crate::faults::{self, ErrorRenderer, Faults};
use crate::server::{RunningServer, serve};
use crate::variance::Variance;
use crate::webhooks::{WebhookKnobs, WebhookSender};
pub use config::{
    AutoProgress, BASE_PATH, Config, Environment, Knobs, OTHER_PARTNER_API_KEY,
    OTHER_PARTNER_WEBHOOK_SECRET, Pair, Partner, SANDBOX_API_KEY, SANDBOX_WEBHOOK_SECRET,
};
pub use model::Status;
use state::State;

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
            variance: config.variance,
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

    /// The routes under [`BASE_PATH`], with the reply profile and the fault layer applied.
    pub fn router(&self) -> Router {
        let api = routes::routes(self.clone());
        let router =
            Router::new()
                .nest(BASE_PATH, api)
                .layer(axum::middleware::from_fn_with_state(
                    self.clone(),
                    documented::trim_wrappers,
                ));
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

    /// For the demo on the system clock: every `every` of wall time, applies due transitions
    /// and sends due webhooks, until the handle is aborted.
    pub fn spawn_ticker(&self, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let sim = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                sim.tick();
                sim.0.webhooks.deliver_due().await;
            }
        })
    }

    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Changes the knobs.
    pub fn set_knobs(&self, change: impl FnOnce(&mut Knobs)) {
        change(&mut self.lock().knobs);
    }

    /// The reply profile in force.
    pub fn variance(&self) -> Variance {
        self.lock().variance.clone()
    }

    /// Changes the reply profile; the next request reads it.
    pub fn set_variance(&self, variance: Variance) {
        self.lock().variance = variance;
    }

    /// Applies every transition due at the clock's time.
    pub fn tick(&self) {
        let now = self.0.clock.now();
        self.lock().tick(now);
    }

    /// Every transaction of every partner, ascending by creation (for tests to compare; it
    /// renders each one, so keep it to small histories).
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

    /// The transaction at `index` in creation order (any partner).
    pub fn record_at(&self, index: usize) -> Option<Record> {
        let now = self.0.clock.now();
        let mut state = self.lock();
        state.tick(now);
        let tx = state.txs.get(index)?;
        Some(Record {
            id: model::id_text(tx.id),
            partner: tx.partner,
            status: tx.status,
            json: state.tx_json(index),
        })
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
        simulate::apply_simulation(&mut state, index, event, now, None, None)
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
        // Weak: the renderer lives in the router, which must not keep the simulator alive.
        let sim = Arc::downgrade(&self.0);
        Arc::new(move |status: StatusCode, code: &str, message: &str| {
            // The shared fault layer names 429 generically; CashWeb's code is RATE_LIMITED.
            let code = if status == StatusCode::TOO_MANY_REQUESTS {
                "RATE_LIMITED"
            } else {
                code
            };
            let documented = sim
                .upgrade()
                .is_some_and(|inner| Simulator(inner).lock().variance.documented_only);
            if documented {
                reply::documented_error_response(status, code, message, clock.now())
            } else {
                reply::error_response(status, code, message, clock.now())
            }
        })
    }
}
