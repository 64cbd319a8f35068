//! A whole sandbox session through the desk, the way the UI drives it: start on the embedded
//! simulators, sync, browse, search, open a detail, export, add an account (and fail to add
//! one with bad credentials), make payouts (success, provider refusal, a mistyped
//! confirmation, a form refused before sending), then stop. Every reply is serialized as the
//! IPC layer would send it. At the end the SQLite files, the log files, every reply and every
//! event are scanned for each sandbox credential: none may appear.
//!
//! The session runs twice: at the default log level, and again in a child process of this
//! test binary with `PAYDESK_LOG` at debug for every crate and trace for the HTTP stack (the
//! log setup is once per process), whose logs hold no credential either.

mod support;

use std::path::Path;
use std::process::Command;

use paydesk_desk::views::{
    AccountForm, CredentialInput, ExportRequest, PageRequest, PayoutForm, SortOrder,
    TransactionFilter,
};
use paydesk_desk::{DATABASE_FILE, Emitted, SANDBOX_DATABASE_FILE};
use paydesk_domain::{ErrorCode, Mode, ProviderKind};
use paydesk_sandbox::{cashweb, hexai, hgcash, hpay, hubcash};
use paydesk_store::PayoutState;
use serde::Serialize;
use support::{FixedSaveTarget, start_desk, wait_for_terminal};

/// Every credential the sandbox session handles.
fn secrets() -> Vec<&'static str> {
    vec![
        hexai::DEFAULT_TEST_KEY,
        hexai::DEFAULT_WEBHOOK_SECRET,
        hgcash::SANDBOX_TOKEN,
        hgcash::SANDBOX_SIGNING_SECRET,
        hpay::TEST_API_KEY,
        hpay::TEST_PUBLIC_KEY,
        hpay::TEST_SECRET_KEY,
        cashweb::SANDBOX_API_KEY,
        cashweb::SANDBOX_WEBHOOK_SECRET,
        hubcash::SANDBOX_CODE,
        hubcash::SANDBOX_TOKEN,
    ]
}

/// The log filter of the second run: every crate (Paydesk's own among them) at debug, the
/// HTTP client and its connections at trace.
const DEBUG_FILTER: &str = "debug,reqwest=trace,hyper=trace,hyper_util=trace";

/// The session test, which the debug run starts again in a child process.
const SESSION_TEST: &str = "a_sandbox_session_works_and_leaks_no_secret";

/// What the UI received, as JSON text.
#[derive(Default)]
struct Replies(Vec<String>);

impl Replies {
    fn keep<T: Serialize>(&mut self, reply: &T) {
        self.0
            .push(serde_json::to_string(reply).expect("a reply serializes"));
    }
}

