// A long session, accelerated (run by scripts/long-session.sh, which provides Xvfb and the
// keyring session; not part of `make test`). Launches the release app in sandbox mode on a
// fresh data dir through tauri-driver with the background sync shortened (`--sync-every`), and
// for LONG_SESSION_MINUTES (default 30) keeps it busy as a merchant's day would: the views in
// turn, the Overview's chart ranges changed, the Transactions list scrolled deep and a row's
// detail opened and closed, and a Hexai payout made every minute. Meanwhile, every
// LONG_SESSION_SAMPLE_SECONDS (default 30), it samples RSS, PSS and anonymous memory of each
// process of the app's tree (lib/memory.mjs). LONG_SESSION_ACTIVITIES (a comma list of
// payout, chart, transactions, views; all four by default, `none` for an idle app that only
// syncs) narrows the session to some activities, to find which one memory follows.
//
// Prints JSON: the idle figure at the start (after the start-up sync, on the Overview, 10 idle
// seconds) and the final one (the same, after the session), final RSS over idle RSS and whether
// it is at most 1.1, the series, and the least-squares slope in MB per hour of the total and of
// each process. Exits 1 when the final RSS is above 1.1 × idle or the app died.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS, Driver, captureDisplay, processName, processTree, sleep, until, untilSynced, within } from "./lib/harness.mjs";
import { reviewAndConfirm } from "./lib/forms.mjs";
import { mb, processMemoryKb } from "./lib/memory.mjs";
import { NAV_LABELS, ROUTE, S } from "./selectors.mjs";

const minutes = Number(process.env.LONG_SESSION_MINUTES ?? 30);
const syncEvery = Number(process.env.LONG_SESSION_SYNC_EVERY ?? 30);
const sampleSeconds = Number(process.env.LONG_SESSION_SAMPLE_SECONDS ?? 30);
const payoutEveryMs = 60_000;
const ACTIVITIES = ["payout", "chart", "transactions", "views"];
const activities = (process.env.LONG_SESSION_ACTIVITIES ?? ACTIVITIES.join(","))
  .split(",")
  .map((a) => a.trim())
  .filter((a) => a && a !== "none");
for (const a of activities) {
  if (!ACTIVITIES.includes(a)) throw new Error(`unknown activity '${a}' in LONG_SESSION_ACTIVITIES (use ${ACTIVITIES.join(", ")} or none)`);
}
const doing = (a) => activities.includes(a);
// LONG_SESSION_VIEWS (a comma list of the navigation's labels, all of them by default) narrows
// the views activity to some views, to find which one memory follows.
const views = (process.env.LONG_SESSION_VIEWS ?? NAV_LABELS.join(","))
  .split(",")
  .map((v) => v.trim())
  .filter(Boolean);
for (const v of views) {
  if (!NAV_LABELS.includes(v)) throw new Error(`unknown view '${v}' in LONG_SESSION_VIEWS (use ${NAV_LABELS.join(", ")})`);
}
const idleSeconds = 10;
const dataDir = process.env.LONG_SESSION_DATA_DIR;
if (!dataDir) throw new Error("LONG_SESSION_DATA_DIR must name a fresh data dir");
const shotsDir = path.join(ARTIFACTS, "long-session");
mkdirSync(shotsDir, { recursive: true });

const log = (message) => console.error(`long-session: ${message}`);

/** The tree's memory now: totals and each process, in MB, keyed `name:pid`. */
function sample(app, startedAt) {
  const processes = {};
  const totals = { rss_mb: 0, pss_mb: 0, rss_anon_mb: 0 };
  for (const pid of processTree(app)) {
    const p = processMemoryKb(pid);
    if (!p) continue;
    const figures = { rss_mb: mb(p.rss_kb), pss_mb: mb(p.pss_kb), rss_anon_mb: mb(p.rss_anon_kb) };
    processes[`${p.name}:${pid}`] = figures;
    for (const key of Object.keys(totals)) totals[key] += figures[key];
  }
  for (const key of Object.keys(totals)) totals[key] = Math.round(totals[key] * 10) / 10;
  return { t_s: Math.round((Date.now() - startedAt) / 1000), total: totals, processes };
}

