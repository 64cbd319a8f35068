//! Request validation for the Hubcash simulator (reference 5 and 6 rules). Every failing
//! field is one entry, in the order of the request schema, named by its dotted path below the
//! wrapper (`"Card.Number"`, `"Items.0.Name"`), with a description from the fixed set
//! `Required`, `Invalid`, `Not found`, `Not allowed`, or a rule text.

use chrono::Datelike;
use serde_json::{Map, Value};

use super::brands;
use super::state::{Billet, Extra, Method, Outcome, Sale, SaleCard, State, Status, Ts, time_of};

/// One failing input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path.
    pub field: String,
    /// Description.
    pub description: String,
}

/// The failures of one request.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Adds one.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            description: description.into(),
        });
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The wrapped object (`{"Card": {...}}`), or a `Required` problem on the wrapper's name.
pub fn unwrap<'a>(body: &'a Value, name: &str) -> Result<&'a Map<String, Value>, Problems> {
    match body.get(name) {
        Some(Value::Object(map)) => Ok(map),
        Some(_) => {
            let mut p = Problems::default();
            p.add(name, "Invalid");
            Err(p)
        }
        None => {
            let mut p = Problems::default();
            p.add(name, "Required");
            Err(p)
        }
    }
}

fn text<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
    required: bool,
    p: &mut Problems,
) -> Option<&'a str> {
    match map.get(key) {
        None | Some(Value::Null) => {
            if required {
                p.add(path, "Required");
            }
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            if required {
                p.add(path, "Required");
            }
            None
        }
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            p.add(path, "Invalid");
            None
        }
    }
}

fn boolean(map: &Map<String, Value>, key: &str, p: &mut Problems) -> Option<bool> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            p.add(key, "Invalid");
            None
        }
    }
}

fn integer(map: &Map<String, Value>, key: &str, path: &str, p: &mut Problems) -> Option<i64> {
    match map.get(key) {
        None | Some(Value::Null) => {
            p.add(path, "Required");
            None
        }
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(_) => {
            p.add(path, "Invalid");
            None
        }
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A validated card (request form), without the number kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInput {
    /// Brand name.
    pub brand: String,
    /// Holder.
    pub holder_name: String,
    /// Document.
    pub document: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// `mm`.
    pub exp_month: String,
    /// `yyyy`.
    pub exp_year: String,
    /// Last four digits of the number (only these are kept).
    pub last4: Option<String>,
}

/// Checks a card: `prefix` is `""` or `"Card."`; `with_number` for the new-card form.
pub fn card(
    map: &Map<String, Value>,
    prefix: &str,
    require_document: bool,
    with_number: bool,
    strict_brand: bool,
    now: Ts,
    p: &mut Problems,
) -> Option<CardInput> {
    let before = p.0.len();
    let path = |k: &str| format!("{prefix}{k}");
    let brand_name = text(map, "Brand", &path("Brand"), true, p);
    let brand = brand_name.and_then(brands::by_name).map(|(_, b)| b);
    if brand_name.is_some() && brand.is_none() {
        p.add(path("Brand"), "Invalid");
    }
    let holder = text(map, "HolderName", &path("HolderName"), true, p);
    let document = text(map, "Document", &path("Document"), require_document, p);
    let phone = text(map, "Phone", &path("Phone"), false, p);
    let month = text(map, "ExpMonth", &path("ExpMonth"), true, p);
    let month_n = month
        .filter(|m| m.len() == 2 && digits(m))
        .and_then(|m| m.parse::<u32>().ok());
    if month.is_some() && !month_n.is_some_and(|m| (1..=12).contains(&m)) {
        p.add(path("ExpMonth"), "Invalid");
    }
    let year = text(map, "ExpYear", &path("ExpYear"), true, p);
    let year_n = year
        .filter(|y| y.len() == 4 && digits(y))
        .and_then(|y| y.parse::<i32>().ok());
    if year.is_some() && year_n.is_none() {
        p.add(path("ExpYear"), "Invalid");
    }
    if let (Some(m), Some(y)) = (month_n, year_n) {
        let today = time_of(now);
        if (y, m) < (today.year(), today.month()) {
            p.add(path("ExpYear"), "Expired");
        }
    }
    let mut last4 = None;
    if with_number {
        let number = text(map, "Number", &path("Number"), true, p);
        if let Some(n) = number {
            if digits(n) && (12..=22).contains(&n.len()) {
                if strict_brand
                    && brand.is_some()
                    && brands::by_number(n).map(|b| b.name) != brand_name
                {
                    p.add(path("Number"), "Invalid");
                }
                last4 = n.get(n.len() - 4..).map(str::to_owned);
            } else {
                p.add(path("Number"), "Invalid");
            }
        }
        let code = text(map, "SecurityCode", &path("SecurityCode"), true, p);
        if let Some(c) = code {
            let len_ok = brand.is_none_or(|b| c.len() == b.number_security as usize);
            if !digits(c) || !len_ok {
                p.add(path("SecurityCode"), "Invalid");
            }
        }
    }
    if p.0.len() > before {
        return None;
    }
    Some(CardInput {
        brand: brand_name?.to_owned(),
        holder_name: holder?.to_owned(),
        document: document.map(str::to_owned),
        phone: phone.map(str::to_owned),
        exp_month: month?.to_owned(),
        exp_year: year?.to_owned(),
        last4,
    })
}

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
        && (0..state.sales.len()).any(|i| state.reference(i).as_deref() == Some(r.as_str()))
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
    let has_extra = extra != Extra::default();
    let sale = Sale {
        added: now,
        reference,
        soft_descriptor: soft,
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
        rollback: Vec::new(),
        history: Vec::new(),
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

/// `offset`/`rows` of a list (reference 9 ASSUMPTION: rows 1–100, default 0/10).
pub fn page(query: &std::collections::HashMap<String, String>, p: &mut Problems) -> (usize, usize) {
    let offset = match query.get("offset") {
        None => 0,
        Some(v) => v.parse::<usize>().unwrap_or_else(|_| {
            p.add("offset", "Invalid");
            0
        }),
    };
    let rows = match query.get("rows") {
        None => 10,
        Some(v) => match v.parse::<usize>() {
            Ok(r) if (1..=100).contains(&r) => r,
            _ => {
                p.add("rows", "Invalid");
                10
            }
        },
    };
    (offset, rows)
}
