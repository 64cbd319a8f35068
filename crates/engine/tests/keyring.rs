//! The keyring store against a real Secret Service (gnome-keyring), and against none at all.
//!
//! These tests are `#[ignore]`d so a plain `cargo test` passes on machines and CI runners
//! without a session bus or keyring daemon. `scripts/keyring-test.sh` runs them inside a
//! throwaway `dbus-run-session` with an unlocked gnome-keyring whose files live in a temporary
//! directory, so they never touch the developer's own keyring. The script also builds
//! `examples/keyring-probe.rs`, which the tests run as a separate process to prove that a
//! value stored here is read back by a fresh process (it prints a hash, never the secret).
//!
//! The locked-keyring test locks the default collection, so it runs only when
//! `PAYDESK_KEYRING_TEST_MAY_LOCK=1` (the script sets it in a session of its own).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use paydesk_domain::{AccountId, ErrorCode, ProviderKind, Secret};
use paydesk_engine::{
    Credentials, HgCashCredentials, HpayCredentials, HpayMode, KeyringStore, SecretName,
    SecretStore, credential_status,
};
use sha2::{Digest, Sha256};

const HG_TOKEN: &str = "cash_16cdc3b6f83c72d9d2680adca4f430962981f6bf32613a129dded0aa060387d2";

/// A service name of this test run and test, so runs never see each other's entries.
fn service(test: &str) -> String {
    format!("io.paydesk.desktop.test.{}.{test}", std::process::id())
}

fn account(text: &str) -> AccountId {
    AccountId::new(text).expect("valid id")
}

fn sha256(text: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(text)))
}

/// The probe built next to this test binary (`target/debug/examples/keyring-probe`).
fn probe_path() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    let probe = debug.join("examples").join("keyring-probe");
    assert!(
        probe.exists(),
        "{} is missing: build it with `cargo build -p paydesk-engine --example keyring-probe` \
         (scripts/keyring-test.sh does)",
        probe.display()
    );
    probe
}

