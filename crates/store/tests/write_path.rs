//! The write path: idempotent upserts, status history, and atomic sync batches.

mod common;

use chrono::{Duration, Utc};
use common::{Rng, add_accounts, generate, temp_store};
use paydesk_domain::{Money, TransactionStatus};
use paydesk_store::{Filter, Sort, StoreError, SyncState};

async fn all_rows(store: &paydesk_store::Store) -> Vec<paydesk_domain::Transaction> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_transactions(&Filter::default(), Sort::Newest, after.as_ref(), 1000)
            .await
            .expect("page");
        rows.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

#[tokio::test]
async fn same_batch_twice_changes_nothing() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let batch = generate(&mut Rng::new(1), &accounts, 300, "tx_");
    let first = store.upsert_transactions(&batch).await.expect("first");
    assert_eq!((first.written, first.unchanged), (300, 0));
    let before = all_rows(&store).await;
    let second = store.upsert_transactions(&batch).await.expect("second");
    assert_eq!((second.written, second.unchanged), (0, 300));
    assert_eq!(all_rows(&store).await, before);
    for t in &batch {
        let stored = store
            .get_transaction(&t.account, &t.provider_id)
            .await
            .expect("read")
            .expect("present");
        assert_eq!(&stored.transaction, t, "round trip is exact");
        assert!(stored.history.is_empty());
    }
}

#[tokio::test]
async fn status_changes_keep_a_history_with_times() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let mut t = generate(&mut Rng::new(2), &accounts, 1, "tx_").remove(0);
    t.status = TransactionStatus::Pending;
    t.provider_status = "PENDING".into();
    store
        .upsert_transactions(&[t.clone()])
        .await
        .expect("insert");

    let before = Utc::now() - Duration::seconds(1);
    let mut processing = t.clone();
    processing.status = TransactionStatus::Processing;
    processing.provider_status = "IN_REVIEW".into();
    processing.updated_at = t.updated_at + Duration::minutes(5);
    let mut succeeded = processing.clone();
    succeeded.status = TransactionStatus::Succeeded;
    succeeded.provider_status = "SUCCEEDED".into();
    succeeded.updated_at = processing.updated_at + Duration::minutes(5);
    store
        .upsert_transactions(&[processing.clone()])
        .await
        .expect("update");
    // The same state again, and a late copy of an older state: both leave no trace.
    store
        .upsert_transactions(&[processing.clone()])
        .await
        .expect("again");
    store
        .upsert_transactions(&[succeeded.clone()])
        .await
        .expect("update");
    let stale = store
        .upsert_transactions(&[processing.clone()])
        .await
        .expect("stale");
    assert_eq!(stale.written, 0);
    let after = Utc::now() + Duration::seconds(1);

    let stored = store
        .get_transaction(&t.account, &t.provider_id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.transaction, succeeded);
    let h = &stored.history;
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].old_status, h[0].new_status),
        (TransactionStatus::Pending, TransactionStatus::Processing)
    );
    assert_eq!(
        (
            h[0].old_provider_status.as_str(),
            h[0].new_provider_status.as_str()
        ),
        ("PENDING", "IN_REVIEW")
    );
    assert_eq!(h[0].provider_updated_at, processing.updated_at);
    assert_eq!(
        (h[1].old_status, h[1].new_status),
        (TransactionStatus::Processing, TransactionStatus::Succeeded)
    );
    assert_eq!(h[1].provider_updated_at, succeeded.updated_at);
    for change in h {
        assert!(change.observed_at >= before && change.observed_at <= after);
    }
    assert!(h[0].observed_at <= h[1].observed_at);
    // A change of something other than the status updates the row without history.
    let mut described = succeeded.clone();
    described.description = Some("renamed".into());
    assert_eq!(
        store
            .upsert_transactions(&[described.clone()])
            .await
            .expect("ok")
            .written,
        1
    );
    let stored = store
        .get_transaction(&t.account, &t.provider_id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.transaction, described);
    assert_eq!(stored.history.len(), 2);
}

