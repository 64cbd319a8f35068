//! The registry over the five provider clients: one [`ProviderClient`] built from an account's
//! provider, base URL and credentials, saying what the provider supports.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, AppError, Balance, Currency, ErrorCode, Mode, ProviderKind};
use paydesk_providers::cashweb::CashWebClient;
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_providers::hpay::HpayClient;
use paydesk_providers::hubcash::HubcashClient;
use paydesk_providers::{BalanceSource, HistoryPage, HistorySource, HttpConfig, ProviderError};

use crate::credentials::{Credentials, HpayMode};

/// What a provider's API lets Paydesk read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// History can be read page by page ([`HistorySource`]). HG.Cash has none: its inbound
    /// history comes from webhooks.
    pub history: bool,
    /// Balances can be read ([`BalanceSource`]).
    pub balances: bool,
}

/// How clients are built beyond the account's own settings.
#[derive(Clone)]
pub struct ClientSettings {
    /// Timeouts and retries of every call.
    pub http: HttpConfig,
    /// Sandbox or live; decides Hubcash's key environment (its keys do not say).
    pub mode: Mode,
    /// The gap HPAY's client keeps between calls; `None` keeps its default (1 s). The
    /// simulators need none.
    pub hpay_pacing: Option<Duration>,
    /// The clock HPAY's client reads (token renewal, observed times); `None`: the system's.
    pub now: Option<Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>>,
}

impl std::fmt::Debug for ClientSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSettings")
            .field("http", &self.http)
            .field("mode", &self.mode)
            .field("hpay_pacing", &self.hpay_pacing)
            .finish_non_exhaustive()
    }
}

impl ClientSettings {
    /// Default HTTP settings for an account in `mode`.
    pub fn new(mode: Mode) -> ClientSettings {
        ClientSettings {
            http: HttpConfig::default(),
            mode,
            hpay_pacing: None,
            now: None,
        }
    }
}

/// One account's client, whichever provider it is at.
#[derive(Debug)]
pub enum ProviderClient {
    /// Hexai: balances, history by page, payouts.
    Hexai(HexaiClient),
    /// HG.Cash: balances and cash-outs; history by webhook only.
    HgCash(HgCashClient),
    /// HPAY: balance and history by date window.
    Hpay(HpayClient),
    /// CashWeb: history by created-time window; no balance endpoint.
    CashWeb(CashWebClient),
    /// Hubcash: history by offset; no balance endpoint.
    Hubcash(HubcashClient),
}

fn build_error(provider: ProviderKind, error: ProviderError) -> AppError {
    AppError::new(
        ErrorCode::InputInvalid,
        format!("cannot set up the {provider} client: {}", error.message),
    )
}

impl ProviderClient {
    /// The client for `account` at `base_url` with its `credentials` (whose provider decides
    /// which client). Credentials of the wrong shape were refused when they were entered.
    pub fn build(
        account: &AccountId,
        base_url: &str,
        credentials: &Credentials,
        settings: &ClientSettings,
    ) -> Result<ProviderClient, AppError> {
        let provider = credentials.provider();
        let http = settings.http;
        let account = account.clone();
        let client = match credentials {
            Credentials::Hexai(c) => ProviderClient::Hexai(
                HexaiClient::new(base_url, c.secret_key().clone(), account, http)
                    .map_err(|e| build_error(provider, e))?,
            ),
            Credentials::HgCash(c) => ProviderClient::HgCash(
                HgCashClient::new(base_url, c.token().clone(), account, http)
                    .map_err(|e| build_error(provider, e))?,
            ),
            Credentials::Hpay(c) => {
                let keys = paydesk_providers::hpay::HpayCredentials {
                    api_key: c.api_key().clone(),
                    public_key: c.public_key().clone(),
                    secret_key: c.secret_key().clone(),
                };
                let mode = match c.hpay_mode() {
                    HpayMode::Test => paydesk_providers::hpay::HpayMode::Test,
                    HpayMode::Prod => paydesk_providers::hpay::HpayMode::Prod,
                };
                let mut client = HpayClient::new(base_url, keys, mode, account, http)
                    .map_err(|e| build_error(provider, e))?;
                if let Some(pacing) = settings.hpay_pacing {
                    client = client.with_pacing(pacing);
                }
                if let Some(now) = &settings.now {
                    client = client.with_clock(now.clone());
                }
                ProviderClient::Hpay(client)
            }
            Credentials::CashWeb(c) => {
                // ASSUMPTION (cashweb.md section 8): the partner's fiat currency is NGN.
                let fiat = Currency::from_code(paydesk_providers::cashweb::DEFAULT_FIAT_CURRENCY)
                    .map_err(|e| AppError::internal(e.to_string()))?;
                ProviderClient::CashWeb(
                    CashWebClient::with_config(base_url, c.api_key().clone(), account, fiat, http)
                        .map_err(|e| build_error(provider, e))?,
                )
            }
            Credentials::Hubcash(c) => {
                let environment = match settings.mode {
                    Mode::Sandbox => paydesk_providers::hubcash::KeyEnvironment::Development,
                    Mode::Live => paydesk_providers::hubcash::KeyEnvironment::Production,
                };
                ProviderClient::Hubcash(
                    HubcashClient::new(
                        base_url,
                        c.code().clone(),
                        c.token().clone(),
                        account,
                        environment,
                        http,
                    )
                    .map_err(|e| build_error(provider, e))?,
                )
            }
        };
        Ok(client)
    }

    /// The provider this client speaks to.
    pub fn provider(&self) -> ProviderKind {
        match self {
            ProviderClient::Hexai(_) => ProviderKind::Hexai,
            ProviderClient::HgCash(_) => ProviderKind::HgCash,
            ProviderClient::Hpay(_) => ProviderKind::Hpay,
            ProviderClient::CashWeb(_) => ProviderKind::CashWeb,
            ProviderClient::Hubcash(_) => ProviderKind::Hubcash,
        }
    }

    /// What this provider lets Paydesk read.
    pub fn capabilities(&self) -> Capabilities {
        match self {
            ProviderClient::Hexai(_) | ProviderClient::Hpay(_) => Capabilities {
                history: true,
                balances: true,
            },
            ProviderClient::HgCash(_) => Capabilities {
                history: false,
                balances: true,
            },
            ProviderClient::CashWeb(_) | ProviderClient::Hubcash(_) => Capabilities {
                history: true,
                balances: false,
            },
        }
    }

    /// The account's balances, or `None` for a provider without a balance endpoint.
    pub async fn balances(&self) -> Option<Result<Vec<Balance>, ProviderError>> {
        match self {
            ProviderClient::Hexai(c) => Some(c.balances().await),
            ProviderClient::HgCash(c) => Some(c.balances().await),
            ProviderClient::Hpay(c) => Some(c.balances().await),
            ProviderClient::CashWeb(_) | ProviderClient::Hubcash(_) => None,
        }
    }

    /// One history page from `cursor`, or `None` for a provider without a history endpoint.
    pub async fn history_page(
        &self,
        cursor: Option<&str>,
    ) -> Option<Result<HistoryPage, ProviderError>> {
        match self {
            ProviderClient::Hexai(c) => Some(c.history_page(cursor).await),
            ProviderClient::Hpay(c) => Some(c.history_page(cursor).await),
            ProviderClient::CashWeb(c) => Some(c.history_page(cursor).await),
            ProviderClient::Hubcash(c) => Some(c.history_page(cursor).await),
            ProviderClient::HgCash(_) => None,
        }
    }
}
