//! The synthetic merchant history: seeded, deterministic rows across the five providers.

use chrono::{DateTime, TimeZone, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};

use crate::{ACCOUNTS_PER_PROVIDER, BenchResult, DAYS, SEED};

/// A deterministic mix of 64 bits (SplitMix64 finaliser).
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) struct Draw(u64);

impl Draw {
    fn new(account: usize, i: usize) -> Draw {
        Draw(mix(SEED
            ^ mix(account as u64)
            ^ (i as u64).wrapping_mul(0x1000_0001)))
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 = mix(self.0);
        self.0 % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

pub(crate) const FIRST: &[&str] = &[
    "María", "José", "Ousman", "Fatou", "Lamin", "Awa", "Ana", "João", "Lucas", "Camila",
    "Mariama", "Ebrima", "Sofía", "Mateo", "Isatou", "Modou", "Beatriz", "Pedro", "Aminata",
    "Kebba",
];
pub(crate) const LAST: &[&str] = &[
    "Jallow",
    "Ceesay",
    "Bah",
    "Touray",
    "Silva",
    "Souza",
    "González",
    "Fernández",
    "Sanneh",
    "Njie",
    "Pereira",
    "Costa",
    "Rodríguez",
    "López",
    "Darboe",
    "Sowe",
    "Oliveira",
    "Martínez",
];
pub(crate) const PRODUCTS: &[&str] = &[
    "Order payment",
    "Monthly subscription",
    "Invoice, March",
    "Coffee beans 1kg",
    "Supplier payout",
    "Deposit \"USDT\"",
    "Market stall rent",
];

pub(crate) fn provider_of(account: usize) -> ProviderKind {
    ProviderKind::ALL[account / ACCOUNTS_PER_PROVIDER]
}

pub(crate) fn account_id(account: usize) -> BenchResult<AccountId> {
    Ok(AccountId::new(format!(
        "{}-{}",
        provider_of(account).as_str(),
        account % ACCOUNTS_PER_PROVIDER + 1
    ))?)
}

pub(crate) fn end_time() -> BenchResult<DateTime<Utc>> {
    Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0)
        .single()
        .ok_or_else(|| "bad end time".into())
}

/// Row `i` of `account`'s history (oldest first), as its provider's sync would deliver it.
pub(crate) fn synthetic(account: usize, i: usize, per_account: usize) -> BenchResult<Transaction> {
    let mut d = Draw::new(account, i);
    let provider = provider_of(account);
    let (currencies, kinds): (&[&str], &[(TransactionKind, Direction)]) = match provider {
        ProviderKind::HgCash => (
            &["ARS"],
            &[
                (TransactionKind::Collection, Direction::In),
                (TransactionKind::CashOut, Direction::Out),
            ],
        ),
        ProviderKind::Hpay => (
            &["XOF", "CAD", "EUR"],
            &[(TransactionKind::PaymentLink, Direction::In)],
        ),
        ProviderKind::Hexai => (
            &["GMD"],
            &[
                (TransactionKind::Collection, Direction::In),
                (TransactionKind::Collection, Direction::In),
                (TransactionKind::Payout, Direction::Out),
            ],
        ),
        ProviderKind::CashWeb => (
            &["USDT", "ARS"],
            &[(TransactionKind::CryptoDeposit, Direction::In)],
        ),
        ProviderKind::Hubcash => (&["BRL"], &[(TransactionKind::Sale, Direction::In)]),
    };
    let currency = Currency::from_code(d.pick(currencies))?;
    let (kind, direction) = d.pick(kinds);
    let status = match d.below(100) {
        0..=79 => TransactionStatus::Succeeded,
        80..=85 => TransactionStatus::Failed,
        86..=89 => TransactionStatus::Pending,
        90..=92 => TransactionStatus::Processing,
        93..=95 => TransactionStatus::Cancelled,
        96..=97 => TransactionStatus::Expired,
        _ => TransactionStatus::Refunded,
    };
    let unit = 10_i64.pow(currency.scale());
    let amount = (1 + d.below(5000) as i64) * unit / 4 + d.below(unit.max(1) as u64) as i64;
    let amount = amount.max(1);
    let fee = amount * (1 + d.below(30) as i64) / 1000;
    let span = DAYS * 86_400;
    let offset = (i as i64 * span) / per_account.max(1) as i64 + d.below(60) as i64;
    let created_at =
        end_time()? - chrono::Duration::seconds(span) + chrono::Duration::seconds(offset);
    let name = format!("{} {}", d.pick(FIRST), d.pick(LAST));
    let provider_id = format!("{}_{:08x}{:06}", provider.as_str(), mix(i as u64) as u32, i);
    let reference = format!("ORD-{}-{:07}", account + 1, i);
    let counterparty = Counterparty {
        name: Some(name),
        phone: matches!(provider, ProviderKind::Hexai)
            .then(|| format!("+220{}", 2_000_000 + d.below(7_999_999))),
        bank_account: matches!(provider, ProviderKind::HgCash)
            .then(|| format!("0000003100{:012}", d.below(1_000_000_000_000))),
        card_last4: matches!(provider, ProviderKind::Hubcash)
            .then(|| format!("{:04}", d.below(10_000))),
    };
    let amount_money = Money::from_minor(amount, currency);
    let raw = format!(
        r#"{{"id":"{provider_id}","reference":"{reference}","amount":"{}","currency":"{}","status":"{}","created":"{}"}}"#,
        amount_money.amount_text(),
        currency.code(),
        status.as_str().to_uppercase(),
        created_at.to_rfc3339()
    );
    Ok(Transaction {
        provider,
        account: account_id(account)?,
        provider_id,
        merchant_reference: Some(reference),
        direction,
        kind,
        status,
        provider_status: status.as_str().to_uppercase(),
        amount: amount_money,
        fee: Some(Money::from_minor(fee, currency)),
        net: Some(Money::from_minor(amount - fee, currency)),
        counterparty,
        description: Some(d.pick(PRODUCTS).to_owned()),
        created_at,
        updated_at: created_at + chrono::Duration::seconds(d.below(600) as i64),
        raw,
    })
}

/// The batches in delivery order: accounts take turns, each delivering its history oldest
/// first, `batch` rows at a time.
pub(crate) fn batches(rows: usize, batch: usize) -> Vec<(usize, usize, usize)> {
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    let mut out = Vec::new();
    let mut start = 0;
    while start < per_account {
        for account in 0..accounts {
            let end = (start + batch).min(per_account);
            // The last account may get fewer rows so the total is exact.
            let cap = rows.saturating_sub(account * per_account).min(per_account);
            if start < cap {
                out.push((account, start, end.min(cap)));
            }
        }
        start += batch;
    }
    out
}

pub(crate) fn make_batch(
    account: usize,
    start: usize,
    end: usize,
    per_account: usize,
) -> BenchResult<Vec<Transaction>> {
    (start..end)
        .map(|i| synthetic(account, i, per_account))
        .collect()
}
