//! Reads: pages at depth vs OFFSET, search, chart series and CSV export.

// Rates and milliseconds for people to read; no money goes through a float here.
use std::io::BufWriter;
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use paydesk_domain::{
    AccountId, Currency, Direction, ProviderKind, TransactionKind, TransactionStatus,
};
use paydesk_store::{AmountRange, Cursor, DayRange, Filter, Sort, Store, StoreError};
use serde_json::{Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::synthetic::end_time;
use crate::{BenchResult, DEPTH, PAGE, REPEATS, percentiles, proc_status_kb};

/// A filter combination, with the equivalent `WHERE` for the OFFSET baseline.
pub(crate) struct Case {
    name: &'static str,
    filter: Filter,
    sql_where: String,
    sort: Sort,
}

pub(crate) fn cases() -> BenchResult<Vec<Case>> {
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

pub(crate) async fn time_page(
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
pub(crate) async fn cursor_at_depth(
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

pub(crate) async fn bench_pages(store: &Store, db: &Path) -> BenchResult<Value> {
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

pub(crate) async fn bench_search(store: &Store) -> BenchResult<Value> {
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

pub(crate) async fn bench_aggregates(store: &Store) -> BenchResult<Value> {
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

pub(crate) async fn bench_export(store: &Store, path: &Path) -> BenchResult<Value> {
    let anon_before = proc_status_kb("RssAnon:");
    let hwm_before = proc_status_kb("VmHWM:");
    let rss_before = proc_status_kb("VmRSS:");
    let mut rss_samples: Vec<(u64, u64)> = Vec::new();
    let file = BufWriter::new(std::fs::File::create(path)?);
    let began = Instant::now();
    let rows = store
        .export_csv(&Filter::default(), Sort::Newest, file, |done| {
            // Heap (anonymous) memory is what a leak or a collected result would grow; the
            // file-backed part of RSS grows with the database pages read through mmap.
            if done % 100_000 == 0
                && let Some(anon) = proc_status_kb("RssAnon:")
            {
                rss_samples.push((done, anon));
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
        "rss_anon_kb_before": anon_before,
        "rss_anon_kb_at_100k_rows": rss_first,
        "rss_anon_kb_max_during": rss_max,
        "rss_file_kb_after": proc_status_kb("RssFile:"),
        "rss_anon_kb_samples": rss_samples.iter().map(|(d, r)| json!([d, r])).collect::<Vec<_>>(),
    }))
}
