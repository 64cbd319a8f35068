//! The HPAY sandbox: a local simulator of HPAY's payment-link API
//! (reference: shared/providers/hpay.md, §9 "Simulator requirements").
//!
//! It serves the six documented `POST` paths with their trailing slashes and HPAY's exact
//! shapes (numbers vs strings, `statut`, `entreprise_*`, `public_key` vs `api_public_key`),
//! business errors as HTTP 200 with `success:false` (the §3.7 code table), tokens that expire
//! on the [`Clock`], links that get paid from a checkout page, a control call or the
//! auto-pay knob, balances that move, unsigned notifications to `notify_url`, and the fault
//! knobs of [`crate::faults`].
//!
//! Module layout: `config.rs` (credentials, knobs), `state.rs` (books, tokens, operations),
//! `routes.rs` and `checkout.rs` (HTTP), `render.rs` (JSON shapes), `data.rs` (seeded history
//! and static tables).

mod checkout;
mod config;
mod data;
mod history;
mod notify;
mod profile;
mod render;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::clock::Clock;
use crate::faults::{self, AfterCommit, ErrorRenderer, FaultAction, FaultRule, Faults, Trigger};
use crate::rng;
use crate::server::{RunningServer, serve};
use crate::variance::Variance;
use crate::webhooks::{Signer, WebhookKnobs, WebhookSender};
use notify::Outgoing;
use state::{Book, Merchant, State, Status};

pub use config::{
    Config, Knobs, NotifyMode, SimMode, TEST_API_KEY, TEST_COMPANY, TEST_CURRENCY, TEST_PUBLIC_KEY,
    TEST_SECRET_KEY,
};

/// A payment link as the simulator holds it (control API; tests compare with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentView {
    /// `transaction_id`.
    pub transaction_id: String,
    /// The mode it was created in.
    pub mode: SimMode,
    /// `amount`, in `currency`.
    pub amount: Decimal,
    /// `fees`.
    pub fees: Decimal,
    /// `profit`.
    pub profit: Decimal,
    /// `currency`.
    pub currency: String,
    /// `UNPAID` or `PAID`.
    pub status: &'static str,
    /// The status word a client reads now: `status`, or the undocumented word the reply
    /// profile gives the link while it is unpaid.
    pub shown_status: String,
    /// `product`.
    pub product: String,
    /// `description`.
    pub description: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
}

struct Inner {
    state: Mutex<State>,
    clock: Clock,
    faults: Faults,
    webhooks: WebhookSender,
    get_queue: Mutex<Vec<(i64, String)>>,
}

/// The HPAY simulator (a shared handle; clones see the same state).
#[derive(Clone)]
pub struct Simulator(Arc<Inner>);

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("hpay::Simulator").finish_non_exhaustive()
    }
}

/// A simulator serving on loopback.
#[derive(Debug)]
pub struct Running {
    /// `http://127.0.0.1:PORT`: the client's base URL.
    pub base_url: String,
    /// The simulator, for control calls.
    pub sim: Simulator,
    /// The server (stops when dropped).
    pub server: RunningServer,
}

impl Simulator {
    /// Builds the state and generates the seeded history.
    pub fn new(mut config: Config) -> Simulator {
        // Scales beyond the domain's maximum cannot be held as i64 minor units.
        config.currency_scale = config.currency_scale.min(paydesk_domain::money::MAX_SCALE);
        let now = config.clock.now().timestamp();
        let mut books: [Book; 2] = [Book::default(), Book::default()];
        let index = match config.history_mode {
            SimMode::Test => 0,
            SimMode::Prod => 1,
        };
        if let Some(book) = books.get_mut(index) {
            history::generate(
                book,
                config.seed,
                config.history_size,
                now,
                config.currency_scale,
                config.knobs.fee_rate,
            );
        }
        let webhooks = WebhookSender::new(config.clock.clone(), config.seed ^ 0x4850_4159);
        let state = State {
            merchant: Merchant {
                api_key: config.api_key,
                public_key: config.public_key,
                secret_key: config.secret_key,
                company: config.company,
                contact: config.contact,
                currency: config.currency,
                scale: config.currency_scale,
            },
            books,
            tokens: Default::default(),
            tokens_issued: 0,
            rng: rng::seeded(config.seed, "hpay/live"),
            auto_pay: Vec::new(),
            checkout_fixed: config.checkout_base.is_some(),
            checkout_base: config
                .checkout_base
                .unwrap_or_else(|| "https://checkout.hpay.cash".into()),
            knobs: config.knobs.clone(),
            variance: config.variance.clone(),
        };
        let sim = Simulator(Arc::new(Inner {
            state: Mutex::new(state),
            clock: config.clock,
            faults: Faults::new(config.seed ^ 0x6670),
            webhooks,
            get_queue: Mutex::new(Vec::new()),
        }));
        sim.apply_webhook_knobs(&config.knobs);
        sim
    }