fn occurrences(haystack: &[u8], needle: &str) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_session_works_and_leaks_no_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let log_guard = paydesk_desk::logging::init(&data.join("logs")).expect("logging");
    let (desk, events) = start_desk(&data, 11).await;
    let mut replies = Replies::default();

    // First launch: five sandbox accounts, no problem.
    let overview = desk.overview().await.expect("overview");
    replies.keep(&overview);
    assert_eq!(
        overview.accounts.len(),
        5,
        "one sandbox account per provider"
    );
    assert!(overview.problems.is_empty(), "{:?}", overview.problems);
    assert!(overview.sandbox);

    // Sync fills the cache and the balances.
    desk.sync_now().await.expect("sync");
    let overview = desk.overview().await.expect("overview");
    replies.keep(&overview);
    for card in &overview.accounts {
        assert_eq!(card.sync.error, None, "{} synced", card.label);
        assert!(
            card.sync.last_sync.is_some(),
            "{} has a sync time",
            card.label
        );
        assert_eq!(
            !card.balances.is_empty(),
            card.has_balance_endpoint,
            "{} shows balances exactly when its provider has them",
            card.label
        );
    }
    assert!(overview.cached_transactions > 100, "history cached");
    assert!(!overview.offline);
    let finished: Vec<_> = events
        .events()
        .into_iter()
        .filter(|e| matches!(e, Emitted::Sync(s) if s.finished))
        .collect();
    assert!(
        finished.len() >= 5,
        "each account's sync ends with an event"
    );

    // The earnings chart: a 7-day daily series per currency, every day present.
    let earnings = support::daily_earnings(&desk, 7).await;
    replies.keep(&earnings);
    assert!(earnings.series.iter().all(|s| s.points.len() == 7));

    // Browse: every page by keyset covers the list exactly once.
    let mut seen = std::collections::HashSet::new();
    let mut after = None;
    loop {
        let page = desk
            .transactions(&PageRequest {
                filter: TransactionFilter::default(),
                sort: SortOrder::Newest,
                after: after.clone(),
                limit: 50,
            })
            .await
            .expect("page");
        replies.keep(&page);
        for row in &page.rows {
            assert!(
                seen.insert((row.account.clone(), row.provider_id.clone())),
                "a row appeared twice"
            );
        }
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len() as u32, overview.cached_transactions);

    // Filter by provider and status, search a reference, open its detail.
    let hexai_failed = desk
        .transactions(&PageRequest {
            filter: TransactionFilter {
                providers: vec![ProviderKind::Hexai],
                ..TransactionFilter::default()
            },
            limit: 500,
            ..PageRequest::default()
        })
        .await
        .expect("filtered");
    replies.keep(&hexai_failed);
    assert!(!hexai_failed.rows.is_empty());
    assert!(
        hexai_failed
            .rows
            .iter()
            .all(|r| r.provider == ProviderKind::Hexai)
    );
    let with_reference = hexai_failed
        .rows
        .iter()
        .find(|r| r.reference.is_some())
        .expect("a Hexai row with a reference");
    let reference = with_reference.reference.clone().expect("reference");
    let found = desk
        .transactions(&PageRequest {
            filter: TransactionFilter {
                search: Some(reference.clone()),
                ..TransactionFilter::default()
            },
            limit: 50,
            ..PageRequest::default()
        })
        .await
        .expect("search");
    replies.keep(&found);
    assert!(
        found
            .rows
            .iter()
            .any(|r| r.reference.as_deref() == Some(reference.as_str()))
    );
    let detail = desk
        .transaction_detail(&with_reference.account, &with_reference.provider_id)
        .await
        .expect("detail");
    replies.keep(&detail);
    assert_eq!(detail.row, *with_reference);
    assert!(
        detail.raw.contains(&with_reference.provider_id),
        "raw record kept"
    );

    // Export the Hexai rows: the file has a header and exactly those rows.
    let csv_path = dir.path().join("hexai.csv");
    let exported = desk
        .export_csv(
            &ExportRequest {
                filter: TransactionFilter {
                    providers: vec![ProviderKind::Hexai],
                    ..TransactionFilter::default()
                },
                sort: SortOrder::Newest,
            },
            &FixedSaveTarget::choosing(&csv_path),
        )
        .await
        .expect("export")
        .expect("a file chosen");
    replies.keep(&exported);
    let mut reader = csv::Reader::from_path(&csv_path).expect("csv");
    assert_eq!(reader.records().count(), hexai_failed.rows.len());
    assert_eq!(exported.rows as usize, hexai_failed.rows.len());

    // A second Hexai account with the simulator's key: tested, then kept.
    let hexai_url = desk
        .accounts()
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.provider == ProviderKind::Hexai)
        .and_then(|a| a.base_url)
        .expect("Hexai URL");
    let added = desk
        .add_account(&AccountForm {
            provider: ProviderKind::Hexai,
            label: "Hexai second".into(),
            mode: Some(Mode::Sandbox),
            base_url: Some(hexai_url.clone()),
            credentials: vec![
                CredentialInput {
                    field: "secret_key".into(),
                    value: hexai::DEFAULT_TEST_KEY.into(),
                },
                CredentialInput {
                    field: "webhook_secret".into(),
                    value: hexai::DEFAULT_WEBHOOK_SECRET.into(),
                },
            ],
            test_connection: true,
        })
        .await
        .expect("added");
    replies.keep(&added);
    assert!(added.credentials.iter().all(|c| c.configured));
    assert!(added.webhook_url.is_some(), "the receiver serves it");
    // A key the provider refuses: a clear error, nothing stored.
    let refused = desk
        .add_account(&AccountForm {
            provider: ProviderKind::Hexai,
            label: "Hexai wrong".into(),
            mode: Some(Mode::Sandbox),
            base_url: Some(hexai_url),
            credentials: vec![CredentialInput {
                field: "secret_key".into(),
                value: "sk_test_not0the0right0key0000000000000000".into(),
            }],
            test_connection: true,
        })
        .await
        .expect_err("refused");
    replies.keep(&refused);
    assert_eq!(refused.code, ErrorCode::ProviderUnauthorized);
    let accounts = desk.accounts().await.expect("accounts");
    replies.keep(&accounts);
    assert_eq!(accounts.len(), 6);

    // A Hexai payout: a mistyped confirmation sends nothing; the right one succeeds.
    let hexai_account = overview
        .accounts
        .iter()
        .find(|a| a.provider == ProviderKind::Hexai)
        .expect("Hexai card")
        .id
        .clone();
    let options = desk.payout_options().await.expect("options");
    replies.keep(&options);
    let form = PayoutForm::Hexai {
        account: hexai_account.clone(),
        amount: "150.50".into(),
        recipient_mobile: "+2207654321".into(),
    };
    let draft = desk.prepare_payout(&form).await.expect("draft");
    replies.keep(&draft);
    assert!(
        draft
            .lines
            .iter()
            .any(|(k, v)| k == "Wave number" && v == "+2207654321")
    );
    let mistyped = desk
        .confirm_payout(&draft.id, Some("105.50"))
        .await
        .expect_err("mistyped");
    replies.keep(&mistyped);
    assert_eq!(mistyped.field.as_deref(), Some("typedAmount"));
    let before = desk.payouts().await.expect("payouts");
    assert_eq!(
        before
            .iter()
            .find(|p| p.id == draft.id)
            .map(|p| p.send_count),
        Some(0),
        "nothing was sent"
    );
    let sent = desk
        .confirm_payout(&draft.id, Some("150.5"))
        .await
        .expect("sent");
    replies.keep(&sent);
    let done = wait_for_terminal(&desk, &draft.id).await;
    replies.keep(&done);
    assert_eq!(done.state, PayoutState::Succeeded, "{done:?}");
    assert_eq!(done.send_count, 1);

    // The magic amount for insufficient funds: failed, with the provider's reason.
    let draft = desk
        .prepare_payout(&PayoutForm::Hexai {
            account: hexai_account,
            amount: "400.00".into(),
            recipient_mobile: "+2207654321".into(),
        })
        .await
        .expect("draft");
    replies.keep(&draft);
    let sent = desk
        .confirm_payout(&draft.id, Some("400.00"))
        .await
        .expect("sent");
    replies.keep(&sent);
    let failed = wait_for_terminal(&desk, &draft.id).await;
    replies.keep(&failed);
    assert_eq!(failed.state, PayoutState::Failed);
    let reason = failed.reason.clone().unwrap_or_default().to_lowercase();
    assert!(reason.contains("insufficient"), "reason: {reason}");
    let journal = desk.payout_journal(&draft.id).await.expect("journal");
    replies.keep(&journal);
    assert!(
        journal.iter().any(|l| l.answer.is_some()),
        "the answer is journaled"
    );

    // An HG.Cash cash-out to an invalid CBU is refused before anything is written or sent.
    let hgcash_account = options
        .accounts
        .iter()
        .find(|a| a.provider == ProviderKind::HgCash)
        .expect("HG.Cash option");
    let source = hgcash_account
        .sources
        .first()
        .expect("an HG.Cash source account");
    let count_before = desk.payouts().await.expect("payouts").len();
    let bad_cbu = desk
        .prepare_payout(&PayoutForm::HgCash {
            account: hgcash_account.id.clone(),
            source_account_id: source.id.clone(),
            amount: "100.00".into(),
            to_cbu: Some("123".into()),
            to_cvu: None,
            to_name: None,
            to_cuit: None,
            concept: None,
            send_anyway: false,
        })
        .await
        .expect_err("bad CBU");
    replies.keep(&bad_cbu);
    assert_eq!(bad_cbu.code, ErrorCode::InputInvalid);
    assert_eq!(desk.payouts().await.expect("payouts").len(), count_before);

    // Stop, flush the logs, then scan everything the session left.
    desk.shutdown().await;
    drop(log_guard);
    let events_text: Vec<String> = events
        .events()
        .iter()
        .map(|e| match e {
            Emitted::Sync(s) => serde_json::to_string(s),
            Emitted::Payout(p) => serde_json::to_string(p),
            Emitted::Export(x) => serde_json::to_string(x),
        })
        .collect::<Result<_, _>>()
        .expect("events serialize");
    assert!(
        events_text.iter().any(|e| e.contains("\"terminal\":true")),
        "terminal payout events were emitted"
    );
    let mut scanned = Vec::new();
    let databases = [DATABASE_FILE, SANDBOX_DATABASE_FILE];
    for name in databases
        .iter()
        .flat_map(|db| [db.to_string(), format!("{db}-wal"), format!("{db}-shm")])
    {
        let path = data.join(name);
        if path.exists() {
            scanned.push((
                path.display().to_string(),
                std::fs::read(&path).expect("read"),
            ));
        }
    }
    let logs = files_under(&data.join("logs"));
    assert!(!logs.is_empty(), "the session wrote logs");
    let mut log_text = String::new();
    for log in logs {
        let bytes = std::fs::read(&log).expect("read");
        log_text.push_str(&String::from_utf8_lossy(&bytes));
        scanned.push((log.display().to_string(), bytes));
    }
    if std::env::var("PAYDESK_LOG").as_deref() == Ok(DEBUG_FILTER) {
        // The debug run really logged at debug and trace, so its scan covers those lines.
        assert!(
            log_text.contains(" DEBUG paydesk_providers"),
            "Paydesk's debug lines are in the logs"
        );
        assert!(
            log_text.len() < 40 * 1024 * 1024,
            "no log file was deleted for size, so the scan saw every line"
        );
        assert!(
            log_text
                .lines()
                .any(|l| l.contains(" TRACE ") && (l.contains(" hyper") || l.contains(" reqwest"))),
            "the HTTP stack's trace lines are in the logs"
        );
    }
    for (i, reply) in replies.0.iter().enumerate() {
        scanned.push((format!("reply {i}"), reply.clone().into_bytes()));
    }
    for (i, event) in events_text.iter().enumerate() {
        scanned.push((format!("event {i}"), event.clone().into_bytes()));
    }
    let mut leaks = Vec::new();
    for secret in secrets() {
        for (what, bytes) in &scanned {
            let n = occurrences(bytes, secret);
            if n > 0 {
                leaks.push(format!("{n} x a credential in {what}"));
            }
        }
    }
    println!(
        "secret scan: {} sources ({} replies, {} events), {} credentials, {} occurrences",
        scanned.len(),
        replies.0.len(),
        events_text.len(),
        secrets().len(),
        leaks.len()
    );
    assert!(leaks.is_empty(), "secrets leaked: {leaks:?}");
}

/// The whole session again, in a child process logging at debug (trace for HTTP): the scan of
/// its logs, database, replies and events finds no credential either.
#[test]
fn the_session_logging_at_debug_leaks_no_secret_either() {
    let output = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", SESSION_TEST, "--nocapture"])
        .env("PAYDESK_LOG", DEBUG_FILTER)
        .output()
        .expect("the child run starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The child's stderr holds every debug line; its end holds a failure's message.
    let tail: String = {
        let chars: Vec<char> = stderr.chars().collect();
        chars[chars.len().saturating_sub(6000)..].iter().collect()
    };
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the session at debug failed:\n{stdout}\n... {tail}"
    );
    assert!(
        stdout.contains("secret scan:") && stdout.contains(", 0 occurrences"),
        "the debug run scanned and found nothing:\n{stdout}"
    );
}
