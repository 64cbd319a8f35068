//! The HG.Cash simulator (reference: shared/providers/hgcash.md §9): accounts with balances
//! that move, cash-out requests that walk PENDING → PROCESSING → DONE/ERROR on the clock,
//! signed webhooks (`X-HG-Webhook-Signature: sha256=<hex>`) for every change and every
//! account movement, seeded history, and the knobs of §9.3.
//!
//! Default sandbox credentials: [`SANDBOX_TOKEN`] (user A, accounts [`SANDBOX_ACCOUNT_ID`] and
//! [`SANDBOX_SECOND_ACCOUNT_ID`]) and [`SANDBOX_OTHER_TOKEN`] (user B, account
//! [`SANDBOX_OTHER_ACCOUNT_ID`]); webhooks signed with [`SANDBOX_SIGNING_SECRET`].

pub mod data;
pub mod routes;
pub mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;

use crate::clock::Clock;
use crate::faults::{self, ErrorRenderer, Faults};
use crate::rng;
use crate::server::{self, RunningServer};
use crate::webhooks::{Delivery, Signer, WebhookKnobs, WebhookSender};

pub use data::{MovementDirection, MovementRecord};
pub use state::{AccountState, CashOutRecord, RequestStatus};

/// User A's API token (`cash_` + 64 hex, §2.2).
pub const SANDBOX_TOKEN: &str =
    "cash_aa127704760aa0b62f2713e3db12b4771885c834cba81af27828d85f66e9ab55";
/// User B's API token (for "someone else's account" checks).
pub const SANDBOX_OTHER_TOKEN: &str =
    "cash_ff66029bfb273d39262837331b7f49a31dc3d7d37981b9ddcd6184e7d61eb307";
/// User A's webhook signing secret.
pub const SANDBOX_SIGNING_SECRET: &str = "whsec_paydesk_hgcash_sandbox";
/// User A's main account (holds the generated history).
pub const SANDBOX_ACCOUNT_ID: &str = "843d9d8b-6db8-47a2-8c22-23b198e99c15";
/// User A's second account.
pub const SANDBOX_SECOND_ACCOUNT_ID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
/// User B's account.
pub const SANDBOX_OTHER_ACCOUNT_ID: &str = "550e8400-e29b-41d4-a716-446655440123";
/// The default API prefix (§9).
pub const DEFAULT_PREFIX: &str = "/api/v1";

/// One account's settings and starting figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountConfig {
    /// uuid.
    pub id: String,
    /// Name.
    pub name: String,
    /// 22-digit CBU/CVU.
    pub number: String,
    /// Alias.
    pub alias: String,
    /// Ledger balance.
    pub balance: Decimal,
    /// Fees accrued.
    pub pending_fees: Decimal,
    /// Outbound fee rate (default 0.01, ASSUMPTION §8).
    pub outbound_fee_rate: Decimal,
    /// `Operativa`, `Bloqueada` or `Cerrada`.
    pub status: String,
    /// The owning company's id.
    pub company_id: String,
    /// The owning company's name.
    pub company_name: String,
    /// The company's CUIT (on generated movements).
    pub company_cuit: String,
}

/// A user: a token, webhook settings and accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserConfig {
    /// The bearer token.
    pub token: String,
    /// Signing secret; webhooks are signed only when set (§5.2).
    pub signing_secret: Option<String>,
    /// The default webhook URL; nothing is delivered without one (§5.1).
    pub webhook_url: Option<String>,
    /// The accounts.
    pub accounts: Vec<AccountConfig>,
}

/// A pinned final outcome for the next created request (`force_status` knob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedOutcome {
    /// DONE, ERROR or CANCELLED.
    pub status: RequestStatus,
    /// The error code with ERROR.
    pub error_code: Option<String>,
    /// The message with ERROR.
    pub error_message: Option<String>,
}

