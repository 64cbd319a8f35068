//! The account use-cases against real parts: a real SQLite file in a temporary directory, the
//! five simulators over HTTP on 127.0.0.1, and the in-memory secret store double (the real
//! keyring is exercised by `accounts_keyring.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use paydesk_domain::{AccountId, ErrorCode, Mode, ProviderKind};
use paydesk_engine::accounts::{default_base_url, sandbox_account_id};
use paydesk_engine::{
    AccountEdit, AccountService, CredentialFields, InMemoryStore, NewAccountForm, SecretName,
    SimulatorEndpoint, ensure_sandbox_accounts,
};
use paydesk_sandbox::Clock;
use paydesk_sandbox::all::{Endpoint, Sandbox, SandboxConfig};
use paydesk_store::{Store, SyncState};

struct World {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    secrets: Arc<InMemoryStore>,
    service: AccountService,
    sandbox: Sandbox,
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("paydesk.sqlite");
    let store = Store::open(&db).await.expect("store opens");
    let secrets = Arc::new(InMemoryStore::new());
    let service = AccountService::new(store.clone(), secrets.clone());
    let clock = Clock::manual(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 7,
        history_size: Some(20),
        clock,
        base_port: None,
        tickers: false,
        hexai_live: false,
    })
    .await
    .expect("simulators start");
    World {
        _dir: dir,
        db,
        store,
        secrets,
        service,
        sandbox,
    }
}

impl World {
    /// The running simulators as the desk hands them to the engine.
    fn simulator_endpoints(&self) -> Vec<SimulatorEndpoint> {
        self.sandbox
            .endpoints()
            .into_iter()
            .map(|e| SimulatorEndpoint {
                provider: e.provider,
                api_base_url: e.api_base_url,
                credentials: e.credentials,
            })
            .collect()
    }

    fn endpoint(&self, provider: ProviderKind) -> Endpoint {
        self.sandbox
            .endpoints()
            .into_iter()
            .find(|e| e.provider == provider)
            .expect("endpoint")
    }

    /// The simulator's credentials as form fields (names as in `ensure_sandbox_accounts`).
    fn fields(&self, provider: ProviderKind) -> CredentialFields {
        let mut fields = CredentialFields::new();
        for (name, value) in self.endpoint(provider).credentials {
            let name = name.to_ascii_lowercase().replace(' ', "_");
            let field = SecretName::ALL
                .into_iter()
                .find(|f| f.as_str() == name)
                .expect("known field");
            fields = fields.with(field, value);
        }
        fields
    }

    fn form(&self, provider: ProviderKind, label: &str) -> NewAccountForm {
        NewAccountForm {
            provider,
            label: label.to_owned(),
            mode: Some(Mode::Sandbox),
            base_url: Some(self.endpoint(provider).api_base_url),
            credentials: self.fields(provider),
            test_connection: true,
        }
    }

    /// The raw bytes of the database and its WAL.
    fn database_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(&self.db).expect("db file");
        let wal = wal_path(&self.db);
        if wal.exists() {
            bytes.extend(std::fs::read(wal).expect("wal file"));
        }
        bytes
    }

    async fn assert_nothing_stored(&self, secrets: &[&str]) {
        assert!(self.store.list_accounts().await.expect("list").is_empty());
        assert!(
            self.secrets.is_empty(),
            "{} secrets kept",
            self.secrets.len()
        );
        let bytes = self.database_bytes();
        for secret in secrets {
            assert_eq!(occurrences(&bytes, secret), 0, "a secret reached SQLite");
        }
    }
}

fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn occurrences(haystack: &[u8], needle: &str) -> usize {
    let needle = needle.as_bytes();
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Every value of every simulator's credentials except HPAY's mode (not a secret).
fn all_secrets(world: &World) -> Vec<&'static str> {
    world
        .sandbox
        .endpoints()
        .into_iter()
        .flat_map(|e| e.credentials)
        .filter(|(name, _)| *name != "mode")
        .map(|(_, value)| value)
        .collect()
}

const OTHER_HG_TOKEN: &str =
    "cash_0000000000000000000000000000000000000000000000000000000000000bad";

