//! Browsing: every filter and the search, alone and combined, against a plain-Rust reading of
//! the same records; keyset pages in both sorts, also while rows arrive between pages.

mod common;

use std::collections::HashSet;

use chrono::Duration;
use common::{Rng, add_accounts, base_time, generate, search_matches, temp_store};
use paydesk_domain::{
    Currency, Direction, ProviderKind, Transaction, TransactionKind, TransactionStatus,
};
use paydesk_store::{AmountRange, Cursor, Filter, Sort, Store, StoreError};

fn matches(t: &Transaction, f: &Filter) -> bool {
    (f.providers.is_empty() || f.providers.contains(&t.provider))
        && (f.accounts.is_empty() || f.accounts.contains(&t.account))
        && f.direction.is_none_or(|d| d == t.direction)
        && (f.kinds.is_empty() || f.kinds.contains(&t.kind))
        && (f.statuses.is_empty() || f.statuses.contains(&t.status))
        && f.currency.is_none_or(|c| c == t.amount.currency())
        && f.created_from.is_none_or(|from| t.created_at >= from)
        && f.created_before.is_none_or(|before| t.created_at < before)
        && f.amount.is_none_or(|r| {
            r.currency == t.amount.currency()
                && r.min_minor.is_none_or(|m| t.amount.minor_units() >= m)
                && r.max_minor.is_none_or(|m| t.amount.minor_units() <= m)
        })
        && f.search.as_deref().is_none_or(|s| search_matches(t, s))
}

/// The expected listing of `all`, stored as one batch. Ties (same time, same amount) follow
/// the internal id, which is storage order: a batch is written in key order (account, then
/// provider id), so a record's rank in that order stands for its id.
fn expected(all: &[Transaction], f: &Filter, sort: Sort) -> Vec<String> {
    let mut stored: Vec<&Transaction> = all.iter().collect();
    stored.sort_by(|a, b| {
        (a.account.as_str(), &a.provider_id).cmp(&(b.account.as_str(), &b.provider_id))
    });
    let mut rows: Vec<(usize, &Transaction)> = stored
        .into_iter()
        .enumerate()
        .filter(|(_, t)| matches(t, f))
        .collect();
    match sort {
        Sort::Newest => {
            rows.sort_by(|(ia, a), (ib, b)| (b.created_at, ib).cmp(&(a.created_at, ia)))
        }
        Sort::AmountAsc | Sort::AmountDesc => {
            rows.sort_by(|(ia, a), (ib, b)| {
                (a.amount.currency().code(), a.amount.minor_units(), ia).cmp(&(
                    b.amount.currency().code(),
                    b.amount.minor_units(),
                    ib,
                ))
            });
            if sort == Sort::AmountDesc {
                rows.reverse();
            }
        }
    }
    rows.into_iter()
        .map(|(_, t)| t.provider_id.clone())
        .collect()
}

