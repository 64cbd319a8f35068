//! The unified transaction: the one record every provider's history maps into, so the
//! merchant can browse, search, chart and export all five providers as one list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};
use crate::provider::{AccountId, ProviderKind};

/// Which way the money moves, from the merchant's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Money coming to the merchant.
    In,
    /// Money leaving the merchant.
    Out,
}

impl Direction {
    /// `in` or `out`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// What kind of movement a transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TransactionKind {
    /// A customer paid the merchant (Hexai collections, HG.Cash cash-ins).
    Collection,
    /// The merchant sent money to a mobile wallet (Hexai Wave payouts).
    Payout,
    /// The merchant moved money out to a bank account (HG.Cash CBU/CVU).
    CashOut,
    /// A card or billet sale (Hubcash).
    Sale,
    /// A hosted payment link (HPAY).
    PaymentLink,
    /// A crypto deposit settled in fiat (CashWeb).
    CryptoDeposit,
}

impl TransactionKind {
    /// The stable identifier: `collection`, `payout`, `cash_out`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionKind::Collection => "collection",
            TransactionKind::Payout => "payout",
            TransactionKind::CashOut => "cash_out",
            TransactionKind::Sale => "sale",
            TransactionKind::PaymentLink => "payment_link",
            TransactionKind::CryptoDeposit => "crypto_deposit",
        }
    }
}

/// Paydesk's status, the same words for every provider. The provider's own word is kept in
/// [`Transaction::provider_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum TransactionStatus {
    /// Created, nothing has happened yet.
    Pending,
    /// The provider is working on it (review, confirmations, capture window...).
    Processing,
    /// Done: the money moved.
    Succeeded,
    /// Refused or failed; the money did not move.
    Failed,
    /// Cancelled by the merchant or the provider before it completed.
    Cancelled,
    /// Not completed in time (an unpaid deposit window, an unpaid billet).
    Expired,
    /// Completed, then given back.
    Refunded,
    /// The provider used a status word Paydesk does not know (kept in
    /// [`Transaction::provider_status`]). Never final: Paydesk keeps asking until the provider
    /// says something it knows.
    Unknown,
}

impl TransactionStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [TransactionStatus; 8] = [
        TransactionStatus::Pending,
        TransactionStatus::Processing,
        TransactionStatus::Succeeded,
        TransactionStatus::Failed,
        TransactionStatus::Cancelled,
        TransactionStatus::Expired,
        TransactionStatus::Refunded,
        TransactionStatus::Unknown,
    ];

    /// The stable identifier: `pending`, `processing`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionStatus::Pending => "pending",
            TransactionStatus::Processing => "processing",
            TransactionStatus::Succeeded => "succeeded",
            TransactionStatus::Failed => "failed",
            TransactionStatus::Cancelled => "cancelled",
            TransactionStatus::Expired => "expired",
            TransactionStatus::Refunded => "refunded",
            TransactionStatus::Unknown => "unknown",
        }
    }

    /// True when nothing more will happen without a new action. `Succeeded` counts as terminal
    /// although a refund can still follow it.
    pub fn is_terminal(self) -> bool {
        match self {
            TransactionStatus::Pending
            | TransactionStatus::Processing
            | TransactionStatus::Unknown => false,
            TransactionStatus::Succeeded
            | TransactionStatus::Failed
            | TransactionStatus::Cancelled
            | TransactionStatus::Expired
            | TransactionStatus::Refunded => true,
        }
    }
}

/// The other side of a transaction, as far as the provider tells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counterparty {
    /// A person's or company's name.
    pub name: Option<String>,
    /// A phone number, e.g. a Wave number `+2201234567`.
    pub phone: Option<String>,
    /// A bank account: CBU/CVU, or a crypto deposit address.
    pub bank_account: Option<String>,
    /// The last four digits of a card.
    pub card_last4: Option<String>,
}