#[tokio::test]
async fn add_edit_test_remove_every_provider_with_two_accounts_each() {
    let w = world().await;
    for provider in ProviderKind::ALL {
        let first = w
            .service
            .add(w.form(provider, &format!("{provider} one")))
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e:?}"));
        let second = w
            .service
            .add(w.form(provider, &format!("{provider} two")))
            .await
            .expect("second account of the same provider");
        assert_ne!(first.id, second.id);
        assert_eq!(first.mode, Mode::Sandbox);
        assert_eq!(first.base_url, Some(w.endpoint(provider).api_base_url));
        assert!(first.custom_base_url);
        assert!(first.credentials.iter().all(|c| c.configured), "{provider}");

        let check = w.service.test_connection(&first.id).await.expect("test");
        assert_eq!(check.provider, provider);

        let edited = w
            .service
            .edit(
                &first.id,
                AccountEdit {
                    label: Some(format!("{provider} renamed")),
                    test_connection: true,
                    ..AccountEdit::default()
                },
            )
            .await
            .expect("edit");
        assert_eq!(edited.label, format!("{provider} renamed"));
        assert_eq!(edited.base_url, first.base_url);

        w.store
            .set_sync_state(
                &first.id,
                &SyncState {
                    cursor: Some("c".into()),
                    ..SyncState::default()
                },
            )
            .await
            .expect("sync state");
        w.service.remove(&first.id).await.expect("remove");
        for name in SecretName::ALL {
            assert!(!w.secrets.contains(&first.id, name), "{provider} {name:?}");
        }
        assert_eq!(w.store.sync_state(&first.id).await.expect("read"), None);
        let error = w.service.view(&first.id).await.expect_err("gone");
        assert_eq!(error.code, ErrorCode::AccountNotFound);
        let kept = w
            .service
            .view(&second.id)
            .await
            .expect("other account stays");
        assert!(kept.credentials.iter().all(|c| c.configured));
    }
    assert_eq!(w.service.list().await.expect("list").len(), 5);

    let audit = w.store.list_audit(None, 100).await.expect("audit");
    assert!(audit.iter().all(|e| e.actor == "local user"));
    for action in [
        "account.add",
        "account.edit",
        "account.test_connection",
        "account.remove",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
    let bytes = w.database_bytes();
    // The scan sees what was written (the labels), so its zero counts below mean something.
    assert!(occurrences(&bytes, &format!("{} two", ProviderKind::Hubcash)) > 0);
    for secret in all_secrets(&w) {
        assert_eq!(occurrences(&bytes, secret), 0, "a secret reached SQLite");
    }
}

#[tokio::test]
async fn wrong_shape_is_input_invalid_naming_the_field_and_stores_nothing() {
    let w = world().await;
    let cases = [
        (
            ProviderKind::HgCash,
            SecretName::Token,
            "cash_NOT-HEX-token-1234",
            "token",
        ),
        (
            ProviderKind::Hexai,
            SecretName::SecretKey,
            "sk_test_",
            "secret_key",
        ),
        (ProviderKind::Hpay, SecretName::Mode, "LIVE", "mode"),
        (
            ProviderKind::CashWeb,
            SecretName::ApiKey,
            "key with spaces 123",
            "api_key",
        ),
        (ProviderKind::Hubcash, SecretName::Code, "   ", "code"),
    ];
    for (provider, field, value, named) in cases {
        let mut form = w.form(provider, "bad");
        form.credentials
            .insert(field, paydesk_domain::Secret::new(value));
        let error = w.service.add(form).await.expect_err("refused");
        assert_eq!(error.code, ErrorCode::InputInvalid, "{provider}: {error:?}");
        assert_eq!(error.field.as_deref(), Some(named), "{provider}");
        // (The Hexai message names the bare prefix entered, which is no secret.)
        if value.trim().len() >= 4 && provider != ProviderKind::Hexai {
            assert!(!error.message.contains(value.trim()), "{}", error.message);
        }
    }
    // A base URL carrying a password is refused, and the password is not logged either.
    let mut form = w.form(ProviderKind::CashWeb, "url");
    form.base_url = Some("https://merchant:urlpassword-0001@127.0.0.1:9/api".into());
    let error = w.service.add(form).await.expect_err("refused");
    assert_eq!(error.field.as_deref(), Some("base_url"));
    assert!(!error.message.contains("urlpassword-0001"));

    let mut secrets = all_secrets(&w);
    secrets.push("urlpassword-0001");
    w.assert_nothing_stored(&secrets).await;
    let audit = w.store.list_audit(None, 100).await.expect("audit");
    assert_eq!(audit.len(), 6, "each failed attempt is recorded");
    assert!(
        audit
            .iter()
            .all(|e| e.details["outcome"]["code"] == "input.invalid")
    );
}

