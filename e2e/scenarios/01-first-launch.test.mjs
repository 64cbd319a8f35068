// Scenario 1: first launch on a fresh data dir shows the frame, the five sandbox accounts with
// their balances, and the earnings chart.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Driver, teardown, freshDataDir, invoke, screenshots, until } from "../lib/harness.mjs";
import { NAV_LABELS, PROVIDER_NAMES, S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("01-first-launch");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("first-launch");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

test("scenario 1: first launch", async (t) => {
  await t.test("the frame: navigation and the SANDBOX badge", async () => {
    await shots.step(browser, "frame", async () => {
      await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
      const labels = await browser.$$(S.navLinks).map((a) => a.getText());
      assert.deepEqual(labels.map((l) => l.trim()), NAV_LABELS);
      assert.ok(await browser.$(S.sandboxBadge).isDisplayed(), "the SANDBOX badge is shown");
      assert.equal((await browser.$(S.viewTitle).getText()).trim(), "Overview");
    });
  });

  await t.test("the desk behind the webview has five sandbox accounts with balances", async () => {
    // Through the webview's own IPC (what the views call): holds whether or not the views are built.
    await shots.step(browser, "desk", async () => {
      const overview = await until(
        async () => {
          const o = await invoke(browser, "overview");
          const ready = o.accounts.length === 5 && o.accounts.every((a) => !a.hasBalanceEndpoint || a.balances.length > 0);
          return ready ? o : null;
        },
        { timeoutMs: 60_000, what: "five accounts with their balances read" },
      );
      assert.equal(overview.sandbox, true);
      assert.deepEqual(overview.problems, []);
      assert.deepEqual(
        [...new Set(overview.accounts.map((a) => a.providerName))].sort(),
        [...PROVIDER_NAMES].sort(),
      );
      const withBalance = overview.accounts.filter((a) => a.hasBalanceEndpoint);
      assert.ok(withBalance.length >= 3, "at least three providers report a balance");
    });
  });

  await t.test("the Overview shows a card per account with balances", async () => {
    await shots.step(browser, "account-cards", async () => {
      await until(async () => (await browser.$$(S.accountCards)).length === 5, {
        timeoutMs: 30_000,
        what: "five account cards",
      });
      const cards = await browser.$$(S.accountCards);
      const texts = await cards.map((c) => c.getText());
      for (const name of PROVIDER_NAMES) {
        assert.ok(texts.some((text) => text.includes(name)), `a card names ${name}`);
      }
      // Every card shows a balance with its "as of", or says its provider reports none.
      await until(
        async () => {
          for (const card of cards) {
            const amounts = await card.$$(S.cardAmount).length;
            const asOf = await card.$(S.cardAsOf).isExisting();
            const none = await card.$(S.cardNoBalanceNote).isExisting();
            if (!none && !(amounts > 0 && asOf)) return false;
          }
          return true;
        },
        { timeoutMs: 30_000, what: "every card's balance or its no-balance note" },
      );
    });
  });

  await t.test("the Overview shows the earnings chart", async () => {
    await shots.step(browser, "earnings-chart", async () => {
      const canvas = await browser.$(S.earningsCanvas);
      await canvas.waitForDisplayed({ timeout: 30_000 });
      const size = await canvas.getSize();
      assert.ok(size.width > 100 && size.height > 50, `the chart is drawn (${size.width}x${size.height})`);
    });
  });
});
