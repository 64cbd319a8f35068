//! Chaos soak: payouts across Hexai, HG.Cash, CashWeb and HPAY made by a real child process
//! (`examples/payout-worker.rs`) that is SIGKILLed at random points and restarted, while the
//! simulators stay up in this process with faults injected (hangs and drops after the
//! provider committed, 5xx, 429, slow answers). Then the journal is compared with the
//! simulators' own records: nothing executed twice, nothing lost, every intent final or
//! `unknown` with a reason.
//!
//! Size: `PAYDESK_SOAK_PAYOUTS` (default 1000), kills: `PAYDESK_SOAK_KILLS` (default 20).

mod payouts_support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use paydesk_sandbox::all::Sandbox;
use paydesk_sandbox::{AfterCommit, FaultAction, FaultRule, Trigger, cashweb, hexai, hgcash, hpay};
use paydesk_store::{PayoutIntent, PayoutState, Store};
use payouts_support::*;
use serde_json::json;

/// A small seeded generator (xorshift), so a failing run can be repeated.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Builds the worker example (`cargo test --test payout_soak` alone would not) and returns
/// its path: target/<profile>/deps/<this test> -> target/<profile>/examples/payout-worker.
fn worker_path() -> PathBuf {
    let exe = std::env::current_exe().expect("test path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    let mut build = std::process::Command::new(env!("CARGO"));
    build.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "build",
        "--quiet",
        "-p",
        "paydesk-engine",
        "--example",
        "payout-worker",
    ]);
    if profile_dir.ends_with("release") {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "the worker example does not build");
    profile_dir.join("examples").join("payout-worker")
}

fn chaos(sandbox: &Sandbox) {
    let hang = Duration::from_secs(2);
    let rules = |endpoint: &str| {
        vec![
            FaultRule::on(
                endpoint,
                FaultAction::AfterCommit(AfterCommit::Hang),
                Trigger::percent(3),
            ),
            FaultRule::on(
                endpoint,
                FaultAction::AfterCommit(AfterCommit::Drop),
                Trigger::percent(3),
            ),
            FaultRule::on(
                endpoint,
                FaultAction::AfterCommit(AfterCommit::ServerError),
                Trigger::percent(3),
            ),
            FaultRule::on(
                endpoint,
                FaultAction::Status {
                    status: 503,
                    code: "SERVICE_UNAVAILABLE".into(),
                    message: "down for a moment".into(),
                },
                Trigger::percent(3),
            ),
            FaultRule::on(
                endpoint,
                FaultAction::RateLimit {
                    retry_after_secs: None,
                },
                Trigger::percent(3),
            ),
            FaultRule::on(
                endpoint,
                FaultAction::Latency {
                    min: Duration::from_millis(5),
                    max: Duration::from_millis(120),
                },
                Trigger::percent(15),
            ),
        ]
    };
    let everywhere = || {
        vec![FaultRule::everywhere(
            FaultAction::Status {
                status: 502,
                code: "BAD_GATEWAY".into(),
                message: "bad gateway".into(),
            },
            Trigger::percent(2),
        )]
    };
    let sims = [
        (sandbox.hexai.sim.faults(), "POST /api/v1/payouts/initiate"),
        (sandbox.hgcash.sim.faults(), "POST /api/v1/transactions"),
        (
            sandbox.cashweb.sim.faults(),
            "POST /api/v1/partner/transactions",
        ),
        (sandbox.hpay.sim.faults(), "POST /payment/"),
    ];
    for (faults, endpoint) in sims {
        faults.set_hang_limit(hang);
        for rule in rules(endpoint).into_iter().chain(everywhere()) {
            faults.add(rule);
        }
    }
}

