//! A faithful local HPG (Hexai Payment Gateway) for Paydesk's tests, benchmarks and sandbox
//! mode, following `shared/providers/hexai.md` section 11: the seven `/api/v1` endpoints with
//! their envelopes and errors, one ledger per key environment in integer bututs, lazy
//! settlement on the [`Clock`], magic amounts in both modes, idempotency by
//! `client_reference`, signed `wave-signature` webhooks, a mock Wave checkout page, seeded
//! history and fault knobs.
//!
//! The control API (settle, records, knobs, webhooks) is Rust methods on [`Simulator`]
//! (ASSUMPTION of section 11: no `/__sim` routes are served).
//!
//! The reply profile ([`Variance`], read on every request so it can change while the
//! simulator runs) strays from the default toward what the seed still allows:
//! - documented-only: the payout answer carries `transaction_id` and `status` alone (the seed
//!   shows none), the status lookup `transaction_id`, `client_reference` and `status`, the
//!   collection answer the seed's three fields, the transactions list the seed's webhook
//!   transaction object (`id`, `client_reference`, `type`, `amount` as a GMD number, `status`)
//!   as a bare array under `data` without pagination figures, settled records `SUCCESS` (the
//!   magic-amount table's word; webhooks keep the webhook example's `SUCCEEDED`), and webhooks
//!   without `failure_code`;
//! - unknown status: every n-th record (in creation order) shows the word in upper case
//!   (`ON_HOLD`) in every read while it is pending, then settles as usual;
//! - no dedup: an initiate with a reference already used creates another record (the default
//!   replays the first, or refuses other parameters with `DUPLICATE_REFERENCE`, section 9).

mod checkout;
mod control;
mod data;
mod ids;
mod profile;
mod replies;
mod routes;
pub mod state;
mod validate;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::faults::Faults;
use crate::server::{RunningServer, serve};
use crate::variance::Variance;
use crate::webhooks::{Signer, WebhookSender};
pub use replies::HexaiMalformed;
use state::Ledger;
pub use state::{Env, FailureCode, Kind, Status};

/// The sandbox key the simulator accepts by default (an `sk_test_` key: magic amounts apply).
pub const DEFAULT_TEST_KEY: &str = "sk_test_pd0sandbox0hexai0key000000000001";

/// A live-shaped key tests may add to [`Config::api_keys`] (no magic amounts, own ledger).
pub const SANDBOX_LIVE_KEY: &str = "sk_live_pd0sandbox0hexai0key000000000001";

/// The webhook secret the simulator signs with by default.
pub const DEFAULT_WEBHOOK_SECRET: &str = "whsec_paydesk_sandbox_hexai";

/// The signature header (section 7).
pub const SIGNATURE_HEADER: &str = "wave-signature";

/// The path prefix of every endpoint.
pub const API_PREFIX: &str = "/api/v1";

/// How the magic amounts' "FAILED" outcomes behave (section 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MagicMode {
    /// HTTP 200 and a `FAILED` transaction (default).
    Transaction,
    /// HTTP 400/403/429 with the code, nothing recorded.
    Http,
}

