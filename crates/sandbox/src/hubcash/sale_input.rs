//! Validation of `POST /sales` (reference 5.4 rules) into a simulator sale.

use serde_json::{Map, Value};

use super::state::{
    Action, Billet, Extra, History, Method, Outcome, Sale, SaleCard, State, Status, Ts,
};
use super::validate::{CardInput, Problems, boolean, card, digits, integer, text, unwrap};

/// A card the new sale uses: a saved one, or a new one to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaleCardInput {
    /// Saved card index.
    Saved(usize),
    /// A new card.
    New(CardInput),
}

/// Checks a `POST /sales` body and builds the sale (reference 5.4 rules).
pub fn sale(
    body: &Value,
    state: &State,
    now: Ts,
) -> Result<(Sale, Option<SaleCardInput>), Problems> {
    let map = unwrap(body, "Sale")?;
    let mut p = Problems::default();
    let knobs = &state.knobs;
    let reference = text(map, "Ref", "Ref", false, &mut p).map(str::to_owned);
    if let Some(r) = &reference
        && knobs.unique_ref
        && !state.variance.no_dedup
        && (0..state.sales.len()).any(|i| state.reference_is(i, r))
    {
        p.add("Ref", "Not allowed");
    }
    let soft = text(map, "SoftDescriptor", "SoftDescriptor", false, &mut p).map(str::to_owned);
    if soft.as_ref().is_some_and(|s| s.chars().count() > 22) {
        p.add("SoftDescriptor", "Invalid");
    }
    let amount = integer(map, "Amount", "Amount", &mut p);
    let amount = match amount {
        Some(a) if a > 0 => Some(a),
        Some(_) => {
            p.add("Amount", "Invalid");
            None
        }
        None => None,
    };
    let method_text = text(map, "Method", "Method", true, &mut p);
    let method = method_text.and_then(Method::parse);
    let quota = boolean(map, "Quota", &mut p);
    let mut quota_qty = None;
    if quota == Some(true) {
        if method.is_some_and(|m| m != Method::Credit) {
            p.add("Quota", "Not allowed");
        } else {
            match integer(map, "QuotaQty", "QuotaQty", &mut p) {
                Some(q) if (2..=12).contains(&q) => {
                    quota_qty = u8::try_from(q).ok();
                    let min = knobs.min_quota_value_cents;
                    if min > 0 && amount.is_some_and(|a| a / q < min) {
                        p.add("QuotaQty", "Quota value below R$ 5,00");
                    }
                }
                Some(_) => p.add("QuotaQty", "Invalid"),
                None => {}
            }
        }
    }
    let currency_text = text(map, "Currency", "Currency", true, &mut p);
    let currency = currency_text.and_then(|c| state.currencies.iter().position(|d| d.name == c));
    if currency_text.is_some() && currency.is_none() {
        p.add("Currency", "Invalid");
    }
    if method_text.is_some() && method.is_none() {
        p.add("Method", "Invalid");
    }
    let capture = boolean(map, "Capture", &mut p).unwrap_or(false);
    let mut extra = Extra::default();
    for (key, slot) in [
        ("Consumer", &mut extra.consumer),
        ("BillingAddress", &mut extra.billing),
        ("ShippingAddress", &mut extra.shipping),
    ] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                for (k, v) in o {
                    if !v.is_string() && !v.is_null() {
                        p.add(format!("{key}.{k}"), "Invalid");
                    }
                }
                *slot = Some(Value::Object(o.clone()));
            }
            Some(_) => p.add(key, "Invalid"),
        }
    }
    match map.get("Items") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Some(o) = item.as_object() else {
                    p.add(format!("Items.{i}"), "Invalid");
                    continue;
                };
                for k in ["Name", "Description"] {
                    if o.get(k).is_some_and(|v| !v.is_string() && !v.is_null()) {
                        p.add(format!("Items.{i}.{k}"), "Invalid");
                    }
                }
                for k in ["Amount", "Qty"] {
                    let ok = match o.get(k) {
                        None | Some(Value::Null) => true,
                        Some(Value::String(s)) => digits(s),
                        Some(Value::Number(n)) => n.as_u64().is_some(),
                        Some(_) => false,
                    };
                    if !ok {
                        p.add(format!("Items.{i}.{k}"), "Invalid");
                    }
                }
            }
            extra.items = Some(Value::Array(items.clone()));
        }
        Some(_) => p.add("Items", "Invalid"),
    }
    let mut card_input = None;
    if matches!(method, Some(Method::Credit | Method::Debit)) {
        match map.get("Card") {
            None | Some(Value::Null) => p.add("Card", "Required"),
            Some(Value::Object(c)) => match c.get("CardId") {
                Some(Value::String(id)) => match state.card_index(id) {
                    Some(i) => card_input = Some(SaleCardInput::Saved(i)),
                    None => p.add("Card.CardId", "Not found"),
                },
                Some(_) => p.add("Card.CardId", "Invalid"),
                None => {
                    card_input = card(
                        c,
                        "Card.",
                        false,
                        true,
                        knobs.strict_card_brand,
                        now,
                        &mut p,
                    )
                    .map(SaleCardInput::New);
                }
            },
            Some(_) => p.add("Card", "Invalid"),
        }
    }
    let mut billet = None;
    if method == Some(Method::Billet) {
        billet = match map.get("Billet") {
            None | Some(Value::Null) => Some(Billet {
                our_number: state.next_our_number,
                instructions: Vec::new(),
                expires_in: knobs.billet_default_expires_in,
                issued: false,
            }),
            Some(Value::Object(b)) => billet_input(b, &mut p),
            Some(_) => {
                p.add("Billet", "Invalid");
                None
            }
        };
    }
    if !p.is_empty() {
        return Err(p);
    }
    let outcome = match &card_input {
        Some(SaleCardInput::New(c)) => Outcome::for_last4(c.last4.as_deref().unwrap_or("")),
        Some(SaleCardInput::Saved(i)) => {
            Outcome::for_last4(state.cards.get(*i).map(|c| c.last4.as_str()).unwrap_or(""))
        }
        None => Outcome::Approve,
    };
    extra.reference = reference;
    extra.soft_descriptor = soft;
    let has_extra = extra != Extra::default();
    let sale = Sale {
        added: now,
        amount: amount.unwrap_or(0),
        quota_qty,
        currency: u8::try_from(currency.unwrap_or(0)).unwrap_or(0),
        method: method.unwrap_or(Method::Credit),
        capture,
        status: Status::Processed,
        canceled: None,
        captured: None,
        reversed: None,
        updated: None,
        card: match &card_input {
            Some(SaleCardInput::Saved(i)) => u32::try_from(*i).ok().map(SaleCard::Saved),
            _ => None,
        },
        billet: billet.map(Box::new),
        analyze: None,
        history: History::new((Action::DataReceived, now)),
        extra: has_extra.then(|| Box::new(extra)),
        buyer: None,
        outcome,
    };
    Ok((sale, card_input))
}

