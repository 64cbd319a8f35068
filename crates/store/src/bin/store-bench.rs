//! Paydesk store benchmark: builds a synthetic merchant history in a fresh temporary database
//! and prints figures as JSON (ingest vs raw SQLite inserts, page latency at depth vs OFFSET,
//! search, chart series, CSV export time and memory).
//!
//! `cargo run --release -p paydesk-store --bin store-bench -- --rows 1000000 --out FILE`

// Rates and milliseconds for people to read; no money goes through a float here.
#![allow(clippy::float_arithmetic)]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Mode, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};
use paydesk_store::{
    AmountRange, Cursor, DayRange, Filter, NewAccount, Sort, Store, StoreError, SyncState,
};
use serde_json::{Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 0x5EED_2026;
const BATCH: usize = 1000;
const ACCOUNTS_PER_PROVIDER: usize = 2;
const DAYS: i64 = 90;
const DEPTH: usize = 50_000;
const PAGE: u32 = 50;
const REPEATS: usize = 60;

/// A deterministic mix of 64 bits (SplitMix64 finaliser).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Draw(u64);

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

const FIRST: &[&str] = &[
    "María", "José", "Ousman", "Fatou", "Lamin", "Awa", "Ana", "João", "Lucas", "Camila",
    "Mariama", "Ebrima", "Sofía", "Mateo", "Isatou", "Modou", "Beatriz", "Pedro", "Aminata",
    "Kebba",
];
const LAST: &[&str] = &[
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
const PRODUCTS: &[&str] = &[
    "Order payment",
    "Monthly subscription",
    "Invoice, March",
    "Coffee beans 1kg",
    "Supplier payout",
    "Deposit \"USDT\"",
    "Market stall rent",
];

fn provider_of(account: usize) -> ProviderKind {
    ProviderKind::ALL[account / ACCOUNTS_PER_PROVIDER]
}

fn account_id(account: usize) -> BenchResult<AccountId> {
    Ok(AccountId::new(format!(
        "{}-{}",
        provider_of(account).as_str(),
        account % ACCOUNTS_PER_PROVIDER + 1
    ))?)
}

fn end_time() -> BenchResult<DateTime<Utc>> {
    Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0)
        .single()
        .ok_or_else(|| "bad end time".into())
}

/// Row `i` of `account`'s history (oldest first), as its provider's sync would deliver it.
fn synthetic(account: usize, i: usize, per_account: usize) -> BenchResult<Transaction> {
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
/// first, `BATCH` rows at a time.
fn batches(rows: usize) -> Vec<(usize, usize, usize)> {
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    let mut out = Vec::new();
    let mut start = 0;
    while start < per_account {
        for account in 0..accounts {
            let end = (start + BATCH).min(per_account);
            // The last account may get fewer rows so the total is exact.
            let cap = rows.saturating_sub(account * per_account).min(per_account);
            if start < cap {
                out.push((account, start, end.min(cap)));
            }
        }
        start += BATCH;
    }
    out
}

fn make_batch(
    account: usize,
    start: usize,
    end: usize,
    per_account: usize,
) -> BenchResult<Vec<Transaction>> {
    (start..end)
        .map(|i| synthetic(account, i, per_account))
        .collect()
}

fn rate(rows: usize, time: Duration) -> f64 {
    rows as f64 / time.as_secs_f64().max(1e-9)
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn percentiles(mut samples: Vec<Duration>) -> Value {
    samples.sort();
    let at = |q: usize| samples.get((samples.len() * q / 100).min(samples.len().saturating_sub(1)));
    json!({
        "p50_ms": at(50).map(|d| ms(*d)),
        "p99_ms": at(99).map(|d| ms(*d)),
        "max_ms": samples.last().map(|d| ms(*d)),
        "samples": samples.len(),
    })
}

fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn ingest_store(store: &Store, rows: usize) -> BenchResult<Duration> {
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    for account in 0..accounts {
        store
            .create_account(&NewAccount {
                id: account_id(account)?,
                provider: provider_of(account),
                label: format!(
                    "{} {}",
                    provider_of(account).display_name(),
                    account % 2 + 1
                ),
                mode: Mode::Sandbox,
                base_url: None,
            })
            .await?;
    }
    let mut total = Duration::ZERO;
    let mut done = vec![0_u64; accounts];
    for (account, start, end) in batches(rows) {
        let batch = make_batch(account, start, end, per_account)?;
        done[account] += batch.len() as u64;
        let state = SyncState {
            cursor: Some(format!("after={}", end)),
            last_synced_at: None,
            last_error: None,
            records_done: done[account],
            estimated_total: Some(per_account as u64),
        };
        let id = account_id(account)?;
        let began = Instant::now();
        store.commit_sync_batch(&id, &batch, &state).await?;
        total += began.elapsed();
    }
    Ok(total)
}

/// The baseline: the same rows through the same driver into a plain table (no key, no index,
/// no trigger), one transaction per batch.
async fn ingest_raw(path: &Path, rows: usize) -> BenchResult<Duration> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE raw_transactions (account_id TEXT, provider TEXT, provider_id TEXT, \
         merchant_reference TEXT, direction TEXT, kind TEXT, status TEXT, provider_status TEXT, \
         currency TEXT, scale INTEGER, amount_minor INTEGER, fee_minor INTEGER, net_minor INTEGER, \
         cp_name TEXT, cp_phone TEXT, cp_bank_account TEXT, cp_card_last4 TEXT, description TEXT, \
         created_at INTEGER, updated_at INTEGER, raw TEXT)",
    )
    .execute(&pool)
    .await?;
    let accounts = ProviderKind::ALL.len() * ACCOUNTS_PER_PROVIDER;
    let per_account = rows.div_ceil(accounts);
    let mut total = Duration::ZERO;
    for (account, start, end) in batches(rows) {
        let batch = make_batch(account, start, end, per_account)?;
        let began = Instant::now();
        let mut tx = pool.begin().await?;
        for t in &batch {
            let c = t.amount.currency();
            sqlx::query(
                "INSERT INTO raw_transactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(t.account.as_str())
            .bind(t.provider.as_str())
            .bind(&t.provider_id)
            .bind(&t.merchant_reference)
            .bind(t.direction.as_str())
            .bind(t.kind.as_str())
            .bind(t.status.as_str())
            .bind(&t.provider_status)
            .bind(c.code())
            .bind(i64::from(c.scale()))
            .bind(t.amount.minor_units())
            .bind(t.fee.map(|m| m.minor_units()))
            .bind(t.net.map(|m| m.minor_units()))
            .bind(&t.counterparty.name)
            .bind(&t.counterparty.phone)
            .bind(&t.counterparty.bank_account)
            .bind(&t.counterparty.card_last4)
            .bind(&t.description)
            .bind(t.created_at.timestamp_micros())
            .bind(t.updated_at.timestamp_micros())
            .bind(&t.raw)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        total += began.elapsed();
    }
    pool.close().await;
    Ok(total)
}

/// A filter combination, with the equivalent `WHERE` for the OFFSET baseline.
struct Case {
    name: &'static str,
    filter: Filter,
    sql_where: String,
    sort: Sort,
}

fn cases() -> BenchResult<Vec<Case>> {
    let ars = Currency::from_code("ARS")?;
    let brl = Currency::from_code("BRL")?;
    let week_ago = end_time()? - chrono::Duration::days(7);
    let hexai_1 = AccountId::new("hexai-1")?;
    let base = |name, filter, sql_where: &str, sort| Case {
        name,
        filter,
        sql_where: sql_where.to_owned(),
        sort,
    };
    Ok(vec![
        base("all", Filter::default(), "1", Sort::Newest),
        base(
            "provider",
            Filter {
                providers: vec![ProviderKind::Hexai],
                ..Filter::default()
            },
            "provider = 'hexai'",
            Sort::Newest,
        ),
        base(
            "status_failed",
            Filter {
                statuses: vec![TransactionStatus::Failed],
                ..Filter::default()
            },
            "status = 'failed'",
            Sort::Newest,
        ),
        base(
            "open_inbound",
            Filter {
                statuses: vec![TransactionStatus::Pending, TransactionStatus::Processing],
                direction: Some(Direction::In),
                ..Filter::default()
            },
            "status IN ('pending', 'processing') AND direction = 'in'",
            Sort::Newest,
        ),
        base(
            "account_kind_out",
            Filter {
                accounts: vec![hexai_1],
                kinds: vec![TransactionKind::Payout],
                direction: Some(Direction::Out),
                ..Filter::default()
            },
            "account_id = 'hexai-1' AND kind = 'payout' AND direction = 'out'",
            Sort::Newest,
        ),
        base(
            "currency_amount_range",
            Filter {
                amount: Some(AmountRange {
                    currency: ars,
                    min_minor: Some(10_000),
                    max_minor: Some(50_000),
                }),
                ..Filter::default()
            },
            "currency = 'ARS' AND amount_minor BETWEEN 10000 AND 50000",
            Sort::Newest,
        ),
        base(
            "last_7_days",
            Filter {
                created_from: Some(week_ago),
                ..Filter::default()
            },
            &format!("created_at >= {}", week_ago.timestamp_micros()),
            Sort::Newest,
        ),
        base(
            "combined_4",
            Filter {
                providers: vec![ProviderKind::Hubcash],
                statuses: vec![TransactionStatus::Succeeded],
                direction: Some(Direction::In),
                amount: Some(AmountRange {
                    currency: brl,
                    min_minor: Some(50_000),
                    max_minor: None,
                }),
                ..Filter::default()
            },
            "provider = 'hubcash' AND status = 'succeeded' AND direction = 'in' AND currency = 'BRL' AND amount_minor >= 50000",
            Sort::Newest,
        ),
        base(
            "rare_combination",
            Filter {
                providers: vec![ProviderKind::CashWeb],
                statuses: vec![TransactionStatus::Expired],
                currency: Some(ars),
                ..Filter::default()
            },
            "provider = 'cashweb' AND status = 'expired' AND currency = 'ARS'",
            Sort::Newest,
        ),
        base(
            "all_by_amount_desc",
            Filter::default(),
            "1",
            Sort::AmountDesc,
        ),
        base(
            "currency_by_amount_asc",
            Filter {
                currency: Some(ars),
                statuses: vec![TransactionStatus::Succeeded],
                ..Filter::default()
            },
            "currency = 'ARS' AND status = 'succeeded'",
            Sort::AmountAsc,
        ),
    ])
}

async fn time_page(
    store: &Store,
    filter: &Filter,
    sort: Sort,
    after: Option<&Cursor>,
) -> BenchResult<Vec<Duration>> {
    let mut samples = Vec::with_capacity(REPEATS);
    for _ in 0..REPEATS {
        let began = Instant::now();
        store.list_transactions(filter, sort, after, PAGE).await?;
        samples.push(began.elapsed());
    }
    Ok(samples)
}

/// The cursor `DEPTH` rows into the listing (or as deep as it goes), and that depth.
async fn cursor_at_depth(
    store: &Store,
    filter: &Filter,
    sort: Sort,
) -> Result<(Option<Cursor>, usize), StoreError> {
    let mut after: Option<Cursor> = None;
    let mut depth = 0;
    while depth < DEPTH {
        let step = (DEPTH - depth).min(1000) as u32;
        let page = store
            .list_transactions(filter, sort, after.as_ref(), step)
            .await?;
        match page.next {
            Some(next) => {
                depth += page.rows.len();
                after = Some(next);
            }
            None => break,
        }
    }
    Ok((after, depth))
}

async fn bench_pages(store: &Store, db: &Path) -> BenchResult<Value> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(db)
        .read_only(true);
    let raw = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let mut out = serde_json::Map::new();
    for case in cases()? {
        let first = time_page(store, &case.filter, case.sort, None).await?;
        let (cursor, depth) = cursor_at_depth(store, &case.filter, case.sort).await?;
        let deep = time_page(store, &case.filter, case.sort, cursor.as_ref()).await?;
        let order = match case.sort {
            Sort::Newest => "created_at DESC, id DESC",
            Sort::AmountAsc => "currency, amount_minor, id",
            Sort::AmountDesc => "currency DESC, amount_minor DESC, id DESC",
        };
        let offset_sql = format!(
            "SELECT * FROM transactions WHERE {} ORDER BY {order} LIMIT {PAGE} OFFSET {depth}",
            case.sql_where
        );
        let mut offset = Vec::new();
        for _ in 0..REPEATS.min(10) {
            let began = Instant::now();
            sqlx::query(&offset_sql).fetch_all(&raw).await?;
            offset.push(began.elapsed());
        }
        let plan = store
            .explain_list(&case.filter, case.sort, cursor.as_ref())
            .await?;
        out.insert(
            case.name.to_owned(),
            json!({
                "sort": format!("{:?}", case.sort),
                "first_page": percentiles(first),
                "deep_page": percentiles(deep),
                "depth_rows": depth,
                "offset_same_depth": percentiles(offset),
                "plan": plan,
            }),
        );
    }
    raw.close().await;
    Ok(Value::Object(out))
}

async fn bench_search(store: &Store) -> BenchResult<Value> {
    let searches: &[(&str, Filter)] = &[
        (
            "name_common",
            Filter {
                search: Some("maría".into()),
                ..Filter::default()
            },
        ),
        (
            "full_name",
            Filter {
                search: Some("Ousman Jallow".into()),
                ..Filter::default()
            },
        ),
        (
            "reference_exact",
            Filter {
                search: Some("ORD-3-0012345".into()),
                ..Filter::default()
            },
        ),
        (
            "reference_prefix",
            Filter {
                search: Some("ORD-5-00999".into()),
                ..Filter::default()
            },
        ),
        (
            "phone_prefix",
            Filter {
                search: Some("+220345".into()),
                ..Filter::default()
            },
        ),
        (
            "provider_id_prefix",
            Filter {
                search: Some("hubcash_7".into()),
                ..Filter::default()
            },
        ),
        (
            "no_match",
            Filter {
                search: Some("zzzzqqq".into()),
                ..Filter::default()
            },
        ),
        (
            "name_with_filters",
            Filter {
                search: Some("silva".into()),
                statuses: vec![TransactionStatus::Succeeded],
                providers: vec![ProviderKind::Hubcash, ProviderKind::HgCash],
                ..Filter::default()
            },
        ),
        (
            "description_with_date",
            Filter {
                search: Some("coffee".into()),
                created_from: Some(end_time()? - chrono::Duration::days(30)),
                ..Filter::default()
            },
        ),
    ];
    let mut out = serde_json::Map::new();
    for (name, filter) in searches {
        let first = time_page(store, filter, Sort::Newest, None).await?;
        let page = store
            .list_transactions(filter, Sort::Newest, None, PAGE)
            .await?;
        let second = match &page.next {
            Some(next) => Some(percentiles(
                time_page(store, filter, Sort::Newest, Some(next)).await?,
            )),
            None => None,
        };
        out.insert(
            (*name).to_owned(),
            json!({
                "first_page": percentiles(first),
                "second_page": second,
                "rows_on_first_page": page.rows.len(),
                "plan": store.explain_list(filter, Sort::Newest, None).await?,
            }),
        );
    }
    Ok(Value::Object(out))
}

async fn bench_aggregates(store: &Store) -> BenchResult<Value> {
    let range = DayRange::last_days(end_time()?, 90);
    let mut daily = Vec::new();
    let mut weekly = Vec::new();
    let mut today = Vec::new();
    let mut points = 0;
    for _ in 0..REPEATS {
        let began = Instant::now();
        points = store.daily_series(range, &[]).await?.len();
        daily.push(began.elapsed());
        let began = Instant::now();
        store.weekly_series(range, &[]).await?;
        weekly.push(began.elapsed());
        let began = Instant::now();
        store
            .today_summary(end_time()? - chrono::Duration::hours(1))
            .await?;
        today.push(began.elapsed());
    }
    Ok(json!({
        "daily_90_days": percentiles(daily),
        "daily_points": points,
        "weekly_90_days": percentiles(weekly),
        "today_summary": percentiles(today),
    }))
}

async fn bench_export(store: &Store, path: &Path) -> BenchResult<Value> {
    let hwm_before = proc_status_kb("VmHWM:");
    let rss_before = proc_status_kb("VmRSS:");
    let mut rss_samples: Vec<(u64, u64)> = Vec::new();
    let file = BufWriter::new(std::fs::File::create(path)?);
    let began = Instant::now();
    let rows = store
        .export_csv(&Filter::default(), Sort::Newest, file, |done| {
            if done % 100_000 == 0
                && let Some(rss) = proc_status_kb("VmRSS:")
            {
                rss_samples.push((done, rss));
            }
        })
        .await?;
    let elapsed = began.elapsed();
    let bytes = std::fs::metadata(path)?.len();
    let rss_first = rss_samples.first().map(|s| s.1);
    let rss_max = rss_samples.iter().map(|s| s.1).max();
    Ok(json!({
        "rows": rows,
        "seconds": elapsed.as_secs_f64(),
        "bytes": bytes,
        "vm_hwm_kb_before": hwm_before,
        "vm_hwm_kb_after": proc_status_kb("VmHWM:"),
        "vm_rss_kb_before": rss_before,
        "vm_rss_kb_at_100k_rows": rss_first,
        "vm_rss_kb_max_during": rss_max,
        "vm_rss_kb_samples": rss_samples.iter().map(|(d, r)| json!([d, r])).collect::<Vec<_>>(),
    }))
}

async fn run(rows: usize, out: Option<String>) -> BenchResult<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("paydesk.sqlite");
    eprintln!("raw SQLite baseline: {rows} rows...");
    let raw_time = ingest_raw(&dir.path().join("raw.sqlite"), rows).await?;
    std::fs::remove_file(dir.path().join("raw.sqlite"))?;
    eprintln!("store ingest: {rows} rows...");
    let store = Store::open(&db).await?;
    let store_time = ingest_store(&store, rows).await?;
    let count = store.transaction_count().await?;
    eprintln!("pages...");
    let pages = bench_pages(&store, &db).await?;
    eprintln!("search...");
    let search = bench_search(&store).await?;
    eprintln!("aggregates...");
    let aggregates = bench_aggregates(&store).await?;
    eprintln!("export...");
    let export = bench_export(&store, &dir.path().join("export.csv")).await?;
    let db_bytes = std::fs::metadata(&db)?.len();
    let report = json!({
        "rows_requested": rows,
        "row_count": count,
        "database_bytes": db_bytes,
        "ingest": {
            "store_rows_per_s": rate(rows, store_time).round(),
            "store_seconds": store_time.as_secs_f64(),
            "raw_sqlite_rows_per_s": rate(rows, raw_time).round(),
            "raw_sqlite_seconds": raw_time.as_secs_f64(),
            "ratio_store_to_raw": (rate(rows, store_time) / rate(rows, raw_time) * 1000.0).round() / 1000.0,
            "batch_rows": BATCH,
        },
        "pages": pages,
        "page_rows": PAGE,
        "search": search,
        "aggregates": aggregates,
        "csv_export": export,
    });
    let text = serde_json::to_string_pretty(&report)?;
    println!("{text}");
    if let Some(out) = out {
        let mut file = std::fs::File::create(out)?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
    }
    store.close().await;
    Ok(())
}

fn main() -> BenchResult<()> {
    let mut rows = 100_000;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rows" => rows = args.next().ok_or("--rows needs a number")?.parse()?,
            "--out" => out = Some(args.next().ok_or("--out needs a file")?),
            other => {
                return Err(format!("unknown argument {other}; use --rows N --out FILE").into());
            }
        }
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(rows, out))
}
