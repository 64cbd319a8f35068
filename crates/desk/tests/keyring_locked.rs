//! A keyring that is locked when Paydesk starts: the desk still opens on the cache, and the
//! Overview's banners say the keyring is locked, in the words the merchant reads.
//!
//! This runs against the real OS keyring store ([`KeyringStore`]) and a real gnome-keyring
//! that the test locks, so it is `#[ignore]`d: `scripts/keyring-test.sh` runs it in a
//! throwaway D-Bus session of its own with `PAYDESK_KEYRING_TEST_MAY_LOCK=1` (it locks that
//! session's default keyring). The session has no display, so gnome-keyring cannot show an
//! unlock prompt and refuses at once.

mod support;

use std::sync::Arc;
use std::time::Duration;

use paydesk_desk::Desk;
use paydesk_engine::KeyringStore;
use paydesk_sandbox::all::SandboxConfig;

/// What the merchant reads on the Overview when the keyring refuses access.
const LOCKED: &str = "Your keyring is locked or refused access to Paydesk. Unlock your keyring \
                      (log in again or open your password manager), then try again.";

fn sandbox() -> SandboxConfig {
    let mut sandbox = SandboxConfig::demo(31);
    sandbox.history_size = Some(120);
    sandbox
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "locks the keyring; run scripts/keyring-test.sh"]
async fn a_locked_keyring_at_start_is_a_banner_and_the_cache_still_shows() {
    if std::env::var("PAYDESK_KEYRING_TEST_MAY_LOCK").as_deref() != Ok("1") {
        panic!(
            "this test locks the default keyring: run it through scripts/keyring-test.sh, which \
             sets PAYDESK_KEYRING_TEST_MAY_LOCK=1 in a throwaway session"
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let keyring = Arc::new(
        KeyringStore::with_service(format!(
            "io.paydesk.desktop.test.{}.desk-locked",
            std::process::id()
        ))
        .with_timeout(Duration::from_secs(5)),
    );

    // A first run with the keyring open: the sandbox accounts' credentials go to the keyring,
    // the sync fills the cache.
    let (config, _) = support::desk_config(dir.path(), Some(sandbox()), keyring.clone());
    let desk = Desk::start(config).await.expect("the desk starts");
    desk.sync_now().await.expect("first sync");
    let before = desk.overview().await.expect("overview");
    assert!(before.problems.is_empty(), "{:?}", before.problems);
    assert_eq!(before.accounts.len(), 5);
    assert!(before.cached_transactions > 0);
    assert!(!before.totals.is_empty());
    desk.shutdown().await;

    paydesk_engine::secrets::lock_session_keyring().expect("the keyring is locked");

    // The next start finds the keyring locked.
    let (config, _) = support::desk_config(dir.path(), Some(sandbox()), keyring);
    let desk = tokio::time::timeout(Duration::from_secs(60), Desk::start(config))
        .await
        .expect("a locked keyring does not hang the start")
        .expect("a locked keyring does not stop the desk");
    let overview = desk.overview().await.expect("overview");
    let banners: Vec<_> = overview
        .problems
        .iter()
        .map(|p| (p.error.code.as_str(), p.error.message.as_str()))
        .collect();
    assert!(
        banners.contains(&("keyring.locked", LOCKED)),
        "the Overview's banners say the keyring is locked: {banners:?}"
    );
    // Each account says why it cannot reach its provider, in the same words.
    for account in &overview.accounts {
        let said = format!("{} ({}): {LOCKED}", account.label, account.id);
        assert!(
            banners.contains(&("keyring.locked", said.as_str())),
            "a banner for {}: {banners:?}",
            account.label
        );
    }

    // The cached figures are still there.
    assert_eq!(overview.accounts.len(), 5, "the cached accounts are shown");
    assert_eq!(overview.cached_transactions, before.cached_transactions);
    assert_eq!(overview.totals, before.totals, "with their cached balances");
    desk.shutdown().await;
}
