// Scenario 2: browse the transactions, filter by provider and status, search a reference, and
// open a transaction's detail.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Driver, teardown, freshDataDir, screenshots, until, untilSynced } from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("02-browse-transactions");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("browse");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  // The first sync fills the cache.
  await untilSynced(browser);
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

/** The text of one column in the rendered rows (the table is virtual: rows below the fold are
 * in the DOM but not on screen, where WebDriver's getText reads ""; textContent reads them). */
const cellTexts = (selector) =>
  browser.execute(
    (sel) => Array.from(document.querySelectorAll(sel)).map((c) => (c.textContent ?? "").trim()),
    `${S.txRows} ${selector}`,
  );

test("scenario 2: browse, filter, search, detail", async (t) => {
  await browser.$(S.navLink("Transactions")).click();

  await t.test("the list shows the synced transactions", async () => {
    await shots.step(browser, "list", async () => {
      await until(async () => (await cellTexts(S.txProviderCell)).length > 5, { what: "transaction rows" });
      assert.equal((await browser.$(S.viewTitle).getText()).trim(), "Transactions");
    });
  });

  await t.test("filter by provider: only Hexai rows", async () => {
    await shots.step(browser, "filter-provider", async () => {
      await browser.$(S.txFilterSelect("Provider")).selectByVisibleText("Hexai");
      await until(
        async () => {
          const providers = await cellTexts(S.txProviderCell);
          return providers.length > 0 && providers.every((p) => p.trim() === "Hexai");
        },
        { what: "only Hexai rows" },
      );
    });
  });

  await t.test("and by status: only succeeded Hexai rows", async () => {
    await shots.step(browser, "filter-status", async () => {
      await browser.$(S.txFilterSelect("Status")).selectByAttribute("value", "succeeded");
      await until(
        async () => {
          const statuses = await cellTexts(S.txStatusCell);
          const providers = await cellTexts(S.txProviderCell);
          return (
            statuses.length > 0 &&
            statuses.every((s) => /succeeded/i.test(s)) &&
            providers.every((p) => p.trim() === "Hexai")
          );
        },
        { what: "only succeeded Hexai rows" },
      );
    });
  });

  let reference;
  await t.test("search a reference finds that transaction", async () => {
    await shots.step(browser, "search", async () => {
      const who = await cellTexts(S.txWhoCell);
      reference = who[Math.min(2, who.length - 1)].split("·")[0].replace(/\s+/g, " ").trim();
      assert.ok(reference.length > 3, `a reference to search (${reference})`);
      await browser.$(S.txSearch).setValue(reference);
      await until(
        async () => {
          const rows = await cellTexts(S.txWhoCell);
          return rows.length >= 1 && rows.every((r) => r.includes(reference));
        },
        { what: `rows matching ${reference}` },
      );
    });
  });

  await t.test("opening the row shows its detail", async () => {
    await shots.step(browser, "detail", async () => {
      await browser.$(S.txRows).click();
      const detail = browser.$(S.txDetail);
      await detail.waitForDisplayed({ timeout: 10_000 });
      assert.ok(reference, "a reference was searched");
      await until(async () => (await detail.getText()).includes(reference), {
        timeoutMs: 10_000,
        what: `the detail of ${reference}`,
      });
      assert.match(await detail.getText(), /Hexai/);
    });
  });
});
