//! The two webhook payloads as HG.Cash sends them (§5.3, §5.4): a cash-out request's
//! status update and an account movement. The seed shows neither, so only what the
//! reference marks required and Paydesk needs is required; the rest is read when present.

use serde::{Deserialize, Deserializer};

use crate::exact::WireDecimal;

use super::RequestStatus;

/// Payload A (§5.3): a cash-out request's status changed (`type` is `"request"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestNotification {
    /// The request id (as `POST /transactions` returned it).
    pub id: String,
    /// Our `externalID` (`""` when none was given, ASSUMPTION U5).
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Decimal string, e.g. `"15000.50"`.
    pub amount: WireDecimal,
    /// ISO 4217 code.
    pub currency: String,
    /// `Inbound`/`Outbound`: unreliable for requests, not used (§5.3).
    #[serde(default)]
    pub direction: Option<String>,
    /// The request status (§4.1).
    pub status: RequestStatus,
    /// The HG.Cash account (not used by Paydesk).
    #[serde(default)]
    pub account_id: Option<String>,
    /// Local date-time without offset.
    #[serde(default)]
    pub date: Option<String>,
    /// IANA zone of `date`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Failure message when `ERROR`.
    #[serde(default)]
    pub error: Option<String>,
    /// `INSUFFICIENT_BALANCE` or `DESTINATION_ERROR`.
    #[serde(default)]
    pub error_code: Option<String>,
    /// Sender name.
    #[serde(default)]
    pub from_name: Option<String>,
    /// Recipient name.
    #[serde(default)]
    pub to_name: Option<String>,
    /// Sender CBU.
    #[serde(rename = "fromCBU", default)]
    pub from_cbu: Option<String>,
    /// Recipient CBU.
    #[serde(rename = "toCBU", default)]
    pub to_cbu: Option<String>,
    /// Recipient CVU.
    #[serde(rename = "toCVU", default)]
    pub to_cvu: Option<String>,
    /// Concept.
    #[serde(default)]
    pub concept: Option<String>,
    /// COELSA code.
    #[serde(default)]
    pub coelsa_code: Option<String>,
}

/// Payload B (§5.4): money moved in or out of an account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovementNotification {
    /// The movement id: the primary dedup key.
    pub id: String,
    /// A provider- or bank-level id.
    #[serde(rename = "externalID", default)]
    pub external_id: Option<String>,
    /// Decimal string, possibly without decimals (`"12000"`).
    pub amount: WireDecimal,
    /// ISO 4217 code.
    pub currency: String,
    /// `Inbound` or `Outbound`.
    pub direction: MovementDirection,
    /// Free text, e.g. `hecha` (§4.5).
    #[serde(default)]
    pub status: String,
    /// Business type, e.g. `inbound`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The HG.Cash account (not used by Paydesk).
    #[serde(default)]
    pub account_id: Option<String>,
    /// Local date-time without offset (the time of arrival when absent).
    #[serde(default)]
    pub date: Option<String>,
    /// IANA zone of `date`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Sender name.
    #[serde(default)]
    pub from_name: Option<String>,
    /// Recipient name.
    #[serde(default)]
    pub to_name: Option<String>,
    /// Sender CBU.
    #[serde(rename = "fromCBU", default)]
    pub from_cbu: Option<String>,
    /// Recipient CBU.
    #[serde(rename = "toCBU", default)]
    pub to_cbu: Option<String>,
    /// Sender CUIT.
    #[serde(rename = "fromCUIT", default)]
    pub from_cuit: Option<String>,
    /// Recipient CUIT.
    #[serde(rename = "toCUIT", default)]
    pub to_cuit: Option<String>,
    /// COELSA code: a secondary matching key.
    #[serde(default)]
    pub coelsa_code: Option<String>,
}

/// A movement's direction (§4.4: `Inbound` | `Outbound`, read in any letter case). Any
/// other word is an error: Paydesk will not guess which way money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementDirection {
    /// Money in.
    Inbound,
    /// Money out.
    Outbound,
}

impl<'de> Deserialize<'de> for MovementDirection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        match word.trim() {
            w if w.eq_ignore_ascii_case("inbound") => Ok(MovementDirection::Inbound),
            w if w.eq_ignore_ascii_case("outbound") => Ok(MovementDirection::Outbound),
            _ => Err(serde::de::Error::custom(
                "a direction other than Inbound/Outbound",
            )),
        }
    }
}
