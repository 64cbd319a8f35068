//! The two modes, never mixed. LIVE is the merchant's real accounts, in `paydesk.sqlite3`
//! (which also holds the app's settings); SANDBOX is the embedded simulators and provider test
//! accounts, in `paydesk-sandbox.sqlite3`. The [`Host`] runs one [`Desk`] at a time, on one
//! mode's file: every balance, total, chart, list, export and payout the UI gets comes from
//! that desk alone. Switching stops the desk (its simulators, receiver and scheduler with it)
//! and opens the other.
//!
//! At launch: `--sandbox` opens SANDBOX; otherwise, once a live account exists, the mode the
//! settings name (LIVE unless changed); with no live account yet, no desk runs at all and the
//! UI shows its welcome screen (nothing is started, no port is bound) until the merchant picks
//! a path.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use paydesk_domain::{AppError, ErrorCode, Mode};
use paydesk_engine::SecretStore;
use paydesk_engine::payouts::PayoutSettings;
use paydesk_sandbox::all::SandboxConfig;
use paydesk_store::Store;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{DATABASE_FILE, Desk, DeskConfig, DeskEvents, LiveConfirmer, SANDBOX_DATABASE_FILE};

/// How the host starts.
pub struct HostConfig {
    /// The data folder (both databases).
    pub data_dir: PathBuf,
    /// The log folder (shown in Settings).
    pub log_dir: PathBuf,
    /// Where credentials are kept (the OS keyring).
    pub secrets: Arc<dyn SecretStore>,
    /// Where progress and payout news go.
    pub events: Arc<dyn DeskEvents>,
    /// Asks the merchant outside the webview before a live payout is sent.
    pub confirmer: Arc<dyn LiveConfirmer>,
    /// How the simulators start when SANDBOX is opened.
    pub sandbox: SandboxConfig,
    /// `--offline`: never start the simulators (the cache is shown as when no provider can be
    /// reached).
    pub offline: bool,
    /// The mode asked for on the command line (`--sandbox`), before the settings and the
    /// welcome screen.
    pub start_in: Option<Mode>,
    /// The payout engine's patience.
    pub payout_settings: PayoutSettings,
    /// `--sync-every`: the background sync interval for this run, in place of the settings'
    /// (which stay as saved). `None`: the settings' interval.
    pub sync_every: Option<Duration>,
}

impl std::fmt::Debug for HostConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostConfig")
            .field("data_dir", &self.data_dir)
            .field("offline", &self.offline)
            .field("start_in", &self.start_in)
            .field("sync_every", &self.sync_every)
            .finish_non_exhaustive()
    }
}

/// What the UI's frame shows: version, mode, folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// The mode shown; `None`: the welcome screen (no live account yet, no mode chosen).
    pub mode: Option<Mode>,
    /// Whether the live database holds a live account.
    pub has_live_account: bool,
    /// The folder holding the databases.
    pub data_dir: String,
    /// The folder holding the logs.
    pub log_dir: String,
    /// Started with `--offline`: the simulators are not started.
    pub offline: bool,
}

/// The merchant's settings, kept in the live database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The mode a plain launch opens in once a live account exists.
    pub default_mode: Mode,
    /// How often every account syncs in the background, in minutes (1 to 1440).
    pub sync_interval_minutes: u32,
    /// A balance older than this many minutes is shown as stale (1 to 10080).
    pub stale_after_minutes: u32,
    /// The language the merchant chose; `None` follows the system's language.
    pub language: Option<crate::Language>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_mode: Mode::Live,
            sync_interval_minutes: 5,
            stale_after_minutes: 15,
            language: None,
        }
    }
}

const DEFAULT_MODE: &str = "default_mode";
const SYNC_INTERVAL: &str = "sync_interval_minutes";
const STALE_AFTER: &str = "stale_after_minutes";
const LANGUAGE: &str = "language";

impl Settings {
    /// The stored settings; a missing or unreadable value is its default (and logged).
    fn from_stored(stored: &BTreeMap<String, String>) -> Settings {
        let defaults = Settings::default();
        let read = |key: &str| stored.get(key).map(String::as_str);
        let number = |key: &str, default: u32| match read(key) {
            None => default,
            Some(text) => text.parse().unwrap_or_else(|_| {
                tracing::warn!(key, "unreadable setting; using its default");
                default
            }),
        };
        let settings = Settings {
            default_mode: match read(DEFAULT_MODE) {
                Some("sandbox") => Mode::Sandbox,
                _ => defaults.default_mode,
            },
            sync_interval_minutes: number(SYNC_INTERVAL, defaults.sync_interval_minutes),
            stale_after_minutes: number(STALE_AFTER, defaults.stale_after_minutes),
            language: read(LANGUAGE).and_then(crate::Language::from_tag),
        };
        if settings.check().is_ok() {
            settings
        } else {
            tracing::warn!("stored settings out of range; using the defaults");
            defaults
        }
    }

