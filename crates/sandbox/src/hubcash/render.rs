//! JSON as Hubcash writes it: PascalCase fields in the seed's order, one wrapper object per
//! resource, dates as `YYYY-MM-DDTHH:MM:SS GMT`, fields without a value left out (reference 3
//! ASSUMPTIONs). Also the billet's typeable line and image.

use serde::Serialize;
use serde_json::Value;

use super::MalformedSale;
use super::brands;
use super::data;
use super::profile;
use super::state::{Card, SaleCard, State, Ts, time_of};

/// ASSUMPTION (reference 3, unknown 2): the date text.
pub fn date(t: Ts) -> String {
    time_of(t).format("%Y-%m-%dT%H:%M:%S GMT").to_string()
}

/// A 1×1 PNG, base64: the simulator's stand-in for the barcode image (reference 5.8).
pub const BILLET_IMAGE: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CardOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    card_id: Option<String>,
    brand: &'a str,
    holder_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    last_digits: String,
    exp_month: String,
    exp_year: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AnalyzeOut {
    level: String,
    description: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RollbackOut {
    reason: &'static str,
    obs: &'static str,
    date: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct HistoryOut {
    action: &'static str,
    date_added: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BilletOut<'a> {
    our_number: u64,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    instructions: &'a [String],
    expires_in: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    digitable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SaleOut<'a> {
    sale_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    r#ref: Option<String>,
    soft_descriptor: &'a str,
    amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota_qty: Option<u8>,
    currency: &'a str,
    method: &'static str,
    capture: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_canceled: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_captured: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_reversed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_updated: Option<String>,
    date_added: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    consumer: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_address: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shipping_address: Option<&'a Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    analyze: Vec<AnalyzeOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rollback: Vec<RollbackOut>,
    history: Vec<HistoryOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<CardOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billet: Option<BilletOut<'a>>,
    status: Value,
}

fn card_out(state: &State, card: SaleCard) -> Option<CardOut<'_>> {
    match card {
        SaleCard::Saved(i) => {
            let index = usize::try_from(i).ok()?;
            let c = state.cards.get(index)?;
            Some(saved_card_out(state, index, c))
        }
        SaleCard::Generated {
            buyer,
            brand,
            last4,
            exp_month,
            exp_year,
        } => Some(CardOut {
            card_id: None,
            brand: brands::BRANDS
                .get(usize::from(brand))
                .map(|b| b.name)
                .unwrap_or("Visa"),
            holder_name: data::buyer_name(buyer),
            document: Some(data::buyer_document(buyer)),
            phone: None,
            last_digits: format!("{last4:04}"),
            exp_month: format!("{exp_month:02}"),
            exp_year: exp_year.to_string(),
        }),
    }
}

fn saved_card_out<'a>(state: &State, index: usize, c: &'a Card) -> CardOut<'a> {
    CardOut {
        card_id: Some(state.card_id(index)),
        brand: &c.brand,
        holder_name: c.holder_name.clone(),
        document: c.document.clone(),
        phone: c.phone.clone(),
        last_digits: c.last4.clone(),
        exp_month: c.exp_month.clone(),
        exp_year: c.exp_year.clone(),
    }
}

/// A saved card's JSON (5.1 form).
pub fn card_text(state: &State, index: usize) -> String {
    state
        .cards
        .get(index)
        .map(|c| serde_json::to_string(&saved_card_out(state, index, c)).unwrap_or_default())
        .unwrap_or_default()
}

/// A sale's JSON (5.3 form), as the reply profile shapes it, damaged as the
/// `malformed_sale` knob asks.
pub fn sale_text(state: &State, index: usize) -> String {
    let Some(sale) = state.sales.get(index) else {
        return String::new();
    };
    let extra = sale.extra.as_deref();
    let consumer = match (extra.and_then(|e| e.consumer.clone()), sale.buyer) {
        (Some(given), _) => Some(given),
        (None, Some(buyer)) => Some(data::buyer_consumer(buyer)),
        (None, None) => None,
    };
    let billet = sale.billet.as_deref().map(|b| BilletOut {
        our_number: b.our_number,
        instructions: &b.instructions,
        expires_in: b.expires_in,
        digitable: b.issued.then(|| {
            digitable_line(
                sale.amount,
                b.our_number,
                state.billet_expiry(index).unwrap_or(0),
            )
        }),
        image: b.issued.then_some(BILLET_IMAGE),
    });
    let out = SaleOut {
        sale_id: state.sale_id(index),
        r#ref: state.reference(index).map(|r| r.into_owned()),
        soft_descriptor: extra
            .and_then(|e| e.soft_descriptor.as_deref())
            .unwrap_or(&state.company),
        amount: sale.amount,
        quota: sale.quota_qty.map(|_| true),
        quota_qty: sale.quota_qty,
        currency: state
            .currencies
            .get(usize::from(sale.currency))
            .map(|c| c.name.as_str())
            .unwrap_or("BRL"),
        method: sale.method.as_str(),
        capture: sale.capture,
        date_canceled: sale.canceled.map(date),
        date_captured: sale.captured.map(date),
        date_reversed: sale.reversed.map(date),
        date_updated: sale.updated.map(date),
        date_added: date(sale.added),
        consumer,
        billing_address: extra.and_then(|e| e.billing.as_ref()),
        shipping_address: extra.and_then(|e| e.shipping.as_ref()),
        analyze: sale
            .analyze
            .map(|(level, ok)| AnalyzeOut {
                level: level.to_string(),
                description: if ok { "Approved" } else { "Denied" },
            })
            .into_iter()
            .collect(),
        rollback: extra
            .map(|e| e.rollback.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|r| RollbackOut {
                reason: r.reason,
                obs: r.obs,
                date: date(r.at),
            })
            .collect(),
        history: sale
            .history
            .iter()
            .map(|(a, t)| HistoryOut {
                action: a.text(),
                date_added: date(*t),
            })
            .collect(),
        items: extra.and_then(|e| e.items.as_ref()),
        card: sale.card.and_then(|c| card_out(state, c)),
        billet,
        status: profile::status_value(state, index, sale.status),
    };
    let mut text = serde_json::to_string(&out).unwrap_or_default();
    if state.variance.documented_only
        && let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(&text)
    {
        profile::documented_sale(&mut map);
        text = serde_json::to_string(&map).unwrap_or_default();
    }
    match state.knobs.malformed_sale {
        None => text,
        Some(kind) => damage(&text, kind),
    }
}

