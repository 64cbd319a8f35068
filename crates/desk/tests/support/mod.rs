//! What the desk's integration tests share: a desk on fresh embedded simulators with quick
//! payout polling, counting listed rows, waiting for a payout to end, and a save dialog that
//! answers a fixed path.

// Each test file uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paydesk_desk::views::{
    Bucket, Earnings, EarningsQuery, PageRequest, PayoutView, TransactionFilter, TransactionRow,
};
use paydesk_desk::{CsvSaveTarget, Desk, DeskConfig, EventLog, HostConfig};
use paydesk_domain::Mode;
use paydesk_engine::payouts::PayoutSettings;
use paydesk_engine::{InMemoryStore, SecretStore};
use paydesk_sandbox::all::SandboxConfig;

/// A desk over `data` on freshly seeded simulators (120 records per provider), no scheduler.
pub async fn start_desk(data: &Path, seed: u64) -> (Desk, Arc<EventLog>) {
    let mut sandbox = SandboxConfig::demo(seed);
    sandbox.history_size = Some(120);
    start_desk_with(data, Some(sandbox), Arc::new(InMemoryStore::new())).await
}

/// A desk over `data` with these simulators (none: offline) and this secret store.
pub async fn start_desk_with(
    data: &Path,
    sandbox: Option<SandboxConfig>,
    secrets: Arc<InMemoryStore>,
) -> (Desk, Arc<EventLog>) {
    let (config, events) = desk_config(data, sandbox, secrets);
    let desk = Desk::start(config).await.expect("the desk starts");
    (desk, events)
}

/// The tests' desk settings: no scheduler, quick payout polling, events kept in a log.
pub fn desk_config(
    data: &Path,
    sandbox: Option<SandboxConfig>,
    secrets: Arc<dyn SecretStore>,
) -> (DeskConfig, Arc<EventLog>) {
    let events = Arc::new(EventLog::new());
    let mut config = DeskConfig::new(
        data.to_path_buf(),
        Mode::Sandbox,
        sandbox,
        secrets,
        events.clone(),
    );
    config.sync_every = None;
    config.payout_settings = PayoutSettings {
        poll_first: Duration::from_millis(200),
        poll_max: Duration::from_secs(1),
        poll_limit: 120,
        ..PayoutSettings::default()
    };
    (config, events)
}

/// The tests' host settings over `data`: the launch mode `start_in` (none: the settings, or
/// the welcome state), simulators with `sandbox` (none: offline), events kept in a log.
pub fn host_config(
    data: &Path,
    sandbox: Option<SandboxConfig>,
    secrets: Arc<dyn SecretStore>,
    confirmer: Arc<dyn paydesk_desk::LiveConfirmer>,
    start_in: Option<Mode>,
) -> HostConfig {
    let (desk, _) = desk_config(data, None, secrets.clone());
    HostConfig {
        data_dir: data.to_path_buf(),
        log_dir: data.join("logs"),
        secrets,
        events: Arc::new(EventLog::new()),
        confirmer,
        offline: sandbox.is_none(),
        sandbox: sandbox.unwrap_or_else(|| SandboxConfig::demo(1)),
        start_in,
        payout_settings: desk.payout_settings,
        sync_every: None,
    }
}

/// How many rows the Transactions list shows under `filter`, walking every page.
pub async fn listed_rows(desk: &Desk, filter: &TransactionFilter) -> usize {
    listed(desk, filter).await.len()
}

/// Every row the Transactions list shows under `filter`, walking every page by keyset.
pub async fn listed(desk: &Desk, filter: &TransactionFilter) -> Vec<TransactionRow> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = desk
            .transactions(&PageRequest {
                filter: filter.clone(),
                after,
                limit: 500,
                ..PageRequest::default()
            })
            .await
            .expect("page");
        rows.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

/// The earnings series of the last `days` days, daily points.
pub async fn daily_earnings(desk: &Desk, days: i64) -> Earnings {
    let today = chrono::Utc::now().date_naive();
    desk.earnings(&EarningsQuery {
        from: (today - chrono::Duration::days(days - 1)).to_string(),
        to: today.to_string(),
        bucket: Bucket::Day,
    })
    .await
    .expect("earnings")
}

/// One intent as the Payouts or the Get paid list shows it.
pub async fn intent_view(desk: &Desk, id: &str) -> PayoutView {
    let mut all = desk.payouts().await.expect("payouts");
    all.extend(desk.payment_requests().await.expect("payment requests"));
    all.into_iter()
        .find(|p| p.id == id)
        .expect("listed in Payouts or Get paid")
}

/// The payout once it is final (at most 60 s).
pub async fn wait_for_terminal(desk: &Desk, id: &str) -> PayoutView {
    for _ in 0..300 {
        let payout = intent_view(desk, id).await;
        if payout.state.is_terminal() {
            return payout;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("payout {id} did not reach a final state within 60 s");
}

/// The native save dialog's stand-in: the merchant always picks `path` (`None`: cancels).
/// Keeps each file name the desk suggested.
pub struct FixedSaveTarget {
    path: Option<PathBuf>,
    suggested: Mutex<Vec<String>>,
}

impl FixedSaveTarget {
    /// A dialog where the merchant picks `path`.
    pub fn choosing(path: impl Into<PathBuf>) -> FixedSaveTarget {
        FixedSaveTarget {
            path: Some(path.into()),
            suggested: Mutex::new(Vec::new()),
        }
    }

    /// A dialog the merchant cancels.
    pub fn cancelled() -> FixedSaveTarget {
        FixedSaveTarget {
            path: None,
            suggested: Mutex::new(Vec::new()),
        }
    }

    /// The file names suggested so far, one per time the dialog opened.
    pub fn suggested(&self) -> Vec<String> {
        self.suggested.lock().expect("suggested names").clone()
    }
}

impl CsvSaveTarget for FixedSaveTarget {
    async fn choose_csv_path(&self, suggested_name: &str) -> Option<PathBuf> {
        self.suggested
            .lock()
            .expect("suggested names")
            .push(suggested_name.to_owned());
        self.path.clone()
    }
}
