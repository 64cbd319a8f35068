//! One cash-out request as the HG.Cash simulator keeps it, and every way it is shown: the
//! status word (the reference's upper case, the seed's lower case in the documented-only
//! profile, or an unknown word for a while), the create answer, the status answer and the
//! request webhook (§3.3, §3.4, §5.3). A leaf shared by the state, the router and `create`.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

use crate::variance::Variance;

use super::data;

/// A cash-out request's status (§4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    /// Recorded.
    Pending,
    /// Held for review.
    AwaitingReview,
    /// Being executed.
    Processing,
    /// Completed.
    Done,
    /// Failed.
    Error,
    /// Cancelled.
    Cancelled,
}

impl RequestStatus {
    /// The API's word (§4.1).
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "PENDING",
            RequestStatus::AwaitingReview => "AWAITING_REVIEW",
            RequestStatus::Processing => "PROCESSING",
            RequestStatus::Done => "DONE",
            RequestStatus::Error => "ERROR",
            RequestStatus::Cancelled => "CANCELLED",
        }
    }

    /// The word as the seed spells it: its status list has only `processing`, `done` and
    /// `failed`, so every state before the end reads `processing`; a cancellation reads
    /// `cancelled`, the lower-case word of the reference's §3.7.
    pub fn seed_word(self) -> &'static str {
        match self {
            RequestStatus::Pending | RequestStatus::AwaitingReview | RequestStatus::Processing => {
                "processing"
            }
            RequestStatus::Done => "done",
            RequestStatus::Error => "failed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    /// From the API's word (either spelling, any letter case).
    pub fn parse(text: &str) -> Option<RequestStatus> {
        [
            RequestStatus::Pending,
            RequestStatus::AwaitingReview,
            RequestStatus::Processing,
            RequestStatus::Done,
            RequestStatus::Error,
            RequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text))
    }

    /// DONE, ERROR and CANCELLED (ASSUMPTION §4.1: exactly those).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            RequestStatus::Done | RequestStatus::Error | RequestStatus::Cancelled
        )
    }
}

/// A pinned final outcome for the next created request (`force_status` knob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedOutcome {
    /// DONE, ERROR or CANCELLED.
    pub status: RequestStatus,
    /// The error code with ERROR.
    pub error_code: Option<String>,
    /// The message with ERROR.
    pub error_message: Option<String>,
}

/// A cash-out request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashOutRecord {
    /// Its id.
    pub id: String,
    /// The caller's `externalID`.
    pub external_id: Option<String>,
    /// The source account.
    pub account_id: String,
    /// The owning user.
    pub user: usize,
    /// The amount.
    pub amount: Decimal,
    /// The outbound fee reserved with it.
    pub fee: Decimal,
    /// Destination CBU.
    pub to_cbu: Option<String>,
    /// Destination CVU.
    pub to_cvu: Option<String>,
    /// Sender name.
    pub from_name: Option<String>,
    /// Recipient name.
    pub to_name: Option<String>,
    /// Sender CUIT (digits).
    pub from_cuit: Option<String>,
    /// Recipient CUIT (digits).
    pub to_cuit: Option<String>,
    /// Concept.
    pub concept: Option<String>,
    /// COELSA code.
    pub coelsa_code: Option<String>,
    /// Per-request webhook URL.
    pub webhook_url: Option<String>,
    /// The `typeID` the create carried, as sent (seed: "use the returned IDs in the typeID
    /// field"); `None` when it carried none.
    pub type_id: Option<serde_json::Value>,
    /// The status word no document lists that it shows while not final (the
    /// `unknown_status` profile), as the profile gave it.
    pub unknown_word: Option<String>,
    /// Current status.
    pub status: RequestStatus,
    /// `INSUFFICIENT_BALANCE` / `DESTINATION_ERROR`.
    pub error_code: Option<String>,
    /// Failure message.
    pub error_message: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The outcome pinned at creation by `force_status`, if any.
    pub forced: Option<ForcedOutcome>,
}

