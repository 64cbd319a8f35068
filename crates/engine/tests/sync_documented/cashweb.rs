//! CashWeb under its documented-only profile with an unknown status word: list items carry
//! only the status query's documented fields, pages carry `next_cursor` without `has_more`,
//! and every third transaction created through the API reads `on_hold` while it is open.

use chrono::Duration;
use paydesk_domain::{ProviderKind, TransactionStatus};
use paydesk_engine::sync::{no_progress, sync_account};
use paydesk_sandbox::{Clock, UNKNOWN_STATUS_WORD, Variance};

use super::sync_support::*;

#[tokio::test]
async fn cashweb_documented_only_history_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let variance = Variance {
        documented_only: true,
        ..Variance::unknown_status()
    };
    let sim = start_cashweb_with(&clock, 230, variance).await;
    let mut live = Vec::new();
    for i in 0..7 {
        live.push(create_cashweb(&sim, &format!("order-doc-{i}")).await);
    }
    let (store, _dir) = temp_store().await;
    let account = account_id("cashweb-documented");
    add_account(&store, &account, ProviderKind::CashWeb).await;
    let client = client(&account, &sim.base_url, &cashweb_credentials(), &clock, 3);

    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let expected = cashweb_read_rows(&sim.sim);
    assert_eq!(expected.len(), 237);
    assert_eq!(stored_rows(&store, &account).await, expected);
    let unknown: Vec<_> = stored(&store, &account)
        .await
        .into_iter()
        .filter(|t| t.status == TransactionStatus::Unknown)
        .collect();
    assert_eq!(unknown.len(), 3, "the 1st, 4th and 7th created");
    for t in &unknown {
        assert_eq!(t.provider_status, UNKNOWN_STATUS_WORD);
        assert!(live.contains(&t.provider_id));
        assert!(!t.status.is_terminal());
    }
    assert_eq!(
        expected
            .values()
            .filter(|(word, _)| word == UNKNOWN_STATUS_WORD)
            .count(),
        3
    );

    // The deposit windows close: the unknown ones move on, and a later sync sees it.
    clock.advance(Duration::minutes(31));
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("later sync");
    assert_eq!(
        stored_rows(&store, &account).await,
        cashweb_read_rows(&sim.sim)
    );
    let rows = stored(&store, &account).await;
    assert!(rows.iter().all(|t| t.status != TransactionStatus::Unknown));
    assert!(
        rows.iter()
            .filter(|t| live.contains(&t.provider_id))
            .all(|t| t.status == TransactionStatus::Expired)
    );
}
