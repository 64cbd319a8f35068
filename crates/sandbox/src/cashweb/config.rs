//! How the CashWeb simulator starts and behaves: partners and their credentials, the pair
//! allow-list with its rates, and the §9.3 knobs.

use chrono::Duration;
use rust_decimal::Decimal;

use crate::clock::Clock;
use crate::variance::Variance;

use super::model::Status;

/// The sandbox API key of the default partner (`X-API-KEY`).
pub const SANDBOX_API_KEY: &str = "cw_test_partner_key_0001";
/// The default partner's webhook signing secret.
pub const SANDBOX_WEBHOOK_SECRET: &str = "cw_whsec_test_0001";
/// A second partner's key, to check that one partner never sees another's records.
pub const OTHER_PARTNER_API_KEY: &str = "cw_test_partner_key_0002";
/// The second partner's webhook secret.
pub const OTHER_PARTNER_WEBHOOK_SECRET: &str = "cw_whsec_test_0002";
/// The path prefix every endpoint lives under (§2).
pub const BASE_PATH: &str = "/api/v1/partner";

/// A partner the simulator knows: its API key and webhook signing secret (§9.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// The `X-API-KEY` value.
    pub api_key: String,
    /// The webhook signing secret.
    pub webhook_secret: String,
}

/// A supported pair and its market rates (§9.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Lowercase stablecoin (`usdt`).
    pub crypto_currency: String,
    /// Lowercase chain (`trc20`).
    pub network: String,
    /// The market rate, fiat per unit.
    pub base_rate: Decimal,
    /// The executable rate after the spread; transactions use it.
    pub adjusted_rate: Decimal,
}

/// Staging serves `/sandbox/simulate`; production answers it 404 (§3.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `dev.cashweb.cash`.
    Staging,
    /// `api.cashweb.cash`.
    Production,
}

/// The timed lifecycle of §9.2 (knob `auto_progress`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoProgress {
    /// After creation, when the seller's deposit is detected.
    pub seller_pays_after: Duration,
    /// Between two confirmations (15 are needed).
    pub confirmation_every: Duration,
    /// Between confirmed, filled, completed and payout settled.
    pub step: Duration,
}

impl Default for AutoProgress {
    fn default() -> Self {
        AutoProgress {
            seller_pays_after: Duration::minutes(3),
            confirmation_every: Duration::seconds(6),
            step: Duration::seconds(30),
        }
    }
}

/// The simulator's behaviour knobs (§9.3). Latency, 5xx and lost answers are fault rules on
/// [`super::Simulator::faults`]; webhook delivery faults are [`super::Simulator::webhooks`] knobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// How long a quote stays executable (120 s).
    pub quote_ttl: Duration,
    /// The deposit window (30 min).
    pub deposit_ttl: Duration,
    /// A quote can back one transaction only (ASSUMPTION U14).
    pub quote_single_use: bool,
    /// Drive new transactions through their lifecycle on the clock.
    pub auto_progress: Option<AutoProgress>,
    /// The outcome of the next created transaction's timed lifecycle (completed, failed,
    /// expired, refunded); spent by one create.
    pub force_outcome: Option<Status>,
    /// Every key answers 401.
    pub key_revoked: bool,
    /// Staging or production.
    pub environment: Environment,
    /// Requests per clock minute before 429; `None`: unlimited.
    pub rate_limit_per_minute: Option<u32>,
    /// How long a create stays "in flight" (wall time) before it is carried out, so a second
    /// call with the same key meets `IDEMPOTENCY_IN_PROGRESS`.
    pub create_delay: std::time::Duration,
    /// Where webhooks go; `None`: events are only logged in the outbox.
    pub webhook_url: Option<String>,
    /// Sign webhooks with a timestamp an hour old (replay-protection tests).
    pub webhook_stale_timestamp: bool,
    /// Allow `transaction.refunded` after `completed` (off by default, §4.1).
    pub refund_after_completion: bool,
    /// CashWeb's fee on a completed transaction, in basis points of the fiat amount (U17).
    pub platform_fee_bps: u32,
    /// The partner's share of the platform fee, in basis points.
    pub partner_share_bps: u32,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            quote_ttl: Duration::seconds(120),
            deposit_ttl: Duration::minutes(30),
            quote_single_use: true,
            auto_progress: None,
            force_outcome: None,
            key_revoked: false,
            environment: Environment::Staging,
            rate_limit_per_minute: None,
            create_delay: std::time::Duration::ZERO,
            webhook_url: None,
            webhook_stale_timestamp: false,
            refund_after_completion: false,
            platform_fee_bps: 10,
            partner_share_bps: 5_000,
        }
    }
}

/// How the simulator starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for the history, ids and fault draws.
    pub seed: u64,
    /// Generated history records (partner 0), over the 90 days before the clock's time.
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// The partners; the first owns the generated history.
    pub partners: Vec<Partner>,
    /// The allow-listed pairs (default `usdt` on `trc20` and `bep20`, 1625.00 / 1615.00).
    pub pairs: Vec<Pair>,
    /// Behaviour knobs.
    pub knobs: Knobs,
    /// The reply profile (documented-only, unknown status words, no deduplication, CashWeb's
    /// quirks); `Variance::default()` is the sandbox as it always answered.
    pub variance: Variance,
}

impl Config {
    /// A few hundred records, the default partners and pairs, staging, with the timed
    /// lifecycle on (tests that drive transactions by hand turn `auto_progress` off).
    pub fn demo(clock: Clock) -> Config {
        let pair = |network: &str| Pair {
            crypto_currency: "usdt".into(),
            network: network.into(),
            base_rate: Decimal::new(162_500, 2),
            adjusted_rate: Decimal::new(161_500, 2),
        };
        Config {
            seed: 3,
            history_size: 300,
            clock,
            partners: vec![
                Partner {
                    api_key: SANDBOX_API_KEY.into(),
                    webhook_secret: SANDBOX_WEBHOOK_SECRET.into(),
                },
                Partner {
                    api_key: OTHER_PARTNER_API_KEY.into(),
                    webhook_secret: OTHER_PARTNER_WEBHOOK_SECRET.into(),
                },
            ],
            pairs: vec![pair("trc20"), pair("bep20")],
            // Demo mode: sellers pay and transactions complete on the clock (§9.2).
            knobs: Knobs {
                auto_progress: Some(AutoProgress::default()),
                ..Knobs::default()
            },
            variance: Variance::default(),
        }
    }
}
