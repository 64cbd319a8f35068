//! hexai: a sync from the simulator in its documented-only profile (payout answers with
//! `transaction_id` and `status` alone, the list as a bare array without page figures, items
//! shaped like the seed's webhook object, `SUCCESS` for settled records) with some records
//! showing the unknown word `ON_HOLD` while pending: the cache equals the simulator's records,
//! the held ones cached as unknown with the word kept, and a later sync sees them settle.

use chrono::Duration;
use paydesk_domain::{Money, ProviderKind, Secret, TransactionStatus, WaveNumber};
use paydesk_engine::sync::{no_progress, sync_account};
use paydesk_providers::hexai::HexaiClient;
use paydesk_sandbox::variance::{UNKNOWN_STATUS_WORD, UnknownStatus, Variance};
use paydesk_sandbox::{Clock, hexai};

use super::sync_support::*;

#[tokio::test]
async fn hexai_documented_only_history_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let variance = Variance {
        documented_only: true,
        unknown_status: Some(UnknownStatus::default()),
        ..Default::default()
    };
    let sim = start_hexai_with(&clock, 150, variance).await;
    // Pending records, some of them showing the unknown word: collections wait 5 s for their
    // customer, payouts a minute with this knob.
    sim.sim
        .set_knobs(|k| k.payout_settle_delay = Duration::minutes(1));
    let direct = HexaiClient::new(
        &sim.api_base_url(),
        Secret::new(hexai::DEFAULT_TEST_KEY),
        account_id("hexai-direct"),
        http(3),
    )
    .expect("client");
    let gmd = paydesk_domain::Currency::from_code("GMD").expect("GMD");
    for n in 0..4 {
        let amount = Money::parse(&format!("{}.25", 30 + n), gmd).expect("amount");
        direct
            .initiate_collection(&amount, &format!("ORDER-DOC-{n}"), None, None)
            .await
            .expect("collection");
        let wave = WaveNumber::parse("+2207654321").expect("wave");
        direct
            .initiate_payout(&amount, &wave, &format!("PD-doc-{n}"))
            .await
            .expect("payout");
    }
    let held_word = UNKNOWN_STATUS_WORD.to_ascii_uppercase();
    let expected = hexai_shown_rows(&sim.sim);
    assert_eq!(expected.len(), 158);
    let held: Vec<&String> = expected
        .iter()
        .filter(|(_, (word, _))| *word == held_word)
        .map(|(id, _)| id)
        .collect();
    assert!(held.len() >= 2, "records show the unknown word: {held:?}");
    assert!(expected.values().any(|(word, _)| word == "SUCCESS"));

    let (store, _dir) = temp_store().await;
    let account = account_id("hexai-documented");
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
    assert_eq!(report.records, 158);
    assert_eq!(stored_rows(&store, &account).await, expected);
    let cached = stored(&store, &account).await;
    for id in &held {
        let row = cached
            .iter()
            .find(|t| &&t.provider_id == id)
            .expect("cached");
        assert_eq!(row.status, TransactionStatus::Unknown, "{id}");
        assert_eq!(row.provider_status, held_word, "{id}");
    }
    let unknown = cached
        .iter()
        .filter(|t| t.status == TransactionStatus::Unknown)
        .count();
    assert_eq!(unknown, held.len(), "only the held records are unknown");

    // A minute later every new record has settled; the next sync shows it.
    clock.advance(Duration::minutes(2));
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("second sync");
    let settled = hexai_shown_rows(&sim.sim);
    assert_eq!(stored_rows(&store, &account).await, settled);
    for id in &held {
        let (word, _) = &settled[id.as_str()];
        if word != &held_word {
            let row = stored(&store, &account)
                .await
                .into_iter()
                .find(|t| &&t.provider_id == id)
                .expect("cached");
            assert_ne!(row.status, TransactionStatus::Unknown, "{id} settled");
        }
    }
}
