//! Migrations, reopening, and the small record tables: accounts, sync state, balances, audit.

mod common;

use chrono::{Duration, Utc};
use common::{add_accounts, temp_store};
use paydesk_domain::{AccountId, Balance, Currency, Mode, Money, ProviderKind};
use paydesk_store::{NewAccount, NewAuditEntry, Store, StoreError, SyncState};

#[tokio::test]
async fn migrates_an_empty_file_and_reopens_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cache.sqlite");
    let store = Store::open(&path).await.expect("first open");
    let accounts = add_accounts(&store).await;
    store.close().await;
    let store = Store::open(&path)
        .await
        .expect("reopen runs no migration twice");
    assert_eq!(
        store.list_accounts().await.expect("list").len(),
        accounts.len()
    );
    store.close().await;
    assert!(path.exists());
}

#[tokio::test]
async fn accounts_crud_and_no_credentials_in_urls() {
    let (_dir, store) = temp_store().await;
    let id = AccountId::new("hexai-main").expect("id");
    let mut new = NewAccount {
        id: id.clone(),
        provider: ProviderKind::Hexai,
        label: "Hexai".into(),
        mode: Mode::Sandbox,
        base_url: Some("http://127.0.0.1:9000".into()),
    };
    let created = store.create_account(&new).await.expect("created");
    assert_eq!(created.label, "Hexai");
    assert!(matches!(
        store.create_account(&new).await,
        Err(StoreError::DuplicateAccount(_))
    ));
    new.label = "Hexai main".into();
    new.mode = Mode::Live;
    let updated = store.update_account(&new).await.expect("updated");
    assert_eq!(
        (updated.label.as_str(), updated.mode),
        ("Hexai main", Mode::Live)
    );
    new.base_url = Some("https://user:secret@api.example.com".into());
    assert!(matches!(
        store.update_account(&new).await,
        Err(StoreError::InvalidInput(_))
    ));
    new.base_url = None;
    new.provider = ProviderKind::Hpay;
    assert!(store.update_account(&new).await.is_err());
    store.delete_account(&id).await.expect("deleted");
    assert!(matches!(
        store.account(&id).await,
        Err(StoreError::UnknownAccount(_))
    ));
    assert!(store.delete_account(&id).await.is_err());
}

#[tokio::test]
async fn sync_state_round_trips() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let id = &accounts[0].0;
    assert_eq!(store.sync_state(id).await.expect("read"), None);
    let state = SyncState {
        cursor: Some("page=7&after=2026-08-01T00:00:00Z".into()),
        last_synced_at: Some(Utc::now()),
        last_error: Some("timeout".into()),
        records_done: 1234,
        estimated_total: Some(99_999),
    };
    store.set_sync_state(id, &state).await.expect("saved");
    let back = store.sync_state(id).await.expect("read").expect("present");
    assert_eq!(back.cursor, state.cursor);
    assert_eq!(back.records_done, 1234);
    assert_eq!(back.estimated_total, Some(99_999));
    assert_eq!(
        back.last_synced_at.map(|t| t.timestamp_micros()),
        state.last_synced_at.map(|t| t.timestamp_micros())
    );
    let unknown = AccountId::new("nobody").expect("id");
    assert!(matches!(
        store.set_sync_state(&unknown, &state).await,
        Err(StoreError::UnknownAccount(_))
    ));
}

#[tokio::test]
async fn latest_balance_per_account_and_currency() {
    let (_dir, store) = temp_store().await;
    let accounts = add_accounts(&store).await;
    let id = accounts[0].0.clone();
    let ars = Currency::from_code("ARS").expect("known");
    let usdt = Currency::from_code("USDT").expect("known");
    let t0 = Utc::now() - Duration::hours(2);
    for (minutes, minor, currency) in [(0, 100, ars), (60, 250, ars), (30, 175, ars), (10, 5, usdt)]
    {
        let balance = Balance::new(
            id.clone(),
            Money::from_minor(minor, currency),
            Some(Money::from_minor(minor / 5, currency)),
            t0 + Duration::minutes(minutes),
        )
        .expect("balance");
        store.record_balance(&balance).await.expect("recorded");
    }
    let latest = store.latest_balances().await.expect("latest");
    assert_eq!(latest.len(), 2);
    assert_eq!(latest[0].available, Money::from_minor(250, ars));
    assert_eq!(latest[0].pending, Some(Money::from_minor(50, ars)));
    assert_eq!(latest[1].available, Money::from_minor(5, usdt));
    assert_eq!(
        store.balance_history(&id, 10).await.expect("history").len(),
        4
    );
    let unknown = Balance::new(AccountId::new("x").expect("id"), Money::zero(ars), None, t0)
        .expect("balance");
    assert!(matches!(
        store.record_balance(&unknown).await,
        Err(StoreError::UnknownAccount(_))
    ));
}

#[tokio::test]
async fn audit_log_appends_and_pages_newest_first() {
    let (_dir, store) = temp_store().await;
    for i in 0..5 {
        store
            .append_audit(&NewAuditEntry {
                actor: "merchant".into(),
                action: "export.csv".into(),
                details: serde_json::json!({ "rows": i, "note": "a \"quoted\" word" }),
            })
            .await
            .expect("appended");
    }
    let first = store.list_audit(None, 3).await.expect("list");
    assert_eq!(first.len(), 3);
    assert_eq!(first[0].details["rows"], 4);
    let rest = store.list_audit(Some(first[2].id), 3).await.expect("list");
    assert_eq!(
        rest.iter()
            .map(|e| e.details["rows"].clone())
            .collect::<Vec<_>>(),
        [1, 0]
    );
}