/// The request-status webhook body (§5.3), field order as in the reference's example. The
/// documented-only profile leaves out every field the reference marks optional.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestBody<'a> {
    id: &'a str,
    #[serde(rename = "externalID")]
    external_id: &'a str,
    amount: String,
    currency: &'a str,
    direction: &'a str,
    status: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    account_id: &'a str,
    date: String,
    timezone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_name: Option<&'a str>,
    #[serde(rename = "toCBU", skip_serializing_if = "Option::is_none")]
    to_cbu: Option<&'a str>,
    #[serde(rename = "toCVU", skip_serializing_if = "Option::is_none")]
    to_cvu: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'a str>,
    #[serde(rename = "fromCUIT", skip_serializing_if = "Option::is_none")]
    from_cuit: Option<&'a str>,
    #[serde(rename = "toCUIT", skip_serializing_if = "Option::is_none")]
    to_cuit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concept: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coelsa_code: Option<&'a str>,
}

impl CashOutRecord {
    /// The status word every read shows under `variance`: the unknown word while not final
    /// (lower case in the documented-only profile, upper case otherwise), else the seed's
    /// lower-case word in the documented-only profile, else the reference's word.
    pub fn status_word(&self, variance: &Variance) -> String {
        match (&self.unknown_word, self.status.is_terminal()) {
            (Some(word), false) if variance.documented_only => word.to_lowercase(),
            (Some(word), false) => word.to_uppercase(),
            _ if variance.documented_only => self.status.seed_word().to_owned(),
            _ => self.status.as_str().to_owned(),
        }
    }

    /// The request-status webhook body for its current status.
    pub fn webhook_body(&self, variance: &Variance) -> String {
        let full = !variance.documented_only;
        let status = self.status_word(variance);
        let body = RequestBody {
            id: &self.id,
            // ASSUMPTION U5: "" in the webhook when no externalID was given.
            external_id: self.external_id.as_deref().unwrap_or(""),
            amount: {
                let mut a = self.amount;
                a.rescale(2);
                a.to_string()
            },
            currency: "ARS",
            // ASSUMPTION §5.3: real cash-out notifications carry `Outbound`.
            direction: "Outbound",
            status: &status,
            kind: "request",
            account_id: &self.account_id,
            date: data::local_date(self.updated_at),
            timezone: data::TIMEZONE,
            from_name: data::shown(&self.from_name, full),
            to_name: data::shown(&self.to_name, full),
            to_cbu: data::shown(&self.to_cbu, full),
            to_cvu: data::shown(&self.to_cvu, full),
            error: data::shown(&self.error_message, full),
            error_code: data::shown(&self.error_code, full),
            from_cuit: data::shown(&self.from_cuit, full),
            to_cuit: data::shown(&self.to_cuit, full),
            concept: data::shown(&self.concept, full),
            coelsa_code: data::shown(&self.coelsa_code, full),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }

    /// The `POST /transactions` answer (§3.3). The seed shows none: the documented-only
    /// profile answers the least a provider could, `{id, status}`.
    pub fn created_body(&self, variance: &Variance) -> String {
        let status = self.status_word(variance);
        if variance.documented_only {
            json!({"id": self.id, "status": status}).to_string()
        } else {
            json!({
                "id": self.id,
                "externalID": self.external_id,
                "createdAt": data::utc_text(self.created_at),
                "status": status,
            })
            .to_string()
        }
    }

    /// The `GET /transaction/{id}/status` answer (§3.4). The seed shows none: the
    /// documented-only profile answers `{id, status}`.
    pub fn status_body(&self, variance: &Variance) -> String {
        let status = self.status_word(variance);
        if variance.documented_only {
            json!({"id": self.id, "status": status}).to_string()
        } else {
            json!({
                "id": self.id,
                "externalID": self.external_id,
                "status": status,
                "errorMessage": self.error_message,
                "errorCode": self.error_code,
                "createdAt": data::utc_text(self.created_at),
                "updatedAt": data::utc_text(self.updated_at),
            })
            .to_string()
        }
    }
}
