//! The payout journal (migration 0201): references unique per account ignoring case,
//! conditional state changes that only one writer can win, leases that end, and a journal
//! that can only be appended to.

use chrono::{Duration, Utc};
use paydesk_domain::{AccountId, ProviderKind};
use paydesk_store::{IntentUpdate, NewJournalEntry, NewPayoutIntent, PayoutState, Store};

async fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("journal.sqlite"))
        .await
        .expect("store")
}

fn intent(id: &str, reference: &str) -> NewPayoutIntent {
    NewPayoutIntent {
        id: id.into(),
        account: AccountId::new("cashweb-1").expect("account"),
        provider: ProviderKind::CashWeb,
        reference: reference.into(),
        request: "{}".into(),
        summary: "crypto deposit".into(),
        currency: Some("NGN".into()),
        amount: Some("1000.00".into()),
        state: PayoutState::Confirmed,
        created_by: "merchant".into(),
    }
}

fn line(event: &str) -> NewJournalEntry {
    NewJournalEntry {
        actor: "merchant".into(),
        event: event.into(),
        ..Default::default()
    }
}

fn lease(owner: &str, ms: i64) -> IntentUpdate {
    IntentUpdate {
        lease: Some((owner.into(), Utc::now() + Duration::milliseconds(ms))),
        ..Default::default()
    }
}

#[tokio::test]
async fn references_are_unique_per_account_ignoring_case() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    store
        .insert_payout_intent(&intent("a", "PD-abc"))
        .await
        .expect("first");
    assert!(
        store
            .insert_payout_intent(&intent("b", "pd-ABC"))
            .await
            .is_err()
    );
    let mut other_account = intent("c", "PD-abc");
    other_account.account = AccountId::new("cashweb-2").expect("account");
    store
        .insert_payout_intent(&other_account)
        .await
        .expect("another account may reuse it");
    assert!(store.payout_intent("b").await.expect("read").is_none());
}

#[tokio::test]
async fn only_one_of_two_stores_takes_an_intent_into_sending() {
    let dir = tempfile::tempdir().expect("dir");
    let (one, two) = (store(&dir).await, store(&dir).await);
    one.insert_payout_intent(&intent("a", "PD-1"))
        .await
        .expect("insert");
    let take = |s: Store, owner: &'static str| async move {
        s.transition_payout(
            "a",
            &[PayoutState::Confirmed],
            None,
            None,
            PayoutState::Sending,
            &lease(owner, 60_000),
            &line("send_claimed"),
        )
        .await
        .expect("transition")
    };
    let (a, b) = tokio::join!(take(one.clone(), "one"), take(two.clone(), "two"));
    assert!(a.is_some() != b.is_some(), "exactly one wins: {a:?} {b:?}");
    // The loser cannot write the outcome either: it does not hold the lease.
    let loser = if a.is_some() { "two" } else { "one" };
    let outcome = one
        .transition_payout(
            "a",
            &[PayoutState::Sending],
            None,
            Some(loser),
            PayoutState::Succeeded,
            &IntentUpdate::default(),
            &line("state"),
        )
        .await
        .expect("transition");
    assert!(outcome.is_none());
    let journal = one.payout_journal("a").await.expect("journal");
    let events: Vec<_> = journal
        .iter()
        .map(|e| (e.event.as_str(), e.from_state, e.to_state))
        .collect();
    assert_eq!(
        events,
        vec![
            ("created", None, Some(PayoutState::Confirmed)),
            (
                "send_claimed",
                Some(PayoutState::Confirmed),
                Some(PayoutState::Sending)
            ),
        ]
    );
}

#[tokio::test]
async fn an_ended_lease_can_be_taken_over_and_the_journal_is_append_only() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    store
        .insert_payout_intent(&intent("a", "PD-1"))
        .await
        .expect("insert");
    store
        .transition_payout(
            "a",
            &[PayoutState::Confirmed],
            None,
            None,
            PayoutState::Sending,
            &lease("dead", -1),
            &line("send_claimed"),
        )
        .await
        .expect("transition")
        .expect("claimed");
    let account = AccountId::new("cashweb-1").expect("account");
    assert_eq!(
        store
            .payouts_awaiting_reconciliation(&account, Utc::now())
            .await
            .expect("count"),
        1
    );
    // Not takeable while the lease runs, takeable once it ended.
    let early = store
        .transition_payout(
            "a",
            &[],
            Some(Utc::now() - Duration::seconds(10)),
            None,
            PayoutState::Sending,
            &lease("reconciler", 60_000),
            &line("reconcile_claimed"),
        )
        .await
        .expect("transition");
    assert!(early.is_none());
    let taken = store
        .transition_payout(
            "a",
            &[],
            Some(Utc::now()),
            None,
            PayoutState::Sending,
            &lease("reconciler", 60_000),
            &line("reconcile_claimed"),
        )
        .await
        .expect("transition")
        .expect("taken over");
    assert_eq!(taken.lease_owner.as_deref(), Some("reconciler"));
    let done = store
        .transition_payout(
            "a",
            &[PayoutState::Sending],
            None,
            Some("reconciler"),
            PayoutState::Unknown,
            &IntentUpdate {
                reason: Some(Some("no answer".into())),
                ..Default::default()
            },
            &line("state"),
        )
        .await
        .expect("transition")
        .expect("changed");
    assert_eq!(done.reason.as_deref(), Some("no answer"));
    assert_eq!(done.lease_owner, None, "leaving sending drops the lease");
    // Nobody rewrites history.
    let pool_path = dir.path().join("journal.sqlite");
    let raw = sqlx_free_update(&pool_path).await;
    assert!(raw.is_err(), "rewriting the journal must fail");
}

/// Tries to rewrite and to delete journal lines through a plain SQLite connection.
async fn sqlx_free_update(path: &std::path::Path) -> Result<(), String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .map_err(|e| e.to_string())?;
    let update = sqlx::query("UPDATE payout_journal SET actor = 'someone else'")
        .execute(&pool)
        .await;
    let delete = sqlx::query("DELETE FROM payout_journal")
        .execute(&pool)
        .await;
    match (update, delete) {
        (Err(_), Err(_)) => Err("refused".into()),
        _ => Ok(()),
    }
}
