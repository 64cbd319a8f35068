//! Live and sandbox never mix. A merchant's first launch opens on the welcome screen with
//! nothing started; they connect a live Hexai account (here a local Hexai simulator that
//! accepts an `sk_live_` key) and then try the sandbox. Each mode's balances, totals, today's
//! figures, earnings and transaction list hold exactly that mode's accounts; a live payout is
//! sent only once the native confirmation says yes; settings persist; resetting the sandbox
//! leaves live data alone.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use paydesk_desk::views::{
    AccountForm, AccountInfo, AccountUpdates, CredentialInput, ExportRequest, Overview,
    PayoutDraft, PayoutForm, SortOrder, TransactionFilter,
};
use paydesk_desk::{Desk, Host, SANDBOX_DATABASE_FILE, ScriptedConfirmer, Settings};
use paydesk_domain::{ErrorCode, Mode, ProviderKind};
use paydesk_engine::InMemoryStore;
use paydesk_sandbox::all::{Sandbox, SandboxConfig};
use paydesk_sandbox::hexai;
use paydesk_store::PayoutState;

struct World {
    dir: tempfile::TempDir,
    secrets: Arc<InMemoryStore>,
    confirmer: Arc<ScriptedConfirmer>,
    /// The merchant's "live" provider: a Hexai simulator that accepts an `sk_live_` key.
    provider: Sandbox,
}

impl World {
    async fn new() -> World {
        let mut provider = SandboxConfig::demo(31);
        provider.history_size = Some(40);
        provider.hexai_live = true;
        World {
            dir: tempfile::tempdir().expect("temp dir"),
            secrets: Arc::new(InMemoryStore::new()),
            confirmer: Arc::new(ScriptedConfirmer::answering(false)),
            provider: Sandbox::start(provider)
                .await
                .expect("the live provider starts"),
        }
    }

    fn data(&self) -> &Path {
        self.dir.path()
    }

    async fn host(&self, start_in: Option<Mode>) -> Host {
        let mut sandbox = SandboxConfig::demo(32);
        sandbox.history_size = Some(60);
        let config = support::host_config(
            self.data(),
            Some(sandbox),
            self.secrets.clone(),
            self.confirmer.clone(),
            start_in,
        );
        Host::open(config).await.expect("the host opens")
    }

    fn live_hexai_form(&self, key: &str) -> AccountForm {
        AccountForm {
            provider: ProviderKind::Hexai,
            label: "Hexai Banjul (live)".into(),
            mode: None,
            base_url: Some(self.provider.hexai.api_base_url()),
            credentials: vec![CredentialInput {
                field: "secret_key".into(),
                value: key.into(),
            }],
            test_connection: true,
        }
    }
}

/// Every cached row's account, and how many rows there are.
async fn listed_accounts(desk: &Desk) -> (BTreeSet<String>, usize) {
    let rows = support::listed(desk, &TransactionFilter::default()).await;
    (rows.iter().map(|r| r.account.clone()).collect(), rows.len())
}

/// The mode and account columns of an export of everything the desk lists, through a save
/// dialog that picks `file`.
async fn exported(desk: &Desk, file: &Path) -> Vec<(String, String)> {
    let done = desk
        .export_csv(
            &ExportRequest {
                filter: TransactionFilter::default(),
                sort: SortOrder::Newest,
            },
            &support::FixedSaveTarget::choosing(file),
        )
        .await
        .expect("export")
        .expect("a file was chosen");
    let mut reader = csv::Reader::from_path(file).expect("the CSV reads");
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (mode, account) = (column("mode"), column("account"));
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("a row");
            (r[mode].to_owned(), r[account].to_owned())
        })
        .collect();
    assert_eq!(rows.len(), done.rows as usize);
    rows
}

fn currencies(overview: &Overview) -> BTreeSet<String> {
    overview
        .totals
        .iter()
        .map(|t| t.currency.clone())
        .chain(overview.today.iter().map(|f| f.currency.clone()))
        .collect()
}

async fn earnings_currencies(desk: &Desk) -> BTreeSet<String> {
    let earnings = support::daily_earnings(desk, 90).await;
    earnings
        .series
        .iter()
        .filter(|s| {
            s.points
                .iter()
                .any(|p| p.figures.in_count > 0 || p.figures.out_count > 0)
        })
        .map(|s| s.currency.clone())
        .collect()
}

