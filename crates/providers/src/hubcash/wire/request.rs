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
    /// their amounts as text whose unit the document does not state. With `billet`, the slip's
    /// number and days to pay are Paydesk's; without it (a request an earlier Paydesk
    /// journaled), Hubcash numbers the slip and uses its default expiry. Nothing is captured
    /// (a billet is paid, not captured).
    pub fn billet(
        amount_cents: i64,
        currency: &str,
        reference: &str,
        customer_name: &str,
        customer_document: Option<&str>,
        billet: Option<HubcashNewBillet>,
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
            billet,
        }
    }
}

impl HubcashNewBillet {
    /// A slip payable for `expires_in` days, numbered from the sale's `reference` (the same
    /// reference always gives the same number, so a request sent again after a lost answer
    /// asks for the same slip): a 10-digit FNV-1a hash of it.
    pub fn for_reference(reference: &str, expires_in: u32) -> HubcashNewBillet {
        let hash = reference.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        HubcashNewBillet {
            our_number: hash % 10_000_000_000,
            instructions: Vec::new(),
            expires_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_is_numbered_from_its_reference_the_same_every_time() {
        let one = HubcashNewBillet::for_reference("PD-f40a77d7-8098-419b", 10);
        assert_eq!(
            one,
            HubcashNewBillet::for_reference("PD-f40a77d7-8098-419b", 10)
        );
        assert_ne!(
            one.our_number,
            HubcashNewBillet::for_reference("PD-f40a77d7-8098-419c", 10).our_number
        );
        assert!(one.our_number < 10_000_000_000, "at most 10 digits");
        let sent = serde_json::to_value(&one).expect("json");
        assert_eq!(sent["ExpiresIn"], 10);
        assert!(
            sent.get("Instructions").is_none(),
            "none sent when there are none"
        );
    }
}
