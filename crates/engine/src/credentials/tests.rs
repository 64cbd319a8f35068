//! Unit tests of the credentials: shape rules, redaction, and saving/loading through the
//! in-memory store double.

use super::*;
use crate::secrets::InMemoryStore;

const HG_TOKEN: &str = "cash_16cdc3b6f83c72d9d2680adca4f430962981f6bf32613a129dded0aa060387d2";

fn s(text: &str) -> Secret {
    Secret::new(text)
}

fn account(text: &str) -> AccountId {
    AccountId::new(text).expect("valid id")
}

/// Asserts that `result` is a field error naming `field` and not quoting `value`.
fn fails_on<T: std::fmt::Debug>(result: Result<T, FieldError>, field: &str, value: &str) {
    let error = result.expect_err("should be refused");
    assert_eq!(error.field, field, "{error}");
    let app = AppError::from(error.clone());
    assert_eq!(app.code, ErrorCode::InputInvalid);
    assert_eq!(app.field.as_deref(), Some(field));
    if value.trim().len() >= 4 {
        assert!(!app.message.contains(value.trim()), "{}", app.message);
    }
}

#[test]
fn hgcash_token_is_cash_and_64_lowercase_hex() {
    let ok = HgCashCredentials::new(s(HG_TOKEN), None).expect("documented example");
    assert_eq!(ok.token().expose(), HG_TOKEN);
    assert_eq!(ok.webhook_secret(), None);
    // Blanks pasted around it are dropped.
    let padded = HgCashCredentials::new(s(&format!("  {HG_TOKEN}\n")), None).expect("trimmed");
    assert_eq!(padded.token().expose(), HG_TOKEN);

    let upper = HG_TOKEN.replace("cdc", "CDC");
    let short = &HG_TOKEN[..HG_TOKEN.len() - 1];
    let long = format!("{HG_TOKEN}0");
    let no_prefix = HG_TOKEN.trim_start_matches("cash_").to_owned();
    let not_hex = HG_TOKEN.replace('d', "g");
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";
    for bad in [&upper, short, &long, &no_prefix, &not_hex, jwt] {
        fails_on(HgCashCredentials::new(s(bad), None), "token", bad);
    }
    fails_on(HgCashCredentials::new(s(""), None), "token", "");
    fails_on(HgCashCredentials::new(s("   "), None), "token", "");
}

#[test]
fn webhook_secrets_are_optional_but_clean() {
    let blank = HgCashCredentials::new(s(HG_TOKEN), Some(s("  "))).expect("blank is none");
    assert_eq!(blank.webhook_secret(), None);
    let set = HexaiCredentials::new(s("sk_test_abc"), Some(s("whsec_test_secret\n")))
        .expect("webhook secret");
    assert_eq!(
        set.webhook_secret().map(Secret::expose),
        Some("whsec_test_secret")
    );
    fails_on(
        CashWebCredentials::new(s("cw_key_1"), Some(s("whsec with space"))),
        "webhook_secret",
        "whsec with space",
    );
    fails_on(
        HgCashCredentials::new(s(HG_TOKEN), Some(s("line\nbreak"))),
        "webhook_secret",
        "line\nbreak",
    );
}

#[test]
fn hexai_key_prefix_decides_the_mode() {
    let test = HexaiCredentials::new(s("sk_test_0123456789abcdef0123456789abcdef"), None)
        .expect("test key");
    assert_eq!(test.environment(), HexaiEnvironment::Sandbox);
    assert_eq!(Credentials::Hexai(test).implied_mode(), Some(Mode::Sandbox));
    let live = HexaiCredentials::new(s("sk_live_0123456789abcdef0123456789abcdef"), None)
        .expect("live key");
    assert_eq!(live.environment(), HexaiEnvironment::Live);
    assert_eq!(Credentials::Hexai(live).implied_mode(), Some(Mode::Live));
    // Older keys without a prefix, of any length: accepted, unknown, shown as live.
    let legacy = HexaiCredentials::new(s("hexai_abc123"), None).expect("legacy key");
    assert_eq!(legacy.environment(), HexaiEnvironment::Unknown);
    assert_eq!(Credentials::Hexai(legacy).implied_mode(), Some(Mode::Live));
    // The prefix is case-sensitive: an upper-case one is not a test key.
    let upper = HexaiCredentials::new(s("SK_TEST_abc"), None).expect("accepted");
    assert_eq!(upper.environment(), HexaiEnvironment::Unknown);

    fails_on(HexaiCredentials::new(s(""), None), "secret_key", "");
    fails_on(HexaiCredentials::new(s("sk_test_"), None), "secret_key", "");
    fails_on(
        HexaiCredentials::new(s("sk_live_ "), None),
        "secret_key",
        "",
    );
    fails_on(
        HexaiCredentials::new(s("sk_test_abc def"), None),
        "secret_key",
        "sk_test_abc def",
    );
}