fn billet_input(b: &Map<String, Value>, p: &mut Problems) -> Option<Billet> {
    let our_number = match integer(b, "OurNumber", "Billet.OurNumber", p) {
        Some(n) if n > 0 => u64::try_from(n).ok(),
        Some(_) => {
            p.add("Billet.OurNumber", "Invalid");
            None
        }
        None => None,
    };
    let mut instructions = Vec::new();
    match b.get("Instructions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            let texts: Option<Vec<String>> = list
                .iter()
                .map(|v| {
                    v.as_str()
                        .filter(|s| s.chars().count() <= 80)
                        .map(str::to_owned)
                })
                .collect();
            match texts {
                Some(t) if t.len() <= 6 => instructions = t,
                _ => p.add("Billet.Instructions", "Invalid"),
            }
        }
        Some(_) => p.add("Billet.Instructions", "Invalid"),
    }
    let expires_in = match integer(b, "ExpiresIn", "Billet.ExpiresIn", p) {
        Some(n) if (1..=365).contains(&n) => u32::try_from(n).ok(),
        Some(_) => {
            p.add("Billet.ExpiresIn", "Invalid");
            None
        }
        None => None,
    };
    Some(Billet {
        our_number: our_number?,
        instructions,
        expires_in: expires_in?,
        issued: false,
    })
}
