//! hgcash: HG.Cash has no history endpoint, so its history is what its signed webhooks push
//! (to the app's receiver, into the store) plus the sync's re-read of open cash-outs by
//! `GET /transaction/{id}/status`. Here the simulator answers in its documented-only profile
//! (the seed's lower-case words `processing`/`done`/`failed`, status answers `{id, status}`,
//! webhooks without the reference's optional fields) and some cash-outs show the unknown word
//! `on_hold` while not final: the cache equals the simulator's records, count and exact
//! amounts; `done`/`failed` are cached as succeeded/failed (by the re-read and by the
//! webhooks); the held ones are cached as unknown with the word kept.

use std::sync::Arc;

use chrono::Duration;
use paydesk_domain::{
    BankDestination, Currency, Mode, Money, PayoutRequest, ProviderKind, Secret, TransactionStatus,
};
use paydesk_engine::sync::{StoreDeliverySink, no_progress, sync_account};
use paydesk_engine::webhooks::{Receiver, ReceiverSettings, WebhookRoute};
use paydesk_providers::PayoutSink;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_sandbox::Clock;
use paydesk_sandbox::hgcash::{self, ForcedOutcome, RequestStatus};
use paydesk_sandbox::variance::{UNKNOWN_STATUS_WORD, UnknownStatus, Variance};

use super::sync_support::*;

/// Generated movements pushed as history before the cash-outs.
const HISTORY: usize = 40;

/// What a status word must be cached as, written out here rather than taken from the client.
fn expected_status(word: &str) -> TransactionStatus {
    match word {
        "processing" => TransactionStatus::Processing,
        "done" => TransactionStatus::Succeeded,
        "failed" => TransactionStatus::Failed,
        // Account movements: booked money, whatever their free-text word (`hecha`).
        "hecha" => TransactionStatus::Succeeded,
        w if w == UNKNOWN_STATUS_WORD => TransactionStatus::Unknown,
        other => panic!("the documented-only simulator spoke '{other}'"),
    }
}

fn cash_out(n: usize, amount: &str) -> PayoutRequest {
    PayoutRequest::HgCashCashOut {
        account: account_id("hgcash-direct"),
        source_account_id: hgcash::SANDBOX_ACCOUNT_ID.into(),
        amount: Money::parse(amount, Currency::from_code("ARS").expect("ARS")).expect("amount"),
        destination: BankDestination::Cbu("1100015400000000000021".into()),
        check_digits_overridden: false,
        from_name: None,
        to_name: Some("María García".into()),
        to_cuit: None,
        concept: Some(format!("Documented-only cash-out {n}")),
        external_id: format!("PD-HG-DOC-{n}"),
    }
}

/// Pins the next cash-out's outcome to a failure without a reason (the seed's `failed`).
fn fail_next(sim: &hgcash::Simulator) {
    let mut knobs = sim.knobs();
    knobs.force_status = Some(ForcedOutcome {
        status: RequestStatus::Error,
        error_code: None,
        error_message: None,
    });
    sim.set_knobs(knobs);
}