/** Least-squares slope of `points` ([hours, MB]) in MB per hour; null under two points. */
function slope(points) {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx === 0 ? null : Math.round((sxy / sxx) * 10) / 10;
}

function slopes(series) {
  const of = (pick) => {
    const points = series.map((s) => [s.t_s / 3600, pick(s)]).filter(([, y]) => y !== undefined);
    return slope(points);
  };
  const figure = (pickTree) => ({
    rss: of((s) => pickTree(s)?.rss_mb),
    pss: of((s) => pickTree(s)?.pss_mb),
    rss_anon: of((s) => pickTree(s)?.rss_anon_mb),
  });
  const names = [...new Set(series.flatMap((s) => Object.keys(s.processes)))];
  return {
    total: figure((s) => s.total),
    processes: Object.fromEntries(names.map((name) => [name, figure((s) => s.processes[name])])),
  };
}

const errors = [];
let screenshotCount = 0;
/** Runs one activity; a failure is counted and photographed, and the session goes on. */
async function activity(what, fn) {
  try {
    await fn();
    return true;
  } catch (e) {
    errors.push({ at: new Date().toISOString(), what, error: String(e.message ?? e).split("\n")[0] });
    log(`${what} failed: ${e.message}`);
    if (screenshotCount < 20) {
      screenshotCount += 1;
      await captureDisplay(path.join(shotsDir, `${String(screenshotCount).padStart(2, "0")}-${what.replace(/\W+/g, "-")}-FAILED.png`)).catch(() => {});
    }
    return false;
  }
}

async function go(browser, label) {
  await browser.$(S.navLink(label)).click();
  await browser.$(S.viewTitle).waitForDisplayed({ timeout: 15_000 });
}

async function chartRanges(browser) {
  await go(browser, "Overview");
  for (const days of [7, 30, 90, 30, 7]) {
    const button = browser.$(S.chartRange(days));
    await button.waitForClickable({ timeout: 15_000 });
    await button.click();
    await until(async () => (await button.getAttribute("aria-pressed")) === "true", { timeoutMs: 10_000, what: `${days} days chosen` });
    await sleep(300);
  }
}

/** Scrolls the Transactions list to the bottom in steps, then opens and closes a row's detail. */
async function transactions(browser, depth) {
  await go(browser, "Transactions");
  await browser.$(S.txRows).waitForDisplayed({ timeout: 30_000 });
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await browser.execute(
      (selector, fraction) => {
        const el = document.querySelector(selector);
        el.scrollTop = (el.scrollHeight - el.clientHeight) * fraction;
      },
      S.txScroller,
      (i / steps) * depth,
    );
    await sleep(250);
  }
  // A row laid out in view at the depth reached, opened and closed.
  const index = await until(
    () =>
      browser.execute(
        (scroller, rows) => {
          const box = document.querySelector(scroller).getBoundingClientRect();
          for (const row of document.querySelectorAll(rows)) {
            const b = row.getBoundingClientRect();
            if (b.height > 0 && b.top >= box.top && b.bottom <= box.bottom) return row.getAttribute("data-row");
          }
          return null;
        },
        S.txScroller,
        S.txRows,
      ),
    { timeoutMs: 15_000, what: "a row in view after scrolling" },
  );
  await browser.$(`${S.txTable} [role="row"][data-row="${index}"]`).click();
  await browser.$(S.txDetail).waitForDisplayed({ timeout: 15_000 });
  await sleep(500);
  await browser.$(S.closeDetailButton).click();
  await browser.$(S.txDetail).waitForDisplayed({ timeout: 10_000, reverse: true });
  // Back to the top, as a merchant coming back would find it.
  await browser.execute((selector) => (document.querySelector(selector).scrollTop = 0), S.txScroller);
}

