//! Paydesk's desk: the one object the desktop shell's commands call.
//!
//! [`Desk::open`] opens the local cache and, in the background, starts the embedded sandbox
//! providers (in sandbox mode) with their accounts, the webhook receiver, every account's
//! provider clients, the payout engine (reconciling what a previous run left open before any
//! new send) and the sync scheduler; what is cached can be shown meanwhile. Each method is one use-case of the UI and answers with a [`views`] type: exact
//! amounts as text, never a secret. Progress and payout changes go out through
//! [`events::DeskEvents`].
//!
//! Each desk runs on one mode's database (see [`modes`]): live and sandbox never share a
//! file, a list, a total or a chart; [`modes::Host`] runs one desk at a time and switches.
//!
//! - [`modes`]: the two modes, the welcome state, settings, switching, resetting the sandbox.
//! - [`confirm`]: the native confirmation a live payout needs before it is sent.
//! - `start.rs`: wiring at launch, the clients per account.
//! - `overview.rs`: balances, totals, today's figures and the earnings series.
//! - `history.rs`: transaction pages, detail and CSV export.
//! - `accounts.rs`: add, edit, test, remove accounts.
//! - `payouts.rs`: payout forms, drafts, confirmation, sending and status.
//! - `sync.rs`: syncing accounts, one run at a time, and the scheduler.
//! - [`files`]: the data folder and files, private to the merchant.
//! - [`logging`]: the app's log files.

#![deny(missing_docs)]

mod accounts;
pub mod confirm;
pub mod events;
pub mod files;
mod history;
pub mod language;
pub mod logging;
pub mod modes;
mod overview;
mod payouts;
mod start;
mod sync;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paydesk_domain::{AccountId, AppError, Mode};
use paydesk_engine::payouts::{PayoutService, PayoutSettings};
use paydesk_engine::sync::ProviderClient;
use paydesk_engine::webhooks::{Receiver, RunningReceiver};
use paydesk_engine::{AccountService, SecretStore};
use paydesk_sandbox::all::{Sandbox, SandboxConfig};
use paydesk_store::Store;

pub use confirm::{LiveConfirmer, LivePayout, NeverConfirm, ScriptedConfirmer};
pub use events::{DeskEvents, Emitted, EventLog, Notice, notice, notice_in};
pub use history::CsvSaveTarget;
pub use language::{Language, set_ui_language, ui_language};
pub use modes::{AppInfo, Host, HostConfig, Settings};

/// The live database's file name inside the data folder (live accounts, their history and
/// payouts, and the app's settings).
pub const DATABASE_FILE: &str = "paydesk.sqlite3";

/// The sandbox database's file name: the simulators' and test accounts' data, kept apart so
/// that resetting it never touches live data.
pub const SANDBOX_DATABASE_FILE: &str = "paydesk-sandbox.sqlite3";

/// The database file of `mode`.
pub fn database_file(mode: Mode) -> &'static str {
    match mode {
        Mode::Live => DATABASE_FILE,
        Mode::Sandbox => SANDBOX_DATABASE_FILE,
    }
}

/// The actor the audit log and the payout journal name for the person at the keyboard.
pub const MERCHANT: &str = "merchant";

/// How the desk starts.
pub struct DeskConfig {
    /// Where the database lives (created when missing).
    pub data_dir: PathBuf,
    /// Which data this desk shows: its database file, its accounts, whether the webhook
    /// receiver runs (sandbox only) and whether payouts need the native confirmation (live).
    pub mode: Mode,
    /// The mode's store when the caller already has it open (the live one, which also holds
    /// the settings); `None`: the desk opens its mode's file. A desk closes only a store it
    /// opened.
    pub store: Option<Store>,
    /// Start the embedded sandbox providers with this configuration and keep one sandbox
    /// account per provider pointing at them (sandbox mode only); `None`: no simulators (live
    /// use, or a sandbox run that must work offline from the cache).
    pub sandbox: Option<SandboxConfig>,
    /// Asks the merchant outside the webview before a live payout is sent.
    pub confirmer: Arc<dyn LiveConfirmer>,
    /// Where credentials are kept (the OS keyring).
    pub secrets: Arc<dyn SecretStore>,
    /// Where progress and payout news go.
    pub events: Arc<dyn DeskEvents>,
    /// Sync every account this often in the background; `None`: only on request.
    pub sync_every: Option<Duration>,
    /// The payout engine's patience.
    pub payout_settings: PayoutSettings,
    /// Balances older than this are shown as stale.
    pub stale_after: chrono::Duration,
}

