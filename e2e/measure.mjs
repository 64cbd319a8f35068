// The start-up and memory measurement (run by scripts/measure.sh, which prepares a data dir
// with a large cache and provides Xvfb and the keyring session). Launches the release app in
// sandbox mode on PAYDESK_MEASURE_DATA_DIR through tauri-driver and prints JSON figures:
//
// - start to frame / Overview balances painted: from the app process's start (its start time
//   in /proc, in the same clock as /proc/uptime) to the moment the webview first has the
//   element in a laid-out frame (seen by a requestAnimationFrame loop inside the page; the page
//   reports its wall clock, converted with the same machine clock);
// - first Transactions page: from setting the #/transactions hash to the first row laid out,
//   timed inside the page;
// - idle RSS: VmRSS (and Pss) summed over the app process and all its descendants (WebKit's
//   web and network processes) after the first sync has finished and a few idle seconds;
// - the binary's size.
//
// Targets (issue 8; measured, never asserted): start to Overview 1.0 s, Transactions page
// 0.3 s, idle RSS 200 MB, binary 25 MB.

import { readFileSync, statSync } from "node:fs";
import { Driver, appBinary, invoke, processName, processTree, sleep, untilSynced, within } from "./lib/harness.mjs";
import { S, ROUTE } from "./selectors.mjs";

const dataDir = process.env.PAYDESK_MEASURE_DATA_DIR;
if (!dataDir) throw new Error("PAYDESK_MEASURE_DATA_DIR must name the prepared data dir");
const idleSeconds = Number(process.env.PAYDESK_MEASURE_IDLE_SECONDS ?? 10);

const TICKS = 100; // USER_HZ on Linux
const uptimeMs = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
function startedAtWallMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const startMs = (Number(fields[19]) / TICKS) * 1000; // field 22: starttime, ticks since boot
  return Date.now() - (uptimeMs() - startMs);
}

function memoryKb(pids) {
  let rss = 0;
  let pss = 0;
  let anon = 0;
  let file = 0;
  const processes = [];
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      // Anonymous memory (heaps) apart from file-backed pages (the binary, libraries, and any
      // memory-mapped database file), to tell what the RSS is made of.
      const a = Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const f = Number(/RssFile:\s+(\d+)/.exec(status)?.[1] ?? 0) + Number(/RssShmem:\s+(\d+)/.exec(status)?.[1] ?? 0);
      let p = 0;
      try {
        p = Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      } catch {
        // smaps_rollup may be unreadable; Pss is an extra.
      }
      rss += kb;
      pss += p;
      anon += a;
      file += f;
      processes.push({ pid, name: processName(pid), rss_kb: kb, rss_anon_kb: a, rss_file_and_shmem_kb: f });
    } catch {
      // Ended meanwhile.
    }
  }
  return { rss, pss, anon, file, processes };
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

const figures = { date: new Date().toISOString().slice(0, 10), data_dir: dataDir };
const driver = await Driver.start();
let browser;
try {
  const launchedAt = new Date();
  browser = await driver.launch(["--data-dir", dataDir, "--sandbox"]);
  const app = processTree(driver.child.pid).find((pid) => processName(pid) === "paydesk");
  if (!app) throw new Error("the app process was not found under tauri-driver");
  const spawnedWall = startedAtWallMs(app);

  browser.setTimeout({ script: 120_000 });
  const frame = await paintedAt(browser, S.nav, 60_000);
  figures.start_to_frame_ms = frame.at && Math.round(frame.at - spawnedWall);

  const balance = await paintedAt(browser, `${S.accountCards} ${S.cardAmount}`, 60_000);
  if (balance.at) {
    figures.start_to_overview_balances_ms = Math.round(balance.at - spawnedWall);
    if (balance.alreadyThere) figures.start_to_overview_balances_note = "already painted at the first look: an upper bound";
  } else {
    figures.start_to_overview_balances_ms = null;
    figures.start_to_overview_balances_note = "no balance element on the Overview (view not built in this build?)";
  }

  // The cache and the desk behind the webview.
  const overview = await invoke(browser, "overview");
  figures.cached_transactions = overview.cachedTransactions;
  // Wait for the start-up sync to end before the Transactions page and the idle memory.
  await untilSynced(browser, { since: launchedAt, timeoutMs: 180_000, what: "the start-up sync to finish" });

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
  if (tx === null) figures.transactions_first_page_note = "no transaction row shown (view not built in this build?)";

  // Idle: back on the Overview, nothing running, a few seconds.
  await browser.execute((hash) => (window.location.hash = hash), ROUTE.overview);
  await sleep(idleSeconds * 1000);
  const mem = memoryKb(processTree(app));
  figures.idle_after_seconds = idleSeconds;
  figures.idle_rss_mb = Math.round((mem.rss / 1024) * 10) / 10;
  figures.idle_pss_mb = Math.round((mem.pss / 1024) * 10) / 10;
  figures.idle_rss_anon_mb = Math.round((mem.anon / 1024) * 10) / 10;
  figures.idle_rss_file_and_shmem_mb = Math.round((mem.file / 1024) * 10) / 10;
  figures.processes = mem.processes;
  figures.binary_bytes = statSync(appBinary()).size;
  figures.binary_mb = Math.round((figures.binary_bytes / 1048576) * 10) / 10;
  figures.targets = {
    start_to_overview_ms: 1000,
    transactions_first_page_ms: 300,
    idle_rss_mb: 200,
    binary_mb: 25,
  };
} finally {
  if (browser) await within(browser.deleteSession().catch(() => {}), 15_000);
  await driver.stop();
}
console.log(JSON.stringify(figures, null, 2));