fn damage(text: &str, kind: MalformedSale) -> String {
    let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(text) else {
        return text.to_owned();
    };
    match kind {
        MalformedSale::MissingSaleId => {
            map.remove("SaleId");
        }
        MalformedSale::MissingAmount => {
            map.remove("Amount");
        }
        MalformedSale::UnknownStatus => {
            map.insert("Status".into(), Value::from(9));
        }
        MalformedSale::MethodWrongCase => {
            let lower = map
                .get("Method")
                .and_then(Value::as_str)
                .map(str::to_lowercase);
            if let Some(lower) = lower {
                map.insert("Method".into(), Value::from(lower));
            }
        }
        MalformedSale::DateFormat => {
            map.insert("DateAdded".into(), Value::from("15/11/2023 10:02"));
        }
    }
    serde_json::to_string(&map).unwrap_or_default()
}

/// A notification's JSON (reference 5.9).
pub fn notification_text(state: &State, index: usize) -> String {
    let Some(n) = state.notifications.get(index) else {
        return String::new();
    };
    let sale = usize::try_from(n.sale).unwrap_or(usize::MAX);
    format!(
        r#"{{"NotificationId":"{}","DateUpdated":"{}","DateAdded":"{}","LastResponseCode":{},"Sale":{{"SaleId":"{}","Status":{}}}}}"#,
        state.notification_id(index),
        date(n.updated),
        date(n.added),
        n.last_code,
        state.sale_id(sale),
        profile::status_value(state, sale, n.status)
    )
}

/// `{"<name>": <text>}`.
pub fn wrap(name: &str, text: &str) -> String {
    format!("{{\"{name}\":{text}}}")
}

/// `{"<name>": [<texts>]}`.
pub fn wrap_list(name: &str, texts: &[String]) -> String {
    format!("{{\"{name}\":[{}]}}", texts.join(","))
}

/// A 47-digit FEBRABAN typeable line (ASSUMPTION, reference 5.8): bank 001, currency 9,
/// mod-10 field check digits, the mod-11 general check digit, due-date factor and value.
pub fn digitable_line(amount: i64, our_number: u64, expiry: Ts) -> String {
    let base = 875_232_000_i64; // 1997-10-07T00:00:00Z
    let days = (i64::from(expiry) - 86_400 - base).max(0) / 86_400;
    let factor = if days > 9999 {
        (days - 1000) % 9000 + 1000
    } else {
        days
    };
    let value = amount.clamp(0, 9_999_999_999);
    let free = format!("{:025}", our_number % 10_u64.pow(17));
    let head = format!("0019{factor:04}{value:010}{free}");
    let dv = mod11(&head);
    let f1 = format!("0019{}", free.get(0..5).unwrap_or("00000"));
    let f2 = free.get(5..15).unwrap_or("0000000000").to_owned();
    let f3 = free.get(15..25).unwrap_or("0000000000").to_owned();
    let (f1, f2, f3) = (
        format!("{f1}{}", mod10(&f1)),
        format!("{f2}{}", mod10(&f2)),
        format!("{f3}{}", mod10(&f3)),
    );
    let split = |s: &str, at: usize| {
        format!(
            "{}.{}",
            s.get(..at).unwrap_or(""),
            s.get(at..).unwrap_or("")
        )
    };
    format!(
        "{} {} {} {dv} {factor:04}{value:010}",
        split(&f1, 5),
        split(&f2, 5),
        split(&f3, 5)
    )
}

fn mod10(digits: &str) -> u32 {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(d.saturating_sub(b'0')) * if i % 2 == 0 { 2 } else { 1 };
        if v > 9 {
            v = v / 10 + v % 10;
        }
        sum += v;
    }
    (10 - sum % 10) % 10
}

fn mod11(digits: &str) -> u32 {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let weight = u32::try_from(i % 8 + 2).unwrap_or(2);
        sum += u32::from(d.saturating_sub(b'0')) * weight;
    }
    match 11 - sum % 11 {
        0 | 10 | 11 => 1,
        dv => dv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typeable_line_has_47_digits() {
        let line = digitable_line(129_900, 222_312, 1_700_000_000);
        assert_eq!(
            line.chars().filter(char::is_ascii_digit).count(),
            47,
            "{line}"
        );
        assert_eq!(date(1_700_000_000), "2023-11-14T22:13:20 GMT");
    }
}
