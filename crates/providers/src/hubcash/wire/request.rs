//! What Paydesk sends: a new card, a card edit, a new sale (reference 5.2 and 5.4).

use paydesk_domain::Secret;
use serde::{Serialize, Serializer};

use super::buyer::{HubcashAddress, HubcashConsumer, HubcashItem};
use super::status::HubcashMethod;

/// A new card (reference 5.2): for `POST /cards` and inside a new sale. The number and the
/// security code are held as [`Secret`] so no debug output shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNewCard {
    /// Brand name, case-sensitive.
    pub brand: String,
    /// Holder name.
    pub holder_name: String,
    /// Holder's document; Paydesk always sends it (see `assumptions.rs`, unknown 15).
    pub document: String,
    /// Holder's phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `mm`.
    pub exp_month: String,
    /// `yyyy`.
    pub exp_year: String,
    /// The full card number.
    #[serde(serialize_with = "expose")]
    pub number: Secret,
    /// The security code.
    #[serde(serialize_with = "expose")]
    pub security_code: Secret,
}

/// The editable fields of a saved card (`PUT /cards/{CardId}`): a full replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashCardUpdate {
    /// Brand name.
    pub brand: String,
    /// Holder name.
    pub holder_name: String,
    /// Holder's document.
    pub document: String,
    /// Holder's phone (left out: cleared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `mm`.
    pub exp_month: String,
    /// `yyyy`.
    pub exp_year: String,
}

fn expose<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose())
}

/// The card of a new sale: a full new card, or a saved one by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum HubcashSaleCard {
    /// A new card (it is saved too, reference 5.4).
    New(HubcashNewCard),
    /// A saved card.
    Saved {
        /// The saved card's id.
        #[serde(rename = "CardId")]
        card_id: String,
    },
}

/// A billet in a new sale (reference 5.8, request form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNewBillet {
    /// The merchant's slip number.
    pub our_number: u64,
    /// Printed instructions, at most 6.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instructions: Vec<String>,
    /// Days until the slip expires.
    pub expires_in: u32,
}

/// A new sale (`POST /sales`, reference 5.4). Paydesk always sends `Capture` and a unique
/// `Ref` (reference 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNewSale {
    /// The merchant's reference (`PD-<uuid>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#ref: Option<String>,
    /// Text on the buyer's statement, at most 22 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    /// Amount in cents.
    pub amount: i64,
    /// `Some(true)` splits a Credit sale into installments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<bool>,
    /// Number of installments (2–12) when `Quota` is true; never sent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_qty: Option<u32>,
    /// Currency name from `GET /currencies` (`"BRL"`).
    pub currency: String,
    /// Method.
    pub method: HubcashMethod,
    /// Capture automatically once approved.
    pub capture: bool,
    /// The buyer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer: Option<HubcashConsumer>,
    /// Billing address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<HubcashAddress>,
    /// Shipping address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<HubcashAddress>,
    /// Items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<HubcashItem>,
    /// The card, for Credit/Debit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<HubcashSaleCard>,
    /// Billet settings, for Billet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billet: Option<HubcashNewBillet>,
}

impl HubcashNewSale {
    /// A billet (boleto) sale of `amount_cents` in `currency` for a customer, found again by
    /// `reference` (`Ref`). What is sold stays in Paydesk's journal: Hubcash's `Items` give
    /// their amounts as text whose unit the document does not state. No `Billet` object is sent (it is optional; Hubcash then numbers
    /// the slip itself and uses its default expiry), and nothing is captured (a billet is paid,
    /// not captured).
    pub fn billet(
        amount_cents: i64,
        currency: &str,
        reference: &str,
        customer_name: &str,
        customer_document: Option<&str>,
    ) -> HubcashNewSale {
        HubcashNewSale {
            r#ref: Some(reference.to_owned()),
            soft_descriptor: None,
            amount: amount_cents,
            quota: None,
            quota_qty: None,
            currency: currency.to_owned(),
            method: HubcashMethod::Billet,
            capture: false,
            consumer: Some(HubcashConsumer {
                name: Some(customer_name.to_owned()),
                document_number: customer_document.map(str::to_owned),
                ..HubcashConsumer::default()
            }),
            billing_address: None,
            shipping_address: None,
            items: Vec::new(),
            card: None,
            billet: None,
        }
    }
}
