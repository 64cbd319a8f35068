//! Offline: after a session on the simulators, the app relaunched with no provider reachable
//! still shows the whole cached history and its balances, says it is offline, and marks each
//! account's sync error without losing anything.

mod support;

use std::sync::Arc;

use paydesk_desk::views::TransactionFilter;
use paydesk_engine::InMemoryStore;
use paydesk_sandbox::all::SandboxConfig;
use support::{listed_rows, start_desk_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_is_browsable_when_no_provider_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secrets = Arc::new(InMemoryStore::new());
    let mut sandbox = SandboxConfig::demo(31);
    sandbox.history_size = Some(80);
    let (online, _) = start_desk_with(dir.path(), Some(sandbox), secrets.clone()).await;
    online.sync_now().await.expect("sync");
    let before = online.overview().await.expect("overview");
    let rows_before = listed_rows(&online, &TransactionFilter::default()).await;
    assert!(rows_before > 0);
    online.shutdown().await;

    // Relaunch without the simulators: their ports are closed now.
    let (offline, _) = start_desk_with(dir.path(), None, secrets).await;
    offline
        .sync_now()
        .await
        .expect("a failed sync is not an app error");
    let after = offline.overview().await.expect("overview");
    assert!(
        after.offline,
        "the overview says the providers cannot be reached"
    );
    assert_eq!(after.cached_transactions, before.cached_transactions);
    assert_eq!(
        listed_rows(&offline, &TransactionFilter::default()).await,
        rows_before,
        "every cached row still listed"
    );
    assert_eq!(after.totals, before.totals, "balances kept from the cache");
    for card in &after.accounts {
        assert!(
            card.sync.error.is_some(),
            "{}: its sync error is shown",
            card.label
        );
        assert!(
            card.sync.last_sync.is_some(),
            "{}: last good sync kept",
            card.label
        );
        let old = before
            .accounts
            .iter()
            .find(|c| c.id == card.id)
            .expect("same account");
        assert_eq!(card.balances.len(), old.balances.len());
    }
    offline.shutdown().await;
}
