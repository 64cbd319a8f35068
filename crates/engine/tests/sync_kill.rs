//! A sync process killed with SIGKILL mid-batch, several times at different points, then
//! restarted until it finishes: the SQLite file is intact, holds exactly the simulator's
//! records, and no record twice. The sync runs in a real child process (the `sync-worker`
//! example) against an in-process Hexai simulator serving a large history with latency.

mod sync_support;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration as StdDuration;

use paydesk_sandbox::Clock;
use paydesk_sandbox::faults::{FaultAction, FaultRule, Trigger};
use paydesk_sandbox::hexai;
use sqlx::Connection;
use sqlx::sqlite::SqliteConnection;
use sync_support::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// The example binary beside this test's, (re)built first so it matches the code under test
/// (a no-op when `cargo test` already built the examples).
fn worker() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target profile directory");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = std::process::Command::new(cargo);
    build.args(["build", "-p", "paydesk-engine", "--example", "sync-worker"]);
    // Without the variables cargo sets for a running test, build scripts see the same
    // environment as the outer build and nothing is rebuilt.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        let keep = ["CARGO_TARGET_DIR", "CARGO_HOME"].contains(&name.as_str())
            || name.starts_with("CARGO_BUILD_")
            || name.starts_with("CARGO_NET_")
            || name.starts_with("CARGO_REGISTR");
        if (name.starts_with("CARGO_") && !keep) || name == "OUT_DIR" {
            build.env_remove(&name);
        }
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "building the sync-worker example failed");
    profile_dir.join("examples").join("sync-worker")
}

fn progress_done(line: &str) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value["done"].as_u64()
}

struct Outcome {
    first_done: Option<u64>,
    last_done: Option<u64>,
    finished: bool,
}

/// Runs the worker; with `kill_after = Some((events, delay))` kills it with SIGKILL `delay`
/// after its `events`-th progress line.
async fn run_worker(
    db: &std::path::Path,
    base_url: &str,
    kill_after: Option<(usize, StdDuration)>,
) -> Outcome {
    let mut child = Command::new(worker())
        .arg(db)
        .args(["hexai", base_url, "hexai-killed", hexai::DEFAULT_TEST_KEY])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("worker starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut outcome = Outcome {
        first_done: None,
        last_done: None,
        finished: false,
    };
    let mut seen = 0;
    while let Some(line) = lines.next_line().await.expect("reads stdout") {
        let done = progress_done(&line);
        outcome.first_done = outcome.first_done.or(done);
        outcome.last_done = done.or(outcome.last_done);
        seen += 1;
        if let Some((events, delay)) = kill_after
            && seen >= events
        {
            tokio::time::sleep(delay).await;
            child.start_kill().expect("SIGKILL sent");
            let status = child.wait().await.expect("child ends");
            assert!(!status.success(), "the worker was killed, not finished");
            return outcome;
        }
    }
    let status = child.wait().await.expect("child ends");
    outcome.finished = status.success();
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sync_resumes_to_the_same_rows() {
    let clock = Clock::manual(t0());
    let sim = start_hexai(&clock, 3_000).await;
    sim.sim.faults().add(FaultRule::everywhere(
        FaultAction::Latency {
            min: StdDuration::from_millis(5),
            max: StdDuration::from_millis(40),
        },
        Trigger::Always,
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("killed.sqlite");
    let base_url = sim.api_base_url();

    let mut last_seen = 0;
    for (events, delay_ms) in [(3, 0), (4, 7), (2, 23), (5, 2)] {
        let outcome = run_worker(
            &db,
            &base_url,
            Some((events, StdDuration::from_millis(delay_ms))),
        )
        .await;
        // Each run resumes where the last committed batch left off, never from zero.
        let first = outcome.first_done.expect("progress printed");
        assert!(first >= last_seen, "resumed at {first}, had {last_seen}");
        last_seen = outcome.last_done.expect("progress printed");
    }
    assert!(last_seen > 0 && last_seen < 3_000);
    let outcome = run_worker(&db, &base_url, None).await;
    assert!(outcome.finished, "the last run completes");
    assert_eq!(outcome.last_done, Some(3_000));

    let url = format!("sqlite://{}", db.display());
    let mut conn = SqliteConnection::connect(&url).await.expect("opens");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity check");
    assert_eq!(check, "ok");
    let (rows, distinct): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT provider_id) FROM transactions")
            .fetch_one(&mut conn)
            .await
            .expect("counts");
    assert_eq!(rows, 3_000);
    assert_eq!(distinct, rows, "no record stored twice");
    conn.close().await.expect("closes");

    let store = paydesk_store::Store::open(&db).await.expect("opens");
    store.check_integrity().await.expect("search index intact");
    assert_eq!(
        stored_rows(&store, &account_id("hexai-killed")).await,
        hexai_rows(&sim.sim)
    );
}
