//! Seeded HG.Cash data: account movements (the history HG.Cash would have pushed as
//! webhooks), Argentine names, CBUs and CUITs with valid check digits, COELSA codes.
//!
//! A history record is a pure function of `(seed, index)`: a million records cost no memory
//! until read, and record `i` is always the same.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::variance::Variance;

/// The zone HG.Cash writes webhook `date`s in (§5.4).
pub const TIMEZONE: &str = "America/Argentina/Buenos_Aires";

/// Argentina's offset from UTC, in hours (UTC-3, no daylight saving since 2009).
pub const UTC_OFFSET_HOURS: i64 = -3;

/// How far back the generated history reaches.
pub const HISTORY_DAYS: i64 = 90;

const FIRST: &[&str] = &[
    "Jose",
    "Maria",
    "Juan",
    "Ana",
    "Carlos",
    "Lucia",
    "Martin",
    "Sofia",
    "Diego",
    "Valentina",
    "Pablo",
    "Camila",
    "Facundo",
    "Florencia",
    "Matias",
    "Agustina",
    "Nicolas",
    "Julieta",
    "Santiago",
    "Micaela",
    "Gonzalo",
    "Rocio",
    "Federico",
    "Milagros",
];
const LAST: &[&str] = &[
    "Gonzalez",
    "Rodriguez",
    "Gomez",
    "Fernandez",
    "Lopez",
    "Diaz",
    "Martinez",
    "Perez",
    "Garcia",
    "Sanchez",
    "Romero",
    "Sosa",
    "Alvarez",
    "Torres",
    "Ruiz",
    "Ramirez",
    "Flores",
    "Benitez",
    "Acosta",
    "Medina",
    "Herrera",
    "Aguirre",
    "Gallucci",
    "Pereyra",
];
const BANKS: &[&str] = &[
    "007", "011", "014", "015", "017", "027", "072", "143", "191", "285",
];

/// `Inbound` or `Outbound` (§4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MovementDirection {
    /// Money in.
    Inbound,
    /// Money out.
    Outbound,
}

/// One account movement, as HG.Cash reports it in the account-movement webhook (§5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementRecord {
    /// Movement uuid.
    pub id: String,
    /// Bank-level id, `E-<coelsa>-<local date time>`.
    pub external_id: String,
    /// The amount, at most 2 decimals.
    pub amount: Decimal,
    /// In or out.
    pub direction: MovementDirection,
    /// Free text status, `hecha`.
    pub status: String,
    /// `inbound` or `outbound`.
    pub kind: String,
    /// The HG.Cash account.
    pub account_id: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Sender name.
    pub from_name: Option<String>,
    /// Recipient name.
    pub to_name: Option<String>,
    /// Sender CBU.
    pub from_cbu: Option<String>,
    /// Recipient CBU.
    pub to_cbu: Option<String>,
    /// Sender CUIT.
    pub from_cuit: Option<String>,
    /// Recipient CUIT.
    pub to_cuit: Option<String>,
    /// COELSA code.
    pub coelsa_code: Option<String>,
}

/// The webhook body, field order as in the reference's example.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MovementBody<'a> {
    id: &'a str,
    #[serde(rename = "externalID")]
    external_id: &'a str,
    amount: String,
    currency: &'a str,
    direction: MovementDirection,
    status: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    date: String,
    timezone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_name: Option<&'a str>,
    #[serde(rename = "fromCBU", skip_serializing_if = "Option::is_none")]
    from_cbu: Option<&'a str>,
    #[serde(rename = "toCBU", skip_serializing_if = "Option::is_none")]
    to_cbu: Option<&'a str>,
    #[serde(rename = "fromCUIT", skip_serializing_if = "Option::is_none")]
    from_cuit: Option<&'a str>,
    #[serde(rename = "toCUIT", skip_serializing_if = "Option::is_none")]
    to_cuit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coelsa_code: Option<&'a str>,
    account_id: &'a str,
}

impl MovementRecord {
    /// The exact webhook body HG.Cash would send for it (a compact `JSON.stringify`).
    pub fn webhook_body(&self) -> String {
        self.webhook_body_as(&Variance::default())
    }

