//! HG.Cash's own request and response types, spelled exactly as its API spells them
//! (`externalID`, `toCBU`, `pendingFees`...), and their conversions into Paydesk's domain types.
//!
//! Money arrives as JSON numbers (balances) or decimal strings (webhooks); both are read with
//! [`WireDecimal`], never through `f64`. Every parser here answers an error for bad input,
//! never a panic.

use std::fmt;

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Balance, Currency, Money, PayoutRequest, ProviderKind, TransactionStatus,
};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{ErrorKind, ProviderError};
use crate::exact::{JsonNumber, WireDecimal, parse_rfc3339};
use crate::traits::PayoutReceipt;

use super::assumptions;

pub(crate) const PROVIDER: ProviderKind = ProviderKind::HgCash;

fn malformed(what: impl fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

fn read<'a, T: Deserialize<'a>>(body: &'a [u8], what: &str) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| malformed(format!("{what}: {e}")))
}

/// A currency code from HG.Cash (`"ARS"`), as a Paydesk currency.
pub fn currency(code: &str) -> Result<Currency, ProviderError> {
    Currency::from_code(code).map_err(|e| malformed(format!("currency: {e}")))
}

/// An HG.Cash amount in a currency, refusing more decimals than the currency has.
pub fn money(amount: WireDecimal, currency: Currency) -> Result<Money, ProviderError> {
    Money::from_decimal(amount.0, currency).map_err(|e| malformed(format!("amount: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Accounts (§3.1, §3.2)

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

// ---------------------------------------------------------------------------------------------
// Cash-out requests (§3.3, §3.4, §4.1)

/// A transaction request's status (§4.1). `Other` keeps a status the docs do not list
/// ("and others in the API"); it is mapped deliberately (ASSUMPTION U9: non-terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestStatus {
    /// Recorded, not yet picked up.
    Pending,
    /// Held for review by an admin.
    AwaitingReview,
    /// Being executed towards the bank.
    Processing,
    /// Transfer completed (terminal).
    Done,
    /// Failed (terminal); see `errorCode`.
    Error,
    /// Cancelled before execution (terminal).
    Cancelled,
    /// A status not in the reference, kept as received.
    Other(String),
}

impl RequestStatus {
    /// From the API's word.
    pub fn parse(text: &str) -> RequestStatus {
        match text {
            "PENDING" => RequestStatus::Pending,
            "AWAITING_REVIEW" => RequestStatus::AwaitingReview,
            "PROCESSING" => RequestStatus::Processing,
            "DONE" => RequestStatus::Done,
            "ERROR" => RequestStatus::Error,
            "CANCELLED" => RequestStatus::Cancelled,
            other => RequestStatus::Other(other.to_owned()),
        }
    }

    /// The API's word.
    pub fn as_str(&self) -> &str {
        match self {
            RequestStatus::Pending => "PENDING",
            RequestStatus::AwaitingReview => "AWAITING_REVIEW",
            RequestStatus::Processing => "PROCESSING",
            RequestStatus::Done => "DONE",
            RequestStatus::Error => "ERROR",
            RequestStatus::Cancelled => "CANCELLED",
            RequestStatus::Other(other) => other,
        }
    }

    /// Paydesk's status for it.
    pub fn to_status(&self) -> TransactionStatus {
        match self {
            RequestStatus::Pending => TransactionStatus::Pending,
            RequestStatus::AwaitingReview | RequestStatus::Processing => {
                TransactionStatus::Processing
            }
            RequestStatus::Done => TransactionStatus::Succeeded,
            RequestStatus::Error => TransactionStatus::Failed,
            RequestStatus::Cancelled => TransactionStatus::Cancelled,
            // ASSUMPTION U9: unknown statuses are non-terminal; the caller logs them.
            RequestStatus::Other(_) => TransactionStatus::Processing,
        }
    }
}

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| RequestStatus::parse(&s))
    }
}

/// `POST /transactions` body. `fromCBU` is never sent: 22 digits do not fit a JSON number
/// safely (§3.3 warning), and it is optional. `typeID` is not in the schema and not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateTransactionRequest {
    /// The HG.Cash account the money leaves.
    #[serde(rename = "accountId")]
    pub account_id: String,
    /// The amount, a JSON number with its exact digits.
    pub amount: JsonNumber,
    /// Destination CBU (exactly one of `toCBU`/`toCVU`).
    #[serde(rename = "toCBU", skip_serializing_if = "Option::is_none")]
    pub to_cbu: Option<String>,
    /// Destination CVU.
    #[serde(rename = "toCVU", skip_serializing_if = "Option::is_none")]
    pub to_cvu: Option<String>,
    /// Our reference, unique per account (§7): always sent by Paydesk.
    #[serde(rename = "externalID", skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Per-request webhook target.
    #[serde(rename = "webhookUrl", skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Sender name (max 255).
    #[serde(rename = "fromName", skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    /// Recipient name (max 255).
    #[serde(rename = "toName", skip_serializing_if = "Option::is_none")]
    pub to_name: Option<String>,
    /// Sender CUIT, a JSON number (11 digits fit in `u64`).
    #[serde(rename = "fromCUIT", skip_serializing_if = "Option::is_none")]
    pub from_cuit: Option<u64>,
    /// Recipient CUIT, a JSON number.
    #[serde(rename = "toCUIT", skip_serializing_if = "Option::is_none")]
    pub to_cuit: Option<u64>,
    /// Concept (max 500).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    /// The date in our own system, ISO 8601.
    #[serde(rename = "externalDate", skip_serializing_if = "Option::is_none")]
    pub external_date: Option<String>,
    /// A COELSA code (max 100).
    #[serde(rename = "coelsaCode", skip_serializing_if = "Option::is_none")]
    pub coelsa_code: Option<String>,
}