#[tokio::test]
async fn a_bad_record_leaves_neither_rows_nor_sync_state() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let account = accounts[0].0.clone();
    let only_this: Vec<_> = accounts
        .iter()
        .filter(|(a, _)| *a == account)
        .cloned()
        .collect();
    let good = generate(&mut Rng::new(3), &only_this, 50, "ok_");
    let first_state = SyncState {
        cursor: Some("c1".into()),
        records_done: 50,
        ..SyncState::default()
    };
    store
        .commit_sync_batch(&account, &good, &first_state)
        .await
        .expect("committed");

    let mut batch = generate(&mut Rng::new(4), &only_this, 50, "new_");
    batch[37].amount = Money::from_minor(-5, batch[37].amount.currency());
    let next_state = SyncState {
        cursor: Some("c2".into()),
        records_done: 100,
        ..SyncState::default()
    };
    let err = store
        .commit_sync_batch(&account, &batch, &next_state)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, StoreError::InvalidTransaction { .. }),
        "{err}"
    );
    assert_eq!(all_rows(&store).await.len(), 50);
    assert_eq!(
        store.sync_state(&account).await.expect("read"),
        Some(first_state.clone())
    );

    // A record of another account is refused the same way.
    let mut batch = generate(&mut Rng::new(5), &only_this, 3, "other_");
    batch[1].account = accounts[1].0.clone();
    assert!(matches!(
        store.commit_sync_batch(&account, &batch, &next_state).await,
        Err(StoreError::WrongAccount { .. })
    ));
    // A record naming the wrong provider for its account.
    let mut batch = generate(&mut Rng::new(6), &only_this, 3, "prov_");
    batch[2].provider = accounts[2].1;
    assert!(matches!(
        store.commit_sync_batch(&account, &batch, &next_state).await,
        Err(StoreError::ProviderMismatch { .. })
    ));
    assert_eq!(all_rows(&store).await.len(), 50);
    assert_eq!(
        store.sync_state(&account).await.expect("read"),
        Some(first_state)
    );

    let batch = generate(&mut Rng::new(4), &only_this, 50, "new_");
    store
        .commit_sync_batch(&account, &batch, &next_state)
        .await
        .expect("committed");
    assert_eq!(all_rows(&store).await.len(), 100);
    assert_eq!(
        store.sync_state(&account).await.expect("read"),
        Some(next_state)
    );
}