#[tokio::test]
async fn hgcash_documented_only_history_equals_the_simulator() {
    let clock = Clock::manual(t0());
    let variance = Variance {
        documented_only: true,
        unknown_status: Some(UnknownStatus::default()),
        ..Default::default()
    };
    let sim = start_hgcash_with(&clock, HISTORY, variance).await;

    // The app's webhook receiver records the account's verified deliveries in the store.
    let (store, _dir) = temp_store().await;
    let account = account_id("hgcash-documented");
    add_account(&store, &account, ProviderKind::HgCash).await;
    let receiver = Arc::new(Receiver::new(
        ReceiverSettings::default(),
        Arc::new(StoreDeliverySink::new(store.clone())),
    ));
    assert!(receiver.add(
        WebhookRoute {
            account: account.clone(),
            provider: ProviderKind::HgCash,
            secret: Secret::new(hgcash::SANDBOX_SIGNING_SECRET),
        },
        Mode::Sandbox,
    ));
    let running = receiver.serve().await.expect("receiver listens");
    sim.sim
        .set_webhook_url(hgcash::SANDBOX_TOKEN, Some(running.url_for(&account)))
        .expect("url set");

    // History and a cash-in, pushed as movements.
    assert_eq!(sim.sim.emit_history(0..HISTORY), HISTORY);
    sim.sim
        .random_cash_in(hgcash::SANDBOX_ACCOUNT_ID)
        .expect("cash-in");
    while sim.sim.deliver_webhooks().await > 0 {}

    // Batch A at t0: six cash-outs, the 2nd and 5th failing; the 1st and 4th (creation
    // order 0 and 3) show the unknown word while not final.
    let direct = HgCashClient::new(
        &sim.base_url,
        Secret::new(hgcash::SANDBOX_TOKEN),
        account_id("hgcash-direct"),
        http(3),
    )
    .expect("client");
    let mut batch_a = Vec::new();
    for n in 0..6 {
        if n == 1 || n == 4 {
            fail_next(&sim.sim);
        }
        let receipt = direct
            .send(&cash_out(n, &format!("{}.25", 1500 + 10 * n)))
            .await
            .expect("cash-out");
        assert_eq!(
            receipt.status,
            if n % 3 == 0 {
                TransactionStatus::Unknown
            } else {
                TransactionStatus::Processing
            },
            "cash-out {n}: {}",
            receipt.provider_status
        );
        batch_a.push(receipt.provider_id);
    }
    // t0+2 s: batch A is processing (HG.Cash notifies it; PENDING is not notified, U7).
    clock.advance(Duration::seconds(2));
    while sim.sim.deliver_webhooks().await > 0 {}
    // Batch B at t0+2 s: three more, the first (creation order 6) held.
    let mut batch_b = Vec::new();
    for n in 6..9 {
        let receipt = direct
            .send(&cash_out(n, &format!("{}.50", 700 + n)))
            .await
            .expect("cash-out");
        batch_b.push(receipt.provider_id);
    }
    clock.advance(Duration::seconds(2));
    while sim.sim.deliver_webhooks().await > 0 {}

    // t0+5 s: batch A has finished at HG.Cash, and its webhooks have not arrived yet: only
    // the sync's re-read can tell.
    clock.advance(Duration::seconds(1));
    let client = client(&account, &sim.base_url, &hgcash_credentials(), &clock, 3);
    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("sync");
    let reread = stored_rows(&store, &account).await;
    for (n, id) in batch_a.iter().enumerate() {
        let (word, status) = match n {
            1 | 4 => ("failed", TransactionStatus::Failed),
            // Cash-outs cached as unknown are left to their webhooks here.
            0 | 3 => continue,
            _ => ("done", TransactionStatus::Succeeded),
        };
        assert_eq!(reread[id].0, word, "cash-out {n}");
        let row = store
            .get_transaction(&account, id)
            .await
            .expect("read")
            .expect("stored");
        assert_eq!(row.transaction.status, status, "cash-out {n}");
    }

    // Every webhook delivered: the cache equals what HG.Cash pushed, word for word.
    while sim.sim.deliver_webhooks().await > 0 {}
    let expected = hgcash_shown_rows(&sim.sim, HISTORY);
    let rows = stored_rows(&store, &account).await;
    // 40 history movements, 1 cash-in, 9 cash-outs, 4 outbound movements of the done ones.
    assert_eq!(expected.len(), HISTORY + 1 + 9 + 4);
    assert_eq!(rows, expected);
    let cached = stored(&store, &account).await;
    assert_eq!(cached.len(), expected.len());
    for t in &cached {
        assert_eq!(
            t.status,
            expected_status(&t.provider_status),
            "{} '{}'",
            t.provider_id,
            t.provider_status
        );
    }
    // The held cash-out of batch B is cached as unknown, the provider's word kept; the
    // others of batch B are processing; batch A ended done or failed.
    let status_of = |id: &str| {
        cached
            .iter()
            .find(|t| t.provider_id == id)
            .map(|t| (t.status, t.provider_status.clone()))
            .expect("cached")
    };
    assert_eq!(
        status_of(&batch_b[0]),
        (TransactionStatus::Unknown, UNKNOWN_STATUS_WORD.to_owned())
    );
    for id in &batch_b[1..] {
        assert_eq!(
            status_of(id),
            (TransactionStatus::Processing, "processing".to_owned())
        );
    }
    for (n, id) in batch_a.iter().enumerate() {
        let want = if n == 1 || n == 4 {
            (TransactionStatus::Failed, "failed".to_owned())
        } else {
            (TransactionStatus::Succeeded, "done".to_owned())
        };
        assert_eq!(status_of(id), want, "cash-out {n}");
    }
    running.stop().await;
}
