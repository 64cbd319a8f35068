//! A sale as Hubcash answers it (reference 5.1, 5.3, 5.8) and its readers: one sale
//! (`{"Sale": {...}}`) or a list (`{"Sales": [...]}`), each sale kept with its JSON text.
//!
//! Required, as the seed's schema says: `SaleId`, `Amount`, `Currency`, `Method`, `DateAdded`.
//! Everything else is optional, `Status` included (it is read leniently, see `status.rs`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::buyer::{HubcashAddress, HubcashConsumer, HubcashItem};
use super::lenient::{Unreadable, opt_decimal_text, opt_text, text_or_list};
use super::status::{HubcashMethod, HubcashSaleStatus, HubcashStatus, SaleState};

/// A saved card in the response form (reference 5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashCard {
    /// Identifier.
    #[serde(default, deserialize_with = "opt_text")]
    pub card_id: Option<String>,
    /// Brand name (`"Visa"`).
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
/// `Method`, `DateAdded`.
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
    /// Amount in cents (an integer; anything else cannot be read).
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
    /// Status, as sent (optional in the seed's schema).
    #[serde(default)]
    pub status: Option<HubcashSaleStatus>,
}

impl HubcashSale {
    /// The documented status, if the sale carries one.
    pub fn known_status(&self) -> Option<HubcashStatus> {
        self.status.as_ref().and_then(HubcashSaleStatus::known)
    }

    /// What Paydesk's status mapping needs, when the sale carries a status.
    pub fn state(&self) -> Option<SaleState<'_>> {
        self.status.as_ref().map(|status| SaleState {
            status,
            method: self.method,
            reversed: self.date_reversed.is_some(),
        })
    }
}

/// A sale as read, with its JSON text kept byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleRecord {
    /// The parsed sale.
    pub sale: HubcashSale,
    /// The sale object's JSON text, exactly as received.
    pub raw: String,
}

impl SaleRecord {
    /// Reads one sale object's JSON text.
    pub fn from_raw(raw: &str) -> Result<SaleRecord, Unreadable> {
        let sale: HubcashSale =
            serde_json::from_str(raw).map_err(|e| Unreadable::new("a sale cannot be read", e))?;
        if sale.sale_id.trim().is_empty() {
            return Err(Unreadable::new("a sale has no SaleId", "SaleId is empty"));
        }
        Ok(SaleRecord {
            sale,
            raw: raw.to_owned(),
        })
    }

    /// The sale's documented status; an error in words when it has none or an undocumented
    /// one (the transaction mapping shows those as unknown instead).
    pub fn status(&self) -> Result<HubcashStatus, String> {
        match &self.sale.status {
            Some(HubcashSaleStatus::Known(status)) => Ok(*status),
            Some(HubcashSaleStatus::Other(raw)) => Err(format!(
                "sale {} has a status Hubcash does not document ('{raw}')",
                self.sale.sale_id
            )),
            None => Err(format!("sale {} has no Status", self.sale.sale_id)),
        }
    }
}

/// `{"Sale": <raw>}`: the sale's own JSON text is kept for `Transaction::raw`.
#[derive(Debug, Deserialize)]
struct RawSale {
    #[serde(rename = "Sale")]
    sale: Box<RawValue>,
}

/// `{"Sales": <raw>}`: the list must be named (an object without it is not a sales list).
#[derive(Debug, Deserialize)]
struct RawSales {
    #[serde(rename = "Sales")]
    sales: Box<RawValue>,
}

/// Reads `{"Sale": {...}}`.
pub fn parse_sale_body(body: &[u8]) -> Result<SaleRecord, Unreadable> {
    let wrapped: RawSale = serde_json::from_slice(body)
        .map_err(|e| Unreadable::new("the answer is not a Hubcash sale", e))?;
    SaleRecord::from_raw(wrapped.sale.get())
}

/// Reads `{"Sales": [...]}` (a `null` list is empty) or a bare array, every item kept with
/// its own JSON text.
pub fn parse_sales_body(body: &[u8]) -> Result<Vec<SaleRecord>, Unreadable> {
    let not_a_list =
        |e: serde_json::Error| Unreadable::new("the answer is not a Hubcash sales list", e);
    let list: Vec<Box<RawValue>> = match serde_json::from_slice::<Vec<Box<RawValue>>>(body) {
        Ok(bare) => bare,
        Err(_) => {
            let wrapped: RawSales = serde_json::from_slice(body).map_err(not_a_list)?;
            if wrapped.sales.get().trim() == "null" {
                Vec::new()
            } else {
                serde_json::from_str(wrapped.sales.get()).map_err(not_a_list)?
            }
        }
    };
    list.iter()
        .map(|raw| {
            SaleRecord::from_raw(raw.get()).map_err(|e| Unreadable {
                what: "a sale in the list cannot be read".into(),
                detail: e.detail,
            })
        })
        .collect()
}
