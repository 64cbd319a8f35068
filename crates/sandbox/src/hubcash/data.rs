//! Seeded history for the Hubcash simulator: `history_size` sales spread over the 90 days
//! before the clock's `now`, every method and status, Brazilian buyers (names, CPF with valid
//! check digits, phones), saved cards for two documents, and one notification per status
//! change with a mix of `LastResponseCode` values (200, 500, 0). Buyers are seed numbers
//! rendered on demand, so a million sales generate in seconds.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::state::{
    Action, Billet, Card, History, Method, Notification, Outcome, Rollback, Sale, SaleCard, State,
    Status, Ts,
};
use crate::rng::seeded;

const FIRST: &[&str] = &[
    "Maria",
    "João",
    "Ana",
    "Pedro",
    "Juliana",
    "Lucas",
    "Fernanda",
    "Gabriel",
    "Camila",
    "Rafael",
    "Beatriz",
    "Mateus",
    "Larissa",
    "Gustavo",
    "Patrícia",
    "Felipe",
    "Aline",
    "Rodrigo",
    "Carla",
    "Thiago",
];
const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
];
const AREA: &[u32] = &[11, 21, 31, 41, 51, 61, 71, 81, 85, 48];

/// The documents the demo's saved cards are listed under.
pub const DEMO_DOCUMENTS: [&str; 2] = ["223.112.333-12", "529.982.247-25"];

fn pick<'a>(table: &[&'a str], n: u32) -> &'a str {
    let len = u32::try_from(table.len()).unwrap_or(1).max(1);
    table
        .get(usize::try_from(n % len).unwrap_or(0))
        .copied()
        .unwrap_or("Silva")
}

/// A generated buyer's name.
pub fn buyer_name(n: u32) -> String {
    format!(
        "{} {} {}",
        pick(FIRST, n),
        pick(LAST, n / 20),
        pick(LAST, n / 400 + 7)
    )
}

/// A generated buyer's CPF, with valid check digits (`123.456.789-09`).
pub fn buyer_document(n: u32) -> String {
    let base = (u64::from(n).wrapping_mul(7919) + 123_456_789) % 1_000_000_000;
    let mut digits: Vec<u32> = format!("{base:09}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    for len in [9u32, 10] {
        let sum: u32 = digits
            .iter()
            .zip((2..=len + 1).rev())
            .map(|(d, w)| d * w)
            .sum();
        let dv = (sum * 10) % 11 % 10;
        digits.push(dv);
    }
    let s: String = digits
        .iter()
        .map(|d| char::from(b'0' + (*d as u8)))
        .collect();
    format!(
        "{}.{}.{}-{}",
        s.get(0..3).unwrap_or(""),
        s.get(3..6).unwrap_or(""),
        s.get(6..9).unwrap_or(""),
        s.get(9..11).unwrap_or("")
    )
}

/// A generated buyer's mobile phone (`(11) 98765-4321`).
pub fn buyer_phone(n: u32) -> String {
    let area = AREA
        .get(usize::try_from(n % 10).unwrap_or(0))
        .copied()
        .unwrap_or(11);
    let line = (u64::from(n).wrapping_mul(104_729) % 100_000_000) as u32;
    format!("({area}) 9{:04}-{:04}", line / 10_000, line % 10_000)
}

