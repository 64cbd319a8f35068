//! Who holds the merchant's money: the five providers, the merchant's accounts at them, and
//! whether an account is a sandbox or a live one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the five payment providers Paydesk speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// HG.Cash: Argentine accounts, CBU/CVU cash-outs.
    HgCash,
    /// HPAY: hosted payment links and a collect balance.
    Hpay,
    /// Hexai Payment Gateway: Wave mobile money in The Gambia.
    Hexai,
    /// CashWeb: crypto deposits settled in fiat.
    CashWeb,
    /// Hubcash: card and billet sales in Brazil.
    Hubcash,
}

impl ProviderKind {
    /// All five, in the order the UI lists them.
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::Hexai,
        ProviderKind::HgCash,
        ProviderKind::Hpay,
        ProviderKind::CashWeb,
        ProviderKind::Hubcash,
    ];

    /// The stable identifier used in storage, IPC and URLs: `hgcash`, `hpay`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::HgCash => "hgcash",
            ProviderKind::Hpay => "hpay",
            ProviderKind::Hexai => "hexai",
            ProviderKind::CashWeb => "cashweb",
            ProviderKind::Hubcash => "hubcash",
        }
    }

    /// The name a merchant knows the provider by.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderKind::HgCash => "HG.Cash",
            ProviderKind::Hpay => "HPAY",
            ProviderKind::Hexai => "Hexai",
            ProviderKind::CashWeb => "CashWeb",
            ProviderKind::Hubcash => "Hubcash",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// Text that names no provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a provider (expected one of hgcash, hpay, hexai, cashweb, hubcash)")]
pub struct UnknownProvider(pub String);

impl FromStr for ProviderKind {
    type Err = UnknownProvider;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProviderKind::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownProvider(s.to_owned()))
    }
}

/// Whether an account moves real money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Test credentials or Paydesk's embedded simulators: no real money moves.
    Sandbox,
    /// Real money.
    Live,
}

impl Mode {
    /// `sandbox` or `live`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sandbox => "sandbox",
            Mode::Live => "live",
        }
    }
}

/// Paydesk's own identifier for one of the merchant's accounts at a provider.
///
/// 1 to 64 characters of `[A-Za-z0-9._-]`, so it is safe in file names, URLs and logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountId(String);

/// Text that cannot be an [`AccountId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an account id (1 to 64 letters, digits, '.', '_' or '-')")]
pub struct InvalidAccountId(pub String);

impl AccountId {
    /// Checks and wraps an identifier.
    pub fn new(id: impl Into<String>) -> Result<AccountId, InvalidAccountId> {
        let id = id.into();
        let ok = (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok {
            Ok(AccountId(id))
        } else {
            Err(InvalidAccountId(id))
        }
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AccountId {
    type Error = InvalidAccountId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        AccountId::new(value)
    }
}

impl From<AccountId> for String {
    fn from(value: AccountId) -> Self {
        value.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_ids_round_trip() {
        for p in ProviderKind::ALL {
            assert_eq!(p.as_str().parse::<ProviderKind>(), Ok(p));
            let json = serde_json::to_string(&p).expect("serializes");
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert!("paypal".parse::<ProviderKind>().is_err());
    }

    #[test]
    fn account_ids_are_checked() {
        assert!(AccountId::new("sandbox-hexai").is_ok());
        assert!(AccountId::new("").is_err());
        assert!(AccountId::new("a/b").is_err());
        assert!(AccountId::new("x".repeat(65)).is_err());
        assert!(serde_json::from_str::<AccountId>("\"bad id\"").is_err());
    }
}