    /// Refuses values out of range, naming the field.
    fn check(&self) -> Result<(), AppError> {
        let out_of_range = |field: &str, message: &str| {
            Err(AppError::new(ErrorCode::InputInvalid, message).with_field(field))
        };
        if !(1..=1440).contains(&self.sync_interval_minutes) {
            return out_of_range(
                "syncIntervalMinutes",
                "the sync interval must be between 1 minute and 1,440 minutes (a day)",
            );
        }
        if !(1..=10_080).contains(&self.stale_after_minutes) {
            return out_of_range(
                "staleAfterMinutes",
                "a balance can count as stale after 1 minute to 10,080 minutes (a week)",
            );
        }
        Ok(())
    }

    fn stored(&self) -> [(&'static str, String); 4] {
        [
            (DEFAULT_MODE, self.default_mode.as_str().to_owned()),
            (SYNC_INTERVAL, self.sync_interval_minutes.to_string()),
            (STALE_AFTER, self.stale_after_minutes.to_string()),
            (
                LANGUAGE,
                self.language
                    .map(|l| l.tag().to_owned())
                    .unwrap_or_default(),
            ),
        ]
    }

    /// The background sync interval.
    pub fn sync_every(&self) -> Duration {
        Duration::from_secs(u64::from(self.sync_interval_minutes) * 60)
    }

    /// When a balance counts as stale.
    pub fn stale_after(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.stale_after_minutes))
    }
}

/// An earlier Paydesk ran only in sandbox mode, on `paydesk.sqlite3`. A file that holds
/// sandbox accounts and no live one becomes the sandbox file (renamed, with its history,
/// payouts and journal), unless a sandbox file exists already.
async fn adopt_sandbox_only_file(data_dir: &std::path::Path) -> Result<(), AppError> {
    let live_path = data_dir.join(DATABASE_FILE);
    let sandbox_path = data_dir.join(SANDBOX_DATABASE_FILE);
    if !live_path.exists() || sandbox_path.exists() {
        return Ok(());
    }
    let store = crate::start::open_store(&live_path).await?;
    let accounts = store.list_accounts().await.map_err(store_error)?;
    store.close().await;
    if accounts.is_empty() || accounts.iter().any(|a| a.mode == Mode::Live) {
        return Ok(());
    }
    for suffix in ["", "-wal", "-shm"] {
        let from = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        let to = data_dir.join(format!("{SANDBOX_DATABASE_FILE}{suffix}"));
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(AppError::new(
                    ErrorCode::StoreFailed,
                    format!("cannot move the sandbox data to {}: {e}", to.display()),
                ));
            }
        }
    }
    tracing::info!(
        accounts = accounts.len(),
        "the sandbox-only database of an earlier Paydesk is now the sandbox file"
    );
    Ok(())
}

/// Runs one mode's desk at a time; see the module docs.
#[derive(Clone)]
pub struct Host {
    inner: Arc<HostInner>,
}

struct HostInner {
    config: HostConfig,
    /// The live database: live accounts, their data, and the settings.
    live: Store,
    /// The running desk, if a mode is chosen. Held while switching, so that a command waits
    /// for the switch instead of reaching a desk that is stopping.
    current: tokio::sync::Mutex<Option<Desk>>,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

fn store_error(e: paydesk_store::StoreError) -> AppError {
    e.into()
}

impl Host {
    /// Opens the live database and the launch mode's desk (none when the welcome screen is
    /// due). Only an unusable database or data folder is an error.
    pub async fn open(config: HostConfig) -> Result<Host, AppError> {
        crate::start::create_data_dir(&config.data_dir)?;
        adopt_sandbox_only_file(&config.data_dir).await?;
        let live = crate::start::open_store(&config.data_dir.join(DATABASE_FILE)).await?;
        let host = Host {
            inner: Arc::new(HostInner {
                config,
                live,
                current: tokio::sync::Mutex::new(None),
            }),
        };
        let launch = match host.inner.config.start_in {
            Some(mode) => Some(mode),
            None if host.has_live_account().await? => Some(host.settings().await?.default_mode),
            None => None,
        };
        if let Some(mode) = launch {
            let desk = host.open_desk(mode).await?;
            *host.inner.current.lock().await = Some(desk);
        }
        Ok(host)
    }

    async fn open_desk(&self, mode: Mode) -> Result<Desk, AppError> {
        let config = &self.inner.config;
        let settings = self.settings().await?;
        let sandbox = (mode == Mode::Sandbox && !config.offline).then(|| config.sandbox.clone());
        let mut desk_config = DeskConfig::new(
            config.data_dir.clone(),
            mode,
            sandbox,
            config.secrets.clone(),
            config.events.clone(),
        );
        desk_config.store = (mode == Mode::Live).then(|| self.inner.live.clone());
        desk_config.confirmer = config.confirmer.clone();
        desk_config.sync_every = Some(self.sync_every(&settings));
        desk_config.stale_after = settings.stale_after();
        desk_config.payout_settings = config.payout_settings;
        tracing::info!(mode = mode.as_str(), "opening the desk");
        Desk::open(desk_config).await
    }