/// The provider-specific knobs of section 11 (fault knobs live in [`Faults`], webhook
/// delivery knobs in [`WebhookSender::set_knobs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// Magic amounts' mode.
    pub magic_mode: MagicMode,
    /// `PENDING` → final for collections; `None`: only by hand (control call or checkout page).
    pub collection_settle_delay: Option<Duration>,
    /// Zero: payouts succeed at once; more: `PENDING` and settled later.
    pub payout_settle_delay: Duration,
    /// Commission per collection in basis points (200 = 2 %).
    pub commission_rate_bps: u32,
    /// Accept a JSON number for `amount` (section 4: refused by default).
    pub accept_numeric_amount: bool,
    /// Refuse `http://` success/error URLs.
    pub require_https_urls: bool,
    /// Smallest accepted amount, bututs.
    pub min_amount_bututs: i64,
    /// Largest accepted amount, bututs.
    pub max_amount_bututs: i64,
    /// Real 429 `RATE_LIMIT_EXCEEDED` past this many requests per clock minute.
    pub rate_limit_per_minute: Option<u32>,
    /// 503 `SERVICE_UNAVAILABLE` on everything.
    pub maintenance: bool,
    /// Errors as `{"status":"error","code","message"}` instead of the nested shape.
    pub flat_error_shape: bool,
    /// Damage success bodies (until cleared): `*_gmd` off, unknown status, missing field.
    pub malformed_body: Option<HexaiMalformed>,
    /// The event name sent when a transaction fails.
    pub failed_event_name: String,
    /// Where webhooks go; `None`: none are sent.
    pub webhook_url: Option<String>,
    /// The secret they are signed with.
    pub webhook_secret: String,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            magic_mode: MagicMode::Transaction,
            collection_settle_delay: Some(Duration::seconds(5)),
            payout_settle_delay: Duration::zero(),
            commission_rate_bps: 200,
            accept_numeric_amount: false,
            require_https_urls: false,
            min_amount_bututs: 1,
            max_amount_bututs: 100_000_000,
            rate_limit_per_minute: None,
            maintenance: false,
            flat_error_shape: false,
            malformed_body: None,
            failed_event_name: "transaction.failed".into(),
            webhook_url: None,
            webhook_secret: DEFAULT_WEBHOOK_SECRET.into(),
        }
    }
}

/// How a simulator starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for history, ids and fault draws.
    pub seed: u64,
    /// How many history records to generate (over the last 90 days on the clock).
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// Keys accepted; `sk_test_…` ones use the test ledger, the others the live one.
    pub api_keys: Vec<String>,
    /// Opening balance of each ledger, bututs (so the demo can pay out at once).
    pub opening_balance_bututs: i64,
    /// Provider knobs.
    pub knobs: Knobs,
    /// The reply profile (default: today's sandbox).
    pub variance: Variance,
}

impl Config {
    /// A few hundred records, [`DEFAULT_TEST_KEY`], 25,000.00 GMD opening balance.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 7,
            history_size: 300,
            clock,
            api_keys: vec![DEFAULT_TEST_KEY.to_owned()],
            opening_balance_bututs: 2_500_000,
            knobs: Knobs::default(),
            variance: Variance::default(),
        }
    }
}

/// A transaction as the control API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTransaction {
    /// `tx_…`.
    pub id: String,
    /// The merchant's reference.
    pub client_reference: String,
    /// Collection or payout.
    pub kind: Kind,
    /// Status.
    pub status: Status,
    /// Failure code on `FAILED`.
    pub failure_code: Option<FailureCode>,
    /// Gross amount, bututs.
    pub amount_bututs: i64,
    /// Commission, bututs.
    pub commission_bututs: i64,
    /// `+220…` for payouts.
    pub recipient_mobile: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// How a control call settles a pending transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// → `SUCCEEDED`.
    Succeeded,
    /// → `FAILED`, with an optional failure code.
    Failed(Option<FailureCode>),
}

pub(crate) struct Inner {
    pub test: Ledger,
    pub live: Ledger,
    pub knobs: Knobs,
    pub variance: Variance,
    pub rate_window: (i64, u32),
}

impl Inner {
    pub fn ledger(&mut self, env: Env) -> &mut Ledger {
        match env {
            Env::Test => &mut self.test,
            Env::Live => &mut self.live,
        }
    }
}

struct Shared {
    inner: Mutex<Inner>,
    clock: Clock,
    faults: Faults,
    webhooks: WebhookSender,
    api_keys: Vec<String>,
}

/// The simulated HPG: a cheap, cloneable handle on shared state.
#[derive(Clone)]
pub struct Simulator(Arc<Shared>);

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("hexai::Simulator").finish_non_exhaustive()
    }
}

/// A simulator serving on loopback.
#[derive(Debug)]
pub struct Running {
    /// `http://127.0.0.1:PORT` (the client's base URL is this plus [`API_PREFIX`]).
    pub base_url: String,
    /// The simulator, for control calls.
    pub sim: Simulator,
    /// The server.
    pub server: RunningServer,
}