#[tokio::test]
async fn search_index_and_totals_stay_exact_through_edits_and_deletions() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let mut batch = generate(&mut Rng::new(7), &accounts, 200, "tx_");
    // The same record twice in one batch: first pending as "Alpha", then succeeded as "Omega".
    let mut first = batch[0].clone();
    first.status = TransactionStatus::Pending;
    first.counterparty.name = Some("Alphaname".into());
    let mut last = first.clone();
    last.status = TransactionStatus::Succeeded;
    last.counterparty.name = Some("Omeganame".into());
    last.updated_at = first.updated_at + Duration::minutes(1);
    batch[0] = first;
    batch.push(last.clone());
    store.upsert_transactions(&batch).await.expect("stored");
    store.check_integrity().await.expect("index matches rows");
    let search = |text: &str| Filter {
        search: Some(text.into()),
        ..Filter::default()
    };
    let found = |page: paydesk_store::Page| {
        page.rows
            .into_iter()
            .map(|t| t.provider_id)
            .collect::<Vec<_>>()
    };
    let omega = store
        .list_transactions(&search("omeganame"), Sort::Newest, None, 10)
        .await
        .expect("page");
    assert_eq!(found(omega), [last.provider_id.clone()]);
    let alpha = store
        .list_transactions(&search("alphaname"), Sort::Newest, None, 10)
        .await
        .expect("page");
    assert!(alpha.rows.is_empty());
    let stored = store
        .get_transaction(&last.account, &last.provider_id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.history.len(), 1);

    // An edit of a stored row moves it in the index.
    let mut renamed = last.clone();
    renamed.counterparty.name = Some("Zetaname".into());
    store
        .upsert_transactions(&[renamed.clone()])
        .await
        .expect("stored");
    store.check_integrity().await.expect("index matches rows");
    assert!(
        store
            .list_transactions(&search("omeganame"), Sort::Newest, None, 10)
            .await
            .expect("page")
            .rows
            .is_empty()
    );
    assert_eq!(
        store
            .list_transactions(&search("zetaname"), Sort::Newest, None, 10)
            .await
            .expect("page")
            .rows
            .len(),
        1
    );

    // Deleting the account holding the newest rows, then adding rows: they are indexed too.
    let newest_account = batch.last().map(|t| t.account.clone()).expect("rows");
    store
        .delete_account(&newest_account)
        .await
        .expect("deleted");
    store.check_integrity().await.expect("index matches rows");
    let others: Vec<_> = accounts
        .iter()
        .filter(|(a, _)| *a != newest_account)
        .cloned()
        .collect();
    let mut more = generate(&mut Rng::new(8), &others, 20, "more_");
    more[5].description = Some("Quokkaword".into());
    store.upsert_transactions(&more).await.expect("stored");
    store.check_integrity().await.expect("index matches rows");
    assert_eq!(
        found(
            store
                .list_transactions(&search("quokkaword"), Sort::Newest, None, 10)
                .await
                .expect("page")
        ),
        [more[5].provider_id.clone()]
    );
}

/// A sync batch's pages reach the database file soon after the commit, copied back by the
/// background checkpointer (the writer's own checkpoint only starts at ~40 MiB of WAL); the
/// rows read the same before and after, and after the store is reopened.
#[tokio::test]
async fn batches_are_checkpointed_in_the_background() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("paydesk.sqlite");
    let store = paydesk_store::Store::open(&path).await.expect("opens");
    let accounts = add_accounts(&store).await;
    let file_size = || std::fs::metadata(&path).expect("database file").len();
    let before = file_size();

    let batch = generate(&mut Rng::new(9), &accounts[..1], 3000, "ckpt_");
    let state = SyncState {
        records_done: 3000,
        ..SyncState::default()
    };
    store
        .commit_sync_batch(&accounts[0].0, &batch, &state)
        .await
        .expect("committed");
    let rows = all_rows(&store).await;
    assert_eq!(rows.len(), 3000);

    // 3,000 rows are several hundred KB of pages: far below the writer's own bound.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while file_size() < before + 300_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the database file stayed at {} bytes ({} before the batch): no background checkpoint",
            file_size(),
            before
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (frames, copied) = store.checkpoint().await.expect("checkpoint");
    assert_eq!(frames, copied, "every WAL frame is in the database file");
    assert_eq!(all_rows(&store).await, rows);
    assert!(store.open_connections() <= 1 + 4 + 1);

    store.close().await;
    let reopened = paydesk_store::Store::open(&path).await.expect("reopens");
    assert_eq!(all_rows(&reopened).await, rows);
    reopened
        .check_integrity()
        .await
        .expect("index matches rows");
}

/// An idle store closes its read connections (and their page caches) within seconds, and
/// the next query opens one again.
#[tokio::test]
async fn an_idle_store_gives_its_read_connections_back() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let batch = generate(&mut Rng::new(10), &accounts, 500, "idle_");
    store.upsert_transactions(&batch).await.expect("stored");
    assert_eq!(all_rows(&store).await.len(), 500);
    store.release_memory().await.expect("writer cache released");
    assert!(store.open_connections() >= 2, "the writer and a reader");

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while store.open_connections() > 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "{} connections still open after 30 idle seconds",
            store.open_connections()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(all_rows(&store).await.len(), 500, "reads work again");
}
