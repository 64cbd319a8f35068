// The start-up and memory measurement (run by scripts/measure.sh, which builds the release app,
// the floor app and the cache filler, and provides Xvfb and the keyring session). Prints JSON.
//
// Two history sizes, each measured the same way:
//
// 1. `sandbox`: a fresh data dir (PAYDESK_MEASURE_DATA_DIR, empty), the app started with
//    --sandbox: the simulators' own history, after its start-up sync;
// 2. `large`: the same data dir after `fill-cache` (PAYDESK_MEASURE_FILL_CACHE) has added
//    MEASURE_ROWS synthetic transactions (default 1,000,000), the app started with --sandbox
//    again.
//
// Before each, the floor (PAYDESK_MEASURE_FLOOR: e2e/floor, a bare Tauri app on the same Tauri
// version and release profile, one window of the same size and one static page) is launched
// through tauri-driver exactly like Paydesk, and measured once its page is loaded and the same
// idle seconds have passed. Each size reports floor, Paydesk and Paydesk minus the floor.
//
// Figures:
// - start to frame / Overview balances painted: from the app process's start (its start time
//   in /proc, in the same clock as /proc/uptime) to the moment the webview first has the
//   element in a laid-out frame (seen by a requestAnimationFrame loop inside the page; the page
//   reports its wall clock, converted with the same machine clock);
// - first Transactions page: from setting the #/transactions hash to the first row laid out,
//   timed inside the page;
// - idle memory: VmRSS, Pss (smaps_rollup) and RssAnon summed over the app process and all its
//   descendants (WebKit's web and network processes) after the start-up sync, the Transactions
//   page, back on the Overview and PAYDESK_MEASURE_IDLE_SECONDS (default 10) idle seconds;
// - the binaries' sizes.
//
// Targets (measured, never asserted): start to Overview 1.0 s, Transactions page 0.3 s, binary
// 25 MB, Paydesk's idle RSS at most 60 MB above the floor on the large history.

import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Driver, appBinary, invoke, processName, processTree, sleep, until, untilSynced, within } from "./lib/harness.mjs";
import { inMb, mb, treeMemoryKb } from "./lib/memory.mjs";
import { S, ROUTE } from "./selectors.mjs";

const dataDir = process.env.PAYDESK_MEASURE_DATA_DIR;
if (!dataDir) throw new Error("PAYDESK_MEASURE_DATA_DIR must name a fresh, empty data dir");
const floorBinary = process.env.PAYDESK_MEASURE_FLOOR;
if (!floorBinary) throw new Error("PAYDESK_MEASURE_FLOOR must name the floor app's binary (e2e/floor)");
const fillCache = process.env.PAYDESK_MEASURE_FILL_CACHE;
if (!fillCache) throw new Error("PAYDESK_MEASURE_FILL_CACHE must name the fill-cache binary");
const rows = Number(process.env.MEASURE_ROWS ?? 1_000_000);
const idleSeconds = Number(process.env.PAYDESK_MEASURE_IDLE_SECONDS ?? 10);

const TICKS = 100; // USER_HZ on Linux
const uptimeMs = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
function startedAtWallMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const startMs = (Number(fields[19]) / TICKS) * 1000; // field 22: starttime, ticks since boot
  return Date.now() - (uptimeMs() - startMs);
}

/** The app process (named after its binary, cut to 15 characters as /proc/PID/comm is). */
function appProcess(driver, binary) {
  const name = path.basename(binary).slice(0, 15);
  const pid = processTree(driver.child.pid).find((p) => processName(p) === name);
  if (!pid) throw new Error(`no ${name} process under tauri-driver`);
  return pid;
}

/** Resolves with the page's wall clock when `selector` first matches in a laid-out frame. */
async function paintedAt(browser, selector, timeoutMs) {
  return browser.executeAsync(
    (selector, timeoutMs, done) => {
      const started = Date.now();
      const firstCheck = document.querySelector(selector);
      const tick = () => {
        const el = document.querySelector(selector);
        if (el && el.getClientRects().length > 0) {
          done({ at: Date.now(), alreadyThere: !!firstCheck && Date.now() - started < 20 });
        } else if (Date.now() - started > timeoutMs) {
          done({ at: null });
        } else requestAnimationFrame(tick);
      };
      tick();
    },
    selector,
    timeoutMs,
  );
}

/** Ends a session and its driver, and waits until the app's processes are gone. */
async function close(browser, driver, pids) {
  if (browser) await within(browser.deleteSession().catch(() => {}), 15_000);
  await driver.stop();
  await until(async () => pids.every((pid) => processName(pid) === null), {
    timeoutMs: 30_000,
    what: "the app's processes to end",
  });
}