/// A generated buyer as a `Consumer` object.
pub fn buyer_consumer(n: u32) -> Value {
    let name = buyer_name(n);
    let email: String = name
        .to_lowercase()
        .replace(' ', ".")
        .chars()
        .map(|c| match c {
            'á' | 'ã' | 'â' => 'a',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'õ' => 'o',
            'ú' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect();
    json!({
        "Name": name,
        "Email": format!("{email}@exemplo.com.br"),
        "DocumentNumber": buyer_document(n),
        "DocumentType": "CPF",
        "MobilePhone": buyer_phone(n),
    })
}

fn amount(rng: &mut ChaCha8Rng) -> i64 {
    let a: i64 = rng.random_range(0..1000);
    let cents = 990 + a * a * 3 / 10;
    cents - cents % 100 + 90
}

/// Fills `state` with `size` sales ending at `now`, and the demo's saved cards.
pub fn generate(state: &mut State, seed: u64, size: usize, now: Ts) {
    let mut rng = seeded(seed, "hubcash/history");
    let span: u64 = 90 * 86_400;
    let end = u64::from(now).saturating_sub(600);
    let start = end.saturating_sub(span);
    let count = u64::try_from(size).unwrap_or(u64::MAX).max(1);
    let step = (span / count).max(1);
    let mut changes: Vec<(Ts, u32, Status)> = Vec::with_capacity(size.saturating_mul(3));
    state.sales.reserve(size);
    for i in 0..size {
        let at = start
            + u64::try_from(i).unwrap_or(0).saturating_mul(span) / count
            + rng.random_range(0..step);
        let at = Ts::try_from(at.min(end)).unwrap_or(now);
        let index = u32::try_from(state.sales.len()).unwrap_or(u32::MAX);
        let sale = generated_sale(&mut rng, index, at, now, state);
        for (action, t) in sale.history.iter() {
            changes.push((*t, index, status_after(*action, state)));
        }
        state.sales.push(sale);
    }
    changes.sort_unstable_by_key(|(t, i, s)| (*t, *i, s.code()));
    state.notifications.reserve(changes.len());
    for (t, sale, status) in changes {
        let code = match rng.random_range(0..10u32) {
            0..=6 => 200,
            7 => 500,
            _ => 0,
        };
        state.notifications.push(Notification {
            sale,
            status,
            added: t,
            updated: t,
            last_code: code,
        });
    }
    // Waiting billets expire on the clock.
    for (i, sale) in state.sales.iter().enumerate() {
        if sale.status == Status::WaitingPayment
            && let (Some(expiry), Ok(i32)) = (state.billet_expiry(i), u32::try_from(i))
        {
            state.timers.insert((expiry, i32));
        }
    }
    for (k, (doc, holder, brand, last4)) in [
        (DEMO_DOCUMENTS[0], "Maria da Silva", "Visa", "1111"),
        (DEMO_DOCUMENTS[0], "Maria da Silva", "Mastercard", "4444"),
        (DEMO_DOCUMENTS[1], "João Pereira Lima", "Elo", "0001"),
    ]
    .into_iter()
    .enumerate()
    {
        state.cards.push(Card {
            added: start_ts(start).saturating_add(u32::try_from(k).unwrap_or(0) * 3600),
            brand: brand.into(),
            holder_name: holder.into(),
            document: Some(doc.into()),
            phone: Some(buyer_phone(u32::try_from(k).unwrap_or(0))),
            last4: last4.into(),
            exp_month: "08".into(),
            exp_year: "2031".into(),
            deleted: false,
        });
    }
}

fn start_ts(start: u64) -> Ts {
    Ts::try_from(start).unwrap_or(0)
}

fn status_after(action: Action, state: &State) -> Status {
    match action {
        Action::DataReceived => Status::Processed,
        Action::AnalysisStarted => Status::Analyzing,
        Action::Authorized => Status::Capturing,
        Action::BilletIssued => Status::WaitingPayment,
        Action::Declined | Action::Denied => Status::Fail,
        Action::BilletExpired if state.knobs.billet_expiry_status == 6 => Status::Canceled,
        Action::BilletExpired => Status::Fail,
        Action::ApprovedCaptured | Action::BilletPaid | Action::Captured => Status::Done,
        Action::Canceled
        | Action::Reversed
        | Action::ChargedBack
        | Action::AuthorizationExpired => Status::Canceled,
    }
}

fn generated_sale(rng: &mut ChaCha8Rng, index: u32, at: Ts, now: Ts, state: &State) -> Sale {
    let buyer: u32 = rng.random();
    let roll: u32 = rng.random_range(0..100);
    let method = match roll {
        0..=59 => Method::Credit,
        60..=74 => Method::Debit,
        _ => Method::Billet,
    };
    let amount = amount(rng);
    let age = now.saturating_sub(at);
    let later = |rng: &mut ChaCha8Rng, max: u32| -> Ts {
        at.saturating_add(rng.random_range(60..max.max(61)))
            .min(now.saturating_sub(1))
    };
    let mut sale = Sale {
        added: at,
        amount,
        quota_qty: None,
        currency: 0,
        method,
        capture: true,
        status: Status::Processed,
        canceled: None,
        captured: None,
        reversed: None,
        updated: None,
        card: None,
        billet: None,
        analyze: None,
        history: History::new((Action::DataReceived, at)),
        extra: None,
        buyer: Some(buyer),
        outcome: Outcome::Approve,
    };
    let outcome: u32 = rng.random_range(0..100);
    if method == Method::Billet {
        let expires_in = if rng.random_bool(0.5) { 3 } else { 7 };
        sale.billet = Some(Box::new(Billet {
            our_number: 100_000 + u64::from(index),
            instructions: vec!["Não receber após o vencimento".into()],
            expires_in,
            issued: true,
        }));
        sale.history
            .push((Action::BilletIssued, at.saturating_add(1)));
        sale.status = Status::WaitingPayment;
        let due_open = age < (expires_in + 1) * 86_400;
        if due_open && outcome < 45 {
            // still waiting for payment
        } else if outcome < 80 || due_open {
            let t = later(rng, expires_in * 86_400);
            sale.captured = Some(t);
            sale.history.push((Action::BilletPaid, t));
            sale.status = Status::Done;
        } else {
            let day = at / 86_400;
            let t = ((day + expires_in + 1) * 86_400).min(now.saturating_sub(1));
            sale.history.push((Action::BilletExpired, t));
            sale.status = Status::Fail;
            if state.knobs.billet_expiry_status == 6 {
                sale.status = Status::Canceled;
                sale.canceled = Some(t);
            }
        }
    } else {
        sale.card = Some(SaleCard::Generated {
            buyer,
            brand: rng.random_range(0..6),
            last4: rng.random_range(10..10_000),
            exp_month: rng.random_range(1..=12),
            exp_year: rng.random_range(2027..=2033),
        });
        if method == Method::Credit && amount >= 3000 && rng.random_bool(0.3) {
            let max = u8::try_from((amount / 500).min(12)).unwrap_or(12);
            sale.quota_qty = Some(rng.random_range(2..=max.max(2)));
        }
        sale.capture = rng.random_range(0..100) < 70;
        let t1 = at.saturating_add(1);
        let t2 = at.saturating_add(3);
        sale.history.push((Action::AnalysisStarted, t1));
        let level = rng.random_range(3..60);
        if age < 3 * 86_400 && outcome >= 85 {
            // A few recent sales held in fraud analysis (the `0003` trigger), so the demo
            // shows status 2 and the control API has one to resolve.
            if let Some(SaleCard::Generated { last4, .. }) = sale.card.as_mut() {
                *last4 = 3;
            }
            sale.outcome = Outcome::Hold;
            sale.status = Status::Analyzing;
            sale.updated = Some(t1);
            return sale;
        }
        sale.analyze = Some((level, true));
        match outcome {
            0..=4 => {
                sale.history.push((Action::Declined, t2));
                sale.status = Status::Fail;
            }
            5..=7 => {
                sale.analyze = Some((level + 35, false));
                sale.history.push((Action::Denied, t2));
                sale.status = Status::Fail;
            }
            8..=13 => {
                sale.history.push((Action::Authorized, t2));
                let t = later(rng, 86_400);
                sale.canceled = Some(t);
                sale.history.push((Action::Canceled, t));
                sale.status = Status::Canceled;
                sale.capture = false;
            }
            14..=16 => {
                sale.history.push((Action::ApprovedCaptured, t2));
                sale.captured = Some(t2);
                let t = later(rng, 20 * 86_400);
                sale.canceled = Some(t);
                sale.reversed = Some(t);
                let reason = if outcome == 16 {
                    "Chargeback"
                } else {
                    "Merchant requested"
                };
                sale.extra_mut().rollback.push(Rollback {
                    reason,
                    obs: "",
                    at: t,
                });
                let action = if outcome == 16 {
                    Action::ChargedBack
                } else {
                    Action::Reversed
                };
                sale.history.push((action, t));
                sale.status = Status::Canceled;
                sale.capture = true;
            }
            _ if !sale.capture && age < 5 * 86_400 && outcome < 50 => {
                sale.history.push((Action::Authorized, t2));
                sale.status = Status::Capturing;
            }
            _ if !sale.capture => {
                sale.history.push((Action::Authorized, t2));
                let t = later(rng, 2 * 86_400);
                sale.captured = Some(t);
                sale.history.push((Action::Captured, t));
                sale.status = Status::Done;
            }
            _ => {
                sale.captured = Some(t2);
                sale.history.push((Action::ApprovedCaptured, t2));
                sale.status = Status::Done;
            }
        }
    }
    sale.updated = sale.history.last().map(|(_, t)| *t);
    sale
}