async fn synced(host: &Host) -> (Desk, Overview) {
    let desk = host.desk().await.expect("a desk runs");
    desk.ready().await;
    desk.sync_now().await.expect("sync");
    let overview = desk.overview().await.expect("overview");
    (desk, overview)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_and_sandbox_never_mix() {
    let world = World::new().await;

    // First launch: the welcome screen, nothing started.
    let host = world.host(None).await;
    let info = host.info().await.expect("info");
    assert_eq!(info.mode, None, "the welcome screen is due");
    assert!(!info.has_live_account);
    assert!(host.desk().await.is_err(), "no desk runs before a choice");

    // "Connect my first account": LIVE, where a test key is refused.
    assert_eq!(
        host.switch(Mode::Live).await.expect("live").mode,
        Some(Mode::Live)
    );
    let live = host.desk().await.expect("live desk");
    let refused = live
        .add_account(&world.live_hexai_form(hexai::DEFAULT_TEST_KEY))
        .await
        .expect_err("a test key is not a live account");
    assert_eq!(refused.code, ErrorCode::InputInvalid);
    assert_eq!(refused.field.as_deref(), Some("mode"), "{refused:?}");
    let account = live
        .add_account(&world.live_hexai_form(hexai::SANDBOX_LIVE_KEY))
        .await
        .expect("the live account is added");
    assert_eq!(account.mode, Mode::Live);
    assert_eq!(
        account.updates,
        AccountUpdates::Polling,
        "live accounts are polled"
    );
    assert_eq!(
        account.webhook_url, None,
        "no loopback webhook URL for a live account"
    );

    let (live, live_overview) = synced(&host).await;
    assert!(!live_overview.sandbox);
    assert_eq!(live_overview.accounts.len(), 1);
    assert!(live_overview.accounts.iter().all(|a| a.mode == Mode::Live));
    let (live_rows_accounts, live_rows) = listed_accounts(&live).await;
    assert!(live_rows > 0, "the live account has history");
    assert_eq!(live_rows_accounts, BTreeSet::from([account.id.clone()]));
    assert_eq!(live_rows, live_overview.cached_transactions as usize);
    assert_eq!(
        currencies(&live_overview),
        BTreeSet::from(["GMD".to_owned()])
    );
    assert_eq!(
        live_overview.totals[0].available.amount,
        live_overview.accounts[0].balances[0].available.amount,
        "the live total is the live account's balance alone"
    );
    assert!(
        earnings_currencies(&live)
            .await
            .is_subset(&BTreeSet::from(["GMD".to_owned()]))
    );
    let csv = exported(&live, &world.data().join("live.csv")).await;
    assert_eq!(csv.len(), live_rows, "the live CSV holds every live row");
    assert!(
        csv.iter()
            .all(|(mode, a)| mode == "live" && *a == account.id),
        "only live rows, each marked live"
    );

    // A live payout is sent only on the native dialog's yes.
    let form = PayoutForm::Hexai {
        account: account.id.clone(),
        amount: "150.50".into(),
        recipient_mobile: "+2207654321".into(),
    };
    let draft = live.prepare_payout(&form).await.expect("draft");
    let declined = live
        .confirm_payout(&draft.id, Some("150.50"))
        .await
        .expect_err("declined in the dialog");
    assert_eq!(declined.code, ErrorCode::PayoutNotConfirmed);
    let unsent = live.payouts().await.expect("payouts");
    assert_eq!(unsent[0].send_count, 0, "nothing was sent");
    assert_eq!(unsent[0].state, PayoutState::Draft, "the draft is kept");
    world.confirmer.set_answer(true);
    live.confirm_payout(&draft.id, Some("150.50"))
        .await
        .expect("sent after the yes");
    let done = support::wait_for_terminal(&live, &draft.id).await;
    assert_eq!(done.state, PayoutState::Succeeded, "{done:?}");
    assert_eq!(done.send_count, 1);
    let asked = world.confirmer.asked();
    assert_eq!(asked.len(), 2, "asked once per confirmation so far");
    let lines = &asked[1].lines;
    let has = |label: &str, value: &str| lines.iter().any(|(l, v)| l == label && v.contains(value));
    assert!(has("Mode", "LIVE"), "{lines:?}");
    assert!(has("Account", "Hexai Banjul (live)"), "{lines:?}");
    assert!(has("Amount", "150.50") && has("Amount", "GMD"), "{lines:?}");
    assert!(has("Wave number", "+2207654321"), "{lines:?}");

    // A live payout whose dialog is still open when the merchant switches to SANDBOX is not
    // sent, even on a yes: the live desk has stopped.
    let pending = live.prepare_payout(&form).await.expect("another draft");

    // SANDBOX shows only the sandbox accounts, none of the live figures.
    assert_eq!(
        host.switch(Mode::Sandbox).await.expect("sandbox").mode,
        Some(Mode::Sandbox)
    );
    let late = live
        .confirm_payout(&pending.id, Some("150.50"))
        .await
        .expect_err("the stopped live desk sends nothing");
    assert_eq!(late.code, ErrorCode::PayoutNotConfirmed, "{late:?}");
    let (sandbox, sandbox_overview) = synced(&host).await;
    assert!(sandbox_overview.sandbox);
    assert_eq!(sandbox_overview.accounts.len(), ProviderKind::ALL.len());
    assert!(
        sandbox_overview
            .accounts
            .iter()
            .all(|a| a.mode == Mode::Sandbox)
    );
    let (sandbox_rows_accounts, sandbox_rows) = listed_accounts(&sandbox).await;
    assert!(
        !sandbox_rows_accounts.contains(&account.id),
        "no live row in sandbox"
    );
    assert_eq!(sandbox_rows, sandbox_overview.cached_transactions as usize);
    assert!(
        sandbox.payouts().await.expect("payouts").is_empty(),
        "no live payout in sandbox"
    );
    assert!(currencies(&sandbox_overview).len() > 1);
    let csv = exported(&sandbox, &world.data().join("sandbox.csv")).await;
    assert_eq!(
        csv.len(),
        sandbox_rows,
        "the sandbox CSV holds every sandbox row"
    );
    assert!(
        csv.iter()
            .all(|(mode, a)| mode == "sandbox" && *a != account.id),
        "only sandbox rows, each marked sandbox"
    );
    let sandbox_hexai = hexai_account(&sandbox).await;
    assert_eq!(sandbox_hexai.updates, AccountUpdates::Webhooks);
    assert!(sandbox_hexai.webhook_url.is_some());

    // Back to LIVE: the same live figures, nothing of the sandbox's.
    host.switch(Mode::Live).await.expect("live again");
    let (live, again) = synced(&host).await;
    assert_eq!(again.accounts.len(), 1);
    let (accounts_again, _) = listed_accounts(&live).await;
    assert_eq!(accounts_again, BTreeSet::from([account.id.clone()]));
    let late = live
        .payouts()
        .await
        .expect("payouts")
        .into_iter()
        .find(|p| p.id == pending.id)
        .expect("the late draft is listed");
    assert_eq!((late.state, late.send_count), (PayoutState::Draft, 0));

    // Resetting the sandbox deletes only the sandbox file.
    let cached_live = again.cached_transactions;
    host.reset_sandbox().await.expect("reset");
    assert!(!world.data().join(SANDBOX_DATABASE_FILE).exists());
    assert_eq!(
        live.overview().await.expect("overview").cached_transactions,
        cached_live,
        "live data untouched"
    );
    host.shutdown().await;

    // A plain relaunch with a live account opens LIVE.
    let host = world.host(None).await;
    let info = host.info().await.expect("info");
    assert_eq!(info.mode, Some(Mode::Live));
    assert!(info.has_live_account);
    host.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_persist_and_choose_the_launch_mode() {
    let world = World::new().await;
    let host = world.host(Some(Mode::Live)).await;
    assert_eq!(
        host.settings().await.expect("settings"),
        Settings::default()
    );
    let out_of_range = [
        (
            Settings {
                sync_interval_minutes: 0,
                ..Settings::default()
            },
            "syncIntervalMinutes",
        ),
        (
            Settings {
                stale_after_minutes: 20_000,
                ..Settings::default()
            },
            "staleAfterMinutes",
        ),
    ];
    for (settings, field) in out_of_range {
        let refused = host
            .save_settings(settings)
            .await
            .expect_err("out of range");
        assert_eq!(refused.field.as_deref(), Some(field));
    }
    let chosen = Settings {
        default_mode: Mode::Sandbox,
        sync_interval_minutes: 30,
        stale_after_minutes: 60,
        language: Some(paydesk_desk::Language::PtBr),
    };
    host.save_settings(chosen).await.expect("saved");
    host.desk()
        .await
        .expect("desk")
        .add_account(&world.live_hexai_form(hexai::SANDBOX_LIVE_KEY))
        .await
        .expect("live account");
    host.shutdown().await;

    let host = world.host(None).await;
    assert_eq!(
        host.settings().await.expect("settings"),
        chosen,
        "every setting, the language too, is kept across launches"
    );
    assert_eq!(
        host.info().await.expect("info").mode,
        Some(Mode::Sandbox),
        "the default mode at launch is the one chosen"
    );
    host.shutdown().await;
}

/// The desk's (sandbox) Hexai account.
async fn hexai_account(desk: &Desk) -> AccountInfo {
    desk.accounts()
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.provider == ProviderKind::Hexai)
        .expect("a sandbox Hexai account")
}

/// A Hexai payout draft of `amount` GMD to the test's Wave number.
async fn hexai_draft(desk: &Desk, account: &str, amount: &str) -> PayoutDraft {
    desk.prepare_payout(&PayoutForm::Hexai {
        account: account.to_owned(),
        amount: amount.into(),
        recipient_mobile: "+2207654321".into(),
    })
    .await
    .expect("a Hexai draft")
}

/// An earlier Paydesk's sandbox-only `paydesk.sqlite3`: the simulators' accounts, their history
/// and a payout whose outcome was never known.
async fn earlier_sandbox_only_file(world: &World) -> (String, usize) {
    let file = paydesk_store::Store::open(world.data().join(paydesk_desk::DATABASE_FILE))
        .await
        .expect("the old file");
    let mut sandbox = SandboxConfig::demo(33);
    sandbox.history_size = Some(30);
    let (mut old, _) = support::desk_config(world.data(), Some(sandbox), world.secrets.clone());
    old.store = Some(file.clone());
    let old = Desk::start(old).await.expect("the old desk");
    old.sync_now().await.expect("sync");
    let (_, rows) = listed_accounts(&old).await;
    let hexai = hexai_account(&old).await;
    let draft = hexai_draft(&old, &hexai.id, "10.00").await;
    old.shutdown().await;
    file.transition_payout(
        &draft.id,
        &[PayoutState::Draft],
        None,
        None,
        PayoutState::Unknown,
        &paydesk_store::IntentUpdate::default(),
        &paydesk_store::NewJournalEntry {
            actor: "paydesk".into(),
            event: "timeout".into(),
            ..Default::default()
        },
    )
    .await
    .expect("transition")
    .expect("the draft became unknown");
    file.close().await;
    (draft.id, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_earlier_sandbox_only_file_becomes_the_sandbox_file() {
    let world = World::new().await;
    let (payout, rows) = earlier_sandbox_only_file(&world).await;

    // A plain launch: no live account, so the welcome screen, and LIVE starts empty.
    let host = world.host(None).await;
    assert_eq!(host.info().await.expect("info").mode, None);
    host.switch(Mode::Live).await.expect("live");
    let live = host.desk().await.expect("live desk");
    live.ready().await;
    let overview = live.overview().await.expect("overview");
    assert!(overview.accounts.is_empty(), "{:?}", overview.problems);
    assert_eq!(overview.cached_transactions, 0, "no simulated row in LIVE");
    assert!(live.payouts().await.expect("payouts").is_empty());
    assert!(overview.payouts_ready);

    // SANDBOX (offline) holds the earlier history and its payout, still needing attention.
    host.switch(Mode::Sandbox).await.expect("sandbox");
    let sandbox = host.desk().await.expect("sandbox desk");
    let (_, sandbox_rows) = listed_accounts(&sandbox).await;
    assert_eq!(
        sandbox_rows, rows,
        "the earlier history moved with the file"
    );
    let kept = sandbox.payouts().await.expect("payouts");
    assert!(
        kept.iter().any(|p| p.id == payout),
        "the earlier payout moved with the file"
    );
    host.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mixed_earlier_file_keeps_only_its_live_accounts_in_live() {
    let world = World::new().await;
    earlier_sandbox_only_file(&world).await;
    // The earlier version also let a live account in beside the sandbox ones (a LIVE desk on
    // that file, which removes the sandbox accounts as it opens; their payout stays).
    let file = paydesk_store::Store::open(world.data().join(paydesk_desk::DATABASE_FILE))
        .await
        .expect("the old file");
    let (mut old, _) = support::desk_config(world.data(), None, world.secrets.clone());
    old.store = Some(file.clone());
    old.mode = Mode::Live;
    let old = Desk::start(old).await.expect("a live desk on the old file");
    let live_account = old
        .add_account(&world.live_hexai_form(hexai::SANDBOX_LIVE_KEY))
        .await
        .expect("a live account");
    old.shutdown().await;
    file.close().await;

    let host = world.host(None).await;
    assert_eq!(host.info().await.expect("info").mode, Some(Mode::Live));
    let (live, overview) = synced(&host).await;
    assert_eq!(
        overview
            .accounts
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>(),
        vec![live_account.id.clone()],
        "only the live account is left"
    );
    let (accounts, _) = listed_accounts(&live).await;
    assert_eq!(accounts, BTreeSet::from([live_account.id.clone()]));
    assert!(
        overview.payouts_ready,
        "the sandbox payout does not hold live payouts back"
    );
    let sent = hexai_draft(&live, &live_account.id, "20.00").await;
    world.confirmer.set_answer(true);
    live.confirm_payout(&sent.id, Some("20.00"))
        .await
        .expect("a live payout goes ahead");
    host.shutdown().await;
}
