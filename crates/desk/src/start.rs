//! Wiring at launch: the cache, the sandbox providers and their accounts, the webhook
//! receiver, each account's clients, the start-up reconciliation and the sync scheduler.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paydesk_domain::{AccountId, AppError, ErrorCode, IntentKind, Mode, Secret};
use paydesk_engine::accounts::endpoints::effective_base_url;
use paydesk_engine::payouts::{
    Connector, FollowingSink, PayoutEvent, PayoutEventKind, PayoutEvents, PayoutService, kind_of,
};
use paydesk_engine::sync::{ClientSettings, ProviderClient, StoreDeliverySink};
use paydesk_engine::webhooks::{Receiver, ReceiverSettings, WebhookRoute};
use paydesk_engine::{AccountService, Credentials, SimulatorEndpoint, ensure_sandbox_accounts};
use paydesk_sandbox::all::Sandbox;
use paydesk_store::{Account, Store};

use crate::views::{PayoutUpdate, PayoutView};
use crate::{Desk, DeskConfig, DeskEvents, Inner, database_file, lock};

/// How often payouts left `unknown` on connected accounts are checked again.
const RECONCILE_EVERY: Duration = Duration::from_secs(60);

/// The words of the problem a reconciliation pass leaves while outcomes stay open.
const NOT_LEARNED_YET: &str = "Paydesk could not learn yet";

/// Forwards the payout engine's events to the desk's listener.
struct PayoutRelay(Arc<dyn DeskEvents>);

impl PayoutEvents for PayoutRelay {
    fn emit(&self, event: PayoutEvent) {
        // The terminal news repeats the state change just sent; the shell notifies on it.
        let terminal = event.kind == PayoutEventKind::TerminalReached;
        self.0.payout_update(PayoutUpdate {
            payout: PayoutView::from(&event.intent),
            terminal,
        });
    }
}

fn webhook_secret(credentials: &Credentials) -> Option<&Secret> {
    match credentials {
        Credentials::Hexai(c) => c.webhook_secret(),
        Credentials::HgCash(c) => c.webhook_secret(),
        Credentials::CashWeb(c) => c.webhook_secret(),
        Credentials::Hpay(_) | Credentials::Hubcash(_) => None,
    }
}

fn connector_of(client: ProviderClient) -> Connector {
    match client {
        ProviderClient::Hexai(c) => Connector::Hexai(c),
        ProviderClient::HgCash(c) => Connector::HgCash(c),
        ProviderClient::Hpay(c) => Connector::Hpay(c),
        ProviderClient::CashWeb(c) => Connector::CashWeb(c),
        ProviderClient::Hubcash(c) => Connector::Hubcash(c),
    }
}

/// Creates the data folder, private to the user (0700), or tightens an existing one.
pub(crate) fn create_data_dir(dir: &std::path::Path) -> Result<(), AppError> {
    crate::files::create_private_dir(dir).map_err(|e| {
        AppError::new(
            ErrorCode::StoreFailed,
            format!("cannot create the data folder {}: {e}", dir.display()),
        )
    })
}

/// Opens (creating if needed) a database file, private to the user (0600, as its WAL and
/// shared-memory files then are).
pub(crate) async fn open_store(database: &std::path::Path) -> Result<Store, AppError> {
    crate::files::ensure_private_database(database).map_err(|e| {
        AppError::new(
            ErrorCode::StoreFailed,
            format!(
                "cannot create the database file {}: {e}",
                database.display()
            ),
        )
    })?;
    Ok(Store::open(database).await?)
}

/// An account in sandbox mode whose API is on this machine (the embedded simulators).
fn is_local_sandbox(mode: Mode, base_url: &str) -> bool {
    mode == Mode::Sandbox
        && (base_url.starts_with("http://127.0.0.1:") || base_url.starts_with("http://localhost:"))
}

impl Desk {
    /// Starts everything (see the crate docs) and returns once the desk is up: [`Desk::open`]
    /// followed by [`Desk::ready`].
    pub async fn start(config: DeskConfig) -> Result<Desk, AppError> {
        let desk = Desk::open(config).await?;
        desk.ready().await;
        Ok(desk)
    }