/// One transaction at one provider, in Paydesk's unified form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// The provider that holds it.
    pub provider: ProviderKind,
    /// The merchant's account it belongs to.
    pub account: AccountId,
    /// The provider's own identifier; unique within the account.
    pub provider_id: String,
    /// The merchant's reference (client_reference, externalID, merchant_reference, Ref).
    pub merchant_reference: Option<String>,
    /// In or out.
    pub direction: Direction,
    /// What kind of movement it is.
    pub kind: TransactionKind,
    /// Paydesk's unified status.
    pub status: TransactionStatus,
    /// The provider's own status word, unchanged.
    pub provider_status: String,
    /// The gross amount, always positive; [`Transaction::direction`] gives the sign.
    pub amount: Money,
    /// What the provider charged, in the same currency, where it says.
    pub fee: Option<Money>,
    /// What reaches the merchant (or leaves them) after fees, where the provider says.
    pub net: Option<Money>,
    /// The other side.
    pub counterparty: Counterparty,
    /// A description or product name, where there is one.
    pub description: Option<String>,
    /// When the provider created it.
    pub created_at: DateTime<Utc>,
    /// When the provider last changed it.
    pub updated_at: DateTime<Utc>,
    /// The provider's record as JSON text, byte for byte as received (so no number in it was
    /// ever rounded through a float).
    pub raw: String,
}

/// A transaction whose figures do not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTransaction {
    /// A fee or net amount is in another currency than the amount.
    #[error("fee and net must be in the transaction's currency: {0}")]
    Currency(#[from] MoneyError),
    /// The gross amount is negative.
    #[error("the amount of a transaction cannot be negative")]
    NegativeAmount,
    /// The provider id is empty.
    #[error("a transaction needs the provider's id")]
    MissingProviderId,
}

impl Transaction {
    /// Checks the rules every mapped transaction must keep before it is stored.
    pub fn check(&self) -> Result<(), InvalidTransaction> {
        if self.provider_id.trim().is_empty() {
            return Err(InvalidTransaction::MissingProviderId);
        }
        if self.amount.is_negative() {
            return Err(InvalidTransaction::NegativeAmount);
        }
        for other in [&self.fee, &self.net].into_iter().flatten() {
            self.amount.checked_cmp(other)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn sample() -> Transaction {
        let gmd = Currency::from_code("GMD").expect("known");
        Transaction {
            provider: ProviderKind::Hexai,
            account: AccountId::new("hexai-main").expect("valid"),
            provider_id: "tx_abc123".into(),
            merchant_reference: Some("ORDER-12345".into()),
            direction: Direction::In,
            kind: TransactionKind::Collection,
            status: TransactionStatus::Succeeded,
            provider_status: "SUCCEEDED".into(),
            amount: Money::from_minor(10000, gmd),
            fee: Some(Money::from_minor(200, gmd)),
            net: Some(Money::from_minor(9800, gmd)),
            counterparty: Counterparty::default(),
            description: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            raw: r#"{"id":"tx_abc123"}"#.into(),
        }
    }

    #[test]
    fn check_catches_inconsistent_figures() {
        assert_eq!(sample().check(), Ok(()));
        let mut t = sample();
        t.fee = Some(Money::from_minor(
            1,
            Currency::from_code("CAD").expect("known"),
        ));
        assert!(matches!(t.check(), Err(InvalidTransaction::Currency(_))));
        let mut t = sample();
        t.amount = Money::from_minor(-1, t.amount.currency());
        assert_eq!(t.check(), Err(InvalidTransaction::NegativeAmount));
        let mut t = sample();
        t.provider_id = " ".into();
        assert_eq!(t.check(), Err(InvalidTransaction::MissingProviderId));
    }

    #[test]
    fn statuses_have_stable_names() {
        for s in TransactionStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).expect("serializes"),
                format!("\"{}\"", s.as_str())
            );
        }
        assert!(!TransactionStatus::Pending.is_terminal());
        assert!(TransactionStatus::Expired.is_terminal());
        assert_eq!(
            serde_json::to_string(&TransactionKind::CashOut).expect("serializes"),
            "\"cash_out\""
        );
    }
}
