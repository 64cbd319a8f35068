//! The HG.Cash simulator (reference: shared/providers/hgcash.md §9): accounts with balances
//! that move, cash-out requests that walk PENDING → PROCESSING → DONE/ERROR on the clock,
//! signed webhooks (`X-HG-Webhook-Signature: sha256=<hex>`) for every change and every
//! account movement, seeded history, and the knobs of §9.3.
//!
//! Reply profiles ([`crate::Variance`], through [`Config::variance`] or
//! [`Simulator::set_variance`], read on every request): documented-only (the seed's
//! lower-case words, the least answers), unknown status words, no deduplication by
//! `externalID`, and the seed's empty reference data
//! ([`crate::Quirk::HgCashEmptyReferenceData`]). Each create keeps the `typeID` it carried
//! ([`CashOutRecord::type_id`]).
//!
//! Default sandbox credentials: [`SANDBOX_TOKEN`] (user A, accounts [`SANDBOX_ACCOUNT_ID`] and
//! [`SANDBOX_SECOND_ACCOUNT_ID`]) and [`SANDBOX_OTHER_TOKEN`] (user B, account
//! [`SANDBOX_OTHER_ACCOUNT_ID`]); webhooks signed with [`SANDBOX_SIGNING_SECRET`].

mod config;
mod control;
mod create;
pub mod data;
mod entry;
pub mod record;
mod reply;
pub mod routes;
pub mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::faults::{self, ErrorRenderer, Faults};
use crate::rng;
use crate::server::{self, RunningServer};
use crate::webhooks::{Delivery, Signer, WebhookKnobs, WebhookSender};

pub use config::*;
pub use data::{MovementDirection, MovementRecord};
pub use record::{CashOutRecord, RequestStatus};
pub use state::AccountState;

struct Inner {
    clock: Clock,
    faults: Faults,
    webhooks: WebhookSender,
    prefix: String,
    seed: u64,
    history_size: usize,
    history_end: DateTime<Utc>,
    history_merchant: Option<data::Merchant>,
    state: Mutex<state::State>,
}

/// The HG.Cash simulator: a shared handle (cheap to clone).
#[derive(Clone)]
pub struct Simulator(Arc<Inner>);

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("hgcash::Simulator").finish_non_exhaustive()
    }
}

/// The simulator serving on loopback.
#[derive(Debug)]
pub struct Running {
    /// The API base URL the client takes: `http://127.0.0.1:PORT/api/v1`.
    pub base_url: String,
    /// The simulator, for control calls.
    pub sim: Simulator,
    /// The server (its `base_url` is the root, where `/_sim/...` lives).
    pub server: RunningServer,
}

/// Renders fault-knob errors in HG.Cash's envelope.
fn renderer() -> ErrorRenderer {
    Arc::new(|status: StatusCode, code: &str, message: &str| {
        reply::error(status, Some(code), message, None)
    })
}