    /// The routes with the fault layer applied.
    pub fn router(&self) -> Router {
        let render: ErrorRenderer = Arc::new(|status: StatusCode, code: &str, message: &str| {
            render::error_with_status(status, code.parse().unwrap_or(9), message)
        });
        faults::layer(routes::routes(self.clone()), self.0.faults.clone(), render)
    }

    /// Serves on `addr` (loopback only). Checkout links then point at this server.
    pub async fn start(self, addr: SocketAddr) -> std::io::Result<Running> {
        let server = serve(self.router(), addr).await?;
        {
            let mut state = self.lock();
            if !state.checkout_fixed {
                state.checkout_base = format!("{}/_sim/checkout", server.base_url);
            }
        }
        Ok(Running {
            base_url: server.base_url.clone(),
            sim: self,
            server,
        })
    }

    /// The fault rules (see [`crate::faults`]); endpoints are named `"POST /payment/"` etc.
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The notification sender (its delivery log, knobs).
    pub fn webhooks(&self) -> &WebhookSender {
        &self.0.webhooks
    }

    // -- Control API ----------------------------------------------------------------------

    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Changes the knobs.
    pub fn set_knobs(&self, knobs: Knobs) {
        self.apply_webhook_knobs(&knobs);
        self.lock().knobs = knobs;
    }

    /// The reply profile in force.
    pub fn variance(&self) -> Variance {
        self.lock().variance.clone()
    }

    /// Changes the reply profile; the next request follows it.
    ///
    /// - `documented_only`: the history asked with `statut: ""` (or without `statut`) answers
    ///   an empty list (the seed documents only `UNPAID` and `PAID` there); every answer
    ///   already carries only the seed's fields;
    /// - `unknown_status`: the links it chooses (creation order, per mode) show `ON_HOLD` while
    ///   unpaid, `PAID` once paid; a history filtered by `statut: "UNPAID"` still lists them;
    /// - `no_dedup`: nothing changes: HPAY takes no reference, so every `/payment/` makes a
    ///   new link in every profile;
    /// - [`Quirk::HpayEchoesOtherAmount`](crate::Quirk::HpayEchoesOtherAmount): `/payment/`
    ///   echoes another amount than the one asked (the link is still made for the amount
    ///   asked, as the history shows).
    pub fn set_variance(&self, variance: Variance) {
        self.lock().variance = variance;
    }

