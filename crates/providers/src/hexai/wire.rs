//! HPG's JSON, spelled as its API spells it (reference sections 3 to 6), and the conversions
//! into Paydesk's domain types. Amounts arrive as integer bututs next to GMD strings (and as a
//! JSON number in webhooks); they become [`Money`] here and nowhere else, never through `f64`.

use paydesk_domain::{
    AccountId, Counterparty, Direction, Money, ProviderKind, Transaction, TransactionKind,
    TransactionStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{ErrorKind, ProviderError};
use crate::exact::{WireDecimal, parse_rfc3339};
use crate::traits::PayoutReceipt;

use super::decode::{amount_pair, bad};
pub use super::decode::{gmd, parse};

const P: ProviderKind = ProviderKind::Hexai;

/// A transaction status (section 6.1). Any other word is a malformed answer, never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HexaiStatus {
    /// Started, not settled yet.
    Pending,
    /// Completed: the money moved.
    Succeeded,
    /// Did not complete.
    Failed,
}

impl HexaiStatus {
    /// The word on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HexaiStatus::Pending => "PENDING",
            HexaiStatus::Succeeded => "SUCCEEDED",
            HexaiStatus::Failed => "FAILED",
        }
    }

    /// Paydesk's status for it.
    pub fn to_domain(self) -> TransactionStatus {
        match self {
            HexaiStatus::Pending => TransactionStatus::Pending,
            HexaiStatus::Succeeded => TransactionStatus::Succeeded,
            HexaiStatus::Failed => TransactionStatus::Failed,
        }
    }
}

/// A transaction type (section 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HexaiType {
    /// A customer paid the merchant.
    Collection,
    /// The merchant sent money to a Wave number.
    Payout,
}

impl HexaiType {
    /// The word on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HexaiType::Collection => "COLLECTION",
            HexaiType::Payout => "PAYOUT",
        }
    }

    fn direction(self) -> Direction {
        match self {
            HexaiType::Collection => Direction::In,
            HexaiType::Payout => Direction::Out,
        }
    }

    fn kind(self) -> TransactionKind {
        match self {
            HexaiType::Collection => TransactionKind::Collection,
            HexaiType::Payout => TransactionKind::Payout,
        }
    }
}

/// Section 3.1: unwraps `{"status":"success","data":...}`, or takes a bare body as it is
/// (stats and chart come bare in the seed). Returns the JSON text of the payload.
pub fn unwrap_success(body: &[u8]) -> Result<&str, ProviderError> {
    #[derive(Deserialize)]
    struct Probe<'a> {
        status: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow)]
        data: Option<&'a RawValue>,
    }
    let text = std::str::from_utf8(body).map_err(|_| bad("the body is not UTF-8 text"))?;
    // Checks the whole body is one JSON value before anything else reads it.
    let whole: &RawValue = serde_json::from_str(text).map_err(bad)?;
    if whole.get().starts_with('{')
        && let Ok(probe) = serde_json::from_str::<Probe<'_>>(whole.get())
        && probe.status.as_deref() == Some("success")
        && let Some(data) = probe.data
    {
        return Ok(data.get());
    }
    Ok(whole.get())
}

fn check_currency(currency: Option<&str>) -> Result<(), ProviderError> {
    match currency {
        None => Ok(()),
        Some(c) if c.eq_ignore_ascii_case(super::CURRENCY) => Ok(()),
        Some(other) => Err(bad(format!("currency {other} is not GMD"))),
    }
}

pub use super::figures::{
    BalanceSummary, CHART_DAYS, EarningsDay, Stats, parse_balance, parse_earnings_chart,
    parse_stats,
};

// ---- requests -------------------------------------------------------------------------------

/// `POST /collections/initiate` body (section 5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionRequest {
    /// GMD with two decimals, as a string.
    pub amount: String,
    /// Always `GMD`.
    pub currency: String,
    /// The merchant's reference (the idempotency key).
    pub client_reference: String,
    /// Where the customer goes after paying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_url: Option<String>,
    /// Where the customer goes after a failure or cancel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_url: Option<String>,
}

