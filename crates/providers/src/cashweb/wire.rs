//! CashWeb's own request and response types, spelled as its Partner API spells them
//! (shared/providers/cashweb.md §3–§4), and their conversions into Paydesk's domain types.
//!
//! Every amount is a decimal string on the wire and is read exactly ([`WireDecimal`]); the
//! fiat currency is never named by CashWeb, so conversions take it from the client
//! (ASSUMPTION U12, [`super::DEFAULT_FIAT_CURRENCY`]).

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::error::ProviderError;
use crate::exact::{WireDecimal, parse_rfc3339};
use crate::traits::PayoutReceipt;

use super::ledger::RevenueSummary;
pub use super::page::RawPage;

const P: ProviderKind = ProviderKind::CashWeb;

fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_rfc3339(&text).map_err(D::Error::custom)
}

fn de_opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse_rfc3339(&text).map(Some).map_err(D::Error::custom),
    }
}

/// The success wrapper `{"success": true, "data": …, "message": null}` (§3).
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// True on success.
    #[serde(default)]
    pub success: Option<bool>,
    /// The endpoint's object.
    pub data: T,
    /// An optional message ("Webhook replay scheduled").
    #[serde(default)]
    pub message: Option<String>,
}

/// The error wrapper `{"error": {"message", "code", "timestamp"}}` (§3).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ErrorEnvelope {
    /// The error.
    pub error: ErrorBody,
}

/// The body of an error.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// What went wrong, in CashWeb's words.
    #[serde(default)]
    pub message: Option<String>,
    /// CashWeb's code (`QUOTE_EXPIRED`, `DUPLICATE_MERCHANT_REFERENCE`...).
    #[serde(default)]
    pub code: Option<String>,
    /// When CashWeb answered.
    #[serde(default)]
    pub timestamp: Option<String>,
}

/// `POST /quotes` body (§3.1): exactly one of the two amounts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuoteRequest {
    /// Lowercase stablecoin (`usdt`).
    pub crypto_currency: String,
    /// Lowercase chain (`bep20`, `trc20`).
    pub network: String,
    /// The crypto amount, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crypto_amount: Option<String>,
    /// The fiat amount, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiat_amount: Option<String>,
}

/// An executable quote (§3.1).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Quote {
    /// The quote's id, for quote mode.
    pub quote_id: String,
    /// The market rate.
    pub base_rate: WireDecimal,
    /// The executable rate; the transaction's `rate`.
    pub adjusted_rate: WireDecimal,
    /// The amount in the requested mode (ASSUMPTION U13).
    pub amount: WireDecimal,
    /// When the quote stops being executable (120 s).
    #[serde(deserialize_with = "de_time")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /transactions` body (§3.2): quote mode or direct mode, never both.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CreateTransactionRequest {
    /// The partner's reference, unique ignoring case.
    pub merchant_reference: String,
    /// Quote mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_id: Option<String>,
    /// Direct mode: the fiat amount as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiat_amount: Option<String>,
    /// Direct mode: the stablecoin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crypto_currency: Option<String>,
    /// The chain (direct mode; optional in quote mode, must match the quote).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Partner sub-merchant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// Terminal id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal_id: Option<String>,
    /// Seller phone (metadata).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller_phone: Option<String>,
}

impl CreateTransactionRequest {
    /// Quote mode.
    pub fn quote_mode(reference: &str, quote_id: &str, network: Option<&str>) -> Self {
        CreateTransactionRequest {
            merchant_reference: reference.to_owned(),
            quote_id: Some(quote_id.to_owned()),
            fiat_amount: None,
            crypto_currency: None,
            network: network.map(str::to_owned),
            merchant_id: None,
            terminal_id: None,
            seller_phone: None,
        }
    }

    /// Direct mode: CashWeb applies its market rate and derives the crypto amount.
    pub fn direct(reference: &str, fiat_amount: Decimal, crypto: &str, network: &str) -> Self {
        CreateTransactionRequest {
            merchant_reference: reference.to_owned(),
            quote_id: None,
            fiat_amount: Some(crate::exact::fixed_text(fiat_amount, 2)),
            crypto_currency: Some(crypto.to_owned()),
            network: Some(network.to_owned()),
            merchant_id: None,
            terminal_id: None,
            seller_phone: None,
        }
    }
}