#[tokio::test]
async fn credentials_the_simulator_rejects_are_unauthorized_and_store_nothing() {
    let w = world().await;
    let wrong = [
        (ProviderKind::HgCash, SecretName::Token, OTHER_HG_TOKEN),
        (
            ProviderKind::Hexai,
            SecretName::SecretKey,
            "sk_test_wrongwrongwrongwrongwrong0001",
        ),
        (
            ProviderKind::Hpay,
            SecretName::SecretKey,
            "wrong.secret.key.000001",
        ),
        (
            ProviderKind::CashWeb,
            SecretName::ApiKey,
            "cw_wrong_api_key_000001",
        ),
        (
            ProviderKind::Hubcash,
            SecretName::Token,
            "wrong-hubcash-token-000001",
        ),
    ];
    for (provider, field, value) in wrong {
        let mut form = w.form(provider, "rejected");
        form.credentials
            .insert(field, paydesk_domain::Secret::new(value));
        let error = w.service.add(form).await.expect_err("rejected");
        assert_eq!(
            error.code,
            ErrorCode::ProviderUnauthorized,
            "{provider}: {error:?}"
        );
        assert!(!error.message.contains(value));
    }
    let mut secrets = all_secrets(&w);
    secrets.extend(wrong.iter().map(|(_, _, value)| *value));
    w.assert_nothing_stored(&secrets).await;
}

