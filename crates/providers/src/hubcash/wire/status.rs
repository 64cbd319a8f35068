//! A sale's status and method as Hubcash sends them (reference 7.1 and 7.2), and Paydesk's
//! status mapping as `From` impls into `TransactionStatus`.
//!
//! The seed sends `Status` as a number 1–7. The client also reads it as a numeric text or as
//! the seed's own status name in any letter case (`"Done"`, `"waiting payment"`); anything
//! else is kept exactly as sent and maps to `TransactionStatus::Unknown`: it never fails a
//! page and never counts as final.

use std::fmt;

use paydesk_domain::TransactionStatus;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::hubcash::assumptions;

/// One of the seven documented sale statuses (reference 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HubcashStatus {
    /// 1: received and processed.
    Processed,
    /// 2: waiting on fraud analysis.
    Analyzing,
    /// 3: authorized, waiting to be captured.
    Capturing,
    /// 4: billet issued, waiting for payment.
    WaitingPayment,
    /// 5: the sale failed.
    Fail,
    /// 6: canceled (or reversed after Done).
    Canceled,
    /// 7: the whole sale process is complete.
    Done,
}

impl HubcashStatus {
    /// Every status, in number order.
    pub const ALL: [HubcashStatus; 7] = [
        HubcashStatus::Processed,
        HubcashStatus::Analyzing,
        HubcashStatus::Capturing,
        HubcashStatus::WaitingPayment,
        HubcashStatus::Fail,
        HubcashStatus::Canceled,
        HubcashStatus::Done,
    ];

    /// The status number on the wire.
    pub fn code(self) -> u8 {
        match self {
            HubcashStatus::Processed => 1,
            HubcashStatus::Analyzing => 2,
            HubcashStatus::Capturing => 3,
            HubcashStatus::WaitingPayment => 4,
            HubcashStatus::Fail => 5,
            HubcashStatus::Canceled => 6,
            HubcashStatus::Done => 7,
        }
    }

    /// The seed's name for the status (`"Waiting Payment"`).
    pub fn name(self) -> &'static str {
        match self {
            HubcashStatus::Processed => "Processed",
            HubcashStatus::Analyzing => "Analyzing",
            HubcashStatus::Capturing => "Capturing",
            HubcashStatus::WaitingPayment => "Waiting Payment",
            HubcashStatus::Fail => "Fail",
            HubcashStatus::Canceled => "Canceled",
            HubcashStatus::Done => "Done",
        }
    }

    /// The status with this seed name, in any letter case, spaces, `_` and `-` ignored.
    pub fn from_name(word: &str) -> Option<HubcashStatus> {
        let folded = fold(word);
        HubcashStatus::ALL
            .into_iter()
            .find(|s| fold(s.name()) == folded)
    }

    /// Whether a capture may be asked for (reference 7.3: only from 3).
    pub fn can_capture(self) -> bool {
        match self {
            HubcashStatus::Capturing => true,
            HubcashStatus::Processed
            | HubcashStatus::Analyzing
            | HubcashStatus::WaitingPayment
            | HubcashStatus::Fail
            | HubcashStatus::Canceled
            | HubcashStatus::Done => false,
        }
    }

    /// Whether a cancel may be asked for (reference 7.3: 1–4, and 7 for card sales).
    pub fn can_cancel(self, method: HubcashMethod) -> bool {
        match self {
            HubcashStatus::Processed
            | HubcashStatus::Analyzing
            | HubcashStatus::Capturing
            | HubcashStatus::WaitingPayment => true,
            HubcashStatus::Done => match method {
                HubcashMethod::Credit | HubcashMethod::Debit => true,
                HubcashMethod::Billet => false,
            },
            HubcashStatus::Fail | HubcashStatus::Canceled => false,
        }
    }
}

fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !assumptions::STATUS_WORD_SEPARATORS.contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl TryFrom<u64> for HubcashStatus {
    type Error = String;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(HubcashStatus::Processed),
            2 => Ok(HubcashStatus::Analyzing),
            3 => Ok(HubcashStatus::Capturing),
            4 => Ok(HubcashStatus::WaitingPayment),
            5 => Ok(HubcashStatus::Fail),
            6 => Ok(HubcashStatus::Canceled),
            7 => Ok(HubcashStatus::Done),
            other => Err(format!(
                "{other} is not one of Hubcash's seven sale statuses"
            )),
        }
    }
}

impl Serialize for HubcashStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.code())
    }
}

impl fmt::Display for HubcashStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A sale's `Status` as sent: one of the seven documented statuses, or whatever Hubcash sent
/// instead, kept exactly (a number outside 1–7 as its digits, a word as written).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HubcashSaleStatus {
    /// A documented status.
    Known(HubcashStatus),
    /// A status the seed does not list, as sent.
    Other(String),
}

