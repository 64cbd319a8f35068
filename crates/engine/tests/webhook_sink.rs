//! The store-backed webhook sink end to end: real simulators (HG.Cash, Hexai, CashWeb) send
//! signed webhooks to a real `Receiver` on loopback, which records them in a real SQLite
//! store. Duplicated deliveries are recorded once, reordered ones never make a record less
//! final, and badly signed ones are refused with nothing recorded.

mod sync_support;

use std::sync::Arc;

use chrono::{Duration, Utc};
use paydesk_domain::{AccountId, Mode, Money, ProviderKind, Secret, TransactionStatus};
use paydesk_engine::sync::{
    ProviderClient, StoreDeliverySink, SyncReport, no_progress, sync_account,
};
use paydesk_engine::webhooks::{Receiver, ReceiverSettings, RunningReceiver, WebhookRoute};
use paydesk_providers::hexai::HexaiClient;
use paydesk_sandbox::{Clock, WebhookKnobs, cashweb, hexai, hgcash};
use paydesk_store::{Store, StoredTransaction};
use sync_support::*;
use tempfile::TempDir;

/// A store in a temporary directory with one account of `provider`, and a receiver on
/// loopback that records that account's webhooks signed with `secret`.
async fn hooked_store(
    name: &str,
    provider: ProviderKind,
    secret: &str,
) -> (Store, TempDir, AccountId, RunningReceiver) {
    let (store, dir) = temp_store().await;
    let account = account_id(name);
    add_account(&store, &account, provider).await;
    let receiver = Arc::new(Receiver::new(
        ReceiverSettings::default(),
        Arc::new(StoreDeliverySink::new(store.clone())),
    ));
    let route = WebhookRoute {
        account: account.clone(),
        provider,
        secret: Secret::new(secret),
    };
    assert!(receiver.add(route, Mode::Sandbox));
    let running = receiver.serve().await.expect("receiver listens");
    (store, dir, account, running)
}

/// The HG.Cash simulator with `size` history records, its webhooks sent to a receiver that
/// records them for the account `name` (see [`hooked_store`]).
async fn hgcash_hooked(
    clock: &Clock,
    size: usize,
    name: &str,
) -> (hgcash::Running, Store, TempDir, AccountId, RunningReceiver) {
    let sim = start_hgcash(clock, size).await;
    let (store, dir, account, running) =
        hooked_store(name, ProviderKind::HgCash, hgcash::SANDBOX_SIGNING_SECRET).await;
    sim.sim
        .set_webhook_url(hgcash::SANDBOX_TOKEN, Some(running.url_for(&account)))
        .expect("url set");
    (sim, store, dir, account, running)
}

/// One sync of the account, which must succeed.
async fn sync_once(
    store: &Store,
    account: &AccountId,
    client: &ProviderClient,
    clock: &Clock,
) -> SyncReport {
    sync_account(store, account, client, &options(clock), &no_progress())
        .await
        .expect("sync")
}

/// The stored row of one provider record, which must be there.
async fn stored_row(store: &Store, account: &AccountId, provider_id: &str) -> StoredTransaction {
    store
        .get_transaction(account, provider_id)
        .await
        .expect("read")
        .expect("stored")
}

