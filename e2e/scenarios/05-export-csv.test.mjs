// Scenario 5: export the filtered list to CSV and check the file.
//
// The Export CSV button on the Transactions view, filtered to Hexai and succeeded, calls the
// export command, which opens the native GTK save dialog itself on the Rust side
// (tauri-plugin-dialog, rfd): the webview never names the file. WebDriver cannot reach that
// window, so the scenario drives it from outside with xdotool on the same Xvfb display: it waits
// for the dialog, focuses it, types an absolute path into a scratch folder in the Name field and
// presses Return. Then the file written must hold exactly the filtered rows (each with its
// account's mode, `sandbox` here), and the view must say how many rows it exported and where.
// Then the export command is sent from inside the real webview with the same filter plus a
// `path` of the page's own choosing, as a hostile page would: the save dialog opens all the
// same, the file goes where the dialog chose (with the button's rows) and the page's path is
// never written.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  Driver,
  teardown,
  freshDataDir,
  screenshots,
  until,
  untilSynced,
  waitForWindow,
  windowShown,
  xdotool,
} from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

let driver;
let browser;
let data;
let out;
// The rows of the file the Export CSV button wrote (through the save dialog).
let buttonRows;
const shots = screenshots("05-export-csv");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("export");
  // Where the scenario saves its CSV files (the app's data dir is not the user's folder).
  out = freshDataDir("export-out");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  await untilSynced(browser);
});

after(
  async () => {
    await teardown({ browser, driver, data });
    out?.cleanup();
  },
  { timeout: 60_000 },
);

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

/** Checks an exported CSV: the usual header, at least one row, only Hexai succeeded sandbox rows. Its rows. */
function assertHexaiSucceeded(file) {
  assert.ok(existsSync(file), `the export wrote ${file}`);
  const rows = parseCsv(readFileSync(file, "utf8")).filter((r) => r.length > 1);
  const [header, ...body] = rows;
  assert.deepEqual(header.slice(0, 4), ["provider", "account", "mode", "provider_id"]);
  assert.ok(body.length > 0, "the export holds rows");
  const provider = header.indexOf("provider");
  const mode = header.indexOf("mode");
  const status = header.indexOf("status");
  for (const row of body) {
    assert.equal(row[provider], "hexai");
    assert.equal(row[mode], "sandbox");
    assert.equal(row[status], "succeeded");
  }
  return body;
}

/**
 * Drives the open native save dialog to `file`: no window manager on the display, so it focuses
 * the dialog itself (XTEST input goes to the focused window), replaces the default name in the
 * focused Name field with the absolute path, presses Return and waits for the dialog to close.
 * `shot` names the screenshot steps.
 */
async function saveThroughDialog(file, shot) {
  let dialog;
  await shots.step(browser, `${shot}-open`, async () => {
    dialog = await waitForWindow(S.saveDialogTitle, { timeoutMs: 30_000 });
  });
  await shots.step(browser, `${shot}-path-typed`, async () => {
    await xdotool(["windowfocus", "--sync", dialog]);
    await xdotool(["key", "--clearmodifiers", "ctrl+a"]);
    await xdotool(["type", "--delay", "20", file], { timeoutMs: 30_000 });
  });
  await shots.step(browser, `${shot}-saved`, async () => {
    await xdotool(["key", "Return"]);
    await until(async () => !(await windowShown(S.saveDialogTitle)), {
      timeoutMs: 15_000,
      what: "the save dialog to close",
    });
  });
}

test("scenario 5: export the filtered list to CSV", async (t) => {
  await browser.$(S.navLink("Transactions")).click();

  await t.test("the filtered list offers Export CSV", async () => {
    await shots.step(browser, "filtered", async () => {
      await browser.$(S.txFilterSelect("Provider")).selectByVisibleText("Hexai");
      await browser.$(S.txFilterSelect("Status")).selectByAttribute("value", "succeeded");
      await until(
        async () => {
          const providers = await browser.execute(
            (sel) => Array.from(document.querySelectorAll(sel)).map((c) => (c.textContent ?? "").trim()),
            `${S.txRows} ${S.txProviderCell}`,
          );
          return providers.length > 0 && providers.every((p) => p.trim() === "Hexai");
        },
        { what: "only Hexai rows" },
      );
      assert.ok(await browser.$(S.exportButton).isDisplayed(), "the Export CSV button is shown");
    });
  });

  await t.test("Export CSV: the save dialog, then the file and the view's message", async () => {
    const file = path.join(out.dir, "hexai-succeeded-from-dialog.csv");
    await browser.$(S.exportButton).click();
    await saveThroughDialog(file, "save-dialog");
    await shots.step(browser, "exported", async () => {
      const status = browser.$(S.exportStatus);
      await until(async () => (await status.getText()).startsWith("Exported"), {
        timeoutMs: 30_000,
        what: "the view's Exported message",
      });
      buttonRows = assertHexaiSucceeded(file);
      const rows = buttonRows.length;
      assert.equal((await status.getText()).trim(), `Exported ${rows.toLocaleString("en-US")} rows to ${file}`);
      assert.ok(await browser.$(S.exportButton).isEnabled(), "the Export CSV button is enabled again");
      t.diagnostic(`${rows} rows exported through the save dialog`);
    });
  });

  await t.test("the page cannot choose the file: the command asks the merchant all the same", async () => {
    const file = path.join(out.dir, "hexai-succeeded-from-command.csv");
    const pagesChoice = path.join(out.dir, "chosen-by-the-page.csv");
    const request = {
      // Absent filter fields do not narrow (the Rust side fills them in).
      filter: { providers: ["hexai"], statuses: ["succeeded"] },
      sort: "newest",
      // Not part of the request any more: a page that still sends it is not heard.
      path: pagesChoice,
    };
    // The command waits for the dialog, so it is started here and its answer read afterwards
    // (a WebDriver script waiting for it would hold the session while xdotool drives the dialog).
    await browser.execute((request) => {
      window.__e2eExport = null;
      window.__TAURI_INTERNALS__.invoke("export_csv", { request }).then(
        (data) => (window.__e2eExport = { ok: true, data }),
        (error) => (window.__e2eExport = { ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
      );
    }, request);
    await saveThroughDialog(file, "command-dialog");
    let answer;
    await until(async () => (answer = await browser.execute(() => window.__e2eExport)) !== null, {
      timeoutMs: 30_000,
      what: "the export command's answer",
    });
    assert.ok(answer.ok, `the export command failed: ${answer.error}`);
    const done = answer.data;
    assert.equal(done.path, file, "written where the dialog chose");
    assert.ok(!existsSync(pagesChoice), "nothing written at the path the page sent");
    const rows = assertHexaiSucceeded(file);
    assert.equal(rows.length, done.rows, "as many rows as the command reports");
    // The button sends the view's filter and sort (newest first, the default): the same rows.
    // (When the dialog step failed there is no button file, and that step reports why.)
    if (buttonRows) assert.deepEqual(rows, buttonRows, "the button's export holds the same rows as the command's");
    t.diagnostic(`${rows.length} rows exported by the command`);
  });
});