/// Runs the probe in a fresh process, as `configure` sets it up, and returns its one line.
/// Fails instead of hanging if the probe does not finish in a minute.
fn probe(configure: impl FnOnce(&mut Command), args: &[&str]) -> String {
    let mut command = Command::new(probe_path());
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    configure(&mut command);
    let mut child = command.spawn().expect("probe starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("probe status").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("keyring-probe hung for a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("probe output");
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("probe {args:?}: {stdout} {stderr}");
    stdout
}

/// The probe's reading of (service, account, name), in this session.
fn read_back(service: &str, account: &AccountId, name: SecretName) -> String {
    probe(|_| {}, &[service, account.as_str(), name.as_str()])
}

#[tokio::test]
#[ignore = "needs a Secret Service; run scripts/keyring-test.sh"]
async fn stores_reads_back_in_a_fresh_process_updates_and_deletes() {
    let service = service("crud");
    let store = KeyringStore::with_service(&service);
    let id = account("hexai-main");
    let first = Secret::new("sk_test_first0123456789abcdef");
    let second = Secret::new("sk_live_second0123456789abcdef");

    assert_eq!(store.get(&id, SecretName::SecretKey).await, Ok(None));
    assert_eq!(read_back(&service, &id, SecretName::SecretKey), "absent");

    store
        .set(&id, SecretName::SecretKey, &first)
        .await
        .expect("stored");
    assert_eq!(
        store.get(&id, SecretName::SecretKey).await,
        Ok(Some(first.clone()))
    );
    assert_eq!(
        read_back(&service, &id, SecretName::SecretKey),
        sha256(first.expose())
    );

    store
        .set(&id, SecretName::SecretKey, &second)
        .await
        .expect("updated");
    assert_eq!(
        read_back(&service, &id, SecretName::SecretKey),
        sha256(second.expose())
    );

    store
        .delete(&id, SecretName::SecretKey)
        .await
        .expect("deleted");
    assert_eq!(read_back(&service, &id, SecretName::SecretKey), "absent");
    store
        .delete(&id, SecretName::SecretKey)
        .await
        .expect("deleting nothing is fine");
}

#[tokio::test]
#[ignore = "needs a Secret Service; run scripts/keyring-test.sh"]
async fn credentials_round_trip_and_delete_all_removes_one_account() {
    let service = service("accounts");
    let store = KeyringStore::with_service(&service);
    let (gone, kept) = (account("hpay-main"), account("hgcash-main"));
    let hpay = Credentials::Hpay(
        HpayCredentials::new(
            Secret::new("91265Y.190DE10.967ZAA"),
            Secret::new("pkey.006JhgTHSd23f5.SDjd.Sze12Zds.hdesK1"),
            Secret::new("skey.0123456789abcdef"),
            HpayMode::Test,
        )
        .expect("valid"),
    );
    let hg = Credentials::HgCash(
        HgCashCredentials::new(Secret::new(HG_TOKEN), Some(Secret::new("hg-webhook-0123")))
            .expect("valid"),
    );
    hpay.save(&store, &gone).await.expect("saved");
    hg.save(&store, &kept).await.expect("saved");

    let loaded = Credentials::load(&store, &gone, ProviderKind::Hpay)
        .await
        .expect("loaded");
    assert_eq!(loaded.as_ref(), Some(&hpay));
    assert_eq!(
        read_back(&service, &gone, SecretName::Mode),
        sha256("TEST"),
        "the mode is kept beside the keys"
    );
    assert_eq!(
        read_back(&service, &kept, SecretName::Token),
        sha256(HG_TOKEN)
    );
    let status = credential_status(&store, &kept, ProviderKind::HgCash)
        .await
        .expect("status");
    assert!(status.iter().all(|row| row.configured));

    store.delete_all(&gone).await.expect("account removed");
    for name in SecretName::ALL {
        assert_eq!(store.get(&gone, name).await, Ok(None), "{name:?} remains");
    }
    assert_eq!(read_back(&service, &gone, SecretName::ApiKey), "absent");
    assert_eq!(
        Credentials::load(&store, &gone, ProviderKind::Hpay).await,
        Ok(None)
    );
    // The other account is untouched.
    assert_eq!(
        Credentials::load(&store, &kept, ProviderKind::HgCash)
            .await
            .expect("loaded")
            .as_ref(),
        Some(&hg)
    );
    store.delete_all(&kept).await.expect("cleaned up");
}

#[test]
#[ignore = "needs the keyring-probe example; run scripts/keyring-test.sh"]
fn no_keyring_daemon_is_keyring_unavailable_not_a_hang() {
    let empty_runtime_dir =
        std::env::temp_dir().join(format!("paydesk-no-bus-{}", std::process::id()));
    std::fs::create_dir_all(&empty_runtime_dir).expect("temp dir");
    let args = [
        "io.paydesk.desktop.test.nobus",
        "hexai-main",
        "secret_key",
        "10000",
    ];
    // A session bus address that leads nowhere.
    let bogus = probe(
        |c| {
            c.env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/paydesk/bus",
            )
            .env("XDG_RUNTIME_DIR", &empty_runtime_dir)
            .env_remove("DISPLAY");
        },
        &args,
    );
    assert_eq!(bogus, "error keyring.unavailable");
    // No session bus at all (and nothing libdbus could fall back to or auto-launch).
    let none = probe(
        |c| {
            c.env_remove("DBUS_SESSION_BUS_ADDRESS")
                .env("XDG_RUNTIME_DIR", &empty_runtime_dir)
                .env_remove("DISPLAY");
        },
        &args,
    );
    assert_eq!(none, "error keyring.unavailable");
    let _ = std::fs::remove_dir(&empty_runtime_dir);
}

#[tokio::test]
#[ignore = "needs a Secret Service; run scripts/keyring-test.sh"]
async fn locked_keyring_is_keyring_locked() {
    if std::env::var("PAYDESK_KEYRING_TEST_MAY_LOCK").as_deref() != Ok("1") {
        eprintln!(
            "skipped: locks the default keyring; scripts/keyring-test.sh runs it in a throwaway \
             session with PAYDESK_KEYRING_TEST_MAY_LOCK=1"
        );
        return;
    }
    let service = service("locked");
    let store = KeyringStore::with_service(&service).with_timeout(Duration::from_secs(5));
    let id = account("cashweb-main");
    let secret = Secret::new("cw-api-key-0123456789");
    store
        .set(&id, SecretName::ApiKey, &secret)
        .await
        .expect("stored while unlocked");

    paydesk_engine::secrets::lock_session_keyring().expect("the keyring is locked");

    // Without a way to show an unlock prompt (no display), gnome-keyring refuses at once; with
    // one nobody answers, the timeout ends the wait. Either way: keyring.locked.
    let error = store
        .get(&id, SecretName::ApiKey)
        .await
        .expect_err("locked");
    assert_eq!(error.code, ErrorCode::KeyringLocked, "{error:?}");
    assert!(error.message.to_lowercase().contains("unlock your keyring"));
    assert!(!error.message.contains(secret.expose()));
    let error = store
        .set(
            &id,
            SecretName::ApiKey,
            &Secret::new("cw-api-key-new-value"),
        )
        .await
        .expect_err("locked");
    assert_eq!(error.code, ErrorCode::KeyringLocked, "{error:?}");
    assert_eq!(
        read_back(&service, &id, SecretName::ApiKey),
        "error keyring.locked"
    );
}
