//! A desk left open all day: 1,000 syncs in a row against the simulators (with a payout every
//! hundred, and a CashWeb quote every fifty) leave the desk's own maps, the quotes it
//! remembers, its background tasks and its open database connections (counted by the desk and
//! by the files this process holds open) where the first ten syncs left them.

mod support;

use std::path::Path;

use paydesk_desk::Footprint;
use paydesk_desk::views::{PayoutForm, QuoteRequest};
use paydesk_domain::ProviderKind;
use support::start_desk;

/// How many of this process's open files are the databases under `dir` (with their WAL and
/// shared-memory files).
fn open_database_files(dir: &Path) -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|fds| {
            fds.filter_map(Result::ok)
                .filter_map(|fd| std::fs::read_link(fd.path()).ok())
                .filter(|target| {
                    target.starts_with(dir)
                        && target
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().contains(".sqlite3"))
                })
                .count()
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_syncs_keep_the_desk_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (desk, _events) = start_desk(dir.path(), 51).await;
    let options = desk.payout_options().await.expect("options");
    let account = |provider: ProviderKind| {
        options
            .accounts
            .iter()
            .find(|a| a.provider == provider)
            .map(|a| a.id.clone())
            .expect("a sandbox account")
    };
    let hexai = account(ProviderKind::Hexai);
    let cashweb = account(ProviderKind::CashWeb);

    let mut after_ten: Option<(Footprint, usize)> = None;
    for round in 1..=1_000 {
        desk.sync_now().await.expect("sync");
        if round % 100 == 0 {
            let draft = desk
                .prepare_payout(&PayoutForm::Hexai {
                    account: hexai.clone(),
                    amount: "1.00".into(),
                    recipient_mobile: "+2207654321".into(),
                })
                .await
                .expect("draft");
            desk.confirm_payout(&draft.id, Some("1.00"))
                .await
                .expect("sent");
        }
        if round % 50 == 0 {
            desk.cashweb_quote(&QuoteRequest {
                account: cashweb.clone(),
                fiat_amount: "16150.00".into(),
                crypto_currency: "usdt".into(),
                network: "trc20".into(),
            })
            .await
            .expect("quote");
        }
        if round == 10 {
            after_ten = Some((desk.footprint(), open_database_files(dir.path())));
        }
    }
    let (first, files_first) = after_ten.expect("measured after ten syncs");
    let last = desk.footprint();
    let files_last = open_database_files(dir.path());
    println!("after 10 syncs: {first:?}, {files_first} database files open");
    println!("after 1,000 syncs: {last:?}, {files_last} database files open");

    assert_eq!(last.clients, first.clients, "one client per account");
    assert_eq!(
        last.sync_live, first.sync_live,
        "one sync state per account"
    );
    assert!(last.not_connected <= first.not_connected);
    assert!(last.problems <= first.problems.max(1), "{last:?}");
    // 20 quotes asked for, all within the hour: kept (they are forgotten an hour after expiry).
    assert!(last.quotes <= 20, "{last:?}");
    // Ten payouts followed: finished follow-ups are dropped, not kept until shutdown.
    assert!(last.tasks <= first.tasks + 2, "{first:?} -> {last:?}");
    assert!(
        last.database_connections <= 6,
        "at most the writer, four readers and the checkpointer"
    );
    assert!(
        files_last <= files_first.max(18),
        "{files_first} -> {files_last} database files open"
    );
    desk.shutdown().await;
}
