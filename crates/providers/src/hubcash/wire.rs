//! Hubcash's own request and response types, spelled exactly as its API v1 spells them
//! (PascalCase fields, one wrapper object per resource), and the lenient readers the
//! reference asks for. Conversions into Paydesk's domain types live in `convert.rs`.
//!
//! Reference: shared/providers/hubcash.md, sections 3 (wire conventions), 5 (objects) and 7
//! (statuses and methods).

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use lenient::{opt_decimal_text, opt_text, text_or_list};
pub use request::{
    HubcashCardUpdate, HubcashNewBillet, HubcashNewCard, HubcashNewSale, HubcashSaleCard,
};

mod buyer;
pub mod envelope;
mod lenient;
mod request;

pub use buyer::{HubcashAddress, HubcashConsumer, HubcashItem};

/// A sale status (reference 7.1). Any number outside 1–7 is a parse error.
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
            other => Err(format!("unknown sale status {other}")),
        }
    }
}

impl<'de> Deserialize<'de> for HubcashStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u64::deserialize(deserializer)?;
        HubcashStatus::try_from(number).map_err(D::Error::custom)
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

/// A sale method (reference 7.2), case-sensitive: `"credit"` is a parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One entry of Hubcash's error body `{"Errors": [...]}` (reference 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashErrorEntry {
    /// `"Error"` or `"Authorization"`.
    #[serde(default)]
    pub r#type: String,
    /// The input at fault (`"Card.Number"`, `"headers"`).
    #[serde(default)]
    pub field: String,
    /// Short text (`"Required"`).
    #[serde(default)]
    pub description: String,
}

/// Hubcash's error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubcashErrors {
    /// Every failing input.
    #[serde(rename = "Errors")]
    pub errors: Vec<HubcashErrorEntry>,
}

/// A saved card in the response form (reference 5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashCard {
    /// Identifier.
    #[serde(default, deserialize_with = "opt_text")]
    pub card_id: Option<String>,
    /// Brand name, case-sensitive (`"Visa"`).
    pub brand: String,
    /// Holder name.
    pub holder_name: String,
    /// Holder's document (CPF).
    #[serde(default, deserialize_with = "opt_text")]
    pub document: Option<String>,
    /// Holder's phone.
    #[serde(default, deserialize_with = "opt_text")]
    pub phone: Option<String>,
    /// Last four digits of the number.
    #[serde(default, deserialize_with = "opt_text")]
    pub last_digits: Option<String>,
    /// `mm`.
    pub exp_month: String,
    /// `yyyy`.
    pub exp_year: String,
}

/// A fraud-analysis entry. `Description` is a string in the seed and an array in the SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashAnalyze {
    /// Risk level, a string (`"72"`).
    #[serde(default, deserialize_with = "opt_decimal_text")]
    pub level: Option<String>,
    /// `"Approved"` / `"Denied"`, as one text.
    #[serde(default, deserialize_with = "text_or_list")]
    pub description: Option<String>,
}

/// A reversal record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashRollback {
    /// Why.
    #[serde(default, deserialize_with = "opt_text")]
    pub reason: Option<String>,
    /// Remarks.
    #[serde(default, deserialize_with = "opt_text")]
    pub obs: Option<String>,
    /// When (Hubcash date text).
    #[serde(default, deserialize_with = "opt_text")]
    pub date: Option<String>,
}

/// An audit-trail entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashHistory {
    /// What happened (`"Data received"`).
    #[serde(default, deserialize_with = "opt_text")]
    pub action: Option<String>,
    /// When (Hubcash date text).
    #[serde(default, deserialize_with = "opt_text")]
    pub date_added: Option<String>,
}

/// A billet in the response form (reference 5.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashBillet {
    /// The slip number.
    #[serde(default)]
    pub our_number: Option<u64>,
    /// Printed instructions.
    #[serde(default)]
    pub instructions: Option<Vec<String>>,
    /// Days to expiry.
    #[serde(default)]
    pub expires_in: Option<u32>,
    /// The typeable line (opaque).
    #[serde(default, deserialize_with = "opt_text")]
    pub digitable: Option<String>,
    /// Barcode image, base64 (large; not kept in the transactions table).
    #[serde(default, deserialize_with = "opt_text")]
    pub image: Option<String>,
}

