//! The window does not wait for the providers: `Desk::open` answers the Overview from the cache
//! at once, says the providers are still starting, and holds the use-cases that need a
//! provider until the background start is over.
//!
//! The keyring is stood in for by a test double that holds every call until the test lets it
//! through: a slow keyring, made as slow as the test needs.

mod support;

use std::sync::Arc;
use std::time::Duration;

use paydesk_desk::Desk;
use paydesk_desk::views::PageRequest;
use paydesk_domain::{AccountId, Secret};
use paydesk_engine::{InMemoryStore, SecretName, SecretStore, StoreFuture};
use paydesk_sandbox::all::SandboxConfig;
use tokio::sync::Semaphore;

/// Holds every keyring call until `open()`.
struct GatedKeyring {
    inner: Arc<InMemoryStore>,
    gate: Semaphore,
}

impl GatedKeyring {
    fn new(inner: Arc<InMemoryStore>) -> GatedKeyring {
        GatedKeyring {
            inner,
            gate: Semaphore::new(0),
        }
    }

    fn open(&self) {
        self.gate.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    async fn pass(&self) {
        // The semaphore is never closed, so `acquire` only waits.
        if let Ok(permit) = self.gate.acquire().await {
            permit.forget();
        }
    }
}

impl SecretStore for GatedKeyring {
    fn get<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
    ) -> StoreFuture<'a, Option<Secret>> {
        Box::pin(async move {
            self.pass().await;
            self.inner.get(account, name).await
        })
    }

    fn set<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
        secret: &'a Secret,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.pass().await;
            self.inner.set(account, name, secret).await
        })
    }

    fn delete<'a>(&'a self, account: &'a AccountId, name: SecretName) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.pass().await;
            self.inner.delete(account, name).await
        })
    }
}

fn sandbox() -> SandboxConfig {
    let mut sandbox = SandboxConfig::demo(21);
    sandbox.history_size = Some(120);
    sandbox
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cached_overview_shows_while_the_providers_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keyring = Arc::new(InMemoryStore::new());

    // A first run fills the cache.
    let (desk, _) = support::start_desk_with(dir.path(), Some(sandbox()), keyring.clone()).await;
    desk.sync_now().await.expect("first sync");
    let before = desk.overview().await.expect("overview");
    assert!(
        !before.starting,
        "a started desk does not say it is starting"
    );
    assert_eq!(before.accounts.len(), 5);
    desk.shutdown().await;

    // The relaunch, with a keyring that does not answer yet.
    let gated = Arc::new(GatedKeyring::new(keyring));
    let (config, _) = support::desk_config(dir.path(), Some(sandbox()), gated.clone());
    let desk = tokio::time::timeout(Duration::from_secs(5), Desk::open(config))
        .await
        .expect("open does not wait for the keyring")
        .expect("the desk opens");
    let cached = tokio::time::timeout(Duration::from_secs(5), desk.overview())
        .await
        .expect("the Overview does not wait for the keyring")
        .expect("overview");
    assert!(
        cached.starting,
        "the Overview says the providers are starting"
    );
    assert_eq!(cached.accounts.len(), 5, "the cached accounts are shown");
    assert_eq!(cached.totals, before.totals, "with their cached balances");
    assert_eq!(cached.cached_transactions, before.cached_transactions);
    assert!(cached.cached_transactions > 0);
    let page = desk
        .transactions(&PageRequest {
            limit: 50,
            ..PageRequest::default()
        })
        .await
        .expect("the history reads from the cache meanwhile");
    assert!(!page.rows.is_empty());

    // A sync asked for now waits for the start instead of failing for want of clients.
    let syncing = tokio::spawn({
        let desk = desk.clone();
        async move { desk.sync_now().await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !syncing.is_finished(),
        "the sync waits for the accounts' clients"
    );

    gated.open();
    tokio::time::timeout(Duration::from_secs(30), desk.ready())
        .await
        .expect("the start ends once the keyring answers");
    syncing
        .await
        .expect("sync task")
        .expect("the sync runs once the clients are there");
    let after = desk.overview().await.expect("overview");
    assert!(!after.starting);
    assert!(
        after.problems.is_empty(),
        "no start-up problem: {:?}",
        after.problems
    );
    assert!(after.accounts.iter().all(|a| a.sync.error.is_none()));
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_first_launch_the_account_list_waits_for_the_sandbox_accounts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gated = Arc::new(GatedKeyring::new(Arc::new(InMemoryStore::new())));
    let (config, _) = support::desk_config(dir.path(), Some(sandbox()), gated.clone());
    let desk = Desk::open(config).await.expect("the desk opens");
    let starting = desk.overview().await.expect("overview");
    assert!(starting.starting);
    // The sandbox accounts are being made in the background: one may already be listed (its
    // row is written before its keyring entry), none is complete before the keyring answers.
    assert!(
        starting.accounts.len() < 5,
        "the five sandbox accounts cannot be ready before the keyring answers"
    );

    // The Accounts view asks while the sandbox accounts are still being made.
    let listing = tokio::spawn({
        let desk = desk.clone();
        async move { desk.accounts().await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    gated.open();
    let listed = tokio::time::timeout(Duration::from_secs(30), listing)
        .await
        .expect("the list answers once the start is over")
        .expect("list task")
        .expect("accounts");
    assert_eq!(
        listed.len(),
        5,
        "the list shows the five sandbox accounts, not an empty list"
    );
    desk.shutdown().await;
}
