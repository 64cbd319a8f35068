//! Accounts and balances (§3.1, §3.2, §4.3).

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Balance, Money};
use serde::{Deserialize, Deserializer};

use crate::error::ProviderError;
use crate::exact::WireDecimal;

use super::{currency, malformed, money, read};

/// Account status (§4.3). The values are Spanish and case-sensitive; an unknown value is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountStatus {
    /// `Operativa`: operational, the only status that accepts cash-outs (ASSUMPTION §4.3).
    Operativa,
    /// `Bloqueada`: blocked.
    Bloqueada,
    /// `Cerrada`: closed.
    Cerrada,
    /// Any other value, kept as received (§4.3: "maps unknown values to Unknown(String)").
    Unknown(String),
}

impl AccountStatus {
    /// From the API's word.
    pub fn parse(text: &str) -> AccountStatus {
        match text {
            "Operativa" => AccountStatus::Operativa,
            "Bloqueada" => AccountStatus::Bloqueada,
            "Cerrada" => AccountStatus::Cerrada,
            other => AccountStatus::Unknown(other.to_owned()),
        }
    }

    /// The API's word.
    pub fn as_str(&self) -> &str {
        match self {
            AccountStatus::Operativa => "Operativa",
            AccountStatus::Bloqueada => "Bloqueada",
            AccountStatus::Cerrada => "Cerrada",
            AccountStatus::Unknown(other) => other,
        }
    }
}

impl<'de> Deserialize<'de> for AccountStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| AccountStatus::parse(&s))
    }
}

/// `{id, name}` of the platform or company an account belongs to (3rd-party notes; optional).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedRef {
    /// Its id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// One account of `GET /accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The account's uuid: the `accountId` of cash-outs.
    pub id: String,
    /// Its name (ASSUMPTION §3.1: may be absent).
    #[serde(default)]
    pub name: Option<String>,
    /// Ledger balance, 2 decimals.
    pub balance: WireDecimal,
    /// Fees accrued, not yet collected.
    pub pending_fees: WireDecimal,
    /// `balance - pendingFees`: the spendable figure.
    pub net_balance: WireDecimal,
    /// `Operativa`, `Bloqueada`, `Cerrada`.
    pub status: AccountStatus,
    /// ISO 4217 code, e.g. `ARS`.
    pub currency: String,
    /// The 22-digit CBU/CVU (ASSUMPTION U14).
    #[serde(default)]
    pub number: Option<String>,
    /// The CBU/CVU alias.
    #[serde(default)]
    pub alias: Option<String>,
    /// The platform, when any.
    #[serde(default)]
    pub platform: Option<NamedRef>,
    /// The company, when any.
    #[serde(default)]
    pub company: Option<NamedRef>,
}

/// `GET /accounts`: `{"data": [...], "count": n}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountList {
    /// The accounts.
    pub data: Vec<Account>,
    /// How many there are.
    #[serde(default)]
    pub count: Option<u64>,
}

/// `GET /account/{id}/balance`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountBalance {
    /// The account's uuid.
    pub id: String,
    /// Ledger balance.
    pub balance: WireDecimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Fees accrued, not yet collected.
    pub pending_fees: WireDecimal,
    /// The spendable figure.
    pub net_balance: WireDecimal,
    /// Account status.
    pub status: AccountStatus,
}

/// The three figures of an account, exact, in its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFigures {
    /// Ledger balance.
    pub balance: Money,
    /// Fees accrued, not yet collected.
    pub pending_fees: Money,
    /// What can be cashed out (before the outbound fee).
    pub net_balance: Money,
}

fn figures(
    code: &str,
    balance: WireDecimal,
    pending_fees: WireDecimal,
    net_balance: WireDecimal,
) -> Result<AccountFigures, ProviderError> {
    let c = currency(code)?;
    Ok(AccountFigures {
        balance: money(balance, c)?,
        pending_fees: money(pending_fees, c)?,
        net_balance: money(net_balance, c)?,
    })
}

impl Account {
    /// Its figures as exact money.
    pub fn figures(&self) -> Result<AccountFigures, ProviderError> {
        figures(
            &self.currency,
            self.balance,
            self.pending_fees,
            self.net_balance,
        )
    }
}

impl AccountBalance {
    /// Its figures as exact money.
    pub fn figures(&self) -> Result<AccountFigures, ProviderError> {
        figures(
            &self.currency,
            self.balance,
            self.pending_fees,
            self.net_balance,
        )
    }

    /// The Paydesk balance: `netBalance` is what can be paid out (§11). HG.Cash reports no
    /// money in flight, so `pending` is empty (pending fees are not pending money).
    pub fn to_balance(
        &self,
        account: &AccountId,
        as_of: DateTime<Utc>,
    ) -> Result<Balance, ProviderError> {
        let f = self.figures()?;
        Balance::new(account.clone(), f.net_balance, None, as_of).map_err(malformed)
    }
}

/// Sums `netBalance` per currency over every account: one Paydesk balance per currency.
pub fn balances_of(
    list: &AccountList,
    account: &AccountId,
    as_of: DateTime<Utc>,
) -> Result<Vec<Balance>, ProviderError> {
    let mut sums: Vec<Money> = Vec::new();
    for a in &list.data {
        let net = a.figures()?.net_balance;
        match sums.iter_mut().find(|m| m.currency() == net.currency()) {
            Some(sum) => *sum = sum.checked_add(&net).map_err(malformed)?,
            None => sums.push(net),
        }
    }
    sums.into_iter()
        .map(|available| Balance::new(account.clone(), available, None, as_of).map_err(malformed))
        .collect()
}

/// Reads `GET /accounts`.
pub fn parse_account_list(body: &[u8]) -> Result<AccountList, ProviderError> {
    let list: AccountList = read(body, "account list")?;
    for a in &list.data {
        a.figures()?;
    }
    Ok(list)
}

/// Reads `GET /account/{id}/balance`.
pub fn parse_account_balance(body: &[u8]) -> Result<AccountBalance, ProviderError> {
    let balance: AccountBalance = read(body, "account balance")?;
    balance.figures()?;
    Ok(balance)
}