fn plan(sandbox: &Sandbox, db: &std::path::Path, total: u64, draw: &mut Draw) -> serde_json::Value {
    let mut payouts = Vec::new();
    for i in 0..total {
        let id = format!("soak-{i:05}");
        let payout = match i % 4 {
            // Hexai: 1.00 to 9.99 GMD (never a magic amount; the balance lasts ~4,000).
            0 => json!({"kind": "hexai", "id": id,
                "amount": format!("{}.{:02}", 1 + draw.below(9), draw.below(100)),
                "mobile": format!("+220{:07}", draw.below(10_000_000))}),
            1 => json!({"kind": "hgcash", "id": id,
                "amount": format!("{}.{:02}", 10 + draw.below(190), draw.below(100)),
                "cbu": paydesk_domain::cbu::with_check_digits(
                    &format!("{:07}", draw.below(10_000_000)),
                    &format!("{:013}", draw.next() % 10_000_000_000_000),
                ).expect("7 and 13 digits")}),
            2 => json!({"kind": "cashweb", "id": id,
                "fiat_amount": format!("{}.00", 1000 + draw.below(49_000)),
                "network": if draw.below(2) == 0 { "trc20" } else { "bep20" }}),
            _ => json!({"kind": "hpay", "id": id,
                "amount": format!("{}", 100 + draw.below(9_900))}),
        };
        payouts.push(payout);
    }
    json!({
        "db": db,
        "timeout_ms": 600,
        "concurrency": 4,
        "hexai": {"base_url": sandbox.hexai.api_base_url(),
                  "credentials": {"key": hexai::DEFAULT_TEST_KEY}},
        "hgcash": {"base_url": sandbox.hgcash.base_url,
                   "credentials": {"token": hgcash::SANDBOX_TOKEN}},
        "hgcash_account_id": hgcash::SANDBOX_ACCOUNT_ID,
        "cashweb": {"base_url": sandbox.cashweb.base_url,
                    "credentials": {"api_key": cashweb::SANDBOX_API_KEY}},
        "hpay": {"base_url": sandbox.hpay.base_url,
                 "credentials": {"api_key": hpay::TEST_API_KEY,
                                 "public_key": hpay::TEST_PUBLIC_KEY,
                                 "secret_key": hpay::TEST_SECRET_KEY}},
        "payouts": payouts,
    })
}