#[test]
fn hpay_needs_three_keys_and_a_mode() {
    let hpay = HpayCredentials::new(
        s("91265Y.190DE10.967ZAA"),
        s("pkey.006JhgTHSd23f5.SDjd.Sze12Zds.hdesK1"),
        s("skey.0123456789"),
        HpayMode::Test,
    )
    .expect("documented examples");
    assert_eq!(hpay.hpay_mode(), HpayMode::Test);
    assert_eq!(
        Credentials::Hpay(hpay.clone()).implied_mode(),
        Some(Mode::Sandbox)
    );
    let prod = HpayCredentials::new(
        s("91265Y.190DE10.967ZAA"),
        s("pkey.006JhgTHSd23f5.SDjd.Sze12Zds.hdesK1"),
        s("skey.0123456789"),
        HpayMode::Prod,
    )
    .expect("prod");
    assert_eq!(Credentials::Hpay(prod).implied_mode(), Some(Mode::Live));

    let keys = |api: &str, public: &str, secret: &str| {
        HpayCredentials::new(s(api), s(public), s(secret), HpayMode::Prod)
    };
    fails_on(keys("", "pkey.x", "skey.x"), "api_key", "");
    fails_on(keys("api.x", " ", "skey.x"), "public_key", "");
    fails_on(
        keys("api.x", "pkey.x", "skey x1234"),
        "secret_key",
        "skey x1234",
    );

    assert_eq!(HpayMode::parse("TEST"), Ok(HpayMode::Test));
    assert_eq!(HpayMode::parse(" prod "), Ok(HpayMode::Prod));
    assert_eq!(HpayMode::Prod.as_str(), "PROD");
    fails_on(HpayMode::parse("LIVE"), "mode", "");
}

#[test]
fn cashweb_and_hubcash_need_non_empty_values() {
    assert!(CashWebCredentials::new(s("cw_live_key"), None).is_ok());
    fails_on(CashWebCredentials::new(s(""), None), "api_key", "");
    let hub = HubcashCredentials::new(s("merchant-code-1"), s("token-abcdef-123")).expect("ok");
    assert_eq!(Credentials::Hubcash(hub).implied_mode(), None);
    fails_on(HubcashCredentials::new(s(""), s("t")), "code", "");
    fails_on(HubcashCredentials::new(s("c"), s("\t")), "token", "");
}

fn every_provider() -> Vec<Credentials> {
    vec![
        Credentials::HgCash(
            HgCashCredentials::new(s(HG_TOKEN), Some(s("hg-webhook-secret-value"))).expect("ok"),
        ),
        Credentials::Hpay(
            HpayCredentials::new(
                s("91265Y.190DE10.967ZAA"),
                s("pkey.006JhgTHSd23f5.SDjd.Sze12Zds.hdesK1"),
                s("skey.secret-value-9876"),
                HpayMode::Test,
            )
            .expect("ok"),
        ),
        Credentials::Hexai(
            HexaiCredentials::new(
                s("sk_live_0123456789abcdef0123456789abcdef"),
                Some(s("whsec_test_secret")),
            )
            .expect("ok"),
        ),
        Credentials::CashWeb(CashWebCredentials::new(s("cw-api-key-secret"), None).expect("ok")),
        Credentials::Hubcash(
            HubcashCredentials::new(s("hub-code-secret"), s("hub-token-secret")).expect("ok"),
        ),
    ]
}

/// Every secret text inside `credentials`.
fn secret_texts(credentials: &Credentials) -> Vec<String> {
    credentials
        .values()
        .into_iter()
        .filter(|(name, _)| name.is_secret())
        .map(|(_, secret)| secret.expose().to_owned())
        .collect()
}

#[test]
fn debug_and_status_never_show_a_secret() {
    for credentials in every_provider() {
        let debug = format!("{credentials:?} {credentials:#?}");
        let status = credentials.status();
        let json = serde_json::to_string(&status).expect("serializes");
        for secret in secret_texts(&credentials) {
            assert!(!debug.contains(&secret), "Debug leaks: {debug}");
            // last4 is the only part allowed out, so look for the secret minus its tail.
            let head = &secret[..secret.len() - 4];
            assert!(!json.contains(head), "status leaks: {json}");
        }
        assert!(debug.contains("***"));
    }
}

#[test]
fn status_is_redacted_and_says_what_is_configured() {
    let hg = &every_provider()[0];
    let status = hg.status();
    assert_eq!(
        status,
        vec![
            CredentialStatus {
                field: SecretName::Token,
                required: true,
                configured: true,
                last4: Some("87d2".to_owned()),
            },
            CredentialStatus {
                field: SecretName::WebhookSecret,
                required: false,
                configured: true,
                last4: Some("alue".to_owned()),
            },
        ]
    );
    let json = serde_json::to_string(&status[0]).expect("serializes");
    assert_eq!(
        json,
        r#"{"field":"token","required":true,"configured":true,"last4":"87d2"}"#
    );
    // HPAY's mode is not a secret field: the UI learns it from implied_mode().
    let hpay = &every_provider()[1];
    assert!(
        hpay.status()
            .iter()
            .all(|row| row.field != SecretName::Mode)
    );
    assert_eq!(hpay.status().len(), 3);
}

