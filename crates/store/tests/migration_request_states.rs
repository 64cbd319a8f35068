//! Migration 0501 on a file an earlier Paydesk wrote (migrations up to 0401): the intents and
//! their journal are kept line for line, the journal stays append-only and tied to its
//! intents, the new final states can be written, and payment requests that earlier Paydesk
//! marked succeeded when they were only created go back to awaiting payment, with a journal
//! line saying why.

use std::borrow::Cow;

use paydesk_store::{PayoutState, Store};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const BEFORE: i64 = 501;

async fn earlier_file(path: &std::path::Path) {
    let all = Migrator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .await
        .expect("migrations");
    let earlier = Migrator {
        migrations: Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version < BEFORE)
                .cloned()
                .collect(),
        ),
        ..all
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .foreign_keys(true),
        )
        .await
        .expect("file");
    earlier.run(&pool).await.expect("earlier migrations");
    let intent = |id: &str, provider: &str, form: &str, state: &str| {
        format!(
            "INSERT INTO payout_intents (id, account_id, provider, reference, request, summary, \
             state, created_by, created_at, updated_at) VALUES ('{id}', 'acc', '{provider}', \
             'ref-{id}', '{{\"form\":\"{form}\"}}', 'x', '{state}', 'merchant', 1, 1)"
        )
    };
    for sql in [
        intent("deposit", "cashweb", "cash_web_deposit", "succeeded"),
        intent("link", "hpay", "hpay_payment_link", "succeeded"),
        intent("payout", "hexai", "hexai_payout", "succeeded"),
        intent("capture", "hubcash", "hubcash_capture", "succeeded"),
    ] {
        sqlx::query(&sql).execute(&pool).await.expect("intent");
    }
    for id in ["deposit", "link", "payout", "capture"] {
        sqlx::query(
            "INSERT INTO payout_journal (intent_id, at, actor, event, to_state) \
             VALUES (?, 1, 'merchant', 'created', 'draft')",
        )
        .bind(id)
        .execute(&pool)
        .await
        .expect("journal line");
    }
    pool.close().await;
}

#[tokio::test]
async fn an_earlier_journal_survives_and_created_requests_await_payment() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("paydesk.sqlite3");
    earlier_file(&path).await;

    let store = Store::open(&path).await.expect("migrated");
    let state = |id: &'static str| {
        let store = store.clone();
        async move {
            store
                .payout_intent(id)
                .await
                .expect("read")
                .expect("kept")
                .state
        }
    };
    // Payouts and sale actions keep their state; created requests await payment again.
    assert_eq!(state("payout").await, PayoutState::Succeeded);
    assert_eq!(state("capture").await, PayoutState::Succeeded);
    assert_eq!(state("deposit").await, PayoutState::Accepted);
    assert_eq!(state("link").await, PayoutState::Accepted);

    // Every earlier line is kept, and the correction is written beside it.
    let deposit = store.payout_journal("deposit").await.expect("journal");
    assert_eq!(deposit.len(), 2, "{deposit:?}");
    assert_eq!(deposit[0].event, "created");
    assert_eq!(deposit[1].from_state, Some(PayoutState::Succeeded));
    assert_eq!(deposit[1].to_state, Some(PayoutState::Accepted));
    assert!(
        deposit[1].at.timestamp() > 1_700_000_000,
        "{:?}",
        deposit[1].at
    );
    assert_eq!(
        store.payout_journal("payout").await.expect("journal").len(),
        1
    );

    // The new final states can be written, the journal is still append-only and still
    // refers to intents that exist.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&path)
                .foreign_keys(true),
        )
        .await
        .expect("file");
    sqlx::query("UPDATE payout_intents SET state = 'expired' WHERE id = 'deposit'")
        .execute(&pool)
        .await
        .expect("expired is a state");
    sqlx::query("UPDATE payout_intents SET state = 'refunded' WHERE id = 'link'")
        .execute(&pool)
        .await
        .expect("refunded is a state");
    assert!(
        sqlx::query("UPDATE payout_intents SET state = 'paid' WHERE id = 'link'")
            .execute(&pool)
            .await
            .is_err(),
        "the CHECK still refuses a state Paydesk does not have"
    );
    assert!(
        sqlx::query("DELETE FROM payout_journal WHERE intent_id = 'payout'")
            .execute(&pool)
            .await
            .is_err(),
        "the journal stays append-only"
    );
    assert!(
        sqlx::query(
            "INSERT INTO payout_journal (intent_id, at, actor, event) \
             VALUES ('no-such-intent', 1, 'merchant', 'x')"
        )
        .execute(&pool)
        .await
        .is_err(),
        "a journal line needs its intent"
    );
    let orphans = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .expect("foreign key check");
    assert_eq!(orphans.len(), 0, "journal lines without their intent");
    assert_eq!(
        store
            .payout_intent("deposit")
            .await
            .expect("read")
            .map(|i| i.state),
        Some(PayoutState::Expired)
    );
}