/// Behaviour knobs (§9.2, §9.3). Latency, 5xx and after-commit faults go through
/// [`Simulator::faults`]; webhook drop/duplicate/reorder/bad signature through
/// [`Simulator::webhooks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// PENDING → PROCESSING after this (t1, default 2 s).
    pub processing_after: Duration,
    /// PROCESSING → DONE/ERROR after this (t2, default 3 s).
    pub done_after: Duration,
    /// Amounts at or above go to AWAITING_REVIEW instead (default off).
    pub review_threshold: Option<Decimal>,
    /// Chance in percent of ERROR `DESTINATION_ERROR` (default 0).
    pub destination_error_percent: u32,
    /// Check CBU/CVU check digits (default off: the docs' own examples fail it).
    pub validate_cbu_checksum: bool,
    /// Do not notify PENDING (default true, U7).
    pub skip_pending_webhook: bool,
    /// Pin the next created request's final outcome.
    pub force_status: Option<ForcedOutcome>,
    /// 429 beyond this many calls per token per minute (default off, U12).
    pub rate_limit_per_min: Option<u32>,
    /// Tokens that now answer 401 (`token_revoked`).
    pub revoked_tokens: Vec<String>,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            processing_after: Duration::seconds(2),
            done_after: Duration::seconds(3),
            review_threshold: None,
            destination_error_percent: 0,
            validate_cbu_checksum: false,
            skip_pending_webhook: true,
            force_status: None,
            rate_limit_per_min: None,
            revoked_tokens: Vec::new(),
        }
    }
}

/// The simulator's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for data, ids, outcomes and fault draws.
    pub seed: u64,
    /// Generated history records on the first user's first account.
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// API prefix (default `/api/v1`).
    pub prefix: String,
    /// Users and accounts.
    pub users: Vec<UserConfig>,
    /// Behaviour knobs.
    pub knobs: Knobs,
}

fn account(
    id: &str,
    name: &str,
    number: &str,
    alias: &str,
    balance: i64,
    fees: i64,
) -> AccountConfig {
    AccountConfig {
        id: id.to_owned(),
        name: name.to_owned(),
        number: number.to_owned(),
        alias: alias.to_owned(),
        balance: Decimal::new(balance, 2),
        pending_fees: Decimal::new(fees, 2),
        outbound_fee_rate: Decimal::new(1, 2),
        status: "Operativa".to_owned(),
        company_id: "c0a80101-0000-4000-8000-000000000001".to_owned(),
        company_name: "MUNDO OFERTA IMPORTACIONES S.A".to_owned(),
        company_cuit: "30718891813".to_owned(),
    }
}

impl Config {
    /// A few hundred records, the default sandbox users ([`SANDBOX_TOKEN`],
    /// [`SANDBOX_OTHER_TOKEN`]) with no webhook URL set yet.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 42,
            history_size: 300,
            clock,
            prefix: DEFAULT_PREFIX.to_owned(),
            users: vec![
                UserConfig {
                    token: SANDBOX_TOKEN.to_owned(),
                    signing_secret: Some(SANDBOX_SIGNING_SECRET.to_owned()),
                    webhook_url: None,
                    accounts: vec![
                        account(
                            SANDBOX_ACCOUNT_ID,
                            "Cuenta principal",
                            "0000151500037626120131",
                            "mi.alias.hg",
                            100_000_000,
                            0,
                        ),
                        account(
                            SANDBOX_SECOND_ACCOUNT_ID,
                            "Cuenta pagos",
                            "0000151500037626120148",
                            "pagos.alias.hg",
                            100_000_000,
                            125_040,
                        ),
                    ],
                },
                UserConfig {
                    token: SANDBOX_OTHER_TOKEN.to_owned(),
                    signing_secret: None,
                    webhook_url: None,
                    accounts: vec![account(
                        SANDBOX_OTHER_ACCOUNT_ID,
                        "Otra cuenta",
                        "0000003100012345678901",
                        "otra.alias.hg",
                        5_000_000,
                        0,
                    )],
                },
            ],
            knobs: Knobs::default(),
        }
    }
}

