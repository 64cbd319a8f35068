//! A full sync of each provider into a real SQLite file equals the simulator's records (ids,
//! statuses and exact amounts from its control API); a second sync changes nothing; balances
//! are stored with their as-of time where the provider has them.

mod sync_support;

use chrono::Duration;
use paydesk_domain::ProviderKind;
use paydesk_engine::sync::{no_progress, sync_account};
use paydesk_sandbox::Clock;
use sync_support::*;

#[tokio::test]
async fn hexai_full_sync_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let sim = start_hexai(&clock, 250).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hexai-main");
    add_account(&store, &account, ProviderKind::Hexai).await;
    let client = client(
        &account,
        &sim.api_base_url(),
        &hexai_credentials(),
        &clock,
        3,
    );

    let report = sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = hexai_rows(&sim.sim);
    assert_eq!(expected.len(), 250);
    assert_eq!(stored_rows(&store, &account).await, expected);
    assert_eq!(report.records, 250);
    assert_eq!(report.balances, 1);

    // A later sync walks from the top and stops at the first page it already has.
    clock.advance(Duration::minutes(5));
    let again = sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("second sync");
    assert!(again.records < 250, "stopped early: {}", again.records);
    assert_eq!(stored_rows(&store, &account).await, hexai_rows(&sim.sim));
    let state = store
        .sync_state(&account)
        .await
        .expect("state")
        .expect("saved");
    assert_eq!(state.cursor, None);
    assert_eq!(state.last_error, None);
    assert_eq!(state.last_synced_at, Some(clock.now()));
    let balances = store.balance_history(&account, 10).await.expect("balances");
    assert_eq!(balances.len(), 2);
}

#[tokio::test]
async fn hpay_full_sync_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let sim = start_hpay(&clock, 180).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hpay-main");
    add_account(&store, &account, ProviderKind::Hpay).await;
    let client = client(&account, &sim.base_url, &hpay_credentials(), &clock, 3);

    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = hpay_rows(&sim.sim);
    assert_eq!(expected.len(), 180);
    assert_eq!(stored_rows(&store, &account).await, expected);
    let balance = store.latest_balances().await.expect("balances");
    assert_eq!(balance.len(), 1);
    assert_eq!(balance[0].as_of, clock.now());

    // The next sync re-scans the trailing week only, and the rows stay the same.
    clock.advance(Duration::hours(1));
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("rescan");
    assert_eq!(stored_rows(&store, &account).await, hpay_rows(&sim.sim));
}

#[tokio::test]
async fn cashweb_full_sync_equals_the_simulator_and_rereads_open_records() {
    let clock = Clock::manual(t0());
    let sim = paydesk_sandbox::cashweb::Simulator::new({
        let mut config = paydesk_sandbox::cashweb::Config::demo(clock.clone());
        config.history_size = 220;
        config.knobs.auto_progress = None;
        // The request stays open for days, so only a re-read can see it change.
        config.knobs.deposit_ttl = Duration::days(30);
        config
    })
    .start(paydesk_sandbox::server::any_loopback_port())
    .await
    .expect("cashweb starts");
    let live = create_cashweb(&sim, "order-reread-1").await;
    let (store, _dir) = temp_store().await;
    let account = account_id("cashweb-main");
    add_account(&store, &account, ProviderKind::CashWeb).await;
    let client = client(&account, &sim.base_url, &cashweb_credentials(), &clock, 3);

    let report = sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = cashweb_rows(&sim.sim);
    assert!(expected.len() > 200, "{}", expected.len());
    assert_eq!(stored_rows(&store, &account).await, expected);
    assert_eq!(report.balances, 0);
    let open = store
        .open_provider_ids(&account, None, 1000)
        .await
        .expect("open ids");
    assert!(open.contains(&live), "the new request is open");

    // Later syncs move the window (from the previous sync minus the overlap) past the
    // request's creation time; a status change after that is seen only by re-reading the
    // locally open records by id.
    for _ in 0..2 {
        clock.advance(Duration::hours(3));
        sync_account(&store, &account, &client, &options(&clock), &no_progress())
            .await
            .expect("later sync");
    }
    assert_eq!(
        sim.sim.record(&live).expect("record").status,
        paydesk_sandbox::cashweb::Status::AwaitingDeposit
    );
    sim.sim
        .simulate(&live, "transaction.completed")
        .expect("completed");
    clock.advance(Duration::minutes(10));
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("re-read sync");
    let stored = store
        .get_transaction(&account, &live)
        .await
        .expect("read")
        .expect("stored");
    let now = sim.sim.record(&live).expect("record");
    assert_eq!(now.status, paydesk_sandbox::cashweb::Status::Completed);
    assert_eq!(stored.transaction.provider_status, now.status.as_str());
    assert!(stored.transaction.status.is_terminal());
    assert_eq!(stored_rows(&store, &account).await, cashweb_rows(&sim.sim));
}

#[tokio::test]
async fn hubcash_full_sync_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let sim = start_hubcash(&clock, 230).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hubcash-main");
    add_account(&store, &account, ProviderKind::Hubcash).await;
    let client = client(&account, &sim.base_url, &hubcash_credentials(), &clock, 3);

    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = hubcash_rows(&sim.sim);
    assert_eq!(expected.len(), 230);
    assert_eq!(stored_rows(&store, &account).await, expected);
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("second sync");
    assert_eq!(stored_rows(&store, &account).await, hubcash_rows(&sim.sim));
}

#[tokio::test]
async fn hgcash_sync_stores_balances_and_has_no_history_walk() {
    let clock = Clock::manual(t0());
    let sim = start_hgcash(&clock, 50).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hgcash-main");
    add_account(&store, &account, ProviderKind::HgCash).await;
    let client = client(&account, &sim.base_url, &hgcash_credentials(), &clock, 3);
    assert!(!client.capabilities().history);

    let report = sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    assert_eq!(report.records, 0);
    assert!(report.balances >= 1);
    let balances = store.latest_balances().await.expect("balances");
    assert!(balances.iter().all(|b| b.account == account));
    assert!(stored(&store, &account).await.is_empty());
}