#[tokio::test]
async fn hgcash_history_arrives_once_whatever_the_order_and_bad_signatures_are_refused() {
    let clock = Clock::manual(t0());
    let (sim, store, _dir, account, running) = hgcash_hooked(&clock, 80, "hgcash-hooks").await;
    sim.sim.webhooks().set_knobs(WebhookKnobs {
        duplicate_percent: 50,
        reorder_percent: 40,
        ..WebhookKnobs::default()
    });

    assert_eq!(sim.sim.emit_history(0..60), 60);
    // A held-back event goes out after the next one: one more event releases the last.
    sim.sim.webhooks().set_knobs(WebhookKnobs::default());
    assert_eq!(sim.sim.emit_history(60..61), 1);
    while sim.sim.deliver_webhooks().await > 0 {}
    let log = sim.sim.webhooks().log();
    assert!(log.len() > 61, "some deliveries were duplicated");
    assert!(log.iter().all(|d| d.delivered));
    let expected: Rows = (0..61)
        .filter_map(|i| sim.sim.history_movement(i))
        .map(|m| {
            let minor = (m.amount * rust_decimal::Decimal::from(100))
                .trunc()
                .try_into()
                .expect("fits");
            (m.id, (m.status, minor))
        })
        .collect();
    let rows = stored_rows(&store, &account).await;
    assert_eq!(
        rows.iter()
            .map(|(id, (_, amount))| (id.clone(), *amount))
            .collect::<Vec<_>>(),
        expected
            .iter()
            .map(|(id, (_, amount))| (id.clone(), *amount))
            .collect::<Vec<_>>()
    );
    assert_eq!(store.delivery_count(&account).await.expect("count"), 61);

    // Badly signed deliveries: answered 401 and never recorded, however often retried.
    sim.sim.webhooks().set_knobs(WebhookKnobs {
        bad_signature_percent: 100,
        max_attempts: 2,
        ..WebhookKnobs::default()
    });
    let before = sim.sim.webhooks().log().len();
    assert_eq!(sim.sim.emit_history(61..71), 10);
    for _ in 0..3 {
        sim.sim.deliver_webhooks().await;
        clock.advance(Duration::seconds(5));
    }
    let refused = &sim.sim.webhooks().log()[before..];
    assert_eq!(refused.len(), 10);
    assert!(
        refused
            .iter()
            .all(|d| !d.delivered && d.attempts.iter().all(|a| a.status == Some(401)))
    );
    assert_eq!(stored(&store, &account).await.len(), 61);
    assert_eq!(store.delivery_count(&account).await.expect("count"), 61);
    running.stop().await;
}

#[tokio::test]
async fn a_hexai_status_hint_settles_a_known_row_once() {
    let clock = Clock::manual(t0());
    let (store, _dir, account, running) = hooked_store(
        "hexai-hooks",
        ProviderKind::Hexai,
        hexai::DEFAULT_WEBHOOK_SECRET,
    )
    .await;
    let sim = start_hexai(&clock, 30).await;
    sim.sim
        .set_knobs(|k| k.webhook_url = Some(running.url_for(&account)));
    sim.sim.webhooks().set_knobs(WebhookKnobs {
        duplicate_percent: 100,
        ..WebhookKnobs::default()
    });
    let direct = HexaiClient::new(
        &sim.api_base_url(),
        Secret::new(hexai::DEFAULT_TEST_KEY),
        account.clone(),
        http(3),
    )
    .expect("client");
    let amount = Money::parse(
        "123.45",
        paydesk_domain::Currency::from_code("GMD").expect("GMD"),
    )
    .expect("amount");
    let created = direct
        .initiate_collection(&amount, "ORDER-HOOK-1", None, None)
        .await
        .expect("collection");

    // The sync stores it pending; the webhook then settles it.
    let engine_client = client(
        &account,
        &sim.api_base_url(),
        &hexai_credentials(),
        &clock,
        3,
    );
    sync_once(&store, &account, &engine_client, &clock).await;
    let row = stored_row(&store, &account, &created.transaction_id).await;
    assert_eq!(row.transaction.status, TransactionStatus::Pending);

    clock.advance(Duration::seconds(5));
    sim.sim.tick();
    assert!(sim.sim.webhooks().deliver_due().await >= 2, "sent twice");
    let row = stored_row(&store, &account, &created.transaction_id).await;
    assert_eq!(row.transaction.status, TransactionStatus::Succeeded);
    assert_eq!(row.history.len(), 1, "one status change, not two");
    assert_eq!(store.delivery_count(&account).await.expect("count"), 1);
    running.stop().await;
}

