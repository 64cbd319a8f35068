//! Request validation for the Hubcash simulator (reference 5 and 6 rules): shared field
//! readers, cards and pages here, new sales in `sale_input.rs`. Every failing
//! field is one entry, in the order of the request schema, named by its dotted path below the
//! wrapper (`"Card.Number"`, `"Items.0.Name"`), with a description from the fixed set
//! `Required`, `Invalid`, `Not found`, `Not allowed`, or a rule text.

use chrono::Datelike;
use serde_json::{Map, Value};

use super::brands;
use super::state::{Ts, time_of};

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

    /// True when nothing failed.
    pub fn is_empty(&self) -> bool {
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

pub(super) fn text<'a>(
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

pub(super) fn boolean(map: &Map<String, Value>, key: &str, p: &mut Problems) -> Option<bool> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            p.add(key, "Invalid");
            None
        }
    }
}

pub(super) fn integer(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
    p: &mut Problems,
) -> Option<i64> {
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

pub(super) fn digits(s: &str) -> bool {
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
