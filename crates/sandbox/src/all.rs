//! All five simulators together, as the app's sandbox mode and the `paydesk-sandbox` binary run
//! them: seeded demo history on a shared clock, each on its own loopback port, with their
//! background tickers (settlement, webhooks, notifications) running on wall time.

use std::net::SocketAddr;
use std::time::Duration;

use paydesk_domain::ProviderKind;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::{cashweb, hexai, hgcash, hpay, hubcash};

/// How to start the five simulators.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The seed every provider derives its data and fault draws from.
    pub seed: u64,
    /// History records per provider; `None` keeps each simulator's demo size (a few hundred).
    pub history_size: Option<usize>,
    /// The clock all five share.
    pub clock: Clock,
    /// First port of five consecutive ones (Hexai, HG.Cash, HPAY, CashWeb, Hubcash); `None`
    /// picks free ports.
    pub base_port: Option<u16>,
    /// Run the background tickers (demo mode). Tests that drive the clock turn this off.
    pub tickers: bool,
    /// The Hexai simulator stands in for a live account: it accepts
    /// [`hexai::SANDBOX_LIVE_KEY`] (an `sk_live_` key, no magic amounts) instead of the test
    /// key, with the seeded history in the live ledger. For tests of Paydesk's live mode
    /// against a local provider.
    pub hexai_live: bool,
}

impl SandboxConfig {
    /// The demo: real time, demo-sized history, free ports, tickers on.
    pub fn demo(seed: u64) -> SandboxConfig {
        SandboxConfig {
            seed,
            history_size: None,
            clock: Clock::system(),
            base_port: None,
            tickers: true,
            hexai_live: false,
        }
    }
}

/// One simulator's address and the sandbox credentials it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The provider it stands in for.
    pub provider: ProviderKind,
    /// The base URL a client is given (path prefix included).
    pub api_base_url: String,
    /// The credentials, by the names the provider's documents use.
    pub credentials: Vec<(&'static str, &'static str)>,
    /// A `curl` command a reader can paste to see it answer.
    pub curl_example: String,
}

/// The five simulators, running.
#[derive(Debug)]
pub struct Sandbox {
    /// Hexai (Wave mobile money).
    pub hexai: hexai::Running,
    /// HG.Cash (Argentine accounts).
    pub hgcash: hgcash::Running,
    /// HPAY (payment links).
    pub hpay: hpay::Running,
    /// CashWeb (crypto deposits).
    pub cashweb: cashweb::Running,
    /// Hubcash (card and billet sales).
    pub hubcash: hubcash::Running,
    /// The key the Hexai simulator accepts.
    hexai_key: &'static str,
    _tickers: Tickers,
}

fn addr(base_port: Option<u16>, offset: u16) -> SocketAddr {
    let port = base_port.map_or(0, |p| p.saturating_add(offset));
    SocketAddr::from(([127, 0, 0, 1], port))
}

impl Sandbox {
    /// Generates each provider's history and starts serving all five.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let clock = config.clock.clone();
        let size = |demo: usize| config.history_size.unwrap_or(demo);

        let mut hexai_config = hexai::Config::demo(clock.clone());
        hexai_config.seed ^= config.seed;
        hexai_config.history_size = size(hexai_config.history_size);
        let hexai_key = if config.hexai_live {
            hexai::SANDBOX_LIVE_KEY
        } else {
            hexai::DEFAULT_TEST_KEY
        };
        hexai_config.api_keys = vec![hexai_key.to_owned()];
        let mut hgcash_config = hgcash::Config::demo(clock.clone());
        hgcash_config.seed ^= config.seed;
        hgcash_config.history_size = size(hgcash_config.history_size);
        let mut hpay_config = hpay::Config::demo(clock.clone());
        hpay_config.seed ^= config.seed;
        hpay_config.history_size = size(hpay_config.history_size);
        let mut cashweb_config = cashweb::Config::demo(clock.clone());
        cashweb_config.seed ^= config.seed;
        cashweb_config.history_size = size(cashweb_config.history_size);
        let mut hubcash_config = hubcash::Config::demo(clock.clone());
        hubcash_config.seed ^= config.seed;
        hubcash_config.history_size = size(hubcash_config.history_size);
        if !config.tickers {
            hubcash_config.deliver_every = None;
        }

        let hexai = hexai::Simulator::new(hexai_config)
            .start(addr(config.base_port, 0))
            .await?;
        let hgcash = hgcash::Simulator::new(hgcash_config)
            .start(addr(config.base_port, 1))
            .await?;
        let hpay = hpay::Simulator::new(hpay_config)
            .start(addr(config.base_port, 2))
            .await?;
        let cashweb = cashweb::Simulator::new(cashweb_config)
            .start(addr(config.base_port, 3))
            .await?;
        let hubcash = hubcash::Simulator::new(hubcash_config)
            .start(addr(config.base_port, 4))
            .await?;

