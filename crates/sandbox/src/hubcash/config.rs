//! What a Hubcash simulator starts with: its seed and history size, the clock, the
//! credentials it accepts (the default sandbox keys), and the behaviour knobs of reference 12.

use chrono::Duration;

use crate::clock::Clock;
use crate::variance::Variance;

/// The development-labelled sandbox code (`X-Hubcash-Code`).
pub const SANDBOX_CODE: &str = "hubcash-sandbox-code";
/// The development-labelled sandbox token (`X-Hubcash-Token`).
pub const SANDBOX_TOKEN: &str = "hubcash-sandbox-token-7d41c9";
/// A production-labelled sandbox code.
pub const SANDBOX_PRODUCTION_CODE: &str = "hubcash-sandbox-prod-code";
/// A production-labelled sandbox token.
pub const SANDBOX_PRODUCTION_TOKEN: &str = "hubcash-sandbox-prod-token-3b8e20";
/// The merchant's company name, the default `SoftDescriptor`.
pub const SANDBOX_COMPANY: &str = "PaydeskDemo";

/// Which kind of keys a credential pair is (reference 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Development keys.
    Development,
    /// Production keys.
    Production,
}

/// A `(code, token)` pair the simulator accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// `X-Hubcash-Code`.
    pub code: String,
    /// `X-Hubcash-Token`.
    pub token: String,
    /// Its label.
    pub environment: Environment,
}

/// How a rendered sale is damaged (the `malformed_body` knob of reference 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedSale {
    /// `SaleId` left out.
    MissingSaleId,
    /// `Amount` left out.
    MissingAmount,
    /// `Status: 9`.
    UnknownStatus,
    /// `Method` in lowercase.
    MethodWrongCase,
    /// `DateAdded` in an unexpected format.
    DateFormat,
}

/// The simulator's behaviour switches (reference 12).
#[derive(Debug, Clone, PartialEq)]
pub struct Knobs {
    /// 1 Processed → 2 Analyzing (and billet 1 → 4). Zero: instant.
    pub processing_delay: Duration,
    /// 2 Analyzing → outcome. Zero: instant.
    pub analysis_delay: Duration,
    /// An uncaptured authorization is voided (→ 6) after this; `None`: never.
    pub capture_window: Option<Duration>,
    /// A waiting billet is paid by itself after this; `None`: only by the control API.
    pub billet_auto_pay_after: Option<Duration>,
    /// Status of an unpaid billet at its due date: 5 (default) or 6.
    pub billet_expiry_status: u8,
    /// `ExpiresIn` when a billet sale sends no `Billet`.
    pub billet_default_expires_in: u32,
    /// `GET /sales` without `Status` is 400 `Status`/`Required`.
    pub require_status_filter: bool,
    /// A second sale with the same `Ref` is 400 `Ref`/`Not allowed`.
    pub unique_ref: bool,
    /// The card number's BIN must match `Brand`.
    pub strict_card_brand: bool,
    /// Minimum cents per installment; 0 turns the rule off.
    pub min_quota_value_cents: i64,
    /// Failed automatic deliveries are retried 3 times with backoff.
    pub auto_retry: bool,
    /// Deliveries fail without reaching the URL (`LastResponseCode` 0).
    pub notification_endpoint_down: bool,
    /// Damage every rendered sale this way.
    pub malformed_sale: Option<MalformedSale>,
}

impl Knobs {
    /// Tests: every delay instant, nothing automatic.
    pub fn instant() -> Knobs {
        Knobs {
            processing_delay: Duration::zero(),
            analysis_delay: Duration::zero(),
            capture_window: None,
            billet_auto_pay_after: None,
            billet_expiry_status: 5,
            billet_default_expires_in: 7,
            require_status_filter: false,
            unique_ref: false,
            strict_card_brand: false,
            min_quota_value_cents: 500,
            auto_retry: false,
            notification_endpoint_down: false,
            malformed_sale: None,
        }
    }

    /// The demo: 1 s processing, 2 s analysis, billets paid after 60 s.
    pub fn demo() -> Knobs {
        Knobs {
            processing_delay: Duration::seconds(1),
            analysis_delay: Duration::seconds(2),
            billet_auto_pay_after: Some(Duration::seconds(60)),
            ..Knobs::instant()
        }
    }
}

/// What a simulator starts with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed of the generated history.
    pub seed: u64,
    /// Number of generated sales (over the 90 days before `clock.now()`).
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// Accepted credentials.
    pub credentials: Vec<Credential>,
    /// Behaviour switches.
    pub knobs: Knobs,
    /// The merchant's notification URL, if configured.
    pub notification_url: Option<String>,
    /// Extra currencies served besides BRL: (name, symbol, decimal places).
    pub extra_currencies: Vec<(String, String, u32)>,
    /// Deliver due notifications on this wall-time period once started (demo); `None`: only
    /// through [`Simulator::deliver_notifications`] (tests).
    pub deliver_every: Option<std::time::Duration>,
    /// The reply profile (`Variance::default()`: the replies as the reference describes).
    pub variance: Variance,
}

fn default_credentials() -> Vec<Credential> {
    vec![
        Credential {
            code: SANDBOX_CODE.into(),
            token: SANDBOX_TOKEN.into(),
            environment: Environment::Development,
        },
        Credential {
            code: SANDBOX_PRODUCTION_CODE.into(),
            token: SANDBOX_PRODUCTION_TOKEN.into(),
            environment: Environment::Production,
        },
    ]
}

impl Config {
    /// A demo: 400 sales, the default credentials, demo delays.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 2017,
            history_size: 400,
            clock,
            credentials: default_credentials(),
            knobs: Knobs::demo(),
            notification_url: None,
            extra_currencies: Vec::new(),
            deliver_every: Some(std::time::Duration::from_secs(1)),
            variance: Variance::default(),
        }
    }

    /// Tests: `history_size` sales, instant lifecycle, no background delivery.
    pub fn test(clock: Clock, history_size: usize) -> Config {
        Config {
            seed: 7,
            history_size,
            clock,
            credentials: default_credentials(),
            knobs: Knobs::instant(),
            notification_url: None,
            extra_currencies: Vec::new(),
            deliver_every: None,
            variance: Variance::default(),
        }
    }
}
