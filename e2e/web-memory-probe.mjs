// What the web process keeps, one cause at a time (run by scripts/long-session.sh with
// LONG_SESSION_PROBE=MODE; not part of `make test`). Launches the release app in sandbox mode
// as the long session does, waits for the start-up sync, parks on Settings, then runs eight
// blocks of one kind of work and samples the web process's anonymous memory after each; then it
// makes the page allocate and drop about 400 MB of buffers and objects, which forces
// JavaScriptCore's full collection, and samples three more times, 5 seconds apart. Memory that comes back after that
// collection was garbage the collector had not yet counted; memory that stays is held.
//
// MODE is one of:
//   invoke     250 `overview` commands per block (the IPC round trip alone)
//   listen     250 event listeners added and removed per block (Tauri's listen / unlisten)
//   dom        250 tables of 200 rows added to the page and removed per block
//   dom-hinted the same, with a 4 MB ArrayBuffer dropped after every tenth table
//   remount    60 visits to the Overview per block (Settings in between), as a merchant would
//
// Prints JSON (also to LONG_SESSION_OUT when set): the mode, the series in MB (start, eight
// blocks, three after the collection) and the growth before and after the collection.

import { writeFileSync } from "node:fs";
import { Driver, processName, processTree, sleep, untilSynced } from "./lib/harness.mjs";
import { mb, processMemoryKb } from "./lib/memory.mjs";
import { ROUTE, S } from "./selectors.mjs";

const MODES = ["invoke", "listen", "dom", "dom-hinted", "remount"];
const mode = process.env.LONG_SESSION_PROBE;
if (!MODES.includes(mode)) throw new Error(`LONG_SESSION_PROBE must be one of ${MODES.join(", ")} (got '${mode}')`);
const dataDir = process.env.LONG_SESSION_DATA_DIR;
if (!dataDir) throw new Error("LONG_SESSION_DATA_DIR must name a fresh data dir");
const log = (message) => console.error(`web-memory-probe: ${message}`);

/** The web process's anonymous memory in MB, or null when it is not found. */
function webAnonMb(app) {
  for (const pid of processTree(app)) {
    const p = processMemoryKb(pid);
    if (p?.name.startsWith("WebKitWeb")) return mb(p.rss_anon_kb);
  }
  return null;
}

/** One block of the mode's work. */
async function block(browser) {
  switch (mode) {
    case "invoke":
      return browser.executeAsync(async (done) => {
        for (let i = 0; i < 250; i++) await window.__TAURI_INTERNALS__.invoke("overview");
        done();
      });
    case "listen":
      return browser.executeAsync(async (done) => {
        const event = "sync-progress-event";
        const internals = window.__TAURI_INTERNALS__;
        for (let i = 0; i < 250; i++) {
          const handler = internals.transformCallback(() => {});
          const id = await internals.invoke("plugin:event|listen", { event, target: { kind: "Any" }, handler });
          window.__TAURI_EVENT_PLUGIN_INTERNALS__.unregisterListener(event, id);
          await internals.invoke("plugin:event|unlisten", { event, eventId: id });
        }
        done();
      });
    case "dom":
    case "dom-hinted":
      return browser.executeAsync(async (hinted, done) => {
        for (let i = 0; i < 250; i++) {
          const holder = document.createElement("div");
          holder.innerHTML = `<table>${"<tr><td>x</td><td>y</td><td>z</td></tr>".repeat(200)}</table>`;
          document.body.appendChild(holder);
          await new Promise((resolve) => requestAnimationFrame(resolve));
          holder.remove();
          if (hinted && i % 10 === 0) void new ArrayBuffer(4 << 20).byteLength;
        }
        done();
      }, mode === "dom-hinted");
    case "remount":
      for (let i = 0; i < 60; i++) {
        await browser.execute((hash) => (window.location.hash = hash), ROUTE.overview);
        await sleep(300);
        await browser.execute((hash) => (window.location.hash = hash), ROUTE.settings);
        await sleep(300);
      }
      return undefined;
  }
}

/** Allocates and drops ~400 MB of buffers and objects: JavaScriptCore collects in full. */
async function forceCollection(browser) {
  await browser.executeAsync(async (done) => {
    let keep = [];
    for (let i = 0; i < 400; i++) {
      keep.push(new ArrayBuffer(1 << 20));
      if (keep.length > 20) keep = [];
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (let i = 0; i < 200_000; i++) keep.push({ i, text: String(i) });
    keep = null;
    done();
  });
}

const driver = await Driver.start();
let browser;
let exitCode = 0;
try {
  const launchedAt = new Date();
  browser = await driver.launch(["--data-dir", dataDir, "--sandbox", "--sync-every", "3600"]);
  const app = processTree(driver.child.pid).find((pid) => processName(pid) === "paydesk");
  if (!app) throw new Error("the app process was not found under tauri-driver");
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  await untilSynced(browser, { since: launchedAt, timeoutMs: 180_000, what: "the start-up sync to finish" });
  await browser.execute((hash) => (window.location.hash = hash), ROUTE.settings);
  await sleep(3000);
  const series = [webAnonMb(app)];
  for (let i = 0; i < 8; i++) {
    await block(browser);
    await sleep(2000);
    series.push(webAnonMb(app));
    log(`${mode}: ${JSON.stringify(series)}`);
  }
  const before = series.at(-1);
  // The buffers' own pages take a few seconds to go back: the figure that counts is the last.
  await forceCollection(browser);
  for (let i = 0; i < 3; i++) {
    await sleep(5000);
    series.push(webAnonMb(app));
  }
  const round = (x) => Math.round(x * 10) / 10;
  const text = JSON.stringify(
    {
      date: new Date().toISOString().slice(0, 10),
      mode,
      web_process_anon_mb: series,
      grown_mb: round(before - series[0]),
      grown_after_full_collection_mb: round(series.at(-1) - series[0]),
    },
    null,
    2,
  );
  console.log(text);
  if (process.env.LONG_SESSION_OUT) writeFileSync(process.env.LONG_SESSION_OUT, `${text}\n`);
} catch (e) {
  log(`failed: ${e.message}`);
  exitCode = 1;
} finally {
  if (browser) await browser.deleteSession().catch(() => {});
  await driver.stop().catch(() => {});
}
process.exit(exitCode);