        let mut tickers = Vec::new();
        if config.tickers {
            let every = Duration::from_millis(500);
            tickers.push(hexai.sim.webhooks().spawn_ticker(every));
            let hexai_sim = hexai.sim.clone();
            tickers.push(tokio::spawn(async move {
                loop {
                    tokio::time::sleep(every).await;
                    hexai_sim.tick();
                }
            }));
            tickers.push(
                hgcash
                    .sim
                    .spawn_ticker(every, Some(Duration::from_secs(90))),
            );
            tickers.push(hpay.sim.spawn_notifier(every));
            tickers.push(cashweb.sim.spawn_ticker(every));
        }
        Ok(Sandbox {
            hexai,
            hgcash,
            hpay,
            cashweb,
            hubcash,
            hexai_key,
            _tickers: Tickers(tickers),
        })
    }

    /// Where each simulator listens and what it accepts.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        let hexai_url = self.hexai.api_base_url();
        let hgcash_url = self.hgcash.base_url.clone();
        let hpay_url = self.hpay.base_url.clone();
        let cashweb_url = self.cashweb.base_url.clone();
        let hubcash_url = self.hubcash.base_url.clone();
        vec![
            Endpoint {
                provider: ProviderKind::Hexai,
                curl_example: format!(
                    "curl -s -H 'Authorization: Bearer {}' {hexai_url}/client/balance",
                    self.hexai_key
                ),
                api_base_url: hexai_url,
                credentials: vec![
                    ("secret key", self.hexai_key),
                    ("webhook secret", hexai::DEFAULT_WEBHOOK_SECRET),
                ],
            },
            Endpoint {
                provider: ProviderKind::HgCash,
                curl_example: format!(
                    "curl -s -H 'Authorization: Bearer {}' {hgcash_url}/accounts",
                    hgcash::SANDBOX_TOKEN
                ),
                api_base_url: hgcash_url,
                credentials: vec![
                    ("token", hgcash::SANDBOX_TOKEN),
                    ("webhook secret", hgcash::SANDBOX_SIGNING_SECRET),
                ],
            },
            Endpoint {
                provider: ProviderKind::Hpay,
                curl_example: format!(
                    "curl -s -X POST -H 'Content-Type: application/json' -d '{{\"api_key\":\"{}\",\"api_public_key\":\"{}\",\"api_secret_key\":\"{}\",\"mode\":\"TEST\"}}' {hpay_url}/getToken/",
                    hpay::TEST_API_KEY,
                    hpay::TEST_PUBLIC_KEY,
                    hpay::TEST_SECRET_KEY
                ),
                api_base_url: hpay_url,
                credentials: vec![
                    ("api_key", hpay::TEST_API_KEY),
                    ("public key", hpay::TEST_PUBLIC_KEY),
                    ("secret key", hpay::TEST_SECRET_KEY),
                    ("mode", "TEST"),
                ],
            },
            Endpoint {
                provider: ProviderKind::CashWeb,
                curl_example: format!(
                    "curl -s -H 'X-API-KEY: {}' '{cashweb_url}/transactions?limit=5'",
                    cashweb::SANDBOX_API_KEY
                ),
                api_base_url: cashweb_url,
                credentials: vec![
                    ("API key", cashweb::SANDBOX_API_KEY),
                    ("webhook secret", cashweb::SANDBOX_WEBHOOK_SECRET),
                ],
            },
            Endpoint {
                provider: ProviderKind::Hubcash,
                curl_example: format!(
                    "curl -s -H 'X-Hubcash-Code: {}' -H 'X-Hubcash-Token: {}' -H 'Content-Type: application/json' '{hubcash_url}/sales?offset=0&rows=5'",
                    hubcash::SANDBOX_CODE,
                    hubcash::SANDBOX_TOKEN
                ),
                api_base_url: hubcash_url,
                credentials: vec![
                    ("code", hubcash::SANDBOX_CODE),
                    ("token", hubcash::SANDBOX_TOKEN),
                ],
            },
        ]
    }

    /// Points `provider`'s simulator's webhooks at `url` (Paydesk's receiver for the sandbox
    /// account). Returns false for the providers that send none (HPAY, Hubcash).
    pub fn point_webhooks(&self, provider: ProviderKind, url: &str) -> bool {
        match provider {
            ProviderKind::Hexai => {
                self.hexai
                    .sim
                    .set_knobs(|k| k.webhook_url = Some(url.to_owned()));
                true
            }
            ProviderKind::HgCash => self
                .hgcash
                .sim
                .set_webhook_url(hgcash::SANDBOX_TOKEN, Some(url.to_owned()))
                .is_ok(),
            ProviderKind::CashWeb => {
                self.cashweb
                    .sim
                    .set_knobs(|k| k.webhook_url = Some(url.to_owned()));
                true
            }
            ProviderKind::Hpay | ProviderKind::Hubcash => false,
        }
    }

    /// Stops the tickers and the five servers (each server stops accepting at once and ends
    /// its open connections in the background).
    pub fn stop(self) {
        drop(self);
    }
}

/// Background tasks that end with the sandbox.
#[derive(Debug, Default)]
struct Tickers(Vec<JoinHandle<()>>);

impl Drop for Tickers {
    fn drop(&mut self) {
        for ticker in &self.0 {
            ticker.abort();
        }
    }
}