async fn walk(store: &Store, f: &Filter, sort: Sort, limit: u32) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<Cursor> = None;
    loop {
        let page = store
            .list_transactions(f, sort, after.as_ref(), limit)
            .await
            .expect("page");
        assert!(page.rows.len() <= limit as usize);
        ids.extend(page.rows.into_iter().map(|t| t.provider_id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

const SEARCHES: &[&str] = &[
    "maria",
    "MÜLLER",
    "zoe",
    "ORDER-1001",
    "order 1002",
    "+2203",
    "smith john",
    "Coffee",
    "tx_12",
    "\"tata\"",
    "line break",
    "refund partial",
    "nothing-like-this",
    "",
];

fn random_filter(rng: &mut Rng, accounts: &[(paydesk_domain::AccountId, ProviderKind)]) -> Filter {
    let mut f = Filter::default();
    if rng.below(3) == 0 {
        f.providers = (0..1 + rng.below(2))
            .map(|_| *rng.pick(&ProviderKind::ALL))
            .collect();
    }
    if rng.below(4) == 0 {
        f.accounts = vec![rng.pick(accounts).0.clone()];
    }
    if rng.below(3) == 0 {
        f.direction = Some(*rng.pick(&[Direction::In, Direction::Out]));
    }
    if rng.below(4) == 0 {
        f.kinds = vec![*rng.pick(&[
            TransactionKind::Collection,
            TransactionKind::Sale,
            TransactionKind::Payout,
        ])];
    }
    if rng.below(3) == 0 {
        f.statuses = (0..1 + rng.below(3))
            .map(|_| *rng.pick(&TransactionStatus::ALL))
            .collect();
    }
    let currency =
        Currency::from_code(rng.pick::<&str>(&["ARS", "GMD", "XOF", "USDT", "BRL", "CAD"]))
            .expect("known");
    match rng.below(4) {
        0 => f.currency = Some(currency),
        1 => {
            f.amount = Some(AmountRange {
                currency,
                min_minor: (rng.below(2) == 0).then(|| rng.below(500_000) as i64),
                max_minor: (rng.below(2) == 0).then(|| 300_000 + rng.below(700_000) as i64),
            })
        }
        _ => {}
    }
    if rng.below(3) == 0 {
        let from = base_time() + Duration::days(rng.below(60) as i64);
        f.created_from = Some(from);
        if rng.below(2) == 0 {
            f.created_before = Some(from + Duration::days(1 + rng.below(30) as i64));
        }
    }
    if rng.below(3) == 0 {
        f.search = Some(rng.pick(SEARCHES).to_string());
    }
    f
}

#[tokio::test]
async fn every_filter_alone_and_combined_matches_a_plain_reading() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let all = generate(&mut Rng::new(10), &accounts, 2500, "tx_");
    store.upsert_transactions(&all).await.expect("stored");

    let gmd = Currency::from_code("GMD").expect("known");
    let mut filters = vec![
        Filter::default(),
        Filter {
            providers: vec![ProviderKind::Hexai],
            ..Filter::default()
        },
        Filter {
            accounts: vec![accounts[3].0.clone()],
            ..Filter::default()
        },
        Filter {
            direction: Some(Direction::Out),
            ..Filter::default()
        },
        Filter {
            kinds: vec![TransactionKind::CryptoDeposit],
            ..Filter::default()
        },
        Filter {
            statuses: vec![TransactionStatus::Failed],
            ..Filter::default()
        },
        Filter {
            statuses: vec![TransactionStatus::Pending, TransactionStatus::Refunded],
            ..Filter::default()
        },
        Filter {
            currency: Some(gmd),
            ..Filter::default()
        },
        Filter {
            created_from: Some(base_time() + Duration::days(10)),
            created_before: Some(base_time() + Duration::days(12)),
            ..Filter::default()
        },
        Filter {
            amount: Some(AmountRange {
                currency: gmd,
                min_minor: Some(100_000),
                max_minor: Some(200_000),
            }),
            ..Filter::default()
        },
    ];
    filters.extend(SEARCHES.iter().map(|s| Filter {
        search: Some((*s).into()),
        ..Filter::default()
    }));
    let mut rng = Rng::new(11);
    filters.extend((0..60).map(|_| random_filter(&mut rng, &accounts)));

    let mut nonempty = 0;
    for (i, f) in filters.iter().enumerate() {
        for sort in [Sort::Newest, Sort::AmountAsc, Sort::AmountDesc] {
            let want = expected(&all, f, sort);
            let got = walk(&store, f, sort, 1 + (i as u32 % 5) * 37).await;
            assert_eq!(got, want, "filter {i} {f:?} sort {sort:?}");
            nonempty += usize::from(!want.is_empty());
        }
    }
    assert!(nonempty > 100, "the filters should mostly find something");
    for search in ["maria", "ORDER-1001", "+2203", "zoe"] {
        let f = Filter {
            search: Some(search.into()),
            ..Filter::default()
        };
        assert!(
            !expected(&all, &f, Sort::Newest).is_empty(),
            "{search} finds rows"
        );
    }
}

/// Searches broad enough (more than 4,000 matches) that a page walks the browse index and
/// keeps the matching rows, whether the search's ids are carried over (`tx`, `ORDER-1`: word
/// parts of one or two characters) or the listing asks the search index again (`order`); and a
/// narrow one looked up from its ids (`tx_1`). Every walk equals the plain reading.
#[tokio::test]
async fn broad_and_narrow_searches_page_like_a_plain_reading() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let all = generate(&mut Rng::new(12), &accounts, 9000, "tx_");
    store.upsert_transactions(&all).await.expect("stored");
    for (search, broad) in [
        ("tx", true),
        ("ORDER-1", true),
        ("order", true),
        ("tx_1", false),
    ] {
        let f = Filter {
            search: Some(search.into()),
            ..Filter::default()
        };
        let want = expected(&all, &f, Sort::Newest);
        assert_eq!(want.len() > 4000, broad, "{search}: {} matches", want.len());
        let plan = store
            .explain_list(&f, Sort::Newest, None)
            .await
            .expect("plan")
            .join("; ");
        assert_eq!(
            plan.contains("USING INDEX transactions_by_time"),
            broad,
            "{search}: {plan}"
        );
        for sort in [Sort::Newest, Sort::AmountDesc] {
            let want = expected(&all, &f, sort);
            assert_eq!(walk(&store, &f, sort, 250).await, want, "{search} {sort:?}");
        }
    }
}

#[tokio::test]
async fn contradicting_filters_and_foreign_cursors_are_errors() {
    let (_dir, store) = temp_store().await;
    let f = Filter {
        currency: Some(Currency::from_code("GMD").expect("known")),
        amount: Some(AmountRange {
            currency: Currency::from_code("CAD").expect("known"),
            min_minor: None,
            max_minor: None,
        }),
        ..Filter::default()
    };
    assert!(matches!(
        store.list_transactions(&f, Sort::Newest, None, 10).await,
        Err(StoreError::InvalidFilter(_))
    ));
    let bad = Cursor::new("n.12.x");
    assert!(matches!(
        store
            .list_transactions(&Filter::default(), Sort::Newest, Some(&bad), 10)
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
}

#[tokio::test]
async fn pages_cover_every_row_once_while_rows_arrive() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let mut rng = Rng::new(20);
    let original = generate(&mut rng, &accounts, 1200, "orig_");
    store.upsert_transactions(&original).await.expect("stored");
    let filters = [
        Filter::default(),
        Filter {
            direction: Some(Direction::In),
            ..Filter::default()
        },
        Filter {
            search: Some("maria".into()),
            ..Filter::default()
        },
    ];
    for (round, sort) in [Sort::Newest, Sort::AmountAsc, Sort::AmountDesc]
        .into_iter()
        .enumerate()
    {
        for (fi, f) in filters.iter().enumerate() {
            let mut seen = Vec::new();
            let mut after: Option<Cursor> = None;
            let mut page_no = 0;
            loop {
                let page = store
                    .list_transactions(f, sort, after.as_ref(), 50)
                    .await
                    .expect("page");
                seen.extend(page.rows.iter().map(|t| t.provider_id.clone()));
                // New rows land all over the order (older, newer, smaller, larger).
                let arriving = generate(
                    &mut rng,
                    &accounts,
                    40,
                    &format!("new_{round}_{fi}_{page_no}_"),
                );
                store.upsert_transactions(&arriving).await.expect("stored");
                page_no += 1;
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            let unique: HashSet<&String> = seen.iter().collect();
            assert_eq!(
                unique.len(),
                seen.len(),
                "no row twice ({sort:?}, filter {fi})"
            );
            let wanted: HashSet<String> = expected(&original, f, sort).into_iter().collect();
            let seen_original: HashSet<String> = seen
                .iter()
                .filter(|id| id.starts_with("orig_"))
                .cloned()
                .collect();
            assert_eq!(
                seen_original, wanted,
                "every original row once ({sort:?}, filter {fi})"
            );
        }
    }
}

#[tokio::test]
async fn browse_queries_walk_the_covering_indexes() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    store
        .upsert_transactions(&generate(&mut Rng::new(30), &accounts, 50, "tx_"))
        .await
        .expect("stored");
    let f = Filter {
        statuses: vec![TransactionStatus::Failed, TransactionStatus::Pending],
        providers: vec![ProviderKind::Hexai],
        ..Filter::default()
    };
    let first = store
        .list_transactions(&f, Sort::Newest, None, 2)
        .await
        .expect("page");
    let plan = store
        .explain_list(&f, Sort::Newest, first.next.as_ref())
        .await
        .expect("plan")
        .join(" | ");
    assert!(plan.contains("transactions_by_time"), "{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "no sort step: {plan}");
    let rare = Filter {
        statuses: vec![TransactionStatus::Expired],
        currency: Some(Currency::from_code("ARS").expect("known")),
        ..Filter::default()
    };
    let first = store
        .list_transactions(&rare, Sort::Newest, None, 1)
        .await
        .expect("page");
    let plan = store
        .explain_list(&rare, Sort::Newest, first.next.as_ref())
        .await
        .expect("plan")
        .join(" | ");
    assert!(
        plan.contains("transactions_by_status_time (status=? AND created_at<?)"),
        "{plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "no sort step: {plan}");
    let plan = store
        .explain_list(&f, Sort::AmountDesc, None)
        .await
        .expect("plan")
        .join(" | ");
    assert!(
        plan.contains("transactions_by_amount") && !plan.contains("TEMP B-TREE"),
        "{plan}"
    );
}