impl CreateTransactionRequest {
    /// The body for a Paydesk cash-out; other forms are refused.
    pub fn from_payout(
        request: &PayoutRequest,
        webhook_url: Option<&str>,
    ) -> Result<Self, ProviderError> {
        let PayoutRequest::HgCashCashOut {
            source_account_id,
            amount,
            destination,
            from_name,
            to_name,
            to_cuit,
            concept,
            external_id,
            ..
        } = request
        else {
            return Err(ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                format!(
                    "HG.Cash cannot carry out a {}",
                    request.provider().display_name()
                ),
            ));
        };
        if amount.currency().scale() > assumptions::AMOUNT_DECIMALS {
            return Err(ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                format!("{} amounts cannot be sent to HG.Cash", amount.currency()),
            ));
        }
        let to_cuit = match to_cuit {
            Some(c) => Some(c.as_str().parse::<u64>().map_err(|_| {
                ProviderError::new(
                    PROVIDER,
                    ErrorKind::Validation,
                    "to_cuit: must be 11 digits",
                )
            })?),
            None => None,
        };
        let (to_cbu, to_cvu) = match destination {
            paydesk_domain::BankDestination::Cbu(n) => (Some(n.clone()), None),
            paydesk_domain::BankDestination::Cvu(n) => (None, Some(n.clone())),
        };
        Ok(CreateTransactionRequest {
            account_id: source_account_id.clone(),
            amount: JsonNumber(amount.amount()),
            to_cbu,
            to_cvu,
            external_id: Some(external_id.clone()),
            webhook_url: webhook_url.map(str::to_owned),
            from_name: from_name.clone(),
            to_name: to_name.clone(),
            from_cuit: None,
            to_cuit,
            concept: concept.clone(),
            external_date: None,
            coelsa_code: None,
        })
    }
}

/// `POST /transactions` success: `{id, externalID, createdAt, status}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedTransaction {
    /// The request's id.
    pub id: String,
    /// Our reference, echoed (null when none was given, ASSUMPTION U5).
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// When it was recorded (UTC).
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// Its status, `PENDING` on creation.
    pub status: RequestStatus,
    /// The response body as received.
    #[serde(skip)]
    pub raw: String,
}

impl CreatedTransaction {
    /// What the payout journal records.
    pub fn to_receipt(&self) -> PayoutReceipt {
        PayoutReceipt {
            provider_id: self.id.clone(),
            status: self.status.to_status(),
            provider_status: self.status.as_str().to_owned(),
            failure_reason: None,
            link: None,
            raw: self.raw.clone(),
        }
    }

    /// `createdAt` in UTC.
    pub fn created_at(&self) -> Result<DateTime<Utc>, ProviderError> {
        parse_rfc3339(&self.created_at).map_err(malformed)
    }
}

/// Reads a `POST /transactions` success.
pub fn parse_created(body: &[u8]) -> Result<CreatedTransaction, ProviderError> {
    let mut created: CreatedTransaction = read(body, "created transaction")?;
    created.created_at()?;
    created.raw = String::from_utf8_lossy(body).into_owned();
    Ok(created)
}

/// `GET /transaction/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TransactionStatusResponse {
    /// The request's id.
    pub id: String,
    /// Our reference, or null.
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Its status.
    pub status: RequestStatus,
    /// Why it failed.
    #[serde(rename = "errorMessage", default)]
    pub error_message: Option<String>,
    /// `INSUFFICIENT_BALANCE` or `DESTINATION_ERROR` (kept as text: a new code is not an error).
    #[serde(rename = "errorCode", default)]
    pub error_code: Option<String>,
    /// Created (UTC).
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// Last changed (UTC).
    #[serde(rename = "updatedAt")]
    pub updated_at: String,
    /// The response body as received.
    #[serde(skip)]
    pub raw: String,
}