/// CashWeb's transaction statuses (§4.1). An unknown word is a parse error: the list is
/// documented as complete, and a new status must be mapped deliberately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CwStatus {
    /// Accepted, not yet ready for deposits.
    Pending,
    /// The address is live.
    AwaitingDeposit,
    /// A deposit is waiting for confirmations.
    DepositConfirming,
    /// The crypto is being sold.
    SellingCrypto,
    /// The sale executed.
    OrderFilled,
    /// Success.
    Completed,
    /// Could not complete.
    Failed,
    /// The deposit window closed.
    Expired,
    /// Cancelled before completion.
    Cancelled,
    /// Reversed.
    Refunded,
}

impl CwStatus {
    /// CashWeb's word.
    pub fn as_str(self) -> &'static str {
        match self {
            CwStatus::Pending => "pending",
            CwStatus::AwaitingDeposit => "awaiting_deposit",
            CwStatus::DepositConfirming => "deposit_confirming",
            CwStatus::SellingCrypto => "selling_crypto",
            CwStatus::OrderFilled => "order_filled",
            CwStatus::Completed => "completed",
            CwStatus::Failed => "failed",
            CwStatus::Expired => "expired",
            CwStatus::Cancelled => "cancelled",
            CwStatus::Refunded => "refunded",
        }
    }

    /// Paydesk's status for it.
    pub fn unified(self) -> TransactionStatus {
        match self {
            // The seller has not paid yet: nothing is in motion.
            CwStatus::Pending | CwStatus::AwaitingDeposit => TransactionStatus::Pending,
            CwStatus::DepositConfirming | CwStatus::SellingCrypto | CwStatus::OrderFilled => {
                TransactionStatus::Processing
            }
            CwStatus::Completed => TransactionStatus::Succeeded,
            CwStatus::Failed => TransactionStatus::Failed,
            CwStatus::Expired => TransactionStatus::Expired,
            CwStatus::Cancelled => TransactionStatus::Cancelled,
            CwStatus::Refunded => TransactionStatus::Refunded,
        }
    }
}

/// A transaction as create, TSQ, reference lookup and list return it (§3.2–§3.5). Fields
/// only the TSQ carries are optional.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CwTransaction {
    /// CashWeb's id.
    pub id: String,
    /// Status.
    pub status: CwStatus,
    /// Chain.
    #[serde(default)]
    pub network: Option<String>,
    /// The single-use deposit address.
    #[serde(default)]
    pub deposit_address: Option<String>,
    /// End of the deposit window.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Fiat per crypto unit.
    #[serde(default)]
    pub rate: Option<WireDecimal>,
    /// The fiat amount.
    pub amount: WireDecimal,
    /// The crypto amount.
    #[serde(default)]
    pub crypto_amount: Option<WireDecimal>,
    /// The stablecoin.
    #[serde(default)]
    pub crypto_currency: Option<String>,
    /// The partner's reference.
    #[serde(default)]
    pub merchant_reference: Option<String>,
    /// Sub-merchant.
    #[serde(default)]
    pub merchant_id: Option<String>,
    /// Terminal.
    #[serde(default)]
    pub terminal_id: Option<String>,
    /// Seller phone metadata.
    #[serde(default)]
    pub seller_phone: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last change.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Deposit id, once a deposit is seen.
    #[serde(default)]
    pub deposit_id: Option<String>,
    /// `detected` or `confirmed` (ASSUMPTION U7).
    #[serde(default)]
    pub deposit_status: Option<String>,
    /// Confirmations so far.
    #[serde(default)]
    pub confirmations: Option<u32>,
    /// Confirmations needed.
    #[serde(default)]
    pub required_confirmations: Option<u32>,
    /// When the deposit was seen.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub received_at: Option<DateTime<Utc>>,
    /// When it was confirmed.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// A transaction with its JSON text exactly as CashWeb sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionRecord {
    /// The parsed transaction.
    pub wire: CwTransaction,
    /// The JSON object as received.
    pub raw: String,
}

impl TransactionRecord {
    /// Parses one transaction object.
    pub fn parse(raw: &str) -> Result<TransactionRecord, ProviderError> {
        let wire: CwTransaction =
            serde_json::from_str(raw).map_err(|e| ProviderError::malformed(P, e))?;
        Ok(TransactionRecord {
            wire,
            raw: raw.to_owned(),
        })
    }