/// `POST /payouts/initiate` body (section 5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HexaiPayoutRequest {
    /// GMD with two decimals, as a string.
    pub amount: String,
    /// Always `GMD`.
    pub currency: String,
    /// `+220` and 7 digits.
    pub recipient_mobile: String,
    /// The merchant's reference (the idempotency key).
    pub client_reference: String,
}

/// The amount as a request wants it: a positive GMD amount, as a two-decimal string.
pub fn request_amount(amount: &Money) -> Result<String, ProviderError> {
    if amount.currency().code() != super::CURRENCY {
        return Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            format!("Hexai pays in GMD only, not {}", amount.currency()),
        ));
    }
    if !amount.is_positive() {
        return Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            "the amount must be more than zero",
        ));
    }
    Ok(crate::exact::fixed_text(
        amount.amount(),
        super::AMOUNT_PLACES,
    ))
}

/// Checks a reference before it goes into a body or a URL path (section 3.4 ASSUMPTION).
pub fn check_reference(reference: &str) -> Result<(), ProviderError> {
    if super::reference_is_valid(reference) {
        Ok(())
    } else {
        Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            "client_reference must be 1 to 100 letters, digits, '.', '_' or '-'",
        ))
    }
}

// ---- responses ------------------------------------------------------------------------------

/// `POST /collections/initiate` answer's `data` (section 5.1).
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

/// One transaction as HPG shows it: list items (section 5.7), the status answer (5.2) and
/// the payout answer (5.3). Tolerant: `id` or `transaction_id`; amounts as bututs + GMD text,
/// or as a lone `amount`.
#[derive(Debug, Clone, Deserialize)]
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
    #[serde(rename = "type")]
    pub kind: HexaiType,
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
    /// The status.
    pub status: HexaiStatus,
    /// The Wave number of a payout.
    #[serde(default)]
    pub recipient_mobile: Option<String>,
    /// Why it failed (section 6.4 codes), on `FAILED` only.
    #[serde(default)]
    pub failure_code: Option<String>,
    /// Creation time (ISO 8601 UTC).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last change.
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl HexaiTransaction {
    /// The id under either name.
    pub fn the_id(&self) -> Result<&str, ProviderError> {
        self.id
            .as_deref()
            .or(self.transaction_id.as_deref())
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| bad("the transaction has no id"))
    }

    /// The gross amount.
    pub fn money(&self) -> Result<Money, ProviderError> {
        check_currency(self.currency.as_deref())?;
        if self.amount_bututs.is_none() && self.amount_gmd.is_none() {
            let amount = self.amount.ok_or_else(|| bad("the amount is missing"))?;
            return Money::from_decimal(amount.0, gmd()?).map_err(|e| bad(format!("amount: {e}")));
        }
        amount_pair("amount", self.amount_bututs, self.amount_gmd)
    }

    fn fee(&self) -> Result<Option<Money>, ProviderError> {
        if self.commission_bututs.is_none() && self.commission_gmd.is_none() {
            return Ok(None);
        }
        amount_pair("commission", self.commission_bututs, self.commission_gmd).map(Some)
    }

    /// The unified record; `raw` is this item's JSON text as received.
    pub fn to_transaction(
        &self,
        account: &AccountId,
        raw: &str,
    ) -> Result<Transaction, ProviderError> {
        let amount = self.money()?;
        let fee = self.fee()?;
        let net = match (self.kind, &fee) {
            (HexaiType::Collection, Some(fee)) => Some(amount.checked_sub(fee).map_err(bad)?),
            (HexaiType::Collection, None) => None,
            // Payouts carry no commission (section 5.3): what leaves is the amount.
            (HexaiType::Payout, _) => Some(amount),
        };
        let created_at = self
            .created_at
            .as_deref()
            .ok_or_else(|| bad("created_at is missing"))
            .and_then(|t| parse_rfc3339(t).map_err(bad))?;
        let updated_at = match self.updated_at.as_deref() {
            Some(t) => parse_rfc3339(t).map_err(bad)?,
            None => created_at,
        };
        let transaction = Transaction {
            provider: P,
            account: account.clone(),
            provider_id: self.the_id()?.to_owned(),
            merchant_reference: self.client_reference.clone(),
            direction: self.kind.direction(),
            kind: self.kind.kind(),
            status: self.status.to_domain(),
            provider_status: self.status.as_str().to_owned(),
            amount,
            fee,
            net,
            counterparty: Counterparty {
                phone: self.recipient_mobile.clone(),
                ..Counterparty::default()
            },
            description: self.failure_code.as_ref().map(|c| format!("failed: {c}")),
            created_at,
            updated_at,
            raw: raw.to_owned(),
        };
        transaction.check().map_err(bad)?;
        Ok(transaction)
    }

    /// What Paydesk records about a payout from this answer.
    pub fn to_receipt(&self, raw: &str) -> Result<PayoutReceipt, ProviderError> {
        Ok(PayoutReceipt {
            provider_id: self.the_id()?.to_owned(),
            status: self.status.to_domain(),
            provider_status: self.status.as_str().to_owned(),
            failure_reason: self.failure_code.clone(),
            link: None,
            raw: raw.to_owned(),
            warning: None,
        })
    }
}

