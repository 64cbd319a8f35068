// Scenario 5: export the filtered list to CSV and check the file.
//
// The button's path goes through the native GTK save dialog (tauri-plugin-dialog), which
// WebDriver cannot reach, and the app has no hook to name the file instead: that part is
// skipped with its reason. What runs: the Export CSV button is on the Transactions view, and
// the same export command the button calls, sent from inside the real webview with the
// filter the scenario set (Hexai, succeeded) and a path, writes a CSV holding exactly those rows.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Driver, freshDataDir, invoke, screenshots, until, viewNotBuilt } from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("05-export-csv");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("export");
  browser = await driver.launch(["--data-dir", data.dir]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  await until(
    async () => (await invoke(browser, "overview")).accounts.every((a) => a.sync.lastSync && !a.sync.running),
    { timeoutMs: 120_000, what: "the first sync" },
  );
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await driver?.stop();
  data?.cleanup();
});

/** RFC 4180 fields of a CSV text (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

test("scenario 5: export the filtered list to CSV", async (t) => {
  await browser.$(S.navLink("Transactions")).click();
  if (await viewNotBuilt(browser, S.notBuilt)) {
    t.skip("the Transactions view is not built in this build (it shows 'Not built yet')");
    return;
  }

  await t.test("the filtered list offers Export CSV", async () => {
    await shots.step(browser, "filtered", async () => {
      await browser.$(S.txFilterSelect("Provider")).selectByVisibleText("Hexai");
      await browser.$(S.txFilterSelect("Status")).selectByAttribute("value", "succeeded");
      await until(
        async () => {
          const providers = await browser.$$(`${S.txRows} ${S.txProviderCell}`).map((c) => c.getText());
          return providers.length > 0 && providers.every((p) => p.trim() === "Hexai");
        },
        { what: "only Hexai rows" },
      );
      assert.ok(await browser.$(S.exportButton).isDisplayed(), "the Export CSV button is shown");
    });
  });

  await t.test("choosing the file in the save dialog", (t) => {
    t.skip("the save dialog is native GTK, out of WebDriver's reach, and the app has no hook to name the file");
  });

  await t.test("the export command writes exactly the filtered rows", async () => {
    const file = path.join(data.dir, "hexai-succeeded.csv");
    const done = await invoke(browser, "export_csv", {
      request: {
        filter: {
          providers: ["hexai"],
          accounts: [],
          direction: null,
          kinds: [],
          statuses: ["succeeded"],
          currency: null,
          from: null,
          to: null,
          amountMin: null,
          amountMax: null,
          search: null,
        },
        sort: "newest",
        path: file,
      },
    });
    const rows = parseCsv(readFileSync(file, "utf8")).filter((r) => r.length > 1);
    const [header, ...body] = rows;
    assert.deepEqual(header.slice(0, 3), ["provider", "account", "provider_id"]);
    assert.ok(body.length > 0, "the export holds rows");
    assert.equal(body.length, done.rows, "as many rows as the command reports");
    const provider = header.indexOf("provider");
    const status = header.indexOf("status");
    for (const row of body) {
      assert.equal(row[provider], "hexai");
      assert.equal(row[status], "succeeded");
    }
    t.diagnostic(`${body.length} rows exported`);
  });
});