#[tokio::test]
async fn save_then_load_gives_the_same_credentials() {
    let store = InMemoryStore::new();
    for (i, credentials) in every_provider().into_iter().enumerate() {
        let id = account(&format!("acct-{i}"));
        credentials.save(&store, &id).await.expect("saved");
        let loaded = Credentials::load(&store, &id, credentials.provider())
            .await
            .expect("loaded");
        assert_eq!(loaded.as_ref(), Some(&credentials));
        let status = credential_status(&store, &id, credentials.provider())
            .await
            .expect("status");
        assert_eq!(status, credentials.status());
    }
    // Through a trait object too, as the app holds it.
    let dynamic: &dyn SecretStore = &store;
    let none = Credentials::load(dynamic, &account("nobody"), ProviderKind::Hexai)
        .await
        .expect("nothing kept");
    assert_eq!(none, None);
}

#[tokio::test]
async fn saving_again_replaces_and_drops_a_removed_webhook_secret() {
    let store = InMemoryStore::new();
    let id = account("hexai-main");
    let first = Credentials::Hexai(
        HexaiCredentials::new(s("sk_test_first"), Some(s("whsec_one"))).expect("ok"),
    );
    first.save(&store, &id).await.expect("saved");
    let second = Credentials::Hexai(HexaiCredentials::new(s("sk_live_second"), None).expect("ok"));
    second.save(&store, &id).await.expect("saved again");
    assert!(!store.contains(&id, SecretName::WebhookSecret));
    let loaded = Credentials::load(&store, &id, ProviderKind::Hexai)
        .await
        .expect("loaded");
    assert_eq!(loaded, Some(second));
    let status = credential_status(&store, &id, ProviderKind::Hexai)
        .await
        .expect("status");
    assert!(status[0].configured);
    assert!(!status[1].configured);
    assert_eq!(status[1].last4, None);
}

#[tokio::test]
async fn delete_all_forgets_the_account_only() {
    let store = InMemoryStore::new();
    let credentials = every_provider();
    let (gone, kept) = (account("gone"), account("kept"));
    credentials[1].save(&store, &gone).await.expect("saved");
    credentials[4].save(&store, &kept).await.expect("saved");
    store.delete_all(&gone).await.expect("deleted");
    for name in SecretName::ALL {
        assert!(!store.contains(&gone, name));
    }
    assert_eq!(
        Credentials::load(&store, &kept, ProviderKind::Hubcash)
            .await
            .expect("loaded")
            .as_ref(),
        Some(&credentials[4])
    );
}

#[tokio::test]
async fn incomplete_or_damaged_saved_credentials_name_the_field() {
    let store = InMemoryStore::new();
    let id = account("hpay-main");
    every_provider()[1].save(&store, &id).await.expect("saved");
    store
        .delete(&id, SecretName::SecretKey)
        .await
        .expect("deleted");
    let error = Credentials::load(&store, &id, ProviderKind::Hpay)
        .await
        .expect_err("incomplete");
    assert_eq!(error.code, ErrorCode::InputInvalid);
    assert_eq!(error.field.as_deref(), Some("secret_key"));
    assert!(
        error.message.contains("Enter them again"),
        "{}",
        error.message
    );
    assert!(!error.message.contains("91265Y"), "{}", error.message);

    let hg = account("hg-main");
    store
        .set(&hg, SecretName::Token, &s("cash_NOTHEX-secret-text"))
        .await
        .expect("set");
    let error = Credentials::load(&store, &hg, ProviderKind::HgCash)
        .await
        .expect_err("damaged");
    assert_eq!(error.field.as_deref(), Some("token"));
    assert!(!error.message.contains("NOTHEX"), "{}", error.message);
}

#[tokio::test]
async fn keyring_failures_pass_through_unchanged() {
    let store = InMemoryStore::new();
    let id = account("hexai-main");
    store.fail_with(Some(ErrorCode::KeyringUnavailable));
    let error = every_provider()[2]
        .save(&store, &id)
        .await
        .expect_err("fails");
    assert_eq!(error.code, ErrorCode::KeyringUnavailable);
    store.fail_with(Some(ErrorCode::KeyringLocked));
    let error = Credentials::load(&store, &id, ProviderKind::Hexai)
        .await
        .expect_err("fails");
    assert_eq!(error.code, ErrorCode::KeyringLocked);
    let error = credential_status(&store, &id, ProviderKind::Hexai)
        .await
        .expect_err("fails");
    assert_eq!(error.code, ErrorCode::KeyringLocked);
}
