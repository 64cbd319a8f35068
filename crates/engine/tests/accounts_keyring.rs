//! The account add/remove flow against a real Secret Service (gnome-keyring): the credentials
//! land in the keyring, never in SQLite, and removing the account removes them.
//!
//! `#[ignore]`d like `keyring.rs`, so a plain `cargo test` passes without a session bus;
//! `scripts/keyring-test.sh` runs it inside a throwaway, unlocked keyring session.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use paydesk_domain::{Mode, ProviderKind};
use paydesk_engine::{
    AccountService, CredentialFields, KeyringStore, NewAccountForm, SecretName, SecretStore,
};
use paydesk_sandbox::Clock;
use paydesk_sandbox::all::{Sandbox, SandboxConfig};
use paydesk_store::Store;

#[tokio::test]
#[ignore = "needs a Secret Service; run scripts/keyring-test.sh"]
async fn add_and_remove_keep_credentials_in_the_keyring_only() {
    let service_name = format!("io.paydesk.desktop.test.{}.accounts", std::process::id());
    let keyring = Arc::new(KeyringStore::with_service(&service_name));
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("paydesk.sqlite");
    let store = Store::open(&db).await.expect("store");
    let accounts = AccountService::new(store.clone(), keyring.clone());
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 11,
        history_size: Some(10),
        clock: Clock::manual(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()),
        base_port: None,
        tickers: false,
        hexai_live: false,
    })
    .await
    .expect("simulators");
    let hexai = sandbox
        .endpoints()
        .into_iter()
        .find(|e| e.provider == ProviderKind::Hexai)
        .expect("hexai");
    let key = paydesk_sandbox::hexai::DEFAULT_TEST_KEY;
    let webhook = paydesk_sandbox::hexai::DEFAULT_WEBHOOK_SECRET;

    let view = accounts
        .add(NewAccountForm {
            provider: ProviderKind::Hexai,
            label: "Hexai keyring".into(),
            mode: None,
            base_url: Some(hexai.api_base_url.clone()),
            credentials: CredentialFields::new()
                .with(SecretName::SecretKey, key)
                .with(SecretName::WebhookSecret, webhook),
            test_connection: true,
        })
        .await
        .expect("added");
    assert_eq!(view.mode, Mode::Sandbox);
    assert!(view.credentials.iter().all(|c| c.configured));
    let kept = keyring
        .get(&view.id, SecretName::SecretKey)
        .await
        .expect("keyring read");
    assert_eq!(kept.as_ref().map(|s| s.expose()), Some(key));
    accounts
        .test_connection(&view.id)
        .await
        .expect("tests with the kept key");

    let mut bytes = std::fs::read(&db).expect("db");
    if let Ok(wal) = std::fs::read(dir.path().join("paydesk.sqlite-wal")) {
        bytes.extend(wal);
    }
    for secret in [key, webhook] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a secret reached SQLite"
        );
    }

    accounts.remove(&view.id).await.expect("removed");
    for name in SecretName::ALL {
        assert_eq!(
            keyring.get(&view.id, name).await,
            Ok(None),
            "{name:?} remains"
        );
    }
    assert!(store.list_accounts().await.expect("list").is_empty());
}