impl TransactionStatusResponse {
    /// What the payout journal records.
    pub fn to_receipt(&self) -> PayoutReceipt {
        let failure_reason = match (&self.error_code, &self.error_message) {
            (Some(code), Some(message)) => Some(format!("{message} ({code})")),
            (None, Some(message)) => Some(message.clone()),
            (Some(code), None) => Some(code.clone()),
            (None, None) => None,
        };
        PayoutReceipt {
            provider_id: self.id.clone(),
            status: self.status.to_status(),
            provider_status: self.status.as_str().to_owned(),
            failure_reason,
            link: None,
            raw: self.raw.clone(),
        }
    }

    /// `updatedAt` in UTC.
    pub fn updated_at(&self) -> Result<DateTime<Utc>, ProviderError> {
        parse_rfc3339(&self.updated_at).map_err(malformed)
    }
}

/// Reads `GET /transaction/{id}/status`.
pub fn parse_status(body: &[u8]) -> Result<TransactionStatusResponse, ProviderError> {
    let mut status: TransactionStatusResponse = read(body, "transaction status")?;
    parse_rfc3339(&status.created_at).map_err(malformed)?;
    status.updated_at()?;
    status.raw = String::from_utf8_lossy(body).into_owned();
    Ok(status)
}

// ---------------------------------------------------------------------------------------------
// Reference data (§3.5, §3.6)

/// A reference item's id: a number or a string (ASSUMPTION U8).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ReferenceId {
    /// A numeric id.
    Number(i64),
    /// A text id.
    Text(String),
}

/// A transaction status or type (ASSUMPTION U8: `{id, name, description?}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceItem {
    /// Its id (informational only).
    pub id: ReferenceId,
    /// Its name, e.g. `processing`, `transfer`.
    pub name: String,
    /// A description, when given.
    #[serde(default)]
    pub description: Option<String>,
}

/// `{"success": true, "data": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceList {
    /// `true` on success.
    pub success: bool,
    /// The items.
    pub data: Vec<ReferenceItem>,
}

/// Reads `GET /transaction-statuses` or `GET /transaction-types`.
pub fn parse_reference_list(body: &[u8]) -> Result<ReferenceList, ProviderError> {
    read(body, "reference data")
}

// ---------------------------------------------------------------------------------------------
// Errors (§2.2, §3.3, U3)

/// Extra facts some errors carry (`details`); both are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ErrorDetails {
    /// With `INSUFFICIENT_NET_BALANCE`: the most that can be cashed out now.
    #[serde(rename = "maxWithdrawableAmount", default)]
    pub max_withdrawable_amount: Option<WireDecimal>,
    /// With `DUPLICATE_EXTERNAL_ID`: the earlier request (simulator only, non-contractual).
    #[serde(rename = "existingId", default)]
    pub existing_id: Option<String>,
}

/// The error envelope: `{"error": msg, "code"?: CODE, "details"?: {...}}` (observed + U3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorEnvelope {
    /// The message.
    pub error: String,
    /// A machine code, when given.
    #[serde(default)]
    pub code: Option<String>,
    /// Details, when given and readable.
    #[serde(default, deserialize_with = "tolerant_details")]
    pub details: Option<ErrorDetails>,
}

fn tolerant_details<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ErrorDetails>, D::Error> {
    let raw = Option::<Box<serde_json::value::RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|r| serde_json::from_str(r.get()).ok()))
}

/// Reads an error envelope.
pub fn parse_error(body: &[u8]) -> Result<ErrorEnvelope, ProviderError> {
    read(body, "error")
}

/// The kind of failure for an HTTP status and HG.Cash's code.
pub fn error_kind(status: u16, code: Option<&str>) -> ErrorKind {
    match code {
        Some("INSUFFICIENT_NET_BALANCE") | Some("INSUFFICIENT_BALANCE") => {
            ErrorKind::InsufficientFunds
        }
        Some("DUPLICATE_EXTERNAL_ID") => ErrorKind::Conflict,
        Some("VALIDATION_ERROR") => ErrorKind::Validation,
        Some("ACCOUNT_NOT_FOUND") => ErrorKind::NotFound,
        Some("ACCOUNT_NOT_OPERATIVE") => ErrorKind::Forbidden,
        _ => ProviderError::kind_for_status(status),
    }
}

/// The `ProviderError` for a non-2xx answer, keeping status, code and message.
pub fn error_from(status: u16, body: &[u8]) -> ProviderError {
    match parse_error(body) {
        Ok(envelope) => ProviderError::http(
            PROVIDER,
            error_kind(status, envelope.code.as_deref()),
            status,
            envelope.code,
            envelope.error,
        ),
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let excerpt: String = text.chars().take(200).collect();
            let message = if excerpt.trim().is_empty() {
                format!("HTTP {status} with no explanation")
            } else {
                excerpt
            };
            ProviderError::http(
                PROVIDER,
                ProviderError::kind_for_status(status),
                status,
                None,
                message,
            )
        }
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