impl DeskConfig {
    /// The desktop app's defaults for `mode`: sync every 5 minutes, stale after 15, live
    /// payouts never confirmed (set [`DeskConfig::confirmer`] to ask the merchant).
    pub fn new(
        data_dir: PathBuf,
        mode: Mode,
        sandbox: Option<SandboxConfig>,
        secrets: Arc<dyn SecretStore>,
        events: Arc<dyn DeskEvents>,
    ) -> DeskConfig {
        DeskConfig {
            data_dir,
            mode,
            store: None,
            sandbox: sandbox.filter(|_| mode == Mode::Sandbox),
            confirmer: Arc::new(NeverConfirm),
            secrets,
            events,
            sync_every: Some(Duration::from_secs(300)),
            payout_settings: PayoutSettings::default(),
            stale_after: chrono::Duration::minutes(15),
        }
    }
}

impl std::fmt::Debug for DeskConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskConfig")
            .field("data_dir", &self.data_dir)
            .field("mode", &self.mode)
            .field("sandbox", &self.sandbox.is_some())
            .field("sync_every", &self.sync_every)
            .finish_non_exhaustive()
    }
}

/// The running app, behind every command. Cheap to clone.
#[derive(Clone)]
pub struct Desk {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk")
            .field("data_dir", &self.inner.data_dir)
            .field("mode", &self.inner.mode)
            .finish_non_exhaustive()
    }
}

/// What a desk holds, by count (see [`Desk::footprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Provider clients, one per connected account.
    pub clients: usize,
    /// Accounts that could not be connected, with why.
    pub not_connected: usize,
    /// Live sync states, one per account.
    pub sync_live: usize,
    /// CashWeb quotes remembered.
    pub quotes: usize,
    /// Problems shown.
    pub problems: usize,
    /// Background tasks kept to stop at shutdown.
    pub tasks: usize,
    /// Database connections open (the writer, the readers and the checkpointer).
    pub database_connections: u32,
}