    /// The running desk, or advice to choose a mode (`input.invalid`) on the welcome screen.
    pub async fn desk(&self) -> Result<Desk, AppError> {
        self.inner.current.lock().await.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::InputInvalid,
                "choose how to start first: try Paydesk with simulated providers, or connect \
                 your first live account",
            )
        })
    }

    /// The running desk without waiting for a switch under way (`None` on the welcome screen
    /// or while switching).
    pub fn try_desk(&self) -> Option<Desk> {
        self.inner
            .current
            .try_lock()
            .ok()
            .and_then(|current| current.clone())
    }

    /// Whether the live database holds a live account.
    pub async fn has_live_account(&self) -> Result<bool, AppError> {
        let accounts = self.inner.live.list_accounts().await.map_err(store_error)?;
        Ok(accounts.iter().any(|a| a.mode == Mode::Live))
    }

    /// The frame's facts: version, mode, folders.
    pub async fn info(&self) -> Result<AppInfo, AppError> {
        let mode = self.inner.current.lock().await.as_ref().map(Desk::mode);
        let config = &self.inner.config;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            mode,
            has_live_account: self.has_live_account().await?,
            data_dir: config.data_dir.display().to_string(),
            log_dir: config.log_dir.display().to_string(),
            offline: config.offline,
        })
    }

    /// Shows `mode`: stops the running desk (if another mode's) and opens this one.
    pub async fn switch(&self, mode: Mode) -> Result<AppInfo, AppError> {
        {
            let mut current = self.inner.current.lock().await;
            let previous = current.as_ref().map(Desk::mode);
            if previous != Some(mode) {
                if let Some(desk) = current.take() {
                    desk.shutdown().await;
                }
                match self.open_desk(mode).await {
                    Ok(desk) => *current = Some(desk),
                    Err(e) => {
                        // Stay where the merchant was rather than fall back to the welcome state.
                        if let Some(previous) = previous {
                            *current = self.open_desk(previous).await.ok();
                        }
                        return Err(e);
                    }
                }
            }
        }
        self.info().await
    }

    /// The background sync interval: the command line's for this run, else the settings'.
    fn sync_every(&self, settings: &Settings) -> Duration {
        self.inner
            .config
            .sync_every
            .unwrap_or_else(|| settings.sync_every())
    }

    /// The settings (defaults where none are saved).
    pub async fn settings(&self) -> Result<Settings, AppError> {
        let stored = self.inner.live.settings().await.map_err(store_error)?;
        Ok(Settings::from_stored(&stored))
    }

    /// Checks and saves the settings, and applies them to the running desk at once.
    pub async fn save_settings(&self, settings: Settings) -> Result<Settings, AppError> {
        settings.check()?;
        self.inner
            .live
            .save_settings(&settings.stored())
            .await
            .map_err(store_error)?;
        if let Some(desk) = self.inner.current.lock().await.as_ref() {
            desk.apply_settings(settings.stale_after(), Some(self.sync_every(&settings)));
        }
        tracing::info!(?settings, "settings saved");
        Ok(settings)
    }

    /// Deletes the sandbox database (simulated data and sandbox accounts, with their kept
    /// credentials) and, when SANDBOX is shown, starts it afresh. Live data is not touched.
    pub async fn reset_sandbox(&self) -> Result<AppInfo, AppError> {
        {
            let mut current = self.inner.current.lock().await;
            let showing_sandbox = current.as_ref().map(Desk::mode) == Some(Mode::Sandbox);
            if showing_sandbox && let Some(desk) = current.take() {
                desk.shutdown().await;
            }
            self.forget_sandbox_credentials().await;
            let data_dir = &self.inner.config.data_dir;
            for suffix in ["", "-wal", "-shm"] {
                let path = data_dir.join(format!("{SANDBOX_DATABASE_FILE}{suffix}"));
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(AppError::new(
                            ErrorCode::StoreFailed,
                            format!("cannot delete the sandbox data {}: {e}", path.display()),
                        ));
                    }
                }
            }
            tracing::info!("sandbox data reset");
            if showing_sandbox {
                *current = Some(self.open_desk(Mode::Sandbox).await?);
            }
        }
        self.info().await
    }

    /// Removes the keyring entries of the sandbox database's accounts (they go with it).
    async fn forget_sandbox_credentials(&self) {
        let path = self.inner.config.data_dir.join(SANDBOX_DATABASE_FILE);
        if !path.exists() {
            return;
        }
        let Ok(store) = Store::open(&path).await else {
            return;
        };
        for account in store.list_accounts().await.unwrap_or_default() {
            if let Err(e) = self.inner.config.secrets.delete_all(&account.id).await {
                tracing::warn!(
                    account = account.id.as_str(),
                    code = e.code.as_str(),
                    "could not remove a sandbox account's credentials"
                );
            }
        }
        store.close().await;
    }

    /// Stops the running desk and closes the live database.
    pub async fn shutdown(&self) {
        if let Some(desk) = self.inner.current.lock().await.take() {
            desk.shutdown().await;
        }
        self.inner.live.close().await;
    }
}
