//! Cash-out requests: the create body, its answer and the status endpoint (§3.3, §3.4).
//! The seed shows neither answer, so only the request's `id` is required; everything else
//! is read when present.

use chrono::{DateTime, Utc};
use paydesk_domain::{PayoutRequest, TransactionStatus};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, ProviderError};
use crate::exact::{JsonNumber, parse_rfc3339};
use crate::traits::PayoutReceipt;

use super::super::assumptions;
use super::{PROVIDER, ReferenceId, RequestStatus, malformed, read};

/// `POST /transactions` body. `fromCBU` is never sent: 22 digits do not fit a JSON number
/// safely (§3.3 warning), and it is optional. `typeID` is the seed's (Reference Data: "use
/// the returned IDs in the typeID field"), sent when the reference data names one.
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
    /// The transaction type's id from `GET /transaction-types` (the `transfer` type).
    #[serde(rename = "typeID", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<ReferenceId>,
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
            type_id: None,
        })
    }

    /// The same body carrying `typeID` (or none).
    pub fn with_type_id(self, type_id: Option<ReferenceId>) -> Self {
        CreateTransactionRequest { type_id, ..self }
    }
}

/// A date-time field read leniently: text that is not RFC 3339 is kept out, not an error.
fn time_of(field: &Option<String>, name: &str) -> Option<DateTime<Utc>> {
    let text = field.as_deref()?;
    match parse_rfc3339(text) {
        Ok(at) => Some(at),
        Err(_) => {
            tracing::warn!(
                field = name,
                value = text,
                "HG.Cash sent a time Paydesk cannot read"
            );
            None
        }
    }
}

/// Why a failed request failed: HG.Cash's message and code when it gave them, otherwise
/// what is known (the seed's `failed` carries no reason).
fn failure_reason(
    status: &RequestStatus,
    code: &Option<String>,
    message: &Option<String>,
) -> Option<String> {
    let message = message.as_ref().filter(|m| !m.trim().is_empty());
    let code = code.as_ref().filter(|c| !c.trim().is_empty());
    match (code, message) {
        (Some(code), Some(message)) => Some(format!("{message} ({code})")),
        (None, Some(message)) => Some(message.clone()),
        (Some(code), None) => Some(code.clone()),
        (None, None) if status.to_status() == TransactionStatus::Failed => Some(format!(
            "HG.Cash reports the cash-out as '{}' without giving a reason",
            status.as_str()
        )),
        (None, None) => None,
    }
}

/// `POST /transactions` success. The reference shows `{id, externalID, createdAt, status}`;
/// only `id` is required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedTransaction {
    /// The request's id.
    pub id: String,
    /// Our reference, echoed (null when none was given, ASSUMPTION U5).
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// When it was recorded (UTC), when given.
    #[serde(rename = "createdAt", default)]
    pub created_at: Option<String>,
    /// Its status, `PENDING` on creation; [`assumptions::STATUS_WHEN_ABSENT`] when absent.
    #[serde(default)]
    pub status: Option<RequestStatus>,
    /// The response body as received.
    #[serde(skip)]
    pub raw: String,
}

impl CreatedTransaction {
    /// Its status, or the one a bare answer implies.
    pub fn status(&self) -> RequestStatus {
        self.status
            .clone()
            .unwrap_or_else(|| RequestStatus::parse(assumptions::STATUS_WHEN_ABSENT))
    }

    /// What the payout journal records.
    pub fn to_receipt(&self) -> PayoutReceipt {
        let status = self.status();
        PayoutReceipt {
            provider_id: self.id.clone(),
            status: status.to_status(),
            provider_status: status.as_str().to_owned(),
            failure_reason: failure_reason(&status, &None, &None),
            link: None,
            expires_at: None,
            raw: self.raw.clone(),
            warning: None,
        }
    }

    /// `createdAt` in UTC, when given and readable.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        time_of(&self.created_at, "createdAt")
    }
}

/// Reads a `POST /transactions` success.
pub fn parse_created(body: &[u8]) -> Result<CreatedTransaction, ProviderError> {
    let mut created: CreatedTransaction = read(body, "created cash-out")?;
    if created.id.trim().is_empty() {
        return Err(malformed("created cash-out without an id"));
    }
    created.raw = String::from_utf8_lossy(body).into_owned();
    Ok(created)
}

/// `GET /transaction/{id}/status`. The reference shows `id`, `externalID`, `status`,
/// `errorMessage`, `errorCode`, `createdAt`, `updatedAt`; the seed shows none, so only `id`
/// and `status` are required.
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
    /// Created (UTC), when given.
    #[serde(rename = "createdAt", default)]
    pub created_at: Option<String>,
    /// Last changed (UTC), when given.
    #[serde(rename = "updatedAt", default)]
    pub updated_at: Option<String>,
    /// The response body as received.
    #[serde(skip)]
    pub raw: String,
    /// When Paydesk read it (dates an answer without times, see
    /// [`assumptions::status_time`]).
    #[serde(skip, default = "Utc::now")]
    pub read_at: DateTime<Utc>,
}

impl TransactionStatusResponse {
    /// What the payout journal records.
    pub fn to_receipt(&self) -> PayoutReceipt {
        PayoutReceipt {
            provider_id: self.id.clone(),
            status: self.status.to_status(),
            provider_status: self.status.as_str().to_owned(),
            failure_reason: failure_reason(&self.status, &self.error_code, &self.error_message),
            link: None,
            expires_at: None,
            raw: self.raw.clone(),
            warning: None,
        }
    }

    /// When it last changed, in UTC: `updatedAt`, else `createdAt`, else when it was read
    /// ([`assumptions::status_time`]). Never fails; kept a `Result` for its callers.
    pub fn updated_at(&self) -> Result<DateTime<Utc>, ProviderError> {
        Ok(assumptions::status_time(
            time_of(&self.updated_at, "updatedAt"),
            time_of(&self.created_at, "createdAt"),
            self.read_at,
        ))
    }
}

/// Reads `GET /transaction/{id}/status`.
pub fn parse_status(body: &[u8]) -> Result<TransactionStatusResponse, ProviderError> {
    let mut status: TransactionStatusResponse = read(body, "cash-out status")?;
    if status.id.trim().is_empty() {
        return Err(malformed("cash-out status without an id"));
    }
    status.raw = String::from_utf8_lossy(body).into_owned();
    Ok(status)
}
