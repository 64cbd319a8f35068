//! The connection test: one cheap authenticated call per provider, made with credentials that
//! may not be saved yet, so a refusal can stop an account before anything is stored.
//!
//! - Hexai: `GET /client/balance`.
//! - HG.Cash: `GET /accounts`.
//! - HPAY: `POST /getToken/` (the token it returns lives only in the short-lived client).
//! - CashWeb: `GET /transactions?limit=1`.
//! - Hubcash: `GET /currencies`.

use std::time::Duration;

use paydesk_domain::{AccountId, AppError, Currency, ErrorCode, Mode, ProviderKind};
use paydesk_providers::cashweb::{self, CashWebClient, TransactionQuery};
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_providers::hpay::{self, HpayClient};
use paydesk_providers::hubcash::{self, HubcashClient};
use paydesk_providers::{ErrorKind, HttpConfig, ProviderError, RetryPolicy};
use serde::Serialize;

use crate::credentials::{Credentials, HpayMode};

/// How long one attempt of a connection test may take: the merchant is waiting on a form.
pub const CONNECTION_TEST_TIMEOUT: Duration = Duration::from_secs(15);

/// What a successful connection test saw, in words (never a secret, never an amount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionCheck {
    /// The provider that answered.
    pub provider: ProviderKind,
    /// The call that was made, e.g. `GET /client/balance`.
    pub call: &'static str,
    /// What came back, e.g. `2 HG.Cash accounts`.
    pub summary: String,
}

/// The HTTP settings of a connection test: a short timeout and one retry of transient
/// failures (a refusal is never retried).
pub fn connection_test_http() -> HttpConfig {
    HttpConfig {
        timeout: CONNECTION_TEST_TIMEOUT,
        retry: RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        },
    }
}

/// Makes the provider's cheap authenticated call with `credentials` at `base_url`. A refusal
/// of the credentials is `provider.unauthorized` with a message saying so.
pub async fn check_connection(
    credentials: &Credentials,
    mode: Mode,
    base_url: &str,
    account: &AccountId,
    http: HttpConfig,
) -> Result<ConnectionCheck, AppError> {
    let provider = credentials.provider();
    let checked = call(credentials, mode, base_url, account, http).await;
    checked.map_err(|error| explain(provider, error))
}

async fn call(
    credentials: &Credentials,
    mode: Mode,
    base_url: &str,
    account: &AccountId,
    http: HttpConfig,
) -> Result<ConnectionCheck, ProviderError> {
    let account = account.clone();
    match credentials {
        Credentials::Hexai(c) => {
            let client = HexaiClient::new(base_url, c.secret_key().clone(), account, http)?;
            client.balance().await?;
            Ok(check(
                ProviderKind::Hexai,
                "GET /client/balance",
                "balance read".into(),
            ))
        }
        Credentials::HgCash(c) => {
            let client = HgCashClient::new(base_url, c.token().clone(), account, http)?;
            let accounts = client.accounts().await?;
            Ok(check(
                ProviderKind::HgCash,
                "GET /accounts",
                format!("{} HG.Cash account(s)", accounts.data.len()),
            ))
        }
        Credentials::Hpay(c) => {
            let keys = hpay::HpayCredentials {
                api_key: c.api_key().clone(),
                public_key: c.public_key().clone(),
                secret_key: c.secret_key().clone(),
            };
            let wire_mode = match c.hpay_mode() {
                HpayMode::Test => hpay::HpayMode::Test,
                HpayMode::Prod => hpay::HpayMode::Prod,
            };
            // One call: pacing would only delay the next one, and there is none.
            let client = HpayClient::new(base_url, keys, wire_mode, account, http)?
                .with_pacing(Duration::ZERO);
            client.get_token().await?;
            Ok(check(
                ProviderKind::Hpay,
                "POST /getToken/",
                format!("session token issued ({} mode)", c.hpay_mode().as_str()),
            ))
        }
        Credentials::CashWeb(c) => {
            let fiat = Currency::from_code(cashweb::DEFAULT_FIAT_CURRENCY).map_err(|e| {
                ProviderError::new(ProviderKind::CashWeb, ErrorKind::Validation, e.to_string())
            })?;
            let client =
                CashWebClient::with_config(base_url, c.api_key().clone(), account, fiat, http)?;
            client
                .list_transactions(&TransactionQuery {
                    limit: 1,
                    ..TransactionQuery::default()
                })
                .await?;
            Ok(check(
                ProviderKind::CashWeb,
                "GET /transactions?limit=1",
                "transaction list read".into(),
            ))
        }
        Credentials::Hubcash(c) => {
            let environment = match mode {
                Mode::Sandbox => hubcash::KeyEnvironment::Development,
                Mode::Live => hubcash::KeyEnvironment::Production,
            };
            let client = HubcashClient::new(
                base_url,
                c.code().clone(),
                c.token().clone(),
                account,
                environment,
                http,
            )?;
            let currencies = client.currencies().await?;
            Ok(check(
                ProviderKind::Hubcash,
                "GET /currencies",
                format!("{} currencies", currencies.len()),
            ))
        }
    }
}

fn check(provider: ProviderKind, call: &'static str, summary: String) -> ConnectionCheck {
    ConnectionCheck {
        provider,
        call,
        summary,
    }
}

/// The provider's error as the merchant should read it on the account form.
fn explain(provider: ProviderKind, error: ProviderError) -> AppError {
    let name = provider.display_name();
    match error.kind {
        ErrorKind::Unauthorized => AppError::new(
            ErrorCode::ProviderUnauthorized,
            format!(
                "{name} refused these credentials ({error}). Check that they were copied whole \
                 and are for the chosen mode."
            ),
        ),
        ErrorKind::Forbidden => AppError::new(
            ErrorCode::ProviderUnauthorized,
            format!("{name} accepted the credentials but refused access ({error})."),
        ),
        _ => {
            let mut app = AppError::from(error);
            app.message = format!("The connection test failed: {}", app.message);
            app
        }
    }
}
