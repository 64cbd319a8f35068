//! Hubcash: documented-only sync. The simulator answers with only the seed's fields, answers
//! `GET /sales` without `Status` with 200 and nothing (the seed marks `Status` required), and
//! shows an undocumented status word on some open sales. The client walks the documented
//! statuses one at a time, so the cached history still equals the simulator's sales, count
//! and exact amounts, and the sales with the unknown word are cached as unknown, the word kept.

use std::collections::BTreeSet;

use paydesk_domain::{ProviderKind, TransactionStatus};
use paydesk_engine::sync::{no_progress, sync_account};
use paydesk_sandbox::Clock;
use paydesk_sandbox::variance::{Quirk, UnknownStatus, Variance};

use super::sync_support::*;

#[tokio::test]
async fn hubcash_documented_only_history_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let variance = Variance {
        documented_only: true,
        unknown_status: Some(UnknownStatus::default()),
        quirks: BTreeSet::from([Quirk::HubcashSalesNeedStatus]),
        ..Variance::default()
    };
    let sim = start_hubcash_with(&clock, 230, variance).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hubcash-documented");
    add_account(&store, &account, ProviderKind::Hubcash).await;
    let client = client(&account, &sim.base_url, &hubcash_credentials(), &clock, 3);

    let report = sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = hubcash_shown_rows(&sim.sim);
    assert_eq!(expected.len(), 230);
    assert_eq!(stored_rows(&store, &account).await, expected);
    assert!(report.records >= 230, "{}", report.records);

    // The sales showing the undocumented word are cached as unknown (never final), the word
    // kept; every other sale has a status Paydesk knows.
    let word = "On_hold";
    let shown_unknown = expected.values().filter(|(s, _)| s == word).count();
    assert!(
        shown_unknown > 0,
        "the profile gave some open sales the word"
    );
    let cached = stored(&store, &account).await;
    for t in &cached {
        if t.provider_status == word {
            assert_eq!(t.status, TransactionStatus::Unknown, "{}", t.provider_id);
            assert!(!t.status.is_terminal());
        } else {
            assert_ne!(t.status, TransactionStatus::Unknown, "{}", t.provider_id);
        }
    }
    assert_eq!(
        cached
            .iter()
            .filter(|t| t.status == TransactionStatus::Unknown)
            .count(),
        shown_unknown
    );

    // A second sync changes nothing.
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("second sync");
    assert_eq!(
        stored_rows(&store, &account).await,
        hubcash_shown_rows(&sim.sim)
    );
}
