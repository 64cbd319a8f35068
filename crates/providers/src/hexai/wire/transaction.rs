//! One transaction as HPG shows it: in the list (§5.7), the status lookup (§5.2) and the payout
//! answer (§5.3), none of which the seed gives a body for, so only a status and an id or a
//! reference are required. Also the collection answer the seed does show (§5.1).

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Counterparty, Money, ProviderKind, Transaction, TransactionKind};
use serde::Deserialize;

use super::super::assumptions::record_time;
use super::read::{amount_pair, bad, check_currency, gmd_amount, parse};
use super::status::{HexaiStatus, HexaiType};
use crate::error::ProviderError;
use crate::exact::{WireDecimal, parse_rfc3339};
use crate::traits::PayoutReceipt;

const P: ProviderKind = ProviderKind::Hexai;

/// `POST /collections/initiate` answer's `data` (§5.1: the seed shows these three fields).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CollectionCreated {
    /// HPG's id.
    pub transaction_id: String,
    /// The Wave checkout URL for the customer.
    pub redirect_url: String,
    /// `PENDING` for a new collection; the current status on a replay.
    pub status: HexaiStatus,
    /// The reference, when HPG echoes it.
    #[serde(default)]
    pub client_reference: Option<String>,
}

impl CollectionCreated {
    /// What Paydesk records about a new collection: its id, its status (`PENDING`: awaiting
    /// the customer) and the checkout URL to send the customer to.
    pub fn to_receipt(&self) -> PayoutReceipt {
        PayoutReceipt {
            provider_id: self.transaction_id.clone(),
            status: paydesk_domain::TransactionStatus::from(&self.status),
            provider_status: self.status.as_str().to_owned(),
            failure_reason: None,
            link: Some(self.redirect_url.clone()),
            expires_at: None,
            raw: serde_json::json!({
                "transaction_id": self.transaction_id,
                "redirect_url": self.redirect_url,
                "status": self.status.as_str(),
                "client_reference": self.client_reference,
            })
            .to_string(),
            warning: None,
        }
    }
}

/// One transaction: every field but `status` may be missing. `id` or `transaction_id`;
/// amounts as bututs + GMD text, or as a lone `amount` (a GMD string or number).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HexaiTransaction {
    /// The id, as list items name it.
    #[serde(default)]
    pub id: Option<String>,
    /// The id, as the status and initiate answers name it.
    #[serde(default)]
    pub transaction_id: Option<String>,
    /// The merchant's reference.
    #[serde(default)]
    pub client_reference: Option<String>,
    /// Collection or payout.
    #[serde(default, rename = "type")]
    pub kind: Option<HexaiType>,
    /// Amount in bututs.
    #[serde(default)]
    pub amount_bututs: Option<i64>,
    /// Amount as GMD text.
    #[serde(default)]
    pub amount_gmd: Option<WireDecimal>,
    /// Amount as GMD (string or number), for answers that give only this.
    #[serde(default)]
    pub amount: Option<WireDecimal>,
    /// HPG's commission in bututs.
    #[serde(default)]
    pub commission_bututs: Option<i64>,
    /// HPG's commission as GMD text.
    #[serde(default)]
    pub commission_gmd: Option<WireDecimal>,
    /// `GMD`.
    #[serde(default)]
    pub currency: Option<String>,
    /// The status word, as sent.
    pub status: HexaiStatus,
    /// The Wave number of a payout.
    #[serde(default)]
    pub recipient_mobile: Option<String>,
    /// Why it failed (§6.4 codes), on `FAILED` only.
    #[serde(default)]
    pub failure_code: Option<String>,
    /// Creation time (ISO 8601 UTC).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last change.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// This object's JSON text as received (set by [`parse_transaction`]).
    #[serde(skip)]
    pub raw: String,
}

impl HexaiTransaction {
    /// The id under either name.
    pub fn the_id(&self) -> Option<&str> {
        self.id
            .as_deref()
            .or(self.transaction_id.as_deref())
            .map(str::trim)
            .filter(|id| !id.is_empty())
    }

