//! What the desk's integration tests share: a desk on fresh embedded simulators with quick
//! payout polling, and waiting for a payout to end.

// Each test file uses a part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paydesk_desk::views::PayoutView;
use paydesk_desk::{Desk, DeskConfig, EventLog, HostConfig};
use paydesk_domain::Mode;
use paydesk_engine::payouts::PayoutSettings;
use paydesk_engine::{InMemoryStore, SecretStore};
use paydesk_sandbox::all::SandboxConfig;
use paydesk_store::PayoutState;

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
    }
}

/// The payout once it is succeeded, failed or cancelled (at most 60 s).
pub async fn wait_for_terminal(desk: &Desk, id: &str) -> PayoutView {
    for _ in 0..300 {
        let list = desk.payouts().await.expect("payouts");
        let payout = list.into_iter().find(|p| p.id == id).expect("listed");
        if matches!(
            payout.state,
            PayoutState::Succeeded | PayoutState::Failed | PayoutState::Cancelled
        ) {
            return payout;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("payout {id} did not reach a final state within 60 s");
}