let payoutsMade = 0;
async function payout(browser, n) {
  await go(browser, "Payouts");
  const again = browser.$(S.newPayoutButton);
  if (await again.isExisting()) await again.click();
  await browser.$(S.payoutTab("Hexai payout")).click();
  // Small amounts, each its own (none is one of the simulator's magic amounts).
  const amount = `${1 + (n % 50)}.${String(n % 100).padStart(2, "0")}`;
  await browser.$(S.field("recipientMobile")).setValue("+2207654321");
  await browser.$(S.field("amount")).setValue(amount);
  await reviewAndConfirm(browser, amount, S.payoutResult);
  await until(async () => /succeeded/i.test(await browser.$(S.payoutResultState).getText()), {
    timeoutMs: 60_000,
    what: `the payout of ${amount} GMD to succeed`,
  });
  payoutsMade += 1;
  await browser.$(S.newPayoutButton).click();
}

const result = {
  date: new Date().toISOString().slice(0, 10),
  minutes,
  sync_every_seconds: syncEvery,
  sample_seconds: sampleSeconds,
  activities,
  views,
};
let exitCode = 0;
const driver = await Driver.start();
let browser;
let timer;
try {
  const launchedAt = new Date();
  browser = await driver.launch(["--data-dir", dataDir, "--sandbox", "--sync-every", String(syncEvery)]);
  const app = processTree(driver.child.pid).find((pid) => processName(pid) === "paydesk");
  if (!app) throw new Error("the app process was not found under tauri-driver");
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  await untilSynced(browser, { since: launchedAt, timeoutMs: 180_000, what: "the start-up sync to finish" });
  await browser.execute((hash) => (window.location.hash = hash), ROUTE.overview);
  await sleep(idleSeconds * 1000);
  const startedAt = Date.now();
  const idle = sample(app, startedAt);
  result.idle = { ...idle.total, processes: idle.processes };
  log(`idle at the start: ${JSON.stringify(idle.total)}`);

  const series = [idle];
  timer = setInterval(() => {
    if (processName(app) !== "paydesk") return;
    const s = sample(app, startedAt);
    series.push(s);
    log(`${(s.t_s / 60).toFixed(1)} min: ${JSON.stringify(s.total)} (payouts ${payoutsMade}, errors ${errors.length})`);
  }, sampleSeconds * 1000);

  const endAt = startedAt + minutes * 60_000;
  let lastPayout = 0;
  let rounds = 0;
  while (Date.now() < endAt) {
    if (processName(app) !== "paydesk") throw new Error("the app process is gone");
    rounds += 1;
    if (doing("payout") && Date.now() - lastPayout >= payoutEveryMs) {
      lastPayout = Date.now();
      await activity("payout", () => payout(browser, payoutsMade + errors.length));
    }
    if (doing("chart")) await activity("chart ranges", () => chartRanges(browser));
    if (doing("transactions")) await activity("transactions", () => transactions(browser, rounds % 2 === 0 ? 1 : 0.5));
    if (doing("views")) {
      for (const label of views) {
        if (Date.now() >= endAt) break;
        await activity(`view ${label}`, () => go(browser, label));
        await sleep(500);
      }
    }
    // Nothing but the background sync: wait as a merchant away from the desk would.
    if (activities.length === 0) await sleep(Math.min(5_000, Math.max(0, endAt - Date.now())));
  }
  clearInterval(timer);
  result.rounds = rounds;
  result.payouts_made = payoutsMade;
  result.errors = errors;

  // The final figure, taken as the idle one was.
  await browser.execute((hash) => (window.location.hash = hash), ROUTE.overview);
  await sleep(idleSeconds * 1000);
  const last = sample(app, startedAt);
  series.push(last);
  result.final = { ...last.total, processes: last.processes };
  result.final_over_idle_rss = Math.round((last.total.rss_mb / idle.total.rss_mb) * 1000) / 1000;
  result.final_rss_within_1_1_of_idle = last.total.rss_mb <= 1.1 * idle.total.rss_mb;
  result.slopes_mb_per_hour = slopes(series);
  result.series = series;
  if (!result.final_rss_within_1_1_of_idle) exitCode = 1;
} catch (e) {
  result.failed = String(e.message ?? e);
  exitCode = 1;
} finally {
  clearInterval(timer);
  if (browser) await within(browser.deleteSession().catch(() => {}), 15_000);
  await driver.stop();
}
const text = JSON.stringify(result, null, 2);
if (process.env.LONG_SESSION_OUT) writeFileSync(process.env.LONG_SESSION_OUT, `${text}\n`);
console.log(text);
process.exit(exitCode);
