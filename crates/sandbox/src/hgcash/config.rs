//! The HG.Cash simulator's configuration: default sandbox credentials, users and accounts,
//! behaviour knobs (§9.2, §9.3) and control inputs.

use chrono::Duration;
use rust_decimal::Decimal;

use crate::clock::Clock;
use crate::variance::Variance;

pub use super::record::ForcedOutcome;

/// User A's API token (`cash_` + 64 hex, §2.2).
pub const SANDBOX_TOKEN: &str =
    "cash_aa127704760aa0b62f2713e3db12b4771885c834cba81af27828d85f66e9ab55";
/// User B's API token (for "someone else's account" checks).
pub const SANDBOX_OTHER_TOKEN: &str =
    "cash_ff66029bfb273d39262837331b7f49a31dc3d7d37981b9ddcd6184e7d61eb307";
/// User A's webhook signing secret.
pub const SANDBOX_SIGNING_SECRET: &str = "whsec_paydesk_hgcash_sandbox";
/// User A's main account (holds the generated history).
pub const SANDBOX_ACCOUNT_ID: &str = "843d9d8b-6db8-47a2-8c22-23b198e99c15";
/// User A's second account.
pub const SANDBOX_SECOND_ACCOUNT_ID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
/// User B's account.
pub const SANDBOX_OTHER_ACCOUNT_ID: &str = "550e8400-e29b-41d4-a716-446655440123";
/// The default API prefix (§9).
pub const DEFAULT_PREFIX: &str = "/api/v1";

/// One account's settings and starting figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountConfig {
    /// uuid.
    pub id: String,
    /// Name.
    pub name: String,
    /// 22-digit CBU/CVU.
    pub number: String,
    /// Alias.
    pub alias: String,
    /// Ledger balance.
    pub balance: Decimal,
    /// Fees accrued.
    pub pending_fees: Decimal,
    /// Outbound fee rate (default 0.01, ASSUMPTION §8).
    pub outbound_fee_rate: Decimal,
    /// `Operativa`, `Bloqueada` or `Cerrada`.
    pub status: String,
    /// The owning company's id.
    pub company_id: String,
    /// The owning company's name.
    pub company_name: String,
    /// The company's CUIT (on generated movements).
    pub company_cuit: String,
}

/// A user: a token, webhook settings and accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserConfig {
    /// The bearer token.
    pub token: String,
    /// Signing secret; webhooks are signed only when set (§5.2).
    pub signing_secret: Option<String>,
    /// The default webhook URL; nothing is delivered without one (§5.1).
    pub webhook_url: Option<String>,
    /// The accounts.
    pub accounts: Vec<AccountConfig>,
}

/// Behaviour knobs (§9.2, §9.3). Latency, 5xx and after-commit faults go through
/// [`Simulator::faults`]; webhook drop/duplicate/reorder/bad signature through
/// [`Simulator::webhooks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knobs {
    /// PENDING → PROCESSING after this (t1, default 2 s).
    pub processing_after: Duration,
    /// PROCESSING → DONE/ERROR after this (t2, default 3 s).
    pub done_after: Duration,
    /// Amounts at or above go to AWAITING_REVIEW instead (default off).
    pub review_threshold: Option<Decimal>,
    /// Chance in percent of ERROR `DESTINATION_ERROR` (default 0).
    pub destination_error_percent: u32,
    /// Check CBU/CVU check digits (default off: the docs' own examples fail it).
    pub validate_cbu_checksum: bool,
    /// Do not notify PENDING (default true, U7).
    pub skip_pending_webhook: bool,
    /// Pin the next created request's final outcome.
    pub force_status: Option<ForcedOutcome>,
    /// 429 beyond this many calls per token per minute (default off, U12).
    pub rate_limit_per_min: Option<u32>,
    /// Tokens that now answer 401 (`token_revoked`).
    pub revoked_tokens: Vec<String>,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            processing_after: Duration::seconds(2),
            done_after: Duration::seconds(3),
            review_threshold: None,
            destination_error_percent: 0,
            validate_cbu_checksum: false,
            skip_pending_webhook: true,
            force_status: None,
            rate_limit_per_min: None,
            revoked_tokens: Vec::new(),
        }
    }
}

/// The simulator's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for data, ids, outcomes and fault draws.
    pub seed: u64,
    /// Generated history records on the first user's first account.
    pub history_size: usize,
    /// The clock every timer reads.
    pub clock: Clock,
    /// API prefix (default `/api/v1`).
    pub prefix: String,
    /// Users and accounts.
    pub users: Vec<UserConfig>,
    /// Behaviour knobs.
    pub knobs: Knobs,
    /// The reply profile ([`Variance::default()`]: the sandbox as the reference shows it).
    /// See [`super::Simulator::set_variance`].
    pub variance: Variance,
}

fn account(
    id: &str,
    name: &str,
    number: &str,
    alias: &str,
    balance: i64,
    fees: i64,
) -> AccountConfig {
    AccountConfig {
        id: id.to_owned(),
        name: name.to_owned(),
        number: number.to_owned(),
        alias: alias.to_owned(),
        balance: Decimal::new(balance, 2),
        pending_fees: Decimal::new(fees, 2),
        outbound_fee_rate: Decimal::new(1, 2),
        status: "Operativa".to_owned(),
        company_id: "c0a80101-0000-4000-8000-000000000001".to_owned(),
        company_name: "MUNDO OFERTA IMPORTACIONES S.A".to_owned(),
        company_cuit: "30718891813".to_owned(),
    }
}

impl Config {
    /// A few hundred records, the default sandbox users ([`SANDBOX_TOKEN`],
    /// [`SANDBOX_OTHER_TOKEN`]) with no webhook URL set yet.
    pub fn demo(clock: Clock) -> Config {
        Config {
            seed: 42,
            history_size: 300,
            clock,
            prefix: DEFAULT_PREFIX.to_owned(),
            users: vec![
                UserConfig {
                    token: SANDBOX_TOKEN.to_owned(),
                    signing_secret: Some(SANDBOX_SIGNING_SECRET.to_owned()),
                    webhook_url: None,
                    accounts: vec![
                        account(
                            SANDBOX_ACCOUNT_ID,
                            "Cuenta principal",
                            "0000151500037626120131",
                            "mi.alias.hg",
                            100_000_000,
                            0,
                        ),
                        account(
                            SANDBOX_SECOND_ACCOUNT_ID,
                            "Cuenta pagos",
                            "0000151500037626120148",
                            "pagos.alias.hg",
                            100_000_000,
                            125_040,
                        ),
                    ],
                },
                UserConfig {
                    token: SANDBOX_OTHER_TOKEN.to_owned(),
                    signing_secret: None,
                    webhook_url: None,
                    accounts: vec![account(
                        SANDBOX_OTHER_ACCOUNT_ID,
                        "Otra cuenta",
                        "0000003100012345678901",
                        "otra.alias.hg",
                        5_000_000,
                        0,
                    )],
                },
            ],
            knobs: Knobs::default(),
            variance: Variance::default(),
        }
    }
}

/// A cash-in to generate (`POST /_sim/accounts/{id}/inbound`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashIn {
    /// Amount, at most 2 decimals, positive.
    pub amount: Decimal,
    /// Sender name.
    pub from_name: Option<String>,
    /// Sender CBU.
    pub from_cbu: Option<String>,
    /// Sender CUIT.
    pub from_cuit: Option<String>,
    /// COELSA code (generated when absent).
    pub coelsa_code: Option<String>,
}

/// A control call that could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SimError(pub String);