    /// Paydesk's status for HPG's word.
    pub fn domain_status(&self) -> paydesk_domain::TransactionStatus {
        self.status.to_domain()
    }

    /// The gross amount, when the answer gives one.
    pub fn money(&self) -> Result<Option<Money>, ProviderError> {
        check_currency(self.currency.as_deref())?;
        if self.amount_bututs.is_some() || self.amount_gmd.is_some() {
            return amount_pair("amount", self.amount_bututs, self.amount_gmd).map(Some);
        }
        self.amount.map(|a| gmd_amount("amount", a)).transpose()
    }

    fn fee(&self) -> Result<Option<Money>, ProviderError> {
        if self.commission_bututs.is_none() && self.commission_gmd.is_none() {
            return Ok(None);
        }
        amount_pair("commission", self.commission_bututs, self.commission_gmd).map(Some)
    }

    fn time(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ProviderError> {
        text.map(|t| parse_rfc3339(t).map_err(|_| bad(format!("{field} is not a time"))))
            .transpose()
    }

    /// The unified record. `read_at` dates a record that carries no time (§3.4 ASSUMPTION).
    pub fn to_transaction(
        &self,
        account: &AccountId,
        read_at: DateTime<Utc>,
    ) -> Result<Transaction, ProviderError> {
        let id = self
            .the_id()
            .ok_or_else(|| bad("a transaction has no id"))?;
        let amount = self
            .money()?
            .ok_or_else(|| bad("a transaction has no amount"))?;
        let fee = self.fee()?;
        let (direction, kind) =
            HexaiType::movement(self.kind.as_ref(), self.recipient_mobile.is_some());
        let net = match (kind, &fee) {
            (TransactionKind::Collection, Some(fee)) => Some(
                amount
                    .checked_sub(fee)
                    .map_err(|_| bad("the commission is not in GMD"))?,
            ),
            (TransactionKind::Collection, _) => None,
            // Payouts carry no commission (§5.3): what leaves is the amount.
            _ => Some(amount),
        };
        let created = Self::time("created_at", self.created_at.as_deref())?;
        let updated = Self::time("updated_at", self.updated_at.as_deref())?;
        let created_at = record_time(created, updated, read_at);
        let updated_at = updated.unwrap_or(created_at);
        let description = match (&self.kind, &self.failure_code) {
            (_, Some(code)) => Some(format!("failed: {code}")),
            (Some(HexaiType::Other(word)), None) => Some(format!("type: {word}")),
            _ => None,
        };
        let transaction = Transaction {
            provider: P,
            account: account.clone(),
            provider_id: id.to_owned(),
            merchant_reference: self.client_reference.clone(),
            direction,
            kind,
            status: self.domain_status(),
            provider_status: self.status.as_str().to_owned(),
            amount,
            fee,
            net,
            counterparty: Counterparty {
                phone: self.recipient_mobile.clone(),
                ..Counterparty::default()
            },
            description,
            created_at,
            updated_at,
            raw: self.raw.clone(),
        };
        transaction
            .check()
            .map_err(|_| bad("a transaction's figures do not hold together"))?;
        Ok(transaction)
    }

    /// What Paydesk records about a payout from this answer: its id and status are all it
    /// needs (the amount, recipient and dates are the request's).
    pub fn to_receipt(&self) -> Result<PayoutReceipt, ProviderError> {
        let id = self
            .the_id()
            .ok_or_else(|| bad("the payout answer names no transaction id"))?;
        Ok(PayoutReceipt {
            provider_id: id.to_owned(),
            status: self.domain_status(),
            provider_status: self.status.as_str().to_owned(),
            failure_reason: self.failure_code.clone(),
            link: None,
            expires_at: None,
            raw: self.raw.clone(),
            warning: None,
        })
    }
}

/// Parses one transaction object, keeping its raw text.
pub fn parse_transaction(what: &str, json: &str) -> Result<HexaiTransaction, ProviderError> {
    let mut wire: HexaiTransaction = parse(what, json)?;
    wire.raw = json.to_owned();
    Ok(wire)
}
