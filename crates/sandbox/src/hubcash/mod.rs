//! The Hubcash API v1 simulator (reference shared/providers/hubcash.md, section 12).
//!
//! Serves the 16 endpoints under `/v1` with Hubcash's wrapper objects, PascalCase fields,
//! 201 on creates and `{"Errors": [...]}` bodies; runs the sale lifecycle of reference 7.4 on
//! the [`Clock`] (lazily: each request first applies what is due); keeps one notification per
//! status change and POSTs it to the configured URL; applies the shared fault knobs (rules
//! name axum's matched path, e.g. `"POST /v1/sales"`).
//!
//! Simulator-only behaviour (ASSUMPTION, not a Hubcash feature): the card last-4 triggers
//! `0002` decline, `0003` hold in Analyzing, `0004` fraud denial, the control methods on
//! [`Simulator`], and the same controls over HTTP under `/__sim/` (outside auth and faults).

mod brands;
mod config;
mod data;
mod http;
mod kinds;
mod lifecycle;
mod notifications;
mod profile;
mod render;
mod routes;
mod sale_input;
mod sim_routes;
mod state;
mod validate;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::faults::Faults;
use crate::server::{RunningServer, serve};
use crate::variance::Variance;

pub use config::{
    Config, Credential, Environment, Knobs, MalformedSale, SANDBOX_CODE, SANDBOX_COMPANY,
    SANDBOX_PRODUCTION_CODE, SANDBOX_PRODUCTION_TOKEN, SANDBOX_TOKEN,
};
pub use data::DEMO_DOCUMENTS;
pub use state::DeliveryRecord;

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
    /// The status a client reads now: the seed's name (`"Waiting Payment"`), or the
    /// undocumented word the reply profile gives the sale for a while.
    pub shown_status: String,
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
            variance: config.variance.clone(),
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

    /// The reply profile in force.
    pub fn variance(&self) -> Variance {
        self.lock().variance.clone()
    }

    /// Changes the reply profile; the next request follows it.
    ///
    /// - `documented_only`: sales carry only the fields the seed's examples show (see
    ///   `profile.rs`);
    /// - `unknown_status`: the sales it chooses (by creation order) show an undocumented
    ///   status word (`On_hold`) while they would be 1–4, in every read (lists, detail,
    ///   notifications); a list filtered by `Status` still finds them under their own status;
    /// - `no_dedup`: a `POST /sales` repeating a `Ref` makes a second sale even when the
    ///   `unique_ref` knob is on. Hubcash documents no idempotency at all, so by default (knob
    ///   off, as the seed implies) a repeated `Ref` makes a second sale anyway;
    /// - [`Quirk::HubcashSalesNeedStatus`](crate::Quirk::HubcashSalesNeedStatus):
    ///   `GET /sales` without `Status` answers 200 with an empty list.
    pub fn set_variance(&self, variance: Variance) {
        self.lock().variance = variance;
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
                    shown_status: profile::shown_status(&st, i, s.status),
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
        notifications::deliver_due(self).await
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn same_seed_same_history() {
        let make = |seed| {
            let mut config = Config::test(Clock::manual(at()), 1000);
            config.seed = seed;
            Simulator::new(config).records()
        };
        assert_eq!(make(1), make(1));
        assert_ne!(make(1), make(2));
        let records = make(1);
        let statuses: std::collections::BTreeSet<u8> = records.iter().map(|r| r.status).collect();
        for s in [3, 4, 5, 6, 7] {
            assert!(statuses.contains(&s), "status {s} in {statuses:?}");
        }
        assert!(
            records
                .iter()
                .all(|r| r.added < at() && r.added >= at() - Duration::days(90))
        );
    }

    #[test]
    fn the_demo_has_every_resting_status_and_method() {
        let sim = Simulator::new(Config::demo(Clock::manual(at())));
        let records = sim.records();
        assert_eq!(records.len(), 400);
        let statuses: std::collections::BTreeSet<u8> = records.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.into_iter().collect::<Vec<_>>(),
            vec![2, 3, 4, 5, 6, 7]
        );
        let methods: std::collections::BTreeSet<&str> = records.iter().map(|r| r.method).collect();
        assert_eq!(methods.len(), 3);
        let held = records
            .iter()
            .find(|r| r.status == 2)
            .map(|r| r.sale_id.clone());
        assert!(held.is_some_and(|id| sim.resolve_analysis(&id, false)));
    }

    #[test]
    fn ids_name_their_record() {
        let sim = Simulator::new(Config::test(Clock::manual(at()), 5));
        let records = sim.records();
        let st = sim.lock();
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r.sale_id.len(), 24);
            assert_eq!(st.sale_index(&r.sale_id), Some(i));
            assert_eq!(st.card_index(&r.sale_id), None);
        }
        assert_eq!(st.sale_index("58c040b32d8baf18526217f5"), None);
        assert_eq!(st.sale_index("ZZ"), None);
    }

    #[test]
    fn generated_documents_are_valid_cpfs() {
        for n in [0u32, 1, 77, 4_000_000_000] {
            let cpf: Vec<u32> = data::buyer_document(n)
                .chars()
                .filter_map(|c| c.to_digit(10))
                .collect();
            assert_eq!(cpf.len(), 11);
            for len in [9usize, 10] {
                let sum: u32 = cpf
                    .iter()
                    .take(len)
                    .zip((2..=u32::try_from(len).unwrap_or(0) + 1).rev())
                    .map(|(d, w)| d * w)
                    .sum();
                assert_eq!((sum * 10) % 11 % 10, cpf[len]);
            }
        }
    }
}