/// How many times each reference was carried out, by the simulators' own records.
fn executed(sandbox: &Sandbox) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in sandbox.hexai.sim.records(hexai::Env::Test) {
        *seen
            .entry(record.client_reference.to_lowercase())
            .or_default() += 1;
    }
    for request in sandbox.hgcash.sim.requests() {
        if let Some(external) = request.external_id {
            *seen.entry(external.to_lowercase()).or_default() += 1;
        }
    }
    for record in sandbox.cashweb.sim.records() {
        if let Some(reference) = record
            .json
            .get("merchant_reference")
            .and_then(|v| v.as_str())
        {
            *seen.entry(reference.to_lowercase()).or_default() += 1;
        }
    }
    for link in sandbox.hpay.sim.payments(hpay::SimMode::Test) {
        if let Some(start) = link.description.find("[ref ") {
            let rest = &link.description[start + 5..];
            if let Some(end) = rest.find(']') {
                *seen.entry(rest[..end].to_lowercase()).or_default() += 1;
            }
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payouts_survive_faults_and_kills_without_doubles_or_losses() {
    let total = env_number("PAYDESK_SOAK_PAYOUTS", 1000);
    let kills_wanted = env_number("PAYDESK_SOAK_KILLS", 20);
    let seed = env_number("PAYDESK_SOAK_SEED", 0x5eed_cafe);
    let worker = worker_path();
    assert!(
        worker.exists(),
        "build the worker first: {}",
        worker.display()
    );

    let sandbox = sandbox(seed).await;
    let mut knobs = sandbox.hgcash.sim.knobs();
    knobs.processing_after = chrono::Duration::milliseconds(50);
    knobs.done_after = chrono::Duration::milliseconds(50);
    sandbox.hgcash.sim.set_knobs(knobs);
    chaos(&sandbox);

    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("journal.sqlite");
    let mut draw = Draw(seed | 1);
    let plan_path = dir.path().join("plan.json");
    std::fs::write(
        &plan_path,
        plan(&sandbox, &db, total, &mut draw).to_string(),
    )
    .expect("plan");

    let started = Instant::now();
    let mut kills = 0u64;
    let mut runs = 0u64;
    loop {
        runs += 1;
        let mut child = tokio::process::Command::new(&worker)
            .arg(&plan_path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("worker starts");
        if kills < kills_wanted {
            // Let it work a random while, then SIGKILL it (unless it finished first).
            let pause = Duration::from_millis(150 + draw.below(900));
            match tokio::time::timeout(pause, child.wait()).await {
                Ok(status) => {
                    let status = status.expect("wait");
                    assert!(status.success(), "the worker failed: {status}");
                    break;
                }
                Err(_) => {
                    child.start_kill().expect("SIGKILL");
                    child.wait().await.expect("reaped");
                    kills += 1;
                }
            }
        } else {
            let output = tokio::time::timeout(Duration::from_secs(600), child.wait_with_output())
                .await
                .expect("the last run finishes")
                .expect("output");
            assert!(
                output.status.success(),
                "the worker failed: {}",
                output.status
            );
            break;
        }
    }
    let elapsed = started.elapsed();

    // Compare the journal with the simulators' records.
    let store = Store::open(&db).await.expect("journal");
    let intents: Vec<PayoutIntent> = store
        .payout_intents_in(&PayoutState::ALL)
        .await
        .expect("intents");
    let executed = executed(&sandbox);
    let by_state = |state: PayoutState| intents.iter().filter(|i| i.state == state).count();
    let mut twice = 0;
    let mut lost = 0;
    let mut unknown_without_reason = 0;
    for intent in &intents {
        let count = executed
            .get(&intent.reference.to_lowercase())
            .copied()
            .unwrap_or(0);
        if count > 1 {
            twice += 1;
        }
        let journal_says_done = matches!(
            intent.state,
            PayoutState::Succeeded
                | PayoutState::Accepted
                | PayoutState::Processing
                | PayoutState::Cancelled
        );
        let journal_says_not_done = intent.state == PayoutState::Failed;
        let open = matches!(
            intent.state,
            PayoutState::Draft
                | PayoutState::Confirmed
                | PayoutState::Sending
                | PayoutState::Accepted
                | PayoutState::Processing
        );
        // Lost: the journal believes in a payout the provider never made, or the provider
        // made one the journal calls failed, or it was left open.
        if (journal_says_done && count == 0) || (journal_says_not_done && count > 0) || open {
            lost += 1;
        }
        if intent.state == PayoutState::Unknown && intent.reason.as_deref().unwrap_or("").is_empty()
        {
            unknown_without_reason += 1;
        }
    }
    let planned_without_intent = (0..total)
        .filter(|i| !intents.iter().any(|x| x.id == format!("soak-{i:05}")))
        .count();
    let fired: usize = [
        sandbox.hexai.sim.faults().fired().len(),
        sandbox.hgcash.sim.faults().fired().len(),
        sandbox.cashweb.sim.faults().fired().len(),
        sandbox.hpay.sim.faults().fired().len(),
    ]
    .iter()
    .sum();
    let resends: u32 = intents.iter().map(|i| i.send_count.saturating_sub(1)).sum();
    println!(
        "soak: {total} payouts, {runs} worker runs, {kills} SIGKILLs, {fired} faults fired, \
         {resends} re-sends with the same reference (after a 429, a refused connection \
         or a provider's 'no such record'), {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "soak: succeeded {}, failed {}, cancelled {}, unknown {}, open {}",
        by_state(PayoutState::Succeeded),
        by_state(PayoutState::Failed),
        by_state(PayoutState::Cancelled),
        by_state(PayoutState::Unknown),
        intents.len()
            - by_state(PayoutState::Succeeded)
            - by_state(PayoutState::Failed)
            - by_state(PayoutState::Cancelled)
            - by_state(PayoutState::Unknown),
    );
    println!(
        "soak: executed twice {twice}, lost {lost}, planned without intent \
         {planned_without_intent}, unknown without reason {unknown_without_reason}"
    );
    for intent in intents
        .iter()
        .filter(|i| i.state == PayoutState::Unknown)
        .take(5)
    {
        println!(
            "soak: unknown {} {}: {:?}",
            intent.id, intent.summary, intent.reason
        );
    }
    assert_eq!(intents.len() as u64, total);
    assert_eq!(planned_without_intent, 0);
    assert_eq!(twice, 0, "a payout was executed twice");
    assert_eq!(lost, 0, "an intent was lost");
    assert_eq!(unknown_without_reason, 0);
    assert!(kills >= kills_wanted, "only {kills} kills");
    assert!(fired > 0, "no fault fired");
}