/** The floor app: its page loaded, then the idle seconds; its memory. */
async function measureFloor() {
  const driver = await Driver.start();
  let browser;
  let pids = [];
  try {
    browser = await driver.launch([], { application: floorBinary });
    const app = appProcess(driver, floorBinary);
    await until(
      async () => browser.execute(() => document.readyState === "complete" && !!document.querySelector("#floor")),
      { timeoutMs: 60_000, what: "the floor's page to load" },
    );
    await sleep(idleSeconds * 1000);
    pids = processTree(app);
    return treeMemoryKb(app);
  } finally {
    await close(browser, driver, pids);
  }
}

/** Paydesk in sandbox mode on the data dir: start-up, Transactions page, idle memory. */
async function measurePaydesk() {
  const figures = {};
  const driver = await Driver.start();
  let browser;
  let pids = [];
  try {
    const launchedAt = new Date();
    browser = await driver.launch(["--data-dir", dataDir, "--sandbox"]);
    const app = appProcess(driver, appBinary());
    const spawnedWall = startedAtWallMs(app);

    browser.setTimeout({ script: 120_000 });
    const frame = await paintedAt(browser, S.nav, 60_000);
    figures.start_to_frame_ms = frame.at && Math.round(frame.at - spawnedWall);

    const balance = await paintedAt(browser, `${S.accountCards} ${S.cardAmount}`, 60_000);
    if (balance.at) {
      figures.start_to_overview_balances_ms = Math.round(balance.at - spawnedWall);
      if (balance.alreadyThere) figures.start_to_overview_balances_note = "already painted at the first look: an upper bound";
    } else {
      // A fresh data dir has no balance before the first sync ends.
      figures.start_to_overview_balances_ms = null;
      figures.start_to_overview_balances_note = "no balance painted within 60 s";
    }

    // Wait for the start-up sync to end before the Transactions page and the idle memory.
    await untilSynced(browser, { since: launchedAt, timeoutMs: 180_000, what: "the start-up sync to finish" });
    figures.cached_transactions = (await invoke(browser, "overview")).cachedTransactions;

    const tx = await browser.executeAsync(
      (hash, selector, done) => {
        const t0 = performance.now();
        window.location.hash = hash;
        const tick = () => {
          const el = document.querySelector(selector);
          if (el && el.getClientRects().length > 0 && !/Loading/.test(el.textContent ?? "")) {
            done(performance.now() - t0);
          } else if (performance.now() - t0 > 30_000) done(null);
          else requestAnimationFrame(tick);
        };
        tick();
      },
      ROUTE.transactions,
      S.txRows,
    );
    figures.transactions_first_page_ms = tx === null ? null : Math.round(tx);
    if (tx === null) figures.transactions_first_page_note = "no transaction row shown";

    // Idle: back on the Overview, nothing running, a few seconds.
    await browser.execute((hash) => (window.location.hash = hash), ROUTE.overview);
    await sleep(idleSeconds * 1000);
    pids = processTree(app);
    figures.memory = treeMemoryKb(app);
    return figures;
  } finally {
    await close(browser, driver, pids);
  }
}

/** Paydesk minus the floor, in MB. */
function difference(paydesk, floor) {
  return {
    rss_mb: mb(paydesk.rss_kb - floor.rss_kb),
    pss_mb: mb(paydesk.pss_kb - floor.pss_kb),
    rss_anon_mb: mb(paydesk.rss_anon_kb - floor.rss_anon_kb),
  };
}

const perProcess = (memory) =>
  memory.processes.map((p) => ({
    name: p.name,
    rss_mb: mb(p.rss_kb),
    pss_mb: mb(p.pss_kb),
    rss_anon_mb: mb(p.rss_anon_kb),
  }));

/** Floor, then Paydesk, on the data dir as it is. */
async function measureSize() {
  const floor = await measureFloor();
  const { memory, ...times } = await measurePaydesk();
  return {
    cached_transactions: times.cached_transactions,
    floor: inMb(floor),
    paydesk: inMb(memory),
    paydesk_minus_floor: difference(memory, floor),
    ...times,
    processes: { floor: perProcess(floor), paydesk: perProcess(memory) },
  };
}

const figures = {
  date: new Date().toISOString().slice(0, 10),
  idle_after_seconds: idleSeconds,
  floor_measured: "before each history size, in the same Xvfb and the same way",
};

console.error("measure: the sandbox history (fresh data dir, --sandbox)");
figures.sandbox = await measureSize();

console.error(`measure: filling the cache with ${rows} transactions`);
execFileSync(fillCache, ["--data-dir", dataDir, "--rows", String(rows)], { stdio: ["ignore", 2, 2] });

console.error(`measure: the large history (${rows} more cached transactions)`);
figures.large = await measureSize();

figures.binary_bytes = statSync(appBinary()).size;
figures.binary_mb = mb(figures.binary_bytes / 1024);
figures.floor_binary_mb = mb(statSync(floorBinary).size / 1024);
figures.targets = {
  start_to_overview_ms: 1000,
  transactions_first_page_ms: 300,
  binary_mb: 25,
  large_paydesk_minus_floor_rss_mb: 60,
};
console.log(JSON.stringify(figures, null, 2));
