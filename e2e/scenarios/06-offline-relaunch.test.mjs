// Scenario 6: launch, let the first sync fill the cache, quit; relaunch with --offline (no
// simulators: the providers are unreachable) on the same data dir and see the history still
// there, with the Overview's banner saying the app is offline.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Driver,
  teardown,
  within,
  freshDataDir,
  invoke,
  processName,
  processTree,
  screenshots,
  until,
  untilSynced,
} from "../lib/harness.mjs";
import { PROVIDER_NAMES, ROUTE, S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("06-offline-relaunch");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("offline");
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

/** The first page of the history, newest first, through the webview's IPC. */
async function firstPage(browser) {
  const page = await invoke(browser, "transactions", {
    request: {
      filter: {
        accounts: [],
        providers: [],
        kinds: [],
        statuses: [],
        direction: null,
        currency: null,
        from: null,
        to: null,
        amountMin: null,
        amountMax: null,
        search: null,
      },
      sort: "newest",
      after: null,
      limit: 20,
    },
  });
  return page.rows.map((r) => `${r.account}/${r.providerId}`);
}

/** The visible rows of the Transactions view, as text. */
async function visibleRows(browser) {
  await browser.execute((hash) => (window.location.hash = hash), ROUTE.transactions);
  await until(async () => (await browser.$$(S.txRows).length) > 0, { timeoutMs: 30_000, what: "transaction rows" });
  return browser.$$(S.txRows).map((r) => r.getText());
}

test("scenario 6: quit, relaunch offline, the history is still there", async (t) => {
  let cached = 0;
  let page = [];
  let rowsOnline = null;

  await t.test("first launch syncs every account into the cache", async () => {
    browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
    await shots.step(browser, "online-synced", async () => {
      await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
      const overview = await untilSynced(browser);
      cached = overview.cachedTransactions;
      assert.ok(cached > 0, "the cache holds transactions after the first sync");
      assert.equal(overview.offline, false);
      page = await firstPage(browser);
      assert.ok(page.length > 0);
      t.diagnostic(`${cached} transactions cached by the first sync`);
    });
    await shots.step(browser, "online-transactions", async () => {
      rowsOnline = await visibleRows(browser);
    });
  });

  await t.test("quitting ends the app's processes", async () => {
    const closed = await within(browser.deleteSession().then(() => "closed"), 20_000, "timed out");
    browser = null;
    assert.equal(closed, "closed", "the session closes within 20 s");
    await until(
      async () => processTree(driver.child.pid).every((pid) => processName(pid) !== "paydesk"),
      { timeoutMs: 20_000, what: "the app process to end" },
    );
  });

  await t.test("relaunched with --offline, the cached history is there", async () => {
    browser = await driver.launch(["--data-dir", data.dir, "--sandbox", "--offline"]);
    await shots.step(browser, "offline-relaunch", async () => {
      await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
      const overview = await invoke(browser, "overview");
      assert.equal(overview.cachedTransactions, cached, "the same number of cached transactions");
      assert.deepEqual(
        [...new Set(overview.accounts.map((a) => a.providerName))].sort(),
        [...PROVIDER_NAMES].sort(),
        "the five accounts are still there",
      );
      assert.deepEqual(await firstPage(browser), page, "the same newest transactions");
    });
  });

  await t.test("the Overview says it is offline and shows the cached accounts", async () => {
    await shots.step(browser, "offline-overview", async () => {
      // The start-up sync reaches no provider; the Overview then shows its offline banner.
      const banner = browser.$(S.offlineBanner);
      await banner.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the offline banner is not shown" });
      const text = await banner.getText();
      assert.match(text, /^Offline\./, `the banner says offline: ${text}`);
      assert.match(text, /No provider could be reached/, text);
      assert.match(text, new RegExp(`cached data \\(${cached.toLocaleString("en-US")} transactions\\)`), text);
      assert.equal((await invoke(browser, "overview")).offline, true, "the desk says offline too");
      await until(async () => (await browser.$$(S.accountCards)).length === 5, {
        timeoutMs: 30_000,
        what: "five account cards offline",
      });
    });
  });

  await t.test("the Transactions view shows the cached history offline", async () => {
    await shots.step(browser, "offline-transactions", async () => {
      const rows = await visibleRows(browser);
      assert.ok(rows.length > 0, "transaction rows are shown offline");
      assert.deepEqual(rows.slice(0, 5), rowsOnline.slice(0, 5), "the same newest rows as online");
    });
  });
});