    /// Opens the cache and returns at once, so the window can show what is cached while the
    /// rest starts in the background: the simulators and their accounts, the receiver, each
    /// account's clients, the reconciliation and the scheduler ([`Desk::ready`] waits for
    /// them; the commands that need a provider wait for them too). A part that cannot start
    /// (the keyring, the simulators, the receiver, one account's credentials) becomes a
    /// problem shown in the UI; only an unusable database stops the start.
    pub async fn open(config: DeskConfig) -> Result<Desk, AppError> {
        create_data_dir(&config.data_dir)?;
        let (store, owns_store) = match config.store.clone() {
            Some(store) => (store, false),
            None => (
                open_store(&config.data_dir.join(database_file(config.mode))).await?,
                true,
            ),
        };
        let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let events: Arc<dyn DeskEvents> = Arc::new(crate::events::UntilStopped::new(
            config.events.clone(),
            stopped.clone(),
        ));
        let payouts = Arc::new(PayoutService::new(
            store.clone(),
            Arc::new(PayoutRelay(events.clone())),
            config.payout_settings,
        ));
        // Webhooks are recorded in the cache and move the request or payout they name.
        let receiver = Arc::new(Receiver::new(
            ReceiverSettings::default(),
            Arc::new(FollowingSink::new(
                Arc::new(StoreDeliverySink::new(store.clone())),
                payouts.clone(),
            )),
        ));
        let desk = Desk {
            inner: Arc::new(Inner {
                data_dir: config.data_dir.clone(),
                mode: config.mode,
                accounts: AccountService::new(store.clone(), config.secrets.clone())
                    .for_mode(config.mode),
                store,
                owns_store,
                confirmer: config.confirmer.clone(),
                secrets: config.secrets.clone(),
                payouts,
                clients: Mutex::new(HashMap::new()),
                receiver,
                running_receiver: Mutex::new(None),
                sandbox: Mutex::new(None),
                events,
                stopped,
                confirming: tokio::sync::Mutex::new(()),
                sync_live: Mutex::new(HashMap::new()),
                sync_gate: tokio::sync::Mutex::new(()),
                offline: AtomicBool::new(false),
                problems: Mutex::new(Vec::new()),
                not_connected: Mutex::new(HashMap::new()),
                stale_after: Mutex::new(config.stale_after),
                sync_every: tokio::sync::watch::Sender::new(config.sync_every),
                quotes: Mutex::new(HashMap::new()),
                tasks: Mutex::new(Vec::new()),
                started: tokio::sync::watch::Sender::new(false),
            }),
        };
        desk.remove_other_mode_accounts().await;
        let background = desk.clone();
        let bring_up = tokio::spawn(async move {
            let started = std::time::Instant::now();
            background.bring_up(config.sandbox).await;
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "providers, accounts and receiver started"
            );
            background.inner.started.send_replace(true);
        });
        desk.keep_task(bring_up);
        Ok(desk)
    }

    /// Waits until the background start of [`Desk::open`] is over (whatever it could start).
    /// Every use-case that needs an account's clients or the payout engine calls it first;
    /// reading the cache does not wait.
    pub async fn ready(&self) {
        let mut started = self.inner.started.subscribe();
        // Ends with an error only if the sender is gone, and `self` holds it.
        let _ = started.wait_for(|started| *started).await;
    }

    /// True once the background start of [`Desk::open`] is over.
    pub fn is_started(&self) -> bool {
        *self.inner.started.borrow()
    }

    async fn bring_up(&self, sandbox: Option<paydesk_sandbox::all::SandboxConfig>) {
        if self.inner.mode == Mode::Sandbox {
            if let Some(sandbox_config) = sandbox {
                self.start_sandbox(sandbox_config).await;
            }
            // The receiver listens on loopback, which only the embedded simulators can reach:
            // live accounts are kept current by polling, and no port is opened for them.
            match self.inner.receiver.clone().serve().await {
                Ok(running) => *lock(&self.inner.running_receiver) = Some(running),
                Err(e) => self.problem(AppError::new(
                    ErrorCode::Internal,
                    format!("the local webhook receiver could not start: {e}; status changes arrive by sync only"),
                )),
            }
        }
        self.connect_all().await;
        self.spawn_reconciliation();
        self.spawn_scheduler();
    }

    /// An earlier Paydesk kept sandbox accounts beside live ones in the live file (a file with
    /// sandbox accounts only becomes the sandbox file, see `modes`): they, their cached history
    /// and their keyring entries are removed from this mode's file, so no list or total mixes
    /// the modes. Their payouts stay in the append-only journal, as a record. The embedded
    /// simulators' accounts are made again in the sandbox file when SANDBOX opens.
    async fn remove_other_mode_accounts(&self) {
        let accounts = match self.inner.store.list_accounts().await {
            Ok(accounts) => accounts,
            Err(e) => return self.problem(e.into()),
        };
        for account in accounts.iter().filter(|a| a.mode != self.inner.mode) {
            tracing::warn!(
                account = account.id.as_str(),
                mode = account.mode.as_str(),
                "removing an account of the other mode from this mode's database"
            );
            if let Err(e) = self.inner.store.delete_account(&account.id).await {
                self.problem(e.into());
                continue;
            }
            // A sandbox account's keyring entries go with it (the embedded simulators' accounts
            // get theirs written again when SANDBOX opens); live credentials are never
            // removed without the merchant asking.
            if account.mode == Mode::Sandbox
                && let Err(e) = self.inner.secrets.delete_all(&account.id).await
            {
                tracing::warn!(
                    account = account.id.as_str(),
                    code = e.code.as_str(),
                    "could not remove a purged account's credentials"
                );
            }
        }
    }

    async fn start_sandbox(&self, config: paydesk_sandbox::all::SandboxConfig) {
        match Sandbox::start(config).await {
            Ok(sandbox) => {
                let endpoints: Vec<SimulatorEndpoint> = sandbox
                    .endpoints()
                    .into_iter()
                    .map(|e| SimulatorEndpoint {
                        provider: e.provider,
                        api_base_url: e.api_base_url,
                        credentials: e.credentials,
                    })
                    .collect();
                *lock(&self.inner.sandbox) = Some(sandbox);
                if let Err(e) = ensure_sandbox_accounts(
                    &self.inner.store,
                    self.inner.secrets.as_ref(),
                    &endpoints,
                )
                .await
                {
                    self.problem(e);
                }
            }
            Err(e) => self.problem(AppError::new(
                ErrorCode::ProviderUnavailable,
                format!("the embedded sandbox providers could not start: {e}"),
            )),
        }
    }

    /// Builds the clients of every stored account; an account that cannot be connected is
    /// reported on its card (its sync error) and in the problems.
    pub(crate) async fn connect_all(&self) {
        let accounts = match self.inner.store.list_accounts().await {
            Ok(accounts) => accounts,
            Err(e) => {
                self.problem(e.into());
                return;
            }
        };
        for account in accounts.iter().filter(|a| a.mode == self.inner.mode) {
            if let Err(e) = self.connect(account).await {
                lock(&self.inner.not_connected).insert(account.id.clone(), e.message.clone());
                self.problem(AppError::new(
                    e.code,
                    format!("{} ({}): {}", account.label, account.id, e.message),
                ));
            }
        }
    }

    /// (Re)builds one account's clients from its kept credentials and serves its webhooks.
    pub(crate) async fn connect(&self, account: &Account) -> Result<(), AppError> {
        self.disconnect(&account.id);
        lock(&self.inner.not_connected).remove(&account.id);
        let credentials =
            Credentials::load(self.inner.secrets.as_ref(), &account.id, account.provider)
                .await?
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::AccountNotFound,
                        "no credentials are kept for this account: edit it to enter them",
                    )
                })?;
        let base_url =
            effective_base_url(account.provider, account.mode, account.base_url.as_deref())
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::InputInvalid,
                        "this account has no API base URL: edit it to enter one",
                    )
                    .with_field("base_url")
                })?;
        let mut settings = ClientSettings::new(account.mode);
        if is_local_sandbox(account.mode, &base_url) {
            // The embedded simulators need no pacing between HPAY calls.
            settings.hpay_pacing = Some(Duration::ZERO);
        }
        let client = ProviderClient::build(&account.id, &base_url, &credentials, &settings)?;
        let connector = ProviderClient::build(&account.id, &base_url, &credentials, &settings)?;
        lock(&self.inner.clients).insert(account.id.clone(), Arc::new(client));
        self.inner
            .payouts
            .add_account(account.id.clone(), connector_of(connector));
        if let Some(secret) = webhook_secret(&credentials).filter(|_| self.is_sandbox()) {
            let route = WebhookRoute {
                account: account.id.clone(),
                provider: account.provider,
                secret: secret.clone(),
            };
            if self.inner.receiver.add(route, account.mode) {
                self.point_sandbox_webhooks(account, &base_url);
            }
        }
        Ok(())
    }

    /// Points the embedded simulator of a sandbox account at the receiver.
    fn point_sandbox_webhooks(&self, account: &Account, base_url: &str) {
        let Some(url) = self.webhook_url(&account.id) else {
            return;
        };
        let sandbox = lock(&self.inner.sandbox);
        let Some(sandbox) = sandbox.as_ref() else {
            return;
        };
        let simulator = sandbox
            .endpoints()
            .into_iter()
            .find(|e| e.provider == account.provider && e.api_base_url == base_url);
        if simulator.is_some() {
            sandbox.point_webhooks(account.provider, &url);
        }
    }

    /// The URL a provider should send this account's webhooks to, when the receiver runs
    /// and serves it.
    pub(crate) fn webhook_url(&self, account: &AccountId) -> Option<String> {
        if !self.inner.receiver.accounts().contains(account) {
            return None;
        }
        lock(&self.inner.running_receiver)
            .as_ref()
            .map(|r| r.url_for(account))
    }

    /// Forgets an account's clients and webhook route.
    pub(crate) fn disconnect(&self, account: &AccountId) {
        lock(&self.inner.clients).remove(account);
        self.inner.payouts.remove_account(account);
        self.inner.receiver.remove(account);
    }

    /// One account's sync client.
    pub(crate) fn client(&self, account: &AccountId) -> Option<Arc<ProviderClient>> {
        lock(&self.inner.clients).get(account).cloned()
    }

    /// Reconciles what a previous run left in flight, follows every open payout to its end,
    /// then checks again every [`RECONCILE_EVERY`] while any payout of a connected account is
    /// left `unknown` (a provider that was down may answer now). Each account's new sends wait
    /// for its own intents only (the payout engine holds them); payouts of accounts that are
    /// not connected are reported as needing attention and hold nothing back.
    fn spawn_reconciliation(&self) {
        let desk = self.clone();
        let task = tokio::spawn(async move {
            desk.reconcile_once(true).await;
            desk.follow_open_payouts().await;
            loop {
                tokio::time::sleep(RECONCILE_EVERY).await;
                match desk.inner.payouts.reconciliation_due().await {
                    Ok(true) => desk.reconcile_once(false).await,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "could not read the payout journal"),
                }
            }
        });
        self.keep_task(task);
    }

    /// One reconciliation pass; what it could not settle is told as a problem (at start-up, or
    /// when a later pass still finds payouts it cannot learn).
    async fn reconcile_once(&self, at_start: bool) {
        match self.inner.payouts.reconcile().await {
            Ok(report) if !report.is_clean() => self.problem(AppError::new(
                ErrorCode::PayoutReconciliationPending,
                format!(
                    "{} payout(s) have an outcome {NOT_LEARNED_YET}; new payouts on their \
                     accounts are held and Paydesk asks again every minute (see Payouts)",
                    report.still_unknown + report.held_elsewhere
                ),
            )),
            Ok(report) if report.unserved > 0 && at_start => self.problem(AppError::new(
                ErrorCode::PayoutReconciliationPending,
                format!(
                    "{} payout(s) of accounts that are not connected have an unknown outcome and \
                     need attention (see Payouts); payouts on the other accounts go ahead",
                    report.unserved
                ),
            )),
            // Settled: the "could not learn yet" problem of an earlier pass is over.
            Ok(_) => lock(&self.inner.problems).retain(|p| {
                !(p.error.code == ErrorCode::PayoutReconciliationPending
                    && p.error.message.contains(NOT_LEARNED_YET))
            }),
            Err(e) => self.problem(e),
        }
    }

    /// Polls every accepted or processing payout until none is left open (or each has been
    /// polled for a while; the scheduler picks the rest up). Payment requests are not followed
    /// here: they wait for a payer, for minutes or days, and each sync reads every open one
    /// once (`poll_open`); following them here would hold back the rechecks of unknown
    /// payouts that come after.
    pub(crate) async fn follow_open_payouts(&self) {
        let open = self
            .inner
            .store
            .payout_intents_in(&[
                paydesk_store::PayoutState::Accepted,
                paydesk_store::PayoutState::Processing,
            ])
            .await
            .unwrap_or_default();
        for intent in open {
            if kind_of(&intent) == IntentKind::PaymentRequest {
                continue;
            }
            if let Err(e) = self.inner.payouts.poll(&intent.id).await {
                tracing::warn!(
                    intent = intent.id.as_str(),
                    code = e.code.as_str(),
                    "payout poll failed"
                );
            }
        }
    }
}
