//! Progress events and failures across accounts: each account's events arrive with `done`
//! increasing up to a final event; an account whose provider fails does not stop the others,
//! and its error is kept in its sync state.

mod sync_support;

use std::collections::BTreeMap;

use paydesk_domain::ProviderKind;
use paydesk_engine::sync::{SyncProgress, SyncTarget, sync_all};
use paydesk_sandbox::Clock;
use paydesk_sandbox::faults::{FaultAction, FaultRule, Trigger};
use sync_support::*;

#[tokio::test]
async fn progress_rises_and_one_failing_account_does_not_stop_the_others() {
    let clock = Clock::manual(t0());
    let hexai = start_hexai(&clock, 330).await;
    let hubcash = start_hubcash(&clock, 140).await;
    let broken = start_cashweb(&clock, 50).await;
    broken.sim.faults().add(FaultRule::everywhere(
        FaultAction::Status {
            status: 500,
            code: "INTERNAL".into(),
            message: "broken".into(),
        },
        Trigger::Always,
    ));
    let (store, _dir) = temp_store().await;
    let hexai_account = account_id("hexai-progress");
    let hubcash_account = account_id("hubcash-progress");
    let broken_account = account_id("cashweb-broken");
    add_account(&store, &hexai_account, ProviderKind::Hexai).await;
    add_account(&store, &hubcash_account, ProviderKind::Hubcash).await;
    add_account(&store, &broken_account, ProviderKind::CashWeb).await;
    let targets = vec![
        SyncTarget {
            account: broken_account.clone(),
            client: client(
                &broken_account,
                &broken.base_url,
                &cashweb_credentials(),
                &clock,
                2,
            ),
        },
        SyncTarget {
            account: hexai_account.clone(),
            client: client(
                &hexai_account,
                &hexai.api_base_url(),
                &hexai_credentials(),
                &clock,
                2,
            ),
        },
        SyncTarget {
            account: hubcash_account.clone(),
            client: client(
                &hubcash_account,
                &hubcash.base_url,
                &hubcash_credentials(),
                &clock,
                2,
            ),
        },
    ];
    let (progress, events) = recorder();

    let outcomes = sync_all(&store, &targets, &options(&clock), &progress).await;

    assert_eq!(outcomes.len(), 3);
    let error = outcomes[0]
        .1
        .as_ref()
        .expect_err("the broken account fails");
    assert_eq!(outcomes[1].1.as_ref().expect("hexai syncs").records, 330);
    assert_eq!(outcomes[2].1.as_ref().expect("hubcash syncs").records, 140);
    assert_eq!(
        stored_rows(&store, &hexai_account).await,
        hexai_rows(&hexai.sim)
    );
    assert_eq!(
        stored_rows(&store, &hubcash_account).await,
        hubcash_rows(&hubcash.sim)
    );
    let state = store
        .sync_state(&broken_account)
        .await
        .expect("state")
        .expect("kept");
    assert_eq!(state.last_error.as_deref(), Some(error.message.as_str()));

    let events = events.lock().expect("lock").clone();
    let mut by_account: BTreeMap<String, Vec<SyncProgress>> = BTreeMap::new();
    for event in events {
        by_account
            .entry(event.account.as_str().to_owned())
            .or_default()
            .push(event);
    }
    for (account, events) in &by_account {
        let done: Vec<u64> = events.iter().map(|e| e.done).collect();
        assert!(
            done.windows(2).all(|w| w[0] <= w[1]),
            "{account}: done goes down: {done:?}"
        );
        let last = events.last().expect("an event");
        assert!(last.finished, "{account}: the last event is final");
        assert_eq!(events.iter().filter(|e| e.finished).count(), 1);
    }
    let hexai_events = &by_account["hexai-progress"];
    assert!(hexai_events.len() >= 5, "one event per page");
    assert!(
        hexai_events
            .windows(2)
            .filter(|w| !w[1].finished)
            .all(|w| w[0].done < w[1].done),
        "every page raises done"
    );
    assert_eq!(hexai_events.last().map(|e| e.done), Some(330));
    assert_eq!(
        hexai_events.last().and_then(|e| e.estimated_total),
        Some(330)
    );
    let broken_last = by_account["cashweb-broken"].last().expect("an event");
    assert_eq!(broken_last.error.as_deref(), Some(error.message.as_str()));
    assert!(
        by_account["hubcash-progress"]
            .iter()
            .all(|e| e.error.is_none())
    );
}