/// Parses one transaction object, keeping its raw text.
pub fn parse_transaction(
    json: &str,
    account: &AccountId,
) -> Result<(HexaiTransaction, Transaction), ProviderError> {
    let wire: HexaiTransaction = parse("transaction", json)?;
    let domain = wire.to_transaction(account, json)?;
    Ok((wire, domain))
}

/// The `pagination` block (section 5.7 ASSUMPTION).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct HexaiPagination {
    /// This page (1-based).
    pub page: u64,
    /// Items per page.
    pub limit: u64,
    /// Items in all.
    pub total: u64,
    /// Pages in all.
    pub total_pages: u64,
}

#[derive(Deserialize)]
struct WireTransactionsPage {
    transactions: Vec<Box<RawValue>>,
    pagination: HexaiPagination,
}

/// One page of `GET /client/transactions`, mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionsPage {
    /// The transactions, newest first, raw JSON kept.
    pub transactions: Vec<Transaction>,
    /// HPG's pagination block.
    pub pagination: HexaiPagination,
}

/// Reads the `data` of a transactions page.
pub fn parse_transactions_page(
    json: &str,
    account: &AccountId,
) -> Result<TransactionsPage, ProviderError> {
    let page: WireTransactionsPage = parse("transactions page", json)?;
    let transactions = page
        .transactions
        .iter()
        .map(|raw| parse_transaction(raw.get(), account).map(|(_, t)| t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TransactionsPage {
        transactions,
        pagination: page.pagination,
    })
}

/// The error envelope (section 3.2): nested (the seed) or flat (public code), both read.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HexaiErrorEnvelope {
    /// `"error"`.
    #[serde(default)]
    pub status: Option<String>,
    /// The nested error.
    #[serde(default)]
    pub error: Option<HexaiErrorBody>,
    /// The flat shape's code.
    #[serde(default)]
    pub code: Option<String>,
    /// The flat shape's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// The nested `error` object.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HexaiErrorBody {
    /// SCREAMING_SNAKE_CASE code.
    #[serde(default)]
    pub code: Option<String>,
    /// Readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// Code-dependent details (bututs for `INSUFFICIENT_BALANCE`); integers only.
    #[serde(default)]
    pub details: Option<serde_json::Value>,
}

impl HexaiErrorEnvelope {
    /// The code and message, whichever shape carried them.
    pub fn code_and_message(&self) -> (Option<String>, Option<String>) {
        match &self.error {
            Some(e) => (
                e.code.clone().or_else(|| self.code.clone()),
                e.message.clone().or_else(|| self.message.clone()),
            ),
            None => (self.code.clone(), self.message.clone()),
        }
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