    /// Paydesk's unified transaction, in the partner's fiat currency.
    pub fn to_transaction(
        &self,
        account: &AccountId,
        fiat: Currency,
    ) -> Result<Transaction, ProviderError> {
        let w = &self.wire;
        let amount = Money::from_decimal(w.amount.0, fiat)
            .map_err(|e| ProviderError::malformed(P, format!("amount of {}: {e}", w.id)))?;
        if amount.is_negative() {
            return Err(ProviderError::malformed(
                P,
                format!("negative amount on {}", w.id),
            ));
        }
        let created_at = w
            .created_at
            .or_else(|| {
                w.expires_at
                    .and_then(|e| e.checked_sub_signed(super::DEPOSIT_WINDOW))
            })
            .ok_or_else(|| ProviderError::malformed(P, format!("{} has no created_at", w.id)))?;
        let description = match (&w.crypto_amount, &w.crypto_currency, &w.network) {
            (Some(c), Some(cur), Some(net)) => Some(format!(
                "{} {} on {}{}",
                c.0,
                cur.to_uppercase(),
                net,
                w.rate.map(|r| format!(" at {}", r.0)).unwrap_or_default()
            )),
            _ => None,
        };
        let transaction = Transaction {
            provider: P,
            account: account.clone(),
            provider_id: w.id.clone(),
            merchant_reference: w.merchant_reference.clone(),
            direction: Direction::In,
            kind: TransactionKind::CryptoDeposit,
            status: w.status.unified(),
            provider_status: w.status.as_str().to_owned(),
            amount,
            fee: None,
            net: None,
            counterparty: Counterparty {
                name: None,
                phone: w.seller_phone.clone(),
                bank_account: w.deposit_address.clone(),
                card_last4: None,
            },
            description,
            created_at,
            updated_at: w.updated_at.unwrap_or(created_at),
            raw: self.raw.clone(),
        };
        transaction
            .check()
            .map_err(|e| ProviderError::malformed(P, format!("{}: {e}", w.id)))?;
        Ok(transaction)
    }

    /// What the payout journal keeps: the deposit address is the "link" shown to the seller.
    pub fn to_receipt(&self) -> PayoutReceipt {
        let w = &self.wire;
        PayoutReceipt {
            provider_id: w.id.clone(),
            status: w.status.unified(),
            provider_status: w.status.as_str().to_owned(),
            failure_reason: matches!(w.status, CwStatus::Failed)
                .then(|| "CashWeb could not complete the transaction".to_owned()),
            link: w.deposit_address.clone(),
            raw: self.raw.clone(),
            warning: None,
        }
    }
}

/// One page of transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionPage {
    /// The records, newest first.
    pub records: Vec<TransactionRecord>,
    /// More after this page.
    pub has_more: bool,
    /// Copy into the next call's `cursor`; `None` on the last page.
    pub next_cursor: Option<String>,
}

impl TransactionPage {
    /// Parses the `data` object of `GET /transactions`.
    pub fn parse(data: &str) -> Result<TransactionPage, ProviderError> {
        let page: RawPage<RevenueSummary> =
            serde_json::from_str(data).map_err(|e| ProviderError::malformed(P, e))?;
        let records = page
            .data
            .iter()
            .map(|raw| TransactionRecord::parse(raw.get()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TransactionPage {
            records,
            has_more: page.has_more,
            next_cursor: page.next_cursor.filter(|_| page.has_more),
        })
    }
}

/// One audited transition (§3.6).
#[derive(Debug, Clone, Deserialize)]
pub struct HistoryEntry {
    /// When.
    #[serde(deserialize_with = "de_time")]
    pub changed_at: DateTime<Utc>,
    /// From (null on the first entry).
    #[serde(default)]
    pub from_status: Option<CwStatus>,
    /// To.
    pub to_status: CwStatus,
    /// `area:event`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Free-form metadata, kept as text.
    #[serde(default)]
    pub metadata: Option<Box<RawValue>>,
}

/// `GET /transactions/{id}/status-history` (§3.6).
#[derive(Debug, Clone, Deserialize)]
pub struct StatusHistory {
    /// The transaction.
    pub id: String,
    /// Its current status.
    pub status: CwStatus,
    /// The transitions, oldest first (ASSUMPTION).
    pub history: Vec<HistoryEntry>,
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
