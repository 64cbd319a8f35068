//! A fault in the middle of a sync (a 5xx, a timeout, a dropped connection, from the
//! simulators' fault rules) stops it with its error saved; the next run resumes from the last
//! committed batch and ends with exactly the rows of an uninterrupted sync.

mod sync_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use paydesk_domain::ProviderKind;
use paydesk_engine::credentials::Credentials;
use paydesk_engine::sync::{ProgressFn, no_progress, sync_account};
use paydesk_sandbox::faults::{AfterCommit, FaultAction, FaultRule, Faults, Trigger};
use paydesk_sandbox::{Clock, cashweb, hexai, hpay, hubcash};
use sync_support::*;

enum Sim {
    Hexai(hexai::Running),
    Hpay(hpay::Running),
    CashWeb(cashweb::Running),
    Hubcash(hubcash::Running),
}

impl Sim {
    async fn start(kind: ProviderKind, clock: &Clock) -> Sim {
        match kind {
            ProviderKind::Hexai => Sim::Hexai(start_hexai(clock, 420).await),
            ProviderKind::Hpay => Sim::Hpay(start_hpay(clock, 260).await),
            ProviderKind::CashWeb => Sim::CashWeb(start_cashweb(clock, 380).await),
            ProviderKind::Hubcash => Sim::Hubcash(start_hubcash(clock, 300).await),
            ProviderKind::HgCash => unreachable!("HG.Cash has no history walk"),
        }
    }

    fn faults(&self) -> Faults {
        match self {
            Sim::Hexai(r) => r.sim.faults().clone(),
            Sim::Hpay(r) => r.sim.faults().clone(),
            Sim::CashWeb(r) => r.sim.faults().clone(),
            Sim::Hubcash(r) => r.sim.faults().clone(),
        }
    }

    fn base_url(&self) -> String {
        match self {
            Sim::Hexai(r) => r.api_base_url(),
            Sim::Hpay(r) => r.base_url.clone(),
            Sim::CashWeb(r) => r.base_url.clone(),
            Sim::Hubcash(r) => r.base_url.clone(),
        }
    }

    fn credentials(&self) -> Credentials {
        match self {
            Sim::Hexai(_) => hexai_credentials(),
            Sim::Hpay(_) => hpay_credentials(),
            Sim::CashWeb(_) => cashweb_credentials(),
            Sim::Hubcash(_) => hubcash_credentials(),
        }
    }

    fn rows(&self) -> Rows {
        match self {
            Sim::Hexai(r) => hexai_rows(&r.sim),
            Sim::Hpay(r) => hpay_rows(&r.sim),
            Sim::CashWeb(r) => cashweb_rows(&r.sim),
            Sim::Hubcash(r) => hubcash_rows(&r.sim),
        }
    }
}

/// Syncs `kind` once with `action` injected after the third committed batch (no retries, so
/// the fault stops the sync), resumes, and compares with an uninterrupted sync.
async fn interrupted_then_resumed(kind: ProviderKind, action: FaultAction) {
    let clock = Clock::manual(t0());
    let sim = Sim::start(kind, &clock).await;
    sim.faults().set_hang_limit(StdDuration::from_secs(4));
    let account = account_id("interrupted");
    let (store, _dir) = temp_store().await;
    add_account(&store, &account, kind).await;
    let client = client(&account, &sim.base_url(), &sim.credentials(), &clock, 1);

    let faults = sim.faults();
    let armed = Arc::new(AtomicBool::new(false));
    let arm = armed.clone();
    let inject: ProgressFn = Arc::new(move |event| {
        if event.done >= 100 && !arm.swap(true, Ordering::SeqCst) {
            faults.add(FaultRule::everywhere(action.clone(), Trigger::Next(1)));
        }
    });
    let failed = sync_account(&store, &account, &client, &options(&clock), &inject).await;
    let error = failed.expect_err("the fault stops the sync");
    assert!(armed.load(Ordering::SeqCst));
    let state = store
        .sync_state(&account)
        .await
        .expect("state")
        .expect("kept");
    assert_eq!(state.last_error.as_deref(), Some(error.message.as_str()));
    assert!(state.cursor.is_some(), "the resume point is kept");
    let partial = stored_rows(&store, &account).await;
    assert!(!partial.is_empty() && partial.len() < sim.rows().len());

    sync_account(&store, &account, &client, &options(&clock), &no_progress())
        .await
        .expect("the resumed sync completes");
    let resumed = stored_rows(&store, &account).await;
    let state = store
        .sync_state(&account)
        .await
        .expect("state")
        .expect("kept");
    assert_eq!(state.last_error, None);
    assert_eq!(state.cursor, None);

    // The same simulator synced without a fault, into another file.
    let (clean_store, _clean_dir) = temp_store().await;
    add_account(&clean_store, &account, kind).await;
    sync_account(
        &clean_store,
        &account,
        &client,
        &options(&clock),
        &no_progress(),
    )
    .await
    .expect("clean sync");
    let clean = stored_rows(&clean_store, &account).await;
    assert_eq!(resumed, clean);
    assert_eq!(resumed, sim.rows());
    assert_eq!(
        store.transaction_count().await.expect("count"),
        sim.rows().len() as u64
    );
    store.check_integrity().await.expect("intact");
}

fn server_error() -> FaultAction {
    FaultAction::Status {
        status: 503,
        code: "UNAVAILABLE".into(),
        message: "down for maintenance".into(),
    }
}

#[tokio::test]
async fn hexai_resumes_after_a_server_error() {
    interrupted_then_resumed(ProviderKind::Hexai, server_error()).await;
}

#[tokio::test]
async fn hexai_resumes_after_a_timeout() {
    interrupted_then_resumed(ProviderKind::Hexai, FaultAction::Hang).await;
}

#[tokio::test]
async fn hexai_resumes_after_a_dropped_connection() {
    interrupted_then_resumed(
        ProviderKind::Hexai,
        FaultAction::AfterCommit(AfterCommit::Drop),
    )
    .await;
}

#[tokio::test]
async fn hpay_resumes_after_a_server_error() {
    interrupted_then_resumed(ProviderKind::Hpay, server_error()).await;
}

#[tokio::test]
async fn cashweb_resumes_after_a_dropped_connection() {
    interrupted_then_resumed(
        ProviderKind::CashWeb,
        FaultAction::AfterCommit(AfterCommit::Drop),
    )
    .await;
}

#[tokio::test]
async fn cashweb_resumes_after_a_timeout() {
    interrupted_then_resumed(ProviderKind::CashWeb, FaultAction::Hang).await;
}

#[tokio::test]
async fn hubcash_resumes_after_a_server_error() {
    interrupted_then_resumed(ProviderKind::Hubcash, server_error()).await;
}