#[tokio::test]
async fn cashweb_events_out_of_order_never_make_a_record_less_final() {
    // CashWeb signs a timestamp checked against the receiver's clock: the simulator runs now.
    let clock = Clock::manual(Utc::now());
    let (store, _dir, account, running) = hooked_store(
        "cashweb-hooks",
        ProviderKind::CashWeb,
        cashweb::SANDBOX_WEBHOOK_SECRET,
    )
    .await;
    let sim = start_cashweb(&clock, 40).await;
    let live = create_cashweb(&sim, "order-hook-1").await;
    sim.sim
        .set_knobs(|k| k.webhook_url = Some(running.url_for(&account)));
    let engine_client = client(&account, &sim.base_url, &cashweb_credentials(), &clock, 3);
    sync_once(&store, &account, &engine_client, &clock).await;
    let open = store
        .open_provider_ids(&account, None, 100)
        .await
        .expect("open ids");
    assert!(open.contains(&live));

    // `deposit.detected` is held back a minute; `transaction.completed` goes at once, so the
    // receiver gets them in the wrong order.
    sim.sim.webhooks().set_knobs(WebhookKnobs {
        delay: Duration::seconds(60),
        ..WebhookKnobs::default()
    });
    sim.sim
        .simulate(&live, "deposit.detected")
        .expect("detected");
    sim.sim.webhooks().set_knobs(WebhookKnobs::default());
    clock.advance(Duration::seconds(10));
    sim.sim
        .simulate(&live, "transaction.completed")
        .expect("completed");
    while sim.sim.webhooks().deliver_due().await > 0 {}
    clock.advance(Duration::seconds(60));
    while sim.sim.webhooks().deliver_due().await > 0 {}
    let log = sim.sim.webhooks().log();
    // The log is in queueing order; the first attempt's time says when each arrived.
    let sent_at = |event: &str| {
        log.iter()
            .find(|d| {
                serde_json::from_slice::<serde_json::Value>(&d.body)
                    .is_ok_and(|body| body["event_type"] == event)
            })
            .and_then(|d| d.attempts.first().map(|a| a.at))
            .expect("event sent")
    };
    assert!(
        sent_at("transaction.completed") < sent_at("deposit.detected"),
        "delivered out of order"
    );
    assert!(log.iter().all(|d| d.delivered));

    let row = stored_row(&store, &account, &live).await;
    assert_eq!(row.transaction.status, TransactionStatus::Succeeded);
    assert_eq!(row.transaction.provider_status, "completed");
    assert!(store.delivery_count(&account).await.expect("count") >= 2);
    running.stop().await;
}

#[tokio::test]
async fn hgcash_sync_rereads_the_status_of_a_known_open_cash_out() {
    let clock = Clock::manual(t0());
    let (sim, store, _dir, account, running) = hgcash_hooked(&clock, 10, "hgcash-cashouts").await;
    // HG.Cash may not notify PENDING (U7); the simulator's knob makes it, as the payout
    // journal would otherwise record the request itself.
    let mut knobs = sim.sim.knobs();
    knobs.skip_pending_webhook = false;
    sim.sim.set_knobs(knobs);
    let direct = paydesk_providers::hgcash::HgCashClient::new(
        &sim.base_url,
        Secret::new(hgcash::SANDBOX_TOKEN),
        account.clone(),
        http(1),
    )
    .expect("client");
    let created = direct
        .create_transaction(&paydesk_providers::hgcash::wire::CreateTransactionRequest {
            account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
            amount: paydesk_providers::exact::JsonNumber("1500.25".parse().expect("decimal")),
            to_cbu: Some("0000151500037626120148".into()),
            to_cvu: None,
            external_id: Some("PAYDESK-CO-1".into()),
            webhook_url: None,
            from_name: None,
            to_name: None,
            from_cuit: None,
            to_cuit: None,
            concept: None,
            external_date: None,
            coelsa_code: None,
            type_id: None,
        })
        .await
        .expect("cash-out created");
    // Its PENDING webhook puts it in the cache as an open outbound record.
    while sim.sim.deliver_webhooks().await > 0 {}
    let open = store
        .open_provider_ids(&account, None, 10)
        .await
        .expect("open ids");
    assert_eq!(open, vec![created.id.clone()]);

    // It completes while no webhook reaches Paydesk: only the sync's re-read can tell.
    sim.sim
        .set_webhook_url(hgcash::SANDBOX_TOKEN, None)
        .expect("url cleared");
    sim.sim
        .set_request_status(&created.id, hgcash::RequestStatus::Done, None, None)
        .expect("done");
    let client = client(&account, &sim.base_url, &hgcash_credentials(), &clock, 3);
    let report = sync_once(&store, &account, &client, &clock).await;
    assert_eq!(report.records, 1);
    assert_eq!(report.written, 1);
    let row = stored_row(&store, &account, &created.id).await;
    assert_eq!(row.transaction.status, TransactionStatus::Succeeded);
    assert_eq!(row.transaction.provider_status, "DONE");
    assert!(
        store
            .open_provider_ids(&account, None, 10)
            .await
            .expect("open ids")
            .is_empty()
    );
    running.stop().await;
}
