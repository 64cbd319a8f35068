//! How an HPAY simulator starts: the default sandbox credentials, the modes, the behaviour
//! knobs of §9.3 and the [`Config`].

use rust_decimal::Decimal;

use crate::clock::Clock;
use crate::variance::Variance;

/// The sandbox `api_key` (the reference's example format).
pub const TEST_API_KEY: &str = "91265Y.190DE10.967ZAA";
/// The sandbox public key (`api_public_key` / `public_key`).
pub const TEST_PUBLIC_KEY: &str = "pkey.006JhgTHSd23f5.SDjd.Sze12Zds.hdesK1";
/// The sandbox `api_secret_key`.
pub const TEST_SECRET_KEY: &str = "skey.Paydesk.Sandbox.7Hq2Lm9.Xw4Rt";
/// The sandbox merchant's name.
pub const TEST_COMPANY: &str = "WestSofts INC SARL";
/// The sandbox merchant's currency (the history example's).
pub const TEST_CURRENCY: &str = "XOF";

/// `mode`: HPAY's two environments, served by the same host (§2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimMode {
    /// `TEST`.
    Test,
    /// `PROD`.
    Prod,
}

impl SimMode {
    /// `TEST` or `PROD`.
    pub fn as_wire(self) -> &'static str {
        match self {
            SimMode::Test => "TEST",
            SimMode::Prod => "PROD",
        }
    }

    /// Reads `TEST` / `PROD`.
    pub fn from_wire(text: &str) -> Option<SimMode> {
        match text {
            "TEST" => Some(SimMode::Test),
            "PROD" => Some(SimMode::Prod),
            _ => None,
        }
    }
}

/// How paid links are announced to `notify_url` (§9.3 `notify_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyMode {
    /// POST a JSON body (the default).
    PostJson,
    /// GET with `transaction_id`, `status` and `event` in the query string.
    GetQuery,
    /// Send nothing (the client must poll).
    None,
}

/// The behaviour knobs (§9.3). Transport faults (latency, HTTP 5xx, hangs, drops after
/// commit) go through [`super::Simulator::faults`] and the helpers beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// Token lifetime in seconds (900).
    pub token_ttl_s: u64,
    /// HPAY's fee on a link (0.10, matching 700 on 7000).
    pub fee_rate: Decimal,
    /// The fee percentage `/getFees/` quotes (0).
    pub fx_fee_percent: Decimal,
    /// Pay created links automatically after this many seconds (demo mode).
    pub auto_pay_after_s: Option<u64>,
    /// The chance, in percent, that a created link is auto-paid.
    pub auto_pay_percent: u32,
    /// The chance, in percent, of `success:false, error_code:9` on any call.
    pub business_error_percent: u32,
    /// How notifications are sent.
    pub notify_mode: NotifyMode,
    /// Delay before a notification is sent, in seconds.
    pub notify_delay_s: u64,
    /// The chance, in percent, that a notification is sent twice.
    pub notify_duplicate_percent: u32,
    /// The chance, in percent, that a notification is never sent.
    pub notify_drop_percent: u32,
    /// A cap on the items per history page.
    pub history_page_max: Option<u32>,
    /// Flip numbers and strings in amounts (the client must read both).
    pub amount_as_string: bool,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            token_ttl_s: 900,
            fee_rate: Decimal::new(10, 2),
            fx_fee_percent: Decimal::ZERO,
            auto_pay_after_s: None,
            auto_pay_percent: 100,
            business_error_percent: 0,
            notify_mode: NotifyMode::PostJson,
            notify_delay_s: 0,
            notify_duplicate_percent: 0,
            notify_drop_percent: 0,
            history_page_max: None,
            amount_as_string: false,
        }
    }
}

/// How a simulator starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for the history, ids, tokens and chance knobs.
    pub seed: u64,
    /// How many history records to generate (in `history_mode`).
    pub history_size: usize,
    /// The simulator's clock.
    pub clock: Clock,
    /// The mode the generated history belongs to.
    pub history_mode: SimMode,
    /// The `api_key` accepted.
    pub api_key: String,
    /// The public key accepted.
    pub public_key: String,
    /// The `api_secret_key` accepted.
    pub secret_key: String,
    /// `company` / `entreprise_name`.
    pub company: String,
    /// `entreprise_contact`.
    pub contact: String,
    /// The account currency's code (XOF by default).
    pub currency: String,
    /// Its number of decimal places (0 for XOF, 2 for CAD).
    pub currency_scale: u32,
    /// Where `checkout_url` points; `None`: the simulator's own `/_sim/checkout` once
    /// started, `https://checkout.hpay.cash` before.
    pub checkout_base: Option<String>,
    /// Behaviour knobs.
    pub knobs: Knobs,
    /// The reply profile (`Variance::default()`: the replies as the reference describes).
    pub variance: Variance,
}

impl Config {
    /// A few hundred TEST-mode records and the default sandbox credentials.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 2026,
            history_size: 400,
            clock,
            history_mode: SimMode::Test,
            api_key: TEST_API_KEY.into(),
            public_key: TEST_PUBLIC_KEY.into(),
            secret_key: TEST_SECRET_KEY.into(),
            company: TEST_COMPANY.into(),
            contact: "+221 33 849 12 70".into(),
            currency: TEST_CURRENCY.into(),
            currency_scale: 0,
            checkout_base: None,
            knobs: Knobs::default(),
            variance: Variance::default(),
        }
    }
}
