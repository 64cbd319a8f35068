//! How the Hubcash simulator's replies follow its reply profile ([`Variance`]): the status a
//! sale shows (an undocumented word for some sales while they are not final), and the
//! documented-only filter that keeps exactly the fields the seed's examples show.
//!
//! The seed (shared/seeds/hubcash.txt) shows every field of a sale in its list and detail
//! examples, so the documented-only profile changes no field the simulator writes itself; it
//! drops what the seed does not show from what the simulator only echoes (a merchant's
//! `Consumer`, addresses and `Items` sent with fields of its own).

use serde_json::{Map, Value};

use super::state::{State, Status};
use crate::variance::Variance;

/// The keys of a sale in the seed's `GET /sales` and `GET /sales/{SaleId}` examples.
pub const SALE_KEYS: [&str; 24] = [
    "SaleId",
    "Ref",
    "SoftDescriptor",
    "Amount",
    "Quota",
    "QuotaQty",
    "Currency",
    "Method",
    "Capture",
    "DateCanceled",
    "DateCaptured",
    "DateReversed",
    "DateUpdated",
    "DateAdded",
    "Consumer",
    "BillingAddress",
    "ShippingAddress",
    "Analyze",
    "Rollback",
    "History",
    "Items",
    "Card",
    "Billet",
    "Status",
];
/// `Consumer` in the seed's sale example.
pub const CONSUMER_KEYS: [&str; 9] = [
    "Name",
    "Email",
    "Birthdate",
    "DocumentNumber",
    "DocumentType",
    "Gender",
    "HomePhone",
    "MobilePhone",
    "WorkPhone",
];
/// `BillingAddress` / `ShippingAddress` in the seed's sale example.
pub const ADDRESS_KEYS: [&str; 8] = [
    "City",
    "Complement",
    "Country",
    "District",
    "Number",
    "State",
    "Street",
    "ZipCode",
];
/// An `Items` entry in the seed's sale example.
pub const ITEM_KEYS: [&str; 4] = ["Name", "Description", "Amount", "Qty"];
/// `Card` in the seed's sale example.
pub const CARD_KEYS: [&str; 8] = [
    "CardId",
    "Brand",
    "HolderName",
    "Document",
    "Phone",
    "LastDigits",
    "ExpMonth",
    "ExpYear",
];
/// `Billet` in the seed's sale example.
pub const BILLET_KEYS: [&str; 5] = [
    "OurNumber",
    "Instructions",
    "ExpiresIn",
    "Digitable",
    "Image",
];
/// An `Analyze` entry; a `Rollback` entry; a `History` entry.
pub const ANALYZE_KEYS: [&str; 2] = ["Level", "Description"];
/// A `Rollback` entry.
pub const ROLLBACK_KEYS: [&str; 3] = ["Reason", "Obs", "Date"];
/// A `History` entry.
pub const HISTORY_KEYS: [&str; 2] = ["Action", "DateAdded"];

/// The undocumented status word a sale shows now, if any: the `n`th sale (creation order)
/// chosen by [`Variance::unknown_word_for`] shows it while it would be 1 Processed,
/// 2 Analyzing, 3 Capturing or 4 Waiting Payment, then its own final status. Spelled as the
/// seed spells its status names: a capital first letter (`On_hold`).
pub fn unknown_word(variance: &Variance, index: usize, status: Status) -> Option<String> {
    let open = match status {
        Status::Processed | Status::Analyzing | Status::Capturing | Status::WaitingPayment => true,
        Status::Fail | Status::Canceled | Status::Done => false,
    };
    if !open {
        return None;
    }
    let word = variance.unknown_word_for(u64::try_from(index).ok()?)?;
    let mut chars = word.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A sale's `Status` as written in a reply: its number, or the undocumented word.
pub fn status_value(state: &State, index: usize, status: Status) -> Value {
    match unknown_word(&state.variance, index, status) {
        Some(word) => Value::from(word),
        None => Value::from(status.code()),
    }
}

/// The status a client reads for a sale now: the seed's name, or the undocumented word.
pub fn shown_status(state: &State, index: usize, status: Status) -> String {
    unknown_word(&state.variance, index, status).unwrap_or_else(|| status.name().to_owned())
}

/// Keeps only the seed's keys in a sale object (and in its nested objects).
pub fn documented_sale(sale: &mut Map<String, Value>) {
    keep(sale, &SALE_KEYS);
    for (key, keys) in [
        ("Consumer", &CONSUMER_KEYS[..]),
        ("BillingAddress", &ADDRESS_KEYS[..]),
        ("ShippingAddress", &ADDRESS_KEYS[..]),
        ("Card", &CARD_KEYS[..]),
        ("Billet", &BILLET_KEYS[..]),
    ] {
        if let Some(Value::Object(inner)) = sale.get_mut(key) {
            keep(inner, keys);
        }
    }
    for (key, keys) in [
        ("Items", &ITEM_KEYS[..]),
        ("Analyze", &ANALYZE_KEYS[..]),
        ("Rollback", &ROLLBACK_KEYS[..]),
        ("History", &HISTORY_KEYS[..]),
    ] {
        if let Some(Value::Array(entries)) = sale.get_mut(key) {
            for entry in entries.iter_mut() {
                if let Value::Object(inner) = entry {
                    keep(inner, keys);
                }
            }
        }
    }
}

fn keep(map: &mut Map<String, Value>, keys: &[&str]) {
    map.retain(|k, _| keys.contains(&k.as_str()));
}
