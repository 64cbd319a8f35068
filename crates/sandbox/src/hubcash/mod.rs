//! The Hubcash API v1 simulator (reference shared/providers/hubcash.md, section 12).
//!
//! Serves the 16 endpoints under `/v1` with Hubcash's wrapper objects, PascalCase fields,
//! 201 on creates and `{"Errors": [...]}` bodies; runs the sale lifecycle of reference 7.4 on
//! the [`Clock`] (lazily: each request first applies what is due); keeps one notification per
//! status change and POSTs it to the configured URL; applies the shared fault knobs (rules
//! name axum's matched path, e.g. `"POST /v1/sales"`).
//!
//! Simulator-only behaviour (ASSUMPTION, not a Hubcash feature): the card last-4 triggers
//! `0002` decline, `0003` hold in Analyzing, `0004` fraud denial, and the control methods on
//! [`Simulator`].

mod brands;
mod data;
mod render;
mod routes;
mod state;
mod validate;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::faults::Faults;
use crate::server::{RunningServer, serve};

pub use data::DEMO_DOCUMENTS;
pub use state::DeliveryRecord;

/// The development-labelled sandbox code (`X-Hubcash-Code`).
pub const SANDBOX_CODE: &str = "hubcash-sandbox-code";
/// The development-labelled sandbox token (`X-Hubcash-Token`).
pub const SANDBOX_TOKEN: &str = "hubcash-sandbox-token-7d41c9";
/// A production-labelled sandbox code.
pub const SANDBOX_PRODUCTION_CODE: &str = "hubcash-sandbox-prod-code";
/// A production-labelled sandbox token.
pub const SANDBOX_PRODUCTION_TOKEN: &str = "hubcash-sandbox-prod-token-3b8e20";
/// The merchant's company name, the default `SoftDescriptor`.
pub const SANDBOX_COMPANY: &str = "PaydeskDemo";

/// Which kind of keys a credential pair is (reference 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Development keys.
    Development,
    /// Production keys.
    Production,
}

/// A `(code, token)` pair the simulator accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// `X-Hubcash-Code`.
    pub code: String,
    /// `X-Hubcash-Token`.
    pub token: String,
    /// Its label.
    pub environment: Environment,
}

/// How a rendered sale is damaged (the `malformed_body` knob of reference 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedSale {
    /// `SaleId` left out.
    MissingSaleId,
    /// `Amount` left out.
    MissingAmount,
    /// `Status: 9`.
    UnknownStatus,
    /// `Method` in lowercase.
    MethodWrongCase,
    /// `DateAdded` in an unexpected format.
    DateFormat,
}

/// The simulator's behaviour switches (reference 12).
#[derive(Debug, Clone, PartialEq)]
pub struct Knobs {
    /// 1 Processed → 2 Analyzing (and billet 1 → 4). Zero: instant.
    pub processing_delay: Duration,
    /// 2 Analyzing → outcome. Zero: instant.
    pub analysis_delay: Duration,
    /// An uncaptured authorization is voided (→ 6) after this; `None`: never.
    pub capture_window: Option<Duration>,
    /// A waiting billet is paid by itself after this; `None`: only by the control API.
    pub billet_auto_pay_after: Option<Duration>,
    /// Status of an unpaid billet at its due date: 5 (default) or 6.
    pub billet_expiry_status: u8,
    /// `ExpiresIn` when a billet sale sends no `Billet`.
    pub billet_default_expires_in: u32,
    /// `GET /sales` without `Status` is 400 `Status`/`Required`.
    pub require_status_filter: bool,
    /// A second sale with the same `Ref` is 400 `Ref`/`Not allowed`.
    pub unique_ref: bool,
    /// The card number's BIN must match `Brand`.
    pub strict_card_brand: bool,
    /// Minimum cents per installment; 0 turns the rule off.
    pub min_quota_value_cents: i64,
    /// Failed automatic deliveries are retried 3 times with backoff.
    pub auto_retry: bool,
    /// Deliveries fail without reaching the URL (`LastResponseCode` 0).
    pub notification_endpoint_down: bool,
    /// Damage every rendered sale this way.
    pub malformed_sale: Option<MalformedSale>,
}