impl HubcashSaleStatus {
    /// Reads a status text: digits as the status number, else a seed name in any letter
    /// case; anything else is kept as [`HubcashSaleStatus::Other`]. Never fails.
    pub fn from_text(text: &str) -> HubcashSaleStatus {
        let trimmed = text.trim();
        let known = match trimmed.parse::<u64>() {
            Ok(number) => HubcashStatus::try_from(number).ok(),
            Err(_) => HubcashStatus::from_name(trimmed),
        };
        match known {
            Some(status) => HubcashSaleStatus::Known(status),
            None => HubcashSaleStatus::Other(trimmed.to_owned()),
        }
    }

    /// The documented status, if it is one.
    pub fn known(&self) -> Option<HubcashStatus> {
        match self {
            HubcashSaleStatus::Known(status) => Some(*status),
            HubcashSaleStatus::Other(_) => None,
        }
    }

    /// The word Paydesk keeps as the provider's status: the seed's name, or the raw value.
    pub fn word(&self) -> &str {
        match self {
            HubcashSaleStatus::Known(status) => status.name(),
            HubcashSaleStatus::Other(raw) => raw,
        }
    }
}

impl From<HubcashStatus> for HubcashSaleStatus {
    fn from(status: HubcashStatus) -> Self {
        HubcashSaleStatus::Known(status)
    }
}

impl PartialEq<HubcashStatus> for HubcashSaleStatus {
    fn eq(&self, other: &HubcashStatus) -> bool {
        self.known() == Some(*other)
    }
}

impl<'de> Deserialize<'de> for HubcashSaleStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let token = raw.get().trim();
        if token.starts_with('"') {
            let text: String = serde_json::from_str(token).map_err(D::Error::custom)?;
            Ok(HubcashSaleStatus::from_text(&text))
        } else if token.starts_with(['{', '[']) || token == "true" || token == "false" {
            // Not a status at all: kept as written, still never a failed page.
            Ok(HubcashSaleStatus::Other(token.chars().take(40).collect()))
        } else {
            Ok(HubcashSaleStatus::from_text(token))
        }
    }
}

impl Serialize for HubcashSaleStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HubcashSaleStatus::Known(status) => status.serialize(serializer),
            HubcashSaleStatus::Other(raw) => serializer.serialize_str(raw),
        }
    }
}

impl fmt::Display for HubcashSaleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A sale method (reference 7.2). Hubcash reads it case-sensitively in requests; in its
/// answers the client accepts any letter case (`"credit"` is still unmistakably Credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum HubcashMethod {
    /// Credit card; accepts installments.
    Credit,
    /// Debit card; no installments.
    Debit,
    /// Billet (boleto bancário); no installments.
    Billet,
}

impl HubcashMethod {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            HubcashMethod::Credit => "Credit",
            HubcashMethod::Debit => "Debit",
            HubcashMethod::Billet => "Billet",
        }
    }
}

impl<'de> Deserialize<'de> for HubcashMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        [
            HubcashMethod::Credit,
            HubcashMethod::Debit,
            HubcashMethod::Billet,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| D::Error::custom("a sale method Hubcash does not document"))
    }
}

/// What Paydesk's status for a sale depends on: its status, its method, and whether it was
/// reversed (`DateReversed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleState<'a> {
    /// The status as sent.
    pub status: &'a HubcashSaleStatus,
    /// The method.
    pub method: HubcashMethod,
    /// `DateReversed` is set.
    pub reversed: bool,
}

/// Paydesk's status for a documented Hubcash status. Exhaustive: a new status is a compile
/// error here.
///
/// - 1 Processed and 4 Waiting Payment: pending (nothing happened to the money yet);
/// - 2 Analyzing and 3 Capturing: processing (fraud check, authorization held);
/// - 5 Fail: failed, or expired for a billet (see [`assumptions::failed_sale_status`]);
/// - 6 Canceled: cancelled, or refunded when reversed
///   ([`assumptions::canceled_sale_status`]);
/// - 7 Done: succeeded.
pub fn map_status(
    status: HubcashStatus,
    method: HubcashMethod,
    reversed: bool,
) -> TransactionStatus {
    match status {
        HubcashStatus::Processed | HubcashStatus::WaitingPayment => TransactionStatus::Pending,
        HubcashStatus::Analyzing | HubcashStatus::Capturing => TransactionStatus::Processing,
        HubcashStatus::Fail => assumptions::failed_sale_status(match method {
            HubcashMethod::Billet => true,
            HubcashMethod::Credit | HubcashMethod::Debit => false,
        }),
        HubcashStatus::Canceled => assumptions::canceled_sale_status(reversed),
        HubcashStatus::Done => TransactionStatus::Succeeded,
    }
}

impl From<SaleState<'_>> for TransactionStatus {
    fn from(state: SaleState<'_>) -> Self {
        match state.status {
            HubcashSaleStatus::Known(status) => map_status(*status, state.method, state.reversed),
            HubcashSaleStatus::Other(_) => TransactionStatus::Unknown,
        }
    }
}