/// A cash-in to generate (`POST /_sim/accounts/{id}/inbound`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashIn {
    /// Amount, at most 2 decimals, positive.
    pub amount: Decimal,
    /// Sender name.
    pub from_name: Option<String>,
    /// Sender CBU.
    pub from_cbu: Option<String>,
    /// Sender CUIT.
    pub from_cuit: Option<String>,
    /// COELSA code (generated when absent).
    pub coelsa_code: Option<String>,
}

/// A control call that could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SimError(pub String);

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
        routes::error(status, Some(code), message, None)
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
            rng: rng::seeded(config.seed, "hgcash/state"),
            calls: Vec::new(),
            outbox: Vec::new(),
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
        let (outbox, users) = {
            let mut state = self.lock();
            (std::mem::take(&mut state.outbox), state.users.clone())
        };
        for (n, out) in outbox.into_iter().enumerate() {
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
            let event_id = format!("evt_{}_{n}", self.0.clock.now().timestamp_micros());
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

    /// Every delivery so far (bodies, headers, attempts).
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.0.webhooks.log()
    }

    /// Re-sends a stored delivery byte for byte ("Reintentar entrega").
    pub fn replay_delivery(&self, event_id: &str) -> bool {
        self.0.webhooks.resend(event_id)
    }

    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Replaces the knobs.
    pub fn set_knobs(&self, knobs: Knobs) {
        self.lock().knobs = knobs;
    }

    /// Sets a user's default webhook URL (by token).
    pub fn set_webhook_url(&self, token: &str, url: Option<String>) -> Result<(), SimError> {
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.token == token)
            .ok_or_else(|| SimError("no such token".into()))?;
        user.webhook_url = url;
        Ok(())
    }

    /// Sets (or clears) a user's signing secret (by token).
    pub fn set_signing_secret(&self, token: &str, secret: Option<String>) -> Result<(), SimError> {
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.token == token)
            .ok_or_else(|| SimError("no such token".into()))?;
        user.signing_secret = secret;
        Ok(())
    }

    /// Makes a valid token answer 401 (`token_revoked`).
    pub fn revoke_token(&self, token: &str) {
        self.lock().knobs.revoked_tokens.push(token.to_owned());
    }

    /// Every account, with current figures.
    pub fn accounts(&self) -> Vec<AccountState> {
        self.tick();
        self.lock().accounts.clone()
    }

    /// Sets an account's status (`Operativa`, `Bloqueada`, `Cerrada`).
    pub fn set_account_status(&self, id: &str, status: &str) -> Result<(), SimError> {
        self.with_account(id, |a| a.config.status = status.to_owned())
    }

    /// Sets an account's balance and pending fees.
    pub fn set_account_balance(
        &self,
        id: &str,
        balance: Decimal,
        pending_fees: Decimal,
    ) -> Result<(), SimError> {
        self.with_account(id, |a| {
            a.config.balance = balance;
            a.config.pending_fees = pending_fees;
        })
    }

    fn with_account(
        &self,
        id: &str,
        change: impl FnOnce(&mut AccountState),
    ) -> Result<(), SimError> {
        let mut state = self.lock();
        let account = state
            .accounts
            .iter_mut()
            .find(|a| a.config.id == id)
            .ok_or_else(|| SimError(format!("no account {id}")))?;
        change(account);
        Ok(())
    }

    /// Every cash-out request, in creation order, with due transitions applied.
    pub fn requests(&self) -> Vec<CashOutRecord> {
        self.tick();
        self.lock().requests.clone()
    }

    /// Forces a request to a status (`POST /_sim/requests/{id}/status`); balances and
    /// webhooks follow as for a natural change. A terminal request does not move.
    pub fn set_request_status(
        &self,
        id: &str,
        status: RequestStatus,
        error_code: Option<String>,
        error_message: Option<String>,
    ) -> Result<(), SimError> {
        let now = self.0.clock.now();
        {
            let mut state = self.lock();
            state.advance(now);
            let index = state
                .requests
                .iter()
                .position(|r| r.id == id)
                .ok_or_else(|| SimError(format!("Transaction request not found: {id}")))?;
            if let Some(r) = state.requests.get_mut(index)
                && status == RequestStatus::Error
            {
                r.error_code = error_code.or_else(|| Some("DESTINATION_ERROR".into()));
                r.error_message =
                    error_message.or_else(|| Some("Destination rejected the transfer".into()));
            }
            state.transition(index, status, now);
        }
        self.flush_outbox();
        Ok(())
    }

    /// Cancels a request (HG.Cash-side cancellation; emits the webhook).
    pub fn cancel_request(&self, id: &str) -> Result<(), SimError> {
        self.set_request_status(id, RequestStatus::Cancelled, None, None)
    }

    /// Credits an account and emits an `Inbound` movement webhook (`status: "hecha"`).
    pub fn cash_in(&self, account_id: &str, cash_in: CashIn) -> Result<MovementRecord, SimError> {
        if cash_in.amount <= Decimal::ZERO || cash_in.amount.normalize().scale() > 2 {
            return Err(SimError(
                "amount must be positive with at most 2 decimals".into(),
            ));
        }
        let now = self.0.clock.now();
        let movement = {
            let mut state = self.lock();
            let index = state
                .accounts
                .iter()
                .position(|a| a.config.id == account_id)
                .ok_or_else(|| SimError(format!("no account {account_id}")))?;
            let code = cash_in
                .coelsa_code
                .clone()
                .unwrap_or_else(|| data::coelsa(&mut state.rng));
            let id = data::uuid(&mut state.rng);
            let Some(account) = state.accounts.get_mut(index) else {
                return Err(SimError(format!("no account {account_id}")));
            };
            account.config.balance += cash_in.amount;
            let user = account.user;
            let movement = MovementRecord {
                id,
                external_id: format!("E-{code}-{}", data::local_date(now).replace('T', " ")),
                amount: cash_in.amount,
                direction: MovementDirection::Inbound,
                status: "hecha".into(),
                kind: "inbound".into(),
                account_id: account_id.to_owned(),
                at: now,
                from_name: cash_in.from_name,
                to_name: Some(account.config.company_name.clone()),
                from_cbu: cash_in.from_cbu,
                to_cbu: Some(account.config.number.clone()),
                from_cuit: cash_in.from_cuit,
                to_cuit: Some(account.config.company_cuit.clone()),
                coelsa_code: Some(code),
            };
            state.outbox.push(state::Outgoing {
                user,
                url: None,
                body: movement.webhook_body(),
            });
            state.movements.push(movement.clone());
            movement
        };
        self.flush_outbox();
        Ok(movement)
    }

    /// Movements made while running (cash-ins, completed cash-outs), oldest first.
    pub fn movements(&self) -> Vec<MovementRecord> {
        self.tick();
        self.lock().movements.clone()
    }

    /// How many generated history records there are.
    pub fn history_len(&self) -> usize {
        if self.0.history_merchant.is_some() {
            self.0.history_size
        } else {
            0
        }
    }

    /// Generated history record `index` (oldest first), or `None` past the end.
    pub fn history_movement(&self, index: usize) -> Option<MovementRecord> {
        let merchant = self.0.history_merchant.as_ref()?;
        (index < self.0.history_size).then(|| {
            data::history_movement(
                self.0.seed,
                self.0.history_size,
                index,
                self.0.history_end,
                merchant,
            )
        })
    }

    /// Queues the movement webhooks of history records `range` to the first user's webhook
    /// URL, as HG.Cash would have pushed them (sandbox mode's initial fill).
    pub fn emit_history(&self, range: std::ops::Range<usize>) -> usize {
        let mut count = 0;
        {
            let mut state = self.lock();
            for index in range {
                let Some(m) = self.history_movement(index) else {
                    break;
                };
                state.outbox.push(state::Outgoing {
                    user: 0,
                    url: None,
                    body: m.webhook_body(),
                });
                count += 1;
            }
        }
        self.flush_outbox();
        count
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