impl Knobs {
    /// Tests: every delay instant, nothing automatic.
    pub fn instant() -> Knobs {
        Knobs {
            processing_delay: Duration::zero(),
            analysis_delay: Duration::zero(),
            capture_window: None,
            billet_auto_pay_after: None,
            billet_expiry_status: 5,
            billet_default_expires_in: 7,
            require_status_filter: false,
            unique_ref: false,
            strict_card_brand: false,
            min_quota_value_cents: 500,
            auto_retry: false,
            notification_endpoint_down: false,
            malformed_sale: None,
        }
    }

    /// The demo: 1 s processing, 2 s analysis, billets paid after 60 s.
    pub fn demo() -> Knobs {
        Knobs {
            processing_delay: Duration::seconds(1),
            analysis_delay: Duration::seconds(2),
            billet_auto_pay_after: Some(Duration::seconds(60)),
            ..Knobs::instant()
        }
    }
}

/// What a simulator starts with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed of the generated history.
    pub seed: u64,
    /// Number of generated sales (over the 90 days before `clock.now()`).
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// Accepted credentials.
    pub credentials: Vec<Credential>,
    /// Behaviour switches.
    pub knobs: Knobs,
    /// The merchant's notification URL, if configured.
    pub notification_url: Option<String>,
    /// Extra currencies served besides BRL: (name, symbol, decimal places).
    pub extra_currencies: Vec<(String, String, u32)>,
    /// Deliver due notifications on this wall-time period once started (demo); `None`: only
    /// through [`Simulator::deliver_notifications`] (tests).
    pub deliver_every: Option<std::time::Duration>,
}

fn default_credentials() -> Vec<Credential> {
    vec![
        Credential {
            code: SANDBOX_CODE.into(),
            token: SANDBOX_TOKEN.into(),
            environment: Environment::Development,
        },
        Credential {
            code: SANDBOX_PRODUCTION_CODE.into(),
            token: SANDBOX_PRODUCTION_TOKEN.into(),
            environment: Environment::Production,
        },
    ]
}

impl Config {
    /// A demo: 400 sales, the default credentials, demo delays.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 2017,
            history_size: 400,
            clock,
            credentials: default_credentials(),
            knobs: Knobs::demo(),
            notification_url: None,
            extra_currencies: Vec::new(),
            deliver_every: Some(std::time::Duration::from_secs(1)),
        }
    }

    /// Tests: `history_size` sales, instant lifecycle, no background delivery.
    pub fn test(clock: Clock, history_size: usize) -> Config {
        Config {
            seed: 7,
            history_size,
            clock,
            credentials: default_credentials(),
            knobs: Knobs::instant(),
            notification_url: None,
            extra_currencies: Vec::new(),
            deliver_every: None,
        }
    }
}

/// A sale as the simulator holds it, for tests to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleSummary {
    /// `SaleId`.
    pub sale_id: String,
    /// `Ref`.
    pub reference: Option<String>,
    /// Cents.
    pub amount: i64,
    /// `Credit` / `Debit` / `Billet`.
    pub method: &'static str,
    /// 1–7.
    pub status: u8,
    /// `DateAdded`.
    pub added: DateTime<Utc>,
}

pub(crate) struct Inner {
    pub(crate) state: Mutex<state::State>,
    pub(crate) clock: Clock,
    pub(crate) faults: Faults,
    pub(crate) credentials: Vec<Credential>,
    deliver_every: Option<std::time::Duration>,
}

/// The Hubcash simulator: a shared handle (cheap to clone).
#[derive(Clone)]
pub struct Simulator(pub(crate) Arc<Inner>);

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubcashSimulator").finish_non_exhaustive()
    }
}

/// A simulator serving on loopback.
#[derive(Debug)]
pub struct Running {
    /// `http://127.0.0.1:PORT/v1`: the client's base URL.
    pub base_url: String,
    /// The simulator, for control calls.
    pub sim: Simulator,
    /// The server.
    pub server: RunningServer,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(t) = self.ticker.take() {
            t.abort();
        }
    }
}

impl Simulator {
    /// Builds the state and generates the seeded history.
    pub fn new(config: Config) -> Simulator {
        let now = state::ts(config.clock.now());
        let mut currencies = vec![state::CurrencyDef {
            name: "BRL".into(),
            symbol_left: "R$".into(),
            decimal_place: 2,
        }];
        currencies.extend(
            config
                .extra_currencies
                .iter()
                .map(|(n, s, d)| state::CurrencyDef {
                    name: n.clone(),
                    symbol_left: s.clone(),
                    decimal_place: *d,
                }),
        );
        let mut st = state::State {
            knobs: config.knobs.clone(),
            sales: Vec::new(),
            cards: Vec::new(),
            notifications: Vec::new(),
            timers: Default::default(),
            notify_url: config.notification_url.clone(),
            outbox: Vec::new(),
            deliveries: Vec::new(),
            next_our_number: 500_000,
            currencies,
            company: SANDBOX_COMPANY.into(),
        };
        data::generate(&mut st, config.seed, config.history_size, now);
        Simulator(Arc::new(Inner {
            state: Mutex::new(st),
            clock: config.clock.clone(),
            faults: Faults::new(config.seed),
            credentials: config.credentials,
            deliver_every: config.deliver_every,
        }))
    }

