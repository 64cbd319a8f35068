//! HPAY: documented-only sync. The simulator answers a history asked without a documented
//! `statut` with nothing (the seed allows only `UNPAID` or `PAID`), and shows an undocumented
//! status word on some unpaid links. The client asks for `UNPAID` and `PAID` separately, so the
//! cached history still equals the simulator's links, count and exact amounts, and the links
//! with the unknown word are cached as unknown, the word kept.

use chrono::Duration;
use paydesk_domain::{ProviderKind, TransactionStatus};
use paydesk_engine::sync::{no_progress, sync_account};
use paydesk_sandbox::Clock;
use paydesk_sandbox::variance::{UnknownStatus, Variance};

use super::sync_support::*;

#[tokio::test]
async fn hpay_documented_only_history_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let variance = Variance {
        documented_only: true,
        unknown_status: Some(UnknownStatus::default()),
        ..Variance::default()
    };
    let sim = start_hpay_with(&clock, 180, variance).await;
    let (store, _dir) = temp_store().await;
    let account = account_id("hpay-documented");
    add_account(&store, &account, ProviderKind::Hpay).await;
    let client = client(&account, &sim.base_url, &hpay_credentials(), &clock, 3);

    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = hpay_shown_rows(&sim.sim);
    assert_eq!(expected.len(), 180);
    assert_eq!(stored_rows(&store, &account).await, expected);

    // The links showing the undocumented word are cached as unknown (never final), the word
    // kept; the others are pending (UNPAID) or succeeded (PAID).
    let word = "ON_HOLD";
    let shown_unknown = expected.values().filter(|(s, _)| s == word).count();
    assert!(
        shown_unknown > 0,
        "the profile gave some unpaid links the word"
    );
    let cached = stored(&store, &account).await;
    for t in &cached {
        let want = match t.provider_status.as_str() {
            "UNPAID" => TransactionStatus::Pending,
            "PAID" => TransactionStatus::Succeeded,
            other => {
                assert_eq!(other, word);
                TransactionStatus::Unknown
            }
        };
        assert_eq!(t.status, want, "{}", t.provider_id);
    }
    assert_eq!(
        cached
            .iter()
            .filter(|t| t.status == TransactionStatus::Unknown)
            .count(),
        shown_unknown
    );

    // One of them is paid: the next sync (the trailing re-scan) moves it on to PAID.
    let recent = sim
        .sim
        .payments(paydesk_sandbox::hpay::SimMode::Test)
        .into_iter()
        .rev()
        .find(|p| p.shown_status == word)
        .expect("a recent link shows the word");
    assert!(sim.sim.pay(&recent.transaction_id));
    clock.advance(Duration::hours(1));
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("re-scan");
    let moved = store
        .get_transaction(&account, &recent.transaction_id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(moved.transaction.status, TransactionStatus::Succeeded);
    assert_eq!(
        stored_rows(&store, &account).await,
        hpay_shown_rows(&sim.sim)
    );
}