impl Simulator {
    /// A simulator from its configuration.
    pub fn new(config: Config) -> Simulator {
        let webhooks = WebhookSender::new(config.clock.clone(), config.seed ^ 0x5745_4248);
        // ASSUMPTION §9.3: 5 attempts, then backoff 10 s, 1 m, 5 m, 30 m, 2 h.
        webhooks.set_knobs(WebhookKnobs {
            max_attempts: 5,
            backoff: vec![
                Duration::seconds(10),
                Duration::minutes(1),
                Duration::minutes(5),
                Duration::minutes(30),
                Duration::hours(2),
            ],
            ..WebhookKnobs::default()
        });
        let history_merchant = config
            .users
            .first()
            .and_then(|u| u.accounts.first())
            .map(|a| data::Merchant {
                account_id: a.id.clone(),
                number: a.number.clone(),
                name: a.company_name.clone(),
                cuit: a.company_cuit.clone(),
            });
        let accounts = config
            .users
            .iter()
            .enumerate()
            .flat_map(|(user, u)| {
                u.accounts.iter().map(move |a| AccountState {
                    config: a.clone(),
                    user,
                })
            })
            .collect();
        let state = state::State {
            users: config.users,
            accounts,
            requests: Vec::new(),
            movements: Vec::new(),
            knobs: config.knobs,
            variance: config.variance,
            rng: rng::seeded(config.seed, "hgcash/state"),
            calls: Vec::new(),
            outbox: Vec::new(),
            events: 0,
        };
        Simulator(Arc::new(Inner {
            history_end: config.clock.now(),
            clock: config.clock,
            faults: Faults::new(config.seed),
            webhooks,
            prefix: config.prefix,
            seed: config.seed,
            history_size: config.history_size,
            history_merchant,
            state: Mutex::new(state),
        }))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, state::State> {
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The fault knobs (latency, 5xx, 429, after-commit drop/hang, malformed bodies). Endpoint
    /// names are `"POST /api/v1/transactions"` and the like.
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// The webhook sender: delivery knobs and log.
    pub fn webhooks(&self) -> &WebhookSender {
        &self.0.webhooks
    }

    /// The router, fault layer applied.
    pub fn router(&self) -> Router {
        let prefix = self.0.prefix.trim_end_matches('/');
        let api = if prefix.is_empty() {
            routes::api()
        } else {
            Router::new().nest(prefix, routes::api())
        };
        let router = api.merge(routes::controls()).with_state(self.clone());
        faults::layer(router, self.0.faults.clone(), renderer())
    }

    /// Serves on `addr` (loopback only).
    pub async fn start(self, addr: SocketAddr) -> std::io::Result<Running> {
        let server = server::serve(self.router(), addr).await?;
        Ok(Running {
            base_url: format!("{}{}", server.base_url, self.0.prefix.trim_end_matches('/')),
            sim: self,
            server,
        })
    }

    /// Queues the webhooks the state produced, signed per user.
    pub(crate) fn flush_outbox(&self) {
        let (outbox, users, first) = {
            let mut state = self.lock();
            let first = state.events;
            state.events += u64::try_from(state.outbox.len()).unwrap_or(0);
            (
                std::mem::take(&mut state.outbox),
                state.users.clone(),
                first,
            )
        };
        for (n, out) in (first..).zip(outbox) {
            let Some(user) = users.get(out.user) else {
                continue;
            };
            let Some(url) = out.url.or_else(|| user.webhook_url.clone()) else {
                // Omitido: no URL configured (ASSUMPTION U6).
                continue;
            };
            let secret = user.signing_secret.clone();
            let signer: Signer = Arc::new(move |body: &[u8]| match &secret {
                Some(secret) => vec![(
                    "X-HG-Webhook-Signature".to_owned(),
                    format!("sha256={}", sign(secret, body)),
                )],
                None => Vec::new(),
            });
            let event_id = format!("evt_{n}");
            self.0
                .webhooks
                .enqueue(&event_id, &url, out.body.into_bytes(), &signer);
        }
    }

    /// Applies every transition due on the clock (emitting their webhooks).
    pub fn tick(&self) {
        let now = self.0.clock.now();
        self.lock().advance(now);
        self.flush_outbox();
    }

    /// [`Simulator::tick`], then sends every webhook attempt that is due; how many were made.
    pub async fn deliver_webhooks(&self) -> usize {
        self.tick();
        self.0.webhooks.deliver_due().await
    }

    /// Runs [`Simulator::deliver_webhooks`] every `every` of wall time (demo mode), until
    /// the returned handle is aborted. With `cash_in_every`, also credits the first account
    /// with a random cash-in at that interval (§9.2's optional demo scheduler).
    pub fn spawn_ticker(
        &self,
        every: std::time::Duration,
        cash_in_every: Option<std::time::Duration>,
    ) -> tokio::task::JoinHandle<()> {
        let sim = self.clone();
        tokio::spawn(async move {
            let mut since_cash_in = std::time::Duration::ZERO;
            loop {
                tokio::time::sleep(every).await;
                since_cash_in += every;
                if let Some(period) = cash_in_every
                    && since_cash_in >= period
                {
                    since_cash_in = std::time::Duration::ZERO;
                    if let Some(account) = sim.0.history_merchant.as_ref() {
                        let _ = sim.random_cash_in(&account.account_id);
                    }
                }
                sim.deliver_webhooks().await;
            }
        })
    }

    /// Every delivery so far (bodies, headers, attempts).
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.0.webhooks.log()
    }

    /// Re-sends a stored delivery byte for byte ("Reintentar entrega").
    pub fn replay_delivery(&self, event_id: &str) -> bool {
        self.0.webhooks.resend(event_id)
    }
}

/// `sha256=`'s hex: HMAC-SHA256 of the exact bytes (§5.2).
fn sign(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    match Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}