    /// The router, fault layer applied.
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serves on `addr` (loopback only).
    pub async fn start(self, addr: SocketAddr) -> std::io::Result<Running> {
        let server = serve(self.router(), addr).await?;
        let ticker = self.0.deliver_every.map(|every| {
            let sim = self.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(every).await;
                    sim.deliver_notifications().await;
                }
            })
        });
        Ok(Running {
            base_url: format!("{}/v1", server.base_url),
            sim: self,
            server,
            ticker,
        })
    }

    /// The fault rules.
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, state::State> {
        let mut st = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        st.advance(state::ts(self.0.clock.now()));
        st
    }

    pub(crate) fn now(&self) -> state::Ts {
        state::ts(self.0.clock.now())
    }

    /// Moves the clock forward and applies what became due.
    pub fn advance(&self, by: Duration) {
        self.0.clock.advance(by);
        drop(self.lock());
    }

    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Changes the knobs.
    pub fn set_knobs(&self, knobs: Knobs) {
        self.lock().knobs = knobs;
    }

    /// Sets or clears the merchant's notification URL.
    pub fn set_notification_url(&self, url: Option<String>) {
        self.lock().notify_url = url;
    }

    /// Every sale, oldest first.
    pub fn records(&self) -> Vec<SaleSummary> {
        let st = self.lock();
        (0..st.sales.len())
            .filter_map(|i| {
                let s = st.sales.get(i)?;
                Some(SaleSummary {
                    sale_id: st.sale_id(i),
                    reference: st.reference(i).map(|r| r.into_owned()),
                    amount: s.amount,
                    method: s.method.as_str(),
                    status: s.status.code(),
                    added: state::time_of(s.added),
                })
            })
            .collect()
    }

    /// How many notifications exist.
    pub fn notification_count(&self) -> usize {
        self.lock().notifications.len()
    }

    /// Control: ends a held analysis (`0003` card) approved or denied. False if the sale is
    /// not in 2 Analyzing.
    pub fn resolve_analysis(&self, sale_id: &str, approve: bool) -> bool {
        let now = self.now();
        let mut st = self.lock();
        let Some(i) = st.sale_index(sale_id) else {
            return false;
        };
        let Some((status, capture)) = st.sales.get(i).map(|s| (s.status, s.capture)) else {
            return false;
        };
        if status != state::Status::Analyzing {
            return false;
        }
        let outcome = if approve {
            state::Outcome::Approve
        } else {
            state::Outcome::Deny
        };
        st.timers
            .retain(|(_, s)| usize::try_from(*s).ok() != Some(i));
        st.finish_analysis(i, outcome, capture, now);
        true
    }

    /// Control: a waiting billet is paid (→ 7).
    pub fn pay_billet(&self, sale_id: &str) -> bool {
        let now = self.now();
        let mut st = self.lock();
        st.sale_index(sale_id)
            .is_some_and(|i| st.pay_billet(i, now))
    }

    /// Control: a waiting billet expires now (→ 5, or 6 by the knob).
    pub fn expire_billet(&self, sale_id: &str) -> bool {
        let now = self.now();
        let mut st = self.lock();
        st.sale_index(sale_id)
            .is_some_and(|i| st.expire_billet(i, now))
    }

    /// Control: a chargeback on a Done card sale (→ 6, `DateReversed`, `Rollback`).
    pub fn charge_back(&self, sale_id: &str) -> bool {
        let now = self.now();
        let mut st = self.lock();
        st.sale_index(sale_id)
            .is_some_and(|i| st.charge_back(i, now))
    }

    /// Every delivery attempt so far.
    pub fn deliveries(&self) -> Vec<DeliveryRecord> {
        self.lock().deliveries.clone()
    }

    /// Sends every notification delivery that is due; returns how many were attempted.
    pub async fn deliver_notifications(&self) -> usize {
        routes::deliver_due(self).await
    }
}
