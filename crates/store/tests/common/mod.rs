//! Shared test helpers: a store in a temp dir, accounts at every provider, and a seeded
//! generator of varied transactions (awkward text included) to check queries against.

#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Mode, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};
use paydesk_store::{NewAccount, Store};
use tempfile::TempDir;

/// A deterministic pseudo-random source (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub async fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("paydesk.sqlite"))
        .await
        .expect("store opens");
    (dir, store)
}

pub fn account_id(provider: ProviderKind, n: u32) -> AccountId {
    AccountId::new(format!("{}-{n}", provider.as_str())).expect("valid id")
}

/// Two accounts per provider.
pub async fn add_accounts(store: &Store) -> Vec<(AccountId, ProviderKind)> {
    let mut out = Vec::new();
    for provider in ProviderKind::ALL {
        for n in 1..=2 {
            let id = account_id(provider, n);
            store
                .create_account(&NewAccount {
                    id: id.clone(),
                    provider,
                    label: format!("{} {n}", provider.display_name()),
                    mode: Mode::Sandbox,
                    base_url: None,
                })
                .await
                .expect("account created");
            out.push((id, provider));
        }
    }
    out
}

pub fn currencies_of(provider: ProviderKind) -> &'static [&'static str] {
    match provider {
        ProviderKind::HgCash => &["ARS"],
        ProviderKind::Hpay => &["XOF", "CAD"],
        ProviderKind::Hexai => &["GMD"],
        ProviderKind::CashWeb => &["USDT", "ARS"],
        ProviderKind::Hubcash => &["BRL"],
    }
}

pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 8, 1, 0, 0, 0)
        .single()
        .expect("time")
}

const NAMES: &[&str] = &[
    "María José",
    "Ousman Jallow",
    "Fatou \"Tata\" Ceesay",
    "Smith, John",
    "Zoë Müller",
    "Line\nBreak Ltd",
    "Ana Souza",
];

const DESCRIPTIONS: &[&str] = &[
    "Order payment",
    "Refund, partial",
    "Coffee \"special\" blend",
    "multi\r\nline note",
    "Payout to supplier",
];

/// `n` varied transactions over 90 days, spread over `accounts`, ids `{prefix}{i}`.
pub fn generate(
    rng: &mut Rng,
    accounts: &[(AccountId, ProviderKind)],
    n: usize,
    prefix: &str,
) -> Vec<Transaction> {
    let kinds = [
        TransactionKind::Collection,
        TransactionKind::Payout,
        TransactionKind::CashOut,
        TransactionKind::Sale,
        TransactionKind::PaymentLink,
        TransactionKind::CryptoDeposit,
    ];
    (0..n)
        .map(|i| {
            let (account, provider) = rng.pick(accounts).clone();
            let code: &str = rng.pick::<&str>(currencies_of(provider));
            let currency = Currency::from_code(code).expect("known");
            let direction = if rng.below(3) == 0 {
                Direction::Out
            } else {
                Direction::In
            };
            let status = *rng.pick(&TransactionStatus::ALL);
            let amount = 1 + rng.below(1_000_000) as i64;
            let fee = (rng.below(4) != 0).then_some(amount / 50);
            let net = match (fee, rng.below(2)) {
                (Some(fee), 0) => Some(amount - fee),
                _ => None,
            };
            // Whole seconds, with deliberate ties so the id tiebreak matters.
            let created_at =
                base_time() + Duration::seconds((rng.below(90 * 86_400 / 60) * 60) as i64);
            let name = (rng.below(5) != 0).then(|| rng.pick(NAMES).to_string());
            Transaction {
                provider,
                account,
                provider_id: format!("{prefix}{i}"),
                merchant_reference: (rng.below(2) == 0).then(|| format!("ORDER-{}", 10_000 + i)),
                direction,
                kind: *rng.pick(&kinds),
                status,
                provider_status: status.as_str().to_uppercase(),
                amount: Money::from_minor(amount, currency),
                fee: fee.map(|f| Money::from_minor(f, currency)),
                net: net.map(|m| Money::from_minor(m, currency)),
                counterparty: Counterparty {
                    name,
                    phone: (rng.below(3) == 0)
                        .then(|| format!("+220{}", 3_000_000 + rng.below(999_999))),
                    bank_account: None,
                    card_last4: (rng.below(4) == 0).then(|| format!("{:04}", rng.below(10_000))),
                },
                description: (rng.below(2) == 0).then(|| rng.pick(DESCRIPTIONS).to_string()),
                created_at,
                updated_at: created_at + Duration::seconds(rng.below(3600) as i64),
                raw: format!(r#"{{"id":"{prefix}{i}","amount":"{amount}"}}"#),
            }
        })
        .collect()
}

/// Lower-cases and strips the accents the generated text uses, like FTS5's unicode61
/// tokenizer with `remove_diacritics 2`.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().map(fold).collect())
        .collect()
}

/// Whether `t` matches the search text, computed independently of SQLite: every typed word is
/// a phrase whose last token is a prefix, and must appear within one searchable field.
pub fn search_matches(t: &Transaction, text: &str) -> bool {
    let fields: Vec<Vec<String>> = [
        Some(t.provider_id.as_str()),
        t.merchant_reference.as_deref(),
        t.counterparty.name.as_deref(),
        t.counterparty.phone.as_deref(),
        t.counterparty.bank_account.as_deref(),
        t.counterparty.card_last4.as_deref(),
        t.description.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(tokens)
    .collect();
    text.split_whitespace()
        .map(tokens)
        .filter(|phrase| !phrase.is_empty())
        .all(|phrase| {
            fields.iter().any(|field| {
                field.windows(phrase.len()).any(|window| {
                    let last = phrase.len() - 1;
                    window[..last] == phrase[..last] && window[last].starts_with(&phrase[last])
                })
            })
        })
}