impl Running {
    /// The base URL a client uses: `http://127.0.0.1:PORT/api/v1`.
    pub fn api_base_url(&self) -> String {
        format!("{}{API_PREFIX}", self.base_url)
    }
}

/// The environment of a key, by prefix (section 2).
pub fn env_of(key: &str) -> Env {
    if key.starts_with("sk_test_") {
        Env::Test
    } else {
        Env::Live
    }
}

impl Simulator {
    /// Builds the ledgers and generates the seeded history into the first key's environment.
    pub fn new(config: Config) -> Simulator {
        let now_ms = config.clock.now().timestamp_millis();
        let mut test = Ledger::new(
            Env::Test,
            config.opening_balance_bututs,
            config.seed ^ 0x7e57,
        );
        let mut live = Ledger::new(
            Env::Live,
            config.opening_balance_bututs,
            config.seed ^ 0x0011_7e00,
        );
        let home = config.api_keys.first().map_or(Env::Test, |k| env_of(k));
        let target = match home {
            Env::Test => &mut test,
            Env::Live => &mut live,
        };
        data::generate(
            target,
            config.seed,
            config.history_size,
            now_ms,
            config.knobs.commission_rate_bps,
        );
        Simulator(Arc::new(Shared {
            inner: Mutex::new(Inner {
                test,
                live,
                knobs: config.knobs,
                variance: config.variance,
                rate_window: (0, 0),
            }),
            webhooks: WebhookSender::new(config.clock.clone(), config.seed ^ 0x0e_b400),
            clock: config.clock,
            faults: Faults::new(config.seed ^ 0xfa17),
            api_keys: config.api_keys,
        }))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn env_for_key(&self, key: &str) -> Option<Env> {
        self.0
            .api_keys
            .iter()
            .any(|k| k == key)
            .then(|| env_of(key))
    }

    /// The axum router, fault layer applied.
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serves on `addr` (loopback only).
    pub async fn start(self, addr: SocketAddr) -> std::io::Result<Running> {
        let server = serve(self.router(), addr).await?;
        Ok(Running {
            base_url: server.base_url.clone(),
            sim: self,
            server,
        })
    }

    /// Fault rules (aim them at e.g. `"POST /api/v1/payouts/initiate"`).
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The webhook sender: delivery log, delivery knobs, `deliver_due()`.
    pub fn webhooks(&self) -> &WebhookSender {
        &self.0.webhooks
    }

    /// The provider knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Changes the provider knobs.
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

    /// Applies every settlement due on the clock now (requests do this too).
    pub fn tick(&self) {
        let mut inner = self.lock();
        self.apply_due(&mut inner);
    }

    pub(crate) fn apply_due(&self, inner: &mut Inner) {
        let now_ms = self.0.clock.now().timestamp_millis();
        for env in [Env::Test, Env::Live] {
            let changes = inner.ledger(env).apply_due(now_ms);
            for c in changes {
                self.notify(inner, env, c.index);
            }
        }
    }

    /// Queues the webhook for a transaction's current final status (section 7).
    pub(crate) fn notify(&self, inner: &mut Inner, env: Env, index: u32) {
        let Some(url) = inner.knobs.webhook_url.clone() else {
            return;
        };
        let event_name = inner.knobs.failed_event_name.clone();
        let secret = inner.knobs.webhook_secret.clone();
        let documented_only = inner.variance.documented_only;
        let ledger = inner.ledger(env);
        let Some(body) = ledger.webhook_body(index, &event_name, documented_only) else {
            return;
        };
        let status = ledger
            .txs
            .get(index as usize)
            .map_or("", |t| t.status.as_str());
        let event_id = format!("{}:{status}", ledger.ids.id(index));
        let signer: Signer = Arc::new(move |bytes: &[u8]| {
            vec![(
                SIGNATURE_HEADER.to_owned(),
                hmac_hex(secret.as_bytes(), bytes),
            )]
        });
        self.0.webhooks.enqueue(&event_id, &url, body, &signer);
    }
}

fn hmac_hex(secret: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    match Hmac::<sha2::Sha256>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}