#[tokio::test]
async fn sandbox_bootstrap_makes_five_working_accounts_once() {
    let w = world().await;
    let endpoints = w.simulator_endpoints();
    let views = ensure_sandbox_accounts(&w.store, w.secrets.as_ref(), &endpoints)
        .await
        .expect("bootstrap");
    assert_eq!(views.len(), 5);
    for view in &views {
        assert_eq!(view.mode, Mode::Sandbox);
        assert_eq!(view.id, sandbox_account_id(view.provider).expect("id"));
        assert!(view.credentials.iter().all(|c| c.configured), "{view:?}");
        w.service
            .test_connection(&view.id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", view.provider));
    }
    let audit_before = w.store.list_audit(None, 100).await.expect("audit").len();
    let again = ensure_sandbox_accounts(&w.store, w.secrets.as_ref(), &endpoints)
        .await
        .expect("again");
    assert_eq!(again.len(), 5);
    assert_eq!(w.store.list_accounts().await.expect("list").len(), 5);
    let audit_after = w.store.list_audit(None, 100).await.expect("audit").len();
    assert_eq!(
        audit_before, audit_after,
        "nothing changed, nothing recorded"
    );

    // The simulators restarted on other ports: the accounts follow them.
    let mut moved = endpoints.clone();
    moved[0].api_base_url = "http://127.0.0.1:9/api/v1".into();
    let views = ensure_sandbox_accounts(&w.store, w.secrets.as_ref(), &moved)
        .await
        .expect("moved");
    assert_eq!(
        views[0].base_url.as_deref(),
        Some("http://127.0.0.1:9/api/v1")
    );
    assert_eq!(w.store.list_accounts().await.expect("list").len(), 5);

    let bytes = w.database_bytes();
    for secret in all_secrets(&w) {
        assert_eq!(occurrences(&bytes, secret), 0, "a secret reached SQLite");
    }
}

#[tokio::test]
async fn modes_follow_the_credentials_or_the_merchants_choice() {
    let w = world().await;
    // Hexai: the sk_test_ prefix says sandbox; asking for live is refused.
    let mut form = w.form(ProviderKind::Hexai, "hexai");
    form.mode = Some(Mode::Live);
    let error = w.service.add(form).await.expect_err("conflict");
    assert_eq!(error.field.as_deref(), Some("mode"));

    // HPAY documents no base URL: one must be entered.
    let mut form = w.form(ProviderKind::Hpay, "hpay");
    form.base_url = None;
    form.test_connection = false;
    let error = w.service.add(form).await.expect_err("no url");
    assert_eq!(error.field.as_deref(), Some("base_url"));

    // HG.Cash needs a chosen mode.
    let mut form = w.form(ProviderKind::HgCash, "hg");
    form.mode = None;
    let error = w.service.add(form).await.expect_err("no mode");
    assert_eq!(error.field.as_deref(), Some("mode"));
    w.assert_nothing_stored(&all_secrets(&w)).await;

    // CashWeb moved to live goes back to the documented live host.
    let cashweb = w
        .service
        .add(w.form(ProviderKind::CashWeb, "cw"))
        .await
        .expect("add");
    let live = w
        .service
        .edit(
            &cashweb.id,
            AccountEdit {
                mode: Some(Mode::Live),
                ..AccountEdit::default()
            },
        )
        .await
        .expect("to live");
    assert_eq!(live.mode, Mode::Live);
    assert!(!live.custom_base_url);
    assert_eq!(
        live.base_url.as_deref(),
        default_base_url(ProviderKind::CashWeb, Mode::Live)
    );

    // A failed test during an edit changes nothing.
    let before = w.service.view(&cashweb.id).await.expect("view");
    let error = w
        .service
        .edit(
            &cashweb.id,
            AccountEdit {
                label: Some("never".into()),
                mode: Some(Mode::Sandbox),
                base_url: Some(Some(w.endpoint(ProviderKind::CashWeb).api_base_url)),
                credentials: Some(
                    CredentialFields::new().with(SecretName::ApiKey, "cw_wrong_api_key_000002"),
                ),
                test_connection: true,
            },
        )
        .await
        .expect_err("rejected");
    assert_eq!(error.code, ErrorCode::ProviderUnauthorized);
    assert_eq!(w.service.view(&cashweb.id).await.expect("view"), before);

    // Unknown accounts.
    let nobody = AccountId::new("nobody").expect("id");
    assert_eq!(
        w.service.remove(&nobody).await.expect_err("none").code,
        ErrorCode::AccountNotFound
    );
}

#[tokio::test]
async fn credentials_go_over_https_or_to_this_machine_only() {
    let w = world().await;
    let refused_on_base_url = |error: &paydesk_domain::AppError| {
        assert_eq!(error.code, ErrorCode::InputInvalid, "{error:?}");
        assert_eq!(error.field.as_deref(), Some("base_url"), "{error:?}");
        assert!(
            error.message.contains("must use https://") && error.message.contains("example.com"),
            "{}",
            error.message
        );
    };

    // A live HG.Cash account over plain http to another machine: refused, nothing stored.
    let mut form = w.form(ProviderKind::HgCash, "hg live");
    form.mode = Some(Mode::Live);
    form.base_url = Some("http://example.com/api/v1".into());
    refused_on_base_url(&w.service.add(form).await.expect_err("plain http"));
    // A sandbox account is held to the same rule.
    let mut form = w.form(ProviderKind::CashWeb, "cw sandbox");
    form.base_url = Some("http://example.com/api/v1/partner".into());
    refused_on_base_url(&w.service.add(form).await.expect_err("plain http"));
    w.assert_nothing_stored(&all_secrets(&w)).await;

    // The same live account at the simulator on http://127.0.0.1:PORT: tested and saved.
    let mut form = w.form(ProviderKind::HgCash, "hg live");
    form.mode = Some(Mode::Live);
    let simulator = w.endpoint(ProviderKind::HgCash).api_base_url;
    assert!(simulator.starts_with("http://127.0.0.1:"), "{simulator}");
    let live = w.service.add(form).await.expect("loopback http is allowed");
    assert_eq!(live.mode, Mode::Live);
    assert_eq!(live.base_url.as_deref(), Some(simulator.as_str()));

    // Editing it to plain http elsewhere is refused and changes nothing.
    let error = w
        .service
        .edit(
            &live.id,
            AccountEdit {
                base_url: Some(Some("http://example.com/api/v1".into())),
                ..AccountEdit::default()
            },
        )
        .await
        .expect_err("plain http");
    refused_on_base_url(&error);
    assert_eq!(w.service.view(&live.id).await.expect("view"), live);

    // A row edited by hand in SQLite still gets no client (the providers' HTTP layer checks
    // again), so the token cannot leave in clear.
    let credentials =
        paydesk_engine::Credentials::load(w.secrets.as_ref(), &live.id, ProviderKind::HgCash)
            .await
            .expect("loads")
            .expect("saved");
    let error = paydesk_engine::sync::ProviderClient::build(
        &live.id,
        "http://example.com/api/v1",
        &credentials,
        &paydesk_engine::sync::ClientSettings::new(Mode::Live),
    )
    .expect_err("no client");
    assert!(
        error.message.contains("must use https://"),
        "{}",
        error.message
    );
}