/// A sale in the response form (reference 5.3). Required: `SaleId`, `Amount`, `Currency`,
/// `Method`, `DateAdded`; `Status` is read when present (the simulator always sends it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashSale {
    /// Identifier.
    pub sale_id: String,
    /// The merchant's reference.
    #[serde(default, deserialize_with = "opt_text")]
    pub r#ref: Option<String>,
    /// Statement text.
    #[serde(default, deserialize_with = "opt_text")]
    pub soft_descriptor: Option<String>,
    /// Amount in cents (an integer; anything else is a parse error).
    pub amount: i64,
    /// Split into installments.
    #[serde(default)]
    pub quota: Option<bool>,
    /// Number of installments.
    #[serde(default)]
    pub quota_qty: Option<u32>,
    /// Currency name.
    pub currency: String,
    /// Method.
    pub method: HubcashMethod,
    /// Automatic capture.
    #[serde(default)]
    pub capture: Option<bool>,
    /// When canceled.
    #[serde(default, deserialize_with = "opt_text")]
    pub date_canceled: Option<String>,
    /// When captured.
    #[serde(default, deserialize_with = "opt_text")]
    pub date_captured: Option<String>,
    /// When reversed.
    #[serde(default, deserialize_with = "opt_text")]
    pub date_reversed: Option<String>,
    /// Last change.
    #[serde(default, deserialize_with = "opt_text")]
    pub date_updated: Option<String>,
    /// Creation.
    pub date_added: String,
    /// The buyer.
    #[serde(default)]
    pub consumer: Option<HubcashConsumer>,
    /// Billing address.
    #[serde(default)]
    pub billing_address: Option<HubcashAddress>,
    /// Shipping address.
    #[serde(default)]
    pub shipping_address: Option<HubcashAddress>,
    /// Fraud analysis.
    #[serde(default)]
    pub analyze: Option<Vec<HubcashAnalyze>>,
    /// Reversals.
    #[serde(default)]
    pub rollback: Option<Vec<HubcashRollback>>,
    /// Audit trail.
    #[serde(default)]
    pub history: Option<Vec<HubcashHistory>>,
    /// Items.
    #[serde(default)]
    pub items: Option<Vec<HubcashItem>>,
    /// The card (card sales).
    #[serde(default)]
    pub card: Option<HubcashCard>,
    /// The billet (billet sales).
    #[serde(default)]
    pub billet: Option<HubcashBillet>,
    /// Status.
    #[serde(default)]
    pub status: Option<HubcashStatus>,
}

/// A currency (reference 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashCurrency {
    /// Identifier.
    #[serde(default, deserialize_with = "opt_text")]
    pub currency_id: Option<String>,
    /// The name used in `Sale.Currency` (`"BRL"`).
    pub name: String,
    /// Left symbol (`"R$"`).
    #[serde(default, deserialize_with = "opt_text")]
    pub symbol_left: Option<String>,
    /// Right symbol.
    #[serde(default, deserialize_with = "opt_text")]
    pub symbol_right: Option<String>,
    /// Minor-unit places (BRL: 2).
    pub decimal_place: u32,
}

/// A card brand (reference 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashBrand {
    /// Unique brand name (`"Mastercard"`).
    pub name: String,
    /// Image URL.
    #[serde(default, deserialize_with = "opt_text")]
    pub image: Option<String>,
    /// Digits in a card number.
    pub number_digits: u32,
    /// Digits in the security code.
    pub number_security: u32,
}

/// The sale a notification is about, with the status it led to (frozen at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNotificationSale {
    /// The sale.
    pub sale_id: String,
    /// The status the change led to.
    pub status: HubcashStatus,
}

/// A status-change notification (reference 5.9 and 8). Unsigned: treat it as a hint only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNotification {
    /// Identifier.
    pub notification_id: String,
    /// Last change (a resend updates it).
    #[serde(default, deserialize_with = "opt_text")]
    pub date_updated: Option<String>,
    /// Creation.
    pub date_added: String,
    /// Last HTTP status Hubcash got from the merchant's URL; 0 when none.
    pub last_response_code: u16,
    /// The sale and its new status.
    pub sale: HubcashNotificationSale,
}