    /// The webhook body under `variance`: the documented-only profile leaves out every
    /// field the reference marks optional (§5.4: names, CBUs, CUITs, COELSA code).
    pub fn webhook_body_as(&self, variance: &Variance) -> String {
        let full = !variance.documented_only;
        let body = MovementBody {
            id: &self.id,
            external_id: &self.external_id,
            amount: amount_text(self.amount),
            currency: "ARS",
            direction: self.direction,
            status: &self.status,
            kind: &self.kind,
            date: local_date(self.at),
            timezone: TIMEZONE,
            from_name: shown(&self.from_name, full),
            to_name: shown(&self.to_name, full),
            from_cbu: shown(&self.from_cbu, full),
            to_cbu: shown(&self.to_cbu, full),
            from_cuit: shown(&self.from_cuit, full),
            to_cuit: shown(&self.to_cuit, full),
            coelsa_code: shown(&self.coelsa_code, full),
            account_id: &self.account_id,
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

/// An optional field as a reply shows it: left out when `full` is off (the
/// documented-only profile leaves out what the reference marks optional).
pub fn shown(value: &Option<String>, full: bool) -> Option<&str> {
    value.as_deref().filter(|_| full)
}

/// A webhook amount: `"12000"` when whole, `"15000.50"` otherwise (§5.4, §8).
pub fn amount_text(amount: Decimal) -> String {
    if amount.fract().is_zero() {
        amount.trunc().to_string()
    } else {
        let mut a = amount;
        a.rescale(2);
        a.to_string()
    }
}

/// A UTC time as Buenos Aires local time without offset (`2026-01-14T09:17:21`).
pub fn local_date(at: DateTime<Utc>) -> String {
    // Written by hand: chrono's format strings cost more than the rest of a record.
    let t = (at + Duration::hours(UTC_OFFSET_HOURS)).naive_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A UTC time as HG.Cash writes `createdAt` (`2024-06-19T10:30:00Z`).
pub fn utc_text(at: DateTime<Utc>) -> String {
    let t = at.naive_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A uuid from the generator.
pub fn uuid(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

/// A person's name.
pub fn person(rng: &mut ChaCha8Rng) -> String {
    let first = FIRST
        .get(rng.random_range(0..FIRST.len()))
        .copied()
        .unwrap_or("Juan");
    let last = LAST
        .get(rng.random_range(0..LAST.len()))
        .copied()
        .unwrap_or("Perez");
    format!("{first} {last}")
}

/// `N` (at most 19) random decimal digits from one 64-bit draw: generating a million
/// records should cost one draw per field, not one per digit.
fn digits<const N: usize>(rng: &mut ChaCha8Rng) -> [u32; N] {
    let mut pool: u64 = rng.random();
    let mut out = [0u32; N];
    for d in out.iter_mut() {
        *d = u32::try_from(pool % 10).unwrap_or(0);
        pool /= 10;
    }
    out
}

fn push_digits(text: &mut String, values: &[u32]) {
    for d in values {
        text.push(char::from_digit(*d, 10).unwrap_or('0'));
    }
}

/// A CBU with valid check digits at a known bank.
pub fn cbu(rng: &mut ChaCha8Rng) -> String {
    let bank = BANKS
        .get(rng.random_range(0..BANKS.len()))
        .copied()
        .unwrap_or("017");
    let branch: [u32; 4] = digits(rng);
    let account_high: [u32; 6] = digits(rng);
    let account_low: [u32; 7] = digits(rng);
    let mut bank_branch = bank.to_owned();
    push_digits(&mut bank_branch, &branch);
    let mut account = String::with_capacity(13);
    push_digits(&mut account, &account_high);
    push_digits(&mut account, &account_low);
    paydesk_domain::cbu::with_check_digits(&bank_branch, &account)
        .unwrap_or_else(|| format!("{bank_branch}0{account}0"))
}

/// A CUIT/CUIL with a valid check digit (20/23/27 prefixes for people).
pub fn cuit(rng: &mut ChaCha8Rng) -> String {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    loop {
        let prefix: u32 = [20, 23, 27]
            .get(rng.random_range(0..3usize))
            .copied()
            .unwrap_or(20);
        let body: [u32; 8] = digits(rng);
        let [b0, b1, b2, b3, b4, b5, b6, b7] = body;
        let values = [prefix / 10, prefix % 10, b0, b1, b2, b3, b4, b5, b6, b7];
        let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        let mut text = String::with_capacity(11);
        push_digits(&mut text, &values);
        push_digits(&mut text, &[check]);
        return text;
    }
}

/// A COELSA code: 22 uppercase letters and digits (11 per 64-bit draw: 36^11 < 2^57).
pub fn coelsa(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut text = String::with_capacity(22);
    for _ in 0..2 {
        let mut pool: u64 = rng.random();
        for _ in 0..11 {
            let i = usize::try_from(pool % 36).unwrap_or(0);
            text.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'A')));
            pool /= 36;
        }
    }
    text
}

/// A realistic ARS amount: mostly a few thousand pesos, sometimes hundreds of thousands;
/// round figures half the time (transfers are often round).
pub fn amount(rng: &mut ChaCha8Rng) -> Decimal {
    let roll = rng.random_range(0..100u32);
    let pesos: i64 = match roll {
        0..=59 => rng.random_range(1_000..30_000),
        60..=89 => rng.random_range(30_000..150_000),
        _ => rng.random_range(150_000..900_000),
    };
    if rng.random_bool(0.5) {
        Decimal::from((pesos / 100) * 100)
    } else {
        Decimal::new(pesos * 100 + rng.random_range(0..100i64), 2)
    }
}

/// Who the merchant's own side is, on every generated movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    /// The HG.Cash account uuid.
    pub account_id: String,
    /// Its CBU/CVU.
    pub number: String,
    /// The company name.
    pub name: String,
    /// The company CUIT.
    pub cuit: String,
}

/// History record `index` of `size`, spread evenly over the [`HISTORY_DAYS`] before `end`,
/// oldest first. The same `(seed, index, size, end)` always gives the same record.
pub fn history_movement(
    seed: u64,
    size: usize,
    index: usize,
    end: DateTime<Utc>,
    merchant: &Merchant,
) -> MovementRecord {
    let mixed = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x4867_4361_7368; // "HgCash"
    let mut rng = ChaCha8Rng::seed_from_u64(mixed);
    let span = Duration::days(HISTORY_DAYS).num_seconds();
    let slot = span / i64::try_from(size.max(1)).unwrap_or(i64::MAX).max(1);
    let offset =
        i64::try_from(index).unwrap_or(0).saturating_mul(slot) + rng.random_range(0..slot.max(1));
    let at = end - Duration::days(HISTORY_DAYS) + Duration::seconds(offset);
    let inbound = rng.random_range(0..100u32) < 82;
    let counterpart = person(&mut rng);
    let their_cbu = cbu(&mut rng);
    let their_cuit = cuit(&mut rng);
    let code = coelsa(&mut rng);
    let external_id = format!("E-{code}-{}", local_date(at).replace('T', " "));
    let (from_name, to_name, from_cbu, to_cbu, from_cuit, to_cuit) = if inbound {
        (
            counterpart,
            merchant.name.clone(),
            their_cbu,
            merchant.number.clone(),
            their_cuit,
            merchant.cuit.clone(),
        )
    } else {
        (
            merchant.name.clone(),
            counterpart,
            merchant.number.clone(),
            their_cbu,
            merchant.cuit.clone(),
            their_cuit,
        )
    };
    MovementRecord {
        id: uuid(&mut rng),
        external_id,
        amount: amount(&mut rng),
        direction: if inbound {
            MovementDirection::Inbound
        } else {
            MovementDirection::Outbound
        },
        status: "hecha".to_owned(),
        kind: if inbound { "inbound" } else { "outbound" }.to_owned(),
        account_id: merchant.account_id.clone(),
        at,
        from_name: Some(from_name),
        to_name: Some(to_name),
        from_cbu: Some(from_cbu),
        to_cbu: Some(to_cbu),
        from_cuit: Some(from_cuit),
        to_cuit: Some(to_cuit),
        coelsa_code: Some(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_and_repeatable() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let c = cbu(&mut rng);
            assert!(paydesk_domain::cbu::check_digits_ok(&c), "{c}");
            assert_eq!(cuit(&mut rng).len(), 11);
        }
        let m = Merchant {
            account_id: "a".into(),
            number: "0000151500037626120131".into(),
            name: "M".into(),
            cuit: "30718891813".into(),
        };
        let end = Utc::now();
        assert_eq!(
            history_movement(7, 100, 5, end, &m),
            history_movement(7, 100, 5, end, &m)
        );
        assert!(history_movement(7, 100, 5, end, &m).at < history_movement(7, 100, 6, end, &m).at);
        assert_eq!(amount_text(Decimal::new(1200000, 2)), "12000");
        assert_eq!(amount_text(Decimal::new(1500050, 2)), "15000.50");
    }
}
