//! Cash-out requests: the create body, its answer and the status endpoint (§3.3, §3.4, §4.1).

use chrono::{DateTime, Utc};
use paydesk_domain::{PayoutRequest, TransactionStatus};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{ErrorKind, ProviderError};
use crate::exact::{JsonNumber, parse_rfc3339};
use crate::traits::PayoutReceipt;

use super::super::assumptions;
use super::{PROVIDER, malformed, read};

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
            other => {
                // U9: kept, treated as non-terminal, and logged so it can be added.
                tracing::warn!(
                    status = other,
                    "HG.Cash sent a request status Paydesk does not know"
                );
                RequestStatus::Other(other.to_owned())
            }
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
            warning: None,
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
            warning: None,
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