struct Inner {
    data_dir: PathBuf,
    mode: Mode,
    store: Store,
    /// Whether this desk opened its store (and so closes it at shutdown).
    owns_store: bool,
    confirmer: Arc<dyn LiveConfirmer>,
    secrets: Arc<dyn SecretStore>,
    accounts: AccountService,
    payouts: Arc<PayoutService>,
    /// Each account's client for sync and balances.
    clients: Mutex<HashMap<AccountId, Arc<ProviderClient>>>,
    /// Why an account could not be connected, in the merchant's words (cleared when it is).
    not_connected: Mutex<HashMap<AccountId, String>>,
    receiver: Arc<Receiver>,
    running_receiver: Mutex<Option<RunningReceiver>>,
    sandbox: Mutex<Option<Sandbox>>,
    events: Arc<dyn DeskEvents>,
    /// Live sync state per account (running, counts) between the stored sync states.
    sync_live: Mutex<HashMap<AccountId, views::SyncStatusView>>,
    /// One sync run at a time.
    sync_gate: tokio::sync::Mutex<()>,
    /// True when the last sync reached no provider at all.
    offline: AtomicBool,
    problems: Mutex<Vec<views::Problem>>,
    /// Balances older than this are stale (a setting: changes apply at once).
    stale_after: Mutex<chrono::Duration>,
    /// How often the scheduler syncs (a setting: a change wakes the scheduler).
    sync_every: tokio::sync::watch::Sender<Option<Duration>>,
    /// The CashWeb quotes this app obtained, by id: quote mode sends only a quote Paydesk saw,
    /// with its network and validity.
    quotes: Mutex<HashMap<String, paydesk_engine::payouts::CashWebQuoteChoice>>,
    /// Background tasks (start, scheduler, reconciliation) to stop at shutdown.
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    /// Set when the desk stops (a mode switch): its news no longer reaches the window, and a
    /// live payout confirmed after it is not sent.
    stopped: Arc<std::sync::atomic::AtomicBool>,
    /// One live confirmation dialog at a time.
    confirming: tokio::sync::Mutex<()>,
    /// Becomes true once the background start of [`Desk::open`] is over.
    started: tokio::sync::watch::Sender<bool>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Desk {
    /// Which data this desk shows.
    pub fn mode(&self) -> Mode {
        self.inner.mode
    }

    /// True in sandbox mode (the embedded simulators and provider test accounts).
    pub fn is_sandbox(&self) -> bool {
        self.inner.mode == Mode::Sandbox
    }

    /// Applies changed settings at once: the staleness limit and the sync interval (the
    /// scheduler's next run moves accordingly; `None` stops the schedule).
    pub fn apply_settings(&self, stale_after: chrono::Duration, sync_every: Option<Duration>) {
        *lock(&self.inner.stale_after) = stale_after;
        self.inner.sync_every.send_if_modified(|current| {
            let changed = *current != sync_every;
            *current = sync_every;
            changed
        });
    }

    fn stale_after(&self) -> chrono::Duration {
        *lock(&self.inner.stale_after)
    }

    /// The data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    /// The local cache (for tools and tests that read it directly).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Records an app-wide problem for the Overview's banners.
    fn problem(&self, error: AppError) {
        tracing::warn!(code = error.code.as_str(), message = %error.message, "app problem");
        let mut problems = lock(&self.inner.problems);
        problems.retain(|p| p.error != error);
        problems.push(views::Problem {
            error,
            at: views::time_text(chrono::Utc::now()),
        });
    }

    /// The problems currently shown.
    pub fn problems(&self) -> Vec<views::Problem> {
        lock(&self.inner.problems).clone()
    }

    /// Keeps a background task to stop at shutdown, dropping those already finished (a desk
    /// open all day starts one per payout it follows).
    pub(crate) fn keep_task(&self, task: tokio::task::JoinHandle<()>) {
        let mut tasks = lock(&self.inner.tasks);
        tasks.retain(|t| !t.is_finished());
        tasks.push(task);
    }

    /// What the desk holds in memory and open, by count: its per-account maps, the quotes it
    /// remembers, the problems shown, the background tasks kept, and the database connections
    /// open. A long session must keep every figure bounded.
    pub fn footprint(&self) -> Footprint {
        Footprint {
            clients: lock(&self.inner.clients).len(),
            not_connected: lock(&self.inner.not_connected).len(),
            sync_live: lock(&self.inner.sync_live).len(),
            quotes: lock(&self.inner.quotes).len(),
            problems: lock(&self.inner.problems).len(),
            tasks: lock(&self.inner.tasks).len(),
            database_connections: self.inner.store.open_connections(),
        }
    }

    /// Stops background work, the receiver and the simulators, and closes the database.
    pub async fn shutdown(&self) {
        // Let a start still under way finish (it is short) so that nothing it starts is left
        // running; past the limit it is cut off with the other tasks.
        self.inner
            .stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = tokio::time::timeout(Duration::from_secs(10), self.ready()).await;
        let tasks: Vec<_> = lock(&self.inner.tasks).drain(..).collect();
        for task in tasks {
            task.abort();
        }
        let receiver = lock(&self.inner.running_receiver).take();
        if let Some(receiver) = receiver {
            receiver.stop().await;
        }
        let sandbox = lock(&self.inner.sandbox).take();
        if let Some(sandbox) = sandbox {
            sandbox.stop();
        }
        if self.inner.owns_store {
            self.inner.store.close().await;
        }
    }
}
