//! CashWeb transactions (seed "Create Response Shape" and "TSQ Response Shape"; reference
//! §3.2–§3.5): the create request, the transaction as every endpoint returns it, and a page of
//! them, with their conversions into Paydesk's [`Transaction`] and [`PayoutReceipt`].
//!
//! Only `amount` is required: it is the one figure both documented shapes name that Paydesk
//! cannot do without. `id` and `status` may be missing (the TSQ list names neither); the client
//! fills the id from what it asked for, and a missing status reads as not known. Every amount
//! is read exactly ([`WireDecimal`]); the fiat currency is never named by CashWeb, so the
//! conversions take it from the client (ASSUMPTION U12).

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::envelope::{RawPage, unreadable};
use super::lenient::{de_opt_count, de_opt_decimal, de_opt_text, de_opt_time, de_text_or_empty};
use super::status::CwStatus;
use crate::cashweb::assumptions::DEPOSIT_WINDOW;
use crate::error::ProviderError;
use crate::exact::WireDecimal;
use crate::traits::PayoutReceipt;

const P: ProviderKind = ProviderKind::CashWeb;

/// `POST /transactions` body (seed "Transaction Create Modes"): quote mode or direct mode,
/// never both.
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

/// A transaction as create, status query, lookup, list and webhooks return it. Everything but
/// `amount` may be missing.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CwTransaction {
    /// CashWeb's id (empty when the answer named none and the client could not fill it in).
    #[serde(default, deserialize_with = "de_text_or_empty")]
    pub id: String,
    /// Status (not known when the answer named none).
    #[serde(default)]
    pub status: CwStatus,
    /// Chain.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub network: Option<String>,
    /// The single-use deposit address.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub deposit_address: Option<String>,
    /// End of the deposit window.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Fiat per crypto unit.
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub rate: Option<WireDecimal>,
    /// The fiat amount.
    pub amount: WireDecimal,
    /// The crypto amount.
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub crypto_amount: Option<WireDecimal>,
    /// The stablecoin.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub crypto_currency: Option<String>,
    /// The partner's reference.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub merchant_reference: Option<String>,
    /// Sub-merchant.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub merchant_id: Option<String>,
    /// Terminal.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub terminal_id: Option<String>,
    /// Seller phone metadata.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub seller_phone: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last change.
    #[serde(default, deserialize_with = "de_opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Deposit id, once a deposit is seen.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub deposit_id: Option<String>,
    /// `detected` or `confirmed` (ASSUMPTION U7).
    #[serde(default, deserialize_with = "de_opt_text")]
    pub deposit_status: Option<String>,
    /// Confirmations so far.
    #[serde(default, deserialize_with = "de_opt_count")]
    pub confirmations: Option<u32>,
    /// Confirmations needed.
    #[serde(default, deserialize_with = "de_opt_count")]
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
        let wire: CwTransaction = serde_json::from_str(raw)
            .map_err(|e| unreadable("a transaction could not be read", &e, raw))?;
        Ok(TransactionRecord {
            wire,
            raw: raw.to_owned(),
        })
    }

    /// Parses one transaction object when it is one (quietly: for answers the seed gives no
    /// body for, where a partial object is expected and the transaction is read again).
    pub fn try_parse(raw: &str) -> Option<TransactionRecord> {
        let wire: CwTransaction = serde_json::from_str(raw).ok()?;
        Some(TransactionRecord {
            wire,
            raw: raw.to_owned(),
        })
    }

    /// Fills in the id the answer left out, from the id Paydesk asked for.
    pub fn or_id(mut self, id: &str) -> TransactionRecord {
        if self.wire.id.trim().is_empty() {
            self.wire.id = id.to_owned();
        }
        self
    }

    /// Fills in the reference the answer left out, from the reference Paydesk asked for.
    pub fn or_reference(mut self, reference: &str) -> TransactionRecord {
        if self.wire.merchant_reference.is_none() {
            self.wire.merchant_reference = Some(reference.to_owned());
        }
        self
    }

    /// True when the answer (or the caller) gave the transaction's id.
    pub fn has_id(&self) -> bool {
        !self.wire.id.trim().is_empty()
    }

    /// Paydesk's unified transaction, in the partner's fiat currency.
    pub fn to_transaction(
        &self,
        account: &AccountId,
        fiat: Currency,
    ) -> Result<Transaction, ProviderError> {
        let w = &self.wire;
        let amount = Money::from_decimal(w.amount.0, fiat).map_err(|e| {
            unreadable(
                "a transaction amount does not fit the currency",
                &e,
                &self.raw,
            )
        })?;
        if amount.is_negative() {
            return Err(unreadable(
                "a transaction amount is negative",
                &"",
                &self.raw,
            ));
        }
        let created_at = w
            .created_at
            .or_else(|| {
                w.expires_at
                    .and_then(|e| e.checked_sub_signed(DEPOSIT_WINDOW))
            })
            .or(w.updated_at)
            .ok_or_else(|| unreadable("a transaction has no creation time", &"", &self.raw))?;
        let description = match (&w.crypto_amount, &w.crypto_currency) {
            (Some(c), Some(cur)) => Some(format!(
                "{} {}{}{}",
                c.0,
                cur.to_uppercase(),
                w.network
                    .as_deref()
                    .map(|n| format!(" on {n}"))
                    .unwrap_or_default(),
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
            status: TransactionStatus::from(&w.status),
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
            .map_err(|e| unreadable("a transaction is incomplete", &e, &self.raw))?;
        Ok(transaction)
    }

    /// What the payout journal keeps: the deposit address is the "link" shown to the seller.
    pub fn to_receipt(&self) -> PayoutReceipt {
        let w = &self.wire;
        PayoutReceipt {
            provider_id: w.id.clone(),
            status: TransactionStatus::from(&w.status),
            provider_status: w.status.as_str().to_owned(),
            failure_reason: matches!(w.status, CwStatus::Failed)
                .then(|| "CashWeb could not complete the transaction".to_owned()),
            link: w.deposit_address.clone(),
            expires_at: w.expires_at,
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
    /// Parses the `data` of `GET /transactions`: a bare array, or an object holding the array
    /// (`data`, `items`, `transactions`, `results`), with `next_cursor` and maybe `has_more`.
    pub fn parse(data: &str) -> Result<TransactionPage, ProviderError> {
        let page = RawPage::parse(data).ok_or_else(|| {
            unreadable(
                "the transaction list could not be read",
                &"no list of transactions",
                data,
            )
        })?;
        let records = page
            .items
            .iter()
            .map(|raw| TransactionRecord::parse(raw.get()))
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = page.next();
        if page.has_more == Some(true) && next_cursor.is_none() {
            tracing::warn!(
                provider = "cashweb",
                "a transaction page says there is more but gives no next_cursor; the scan stops here"
            );
        }
        Ok(TransactionPage {
            records,
            has_more: next_cursor.is_some(),
            next_cursor,
        })
    }
}