    /// `invalidate_tokens_now`: every token issued so far is refused from now on (error 2).
    pub fn invalidate_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// How many tokens `/getToken/` has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.lock().tokens_issued
    }

    /// Marks a link paid (as the checkout's Pay button does): credits the balances and sends
    /// the notification. `false` when unknown or already paid.
    pub fn pay(&self, transaction_id: &str) -> bool {
        let now = self.now_secs();
        let outgoing = {
            let mut state = self.lock();
            let Some((mode, payment)) = state.find(transaction_id) else {
                return false;
            };
            if payment.status == Status::Paid {
                return false;
            }
            // Paid now; the notification exists only for links created with a notify_url.
            state.pay(mode, transaction_id, now)
        };
        self.dispatch(outgoing.into_iter().collect(), now);
        true
    }

    /// Every link of `mode`, oldest first.
    pub fn payments(&self, mode: SimMode) -> Vec<PaymentView> {
        let state = self.lock();
        state
            .book(mode)
            .all()
            .iter()
            .map(|p| view(&state, mode, p))
            .collect()
    }

    /// One link, in either mode.
    pub fn payment(&self, transaction_id: &str) -> Option<PaymentView> {
        let state = self.lock();
        state
            .find(transaction_id)
            .map(|(mode, p)| view(&state, mode, p))
    }

    /// How many links `mode` holds.
    pub fn payment_count(&self, mode: SimMode) -> usize {
        self.lock().book(mode).all().len()
    }

    /// `(main_balance, profit_balance)` of `mode`, in the account currency.
    pub fn balances(&self, mode: SimMode) -> (Decimal, Decimal) {
        let state = self.lock();
        let scale = state.merchant.scale;
        let book = state.book(mode);
        (
            Decimal::new(book.main_balance, scale),
            Decimal::new(book.profit_balance, scale),
        )
    }

    /// Applies due auto-payments now (requests do it too) and sends due notifications:
    /// POSTs through [`Simulator::webhooks`], GETs from the `get_query` queue. Returns how
    /// many deliveries were attempted.
    pub async fn deliver_notifications(&self) -> usize {
        let now = self.now_secs();
        let outgoing = self.lock().apply_due(now);
        self.dispatch(outgoing, now);
        let mut sent = self.0.webhooks.deliver_due().await;
        let due: Vec<String> = {
            let mut queue = self.0.get_queue.lock().unwrap_or_else(|e| e.into_inner());
            let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut *queue)
                .into_iter()
                .partition(|(at, _)| *at <= now);
            *queue = later;
            due.into_iter().map(|(_, url)| url).collect()
        };
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        for url in due {
            let _ = client.get(&url).send().await;
            sent += 1;
        }
        sent
    }

    /// Runs [`Simulator::deliver_notifications`] every `every` of wall time (demo mode)
    /// until the handle is aborted.
    pub fn spawn_notifier(&self, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let sim = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                sim.deliver_notifications().await;
            }
        })
    }

    /// Answers HTTP `status` (500/502/503) on `percent` of calls (`http_error_rate`).
    pub fn set_http_error_percent(&self, status: u16, percent: u32) {
        self.0.faults.add(FaultRule::everywhere(
            FaultAction::Status {
                status,
                code: "9".into(),
                message: "Service unavailable".into(),
            },
            Trigger::percent(percent),
        ));
    }

    /// Delays every call by `min..=max` (`latency_ms`, `jitter_ms`).
    pub fn set_latency(&self, min: std::time::Duration, max: std::time::Duration) {
        self.0.faults.add(FaultRule::everywhere(
            FaultAction::Latency { min, max },
            Trigger::Always,
        ));
    }

    /// `timeout_after_commit`: the next `/payment/` creates its link, then fails as `how`.
    pub fn timeout_after_commit(&self, how: AfterCommit) {
        self.0.faults.add(FaultRule::on(
            "POST /payment/",
            FaultAction::AfterCommit(how),
            Trigger::Next(1),
        ));
    }

    // -- Internals ------------------------------------------------------------------------

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_secs(&self) -> i64 {
        self.0.clock.now().timestamp()
    }

    fn apply_webhook_knobs(&self, knobs: &Knobs) {
        self.0.webhooks.set_knobs(WebhookKnobs {
            drop_percent: knobs.notify_drop_percent,
            duplicate_percent: knobs.notify_duplicate_percent,
            delay: chrono::Duration::seconds(i64::try_from(knobs.notify_delay_s).unwrap_or(0)),
            ..self.0.webhooks.knobs()
        });
    }

    /// Hands notifications to the sender matching `notify_mode` (§5: unsigned).
    fn dispatch(&self, outgoing: Vec<Outgoing>, now: i64) {
        if outgoing.is_empty() {
            return;
        }
        let knobs = self.knobs();
        let unsigned: Signer = Arc::new(|_: &[u8]| Vec::new());
        for out in outgoing {
            match knobs.notify_mode {
                NotifyMode::None => {}
                NotifyMode::PostJson => self.0.webhooks.enqueue(
                    &format!("{}.paid", out.transaction_id),
                    &out.url,
                    out.body,
                    &unsigned,
                ),
                NotifyMode::GetQuery => {
                    let (dropped, twice) = {
                        let mut state = self.lock();
                        (
                            state.roll(knobs.notify_drop_percent),
                            state.roll(knobs.notify_duplicate_percent),
                        )
                    };
                    if dropped {
                        continue;
                    }
                    let separator = if out.url.contains('?') { '&' } else { '?' };
                    let url = format!(
                        "{}{separator}transaction_id={}&status=PAID&event=payment.paid",
                        out.url, out.transaction_id
                    );
                    let due = now.saturating_add(i64::try_from(knobs.notify_delay_s).unwrap_or(0));
                    let mut queue = self.0.get_queue.lock().unwrap_or_else(|e| e.into_inner());
                    queue.push((due, url.clone()));
                    if twice {
                        queue.push((due, url));
                    }
                }
            }
        }
    }
}

fn view(state: &State, mode: SimMode, p: &state::Payment) -> PaymentView {
    let scale = state.merchant.scale;
    PaymentView {
        transaction_id: p.id.clone(),
        shown_status: profile::shown_status(state, mode, p),
        mode,
        amount: Decimal::new(p.amount, scale),
        fees: Decimal::new(p.fees, scale),
        profit: Decimal::new(p.profit(), scale),
        currency: state.merchant.currency.clone(),
        status: p.status.as_wire(),
        product: p.text.product(),
        description: p.text.description(),
        created_at: DateTime::from_timestamp(p.created, 0).unwrap_or_default(),
        paid_at: p.paid_at.and_then(|t| DateTime::from_timestamp(t, 0)),
    }
}

#[cfg(test)]
mod tests;
