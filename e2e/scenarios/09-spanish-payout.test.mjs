// Scenario 9: Paydesk in Spanish on the real app. The merchant picks "Español" in Settings: the
// whole UI switches at once (navigation, forms, states) and the choice is kept across a
// relaunch. A Hexai payout is then reviewed, its amount retyped with a decimal comma
// ("150,50"), confirmed and followed to its end: the confirmation lines come from the Rust side
// in Spanish, and the result shows the Spanish word for a payout that succeeded. Every
// expected text is read from the Spanish catalogs (ui/messages/es) or, for the desk's own
// words, is the desk's Spanish (crates/desk/src/language.rs).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  Driver,
  E2E_DIR,
  freshDataDir,
  processName,
  processTree,
  screenshots,
  teardown,
  until,
  within,
} from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

/** Every Spanish message, by key. */
const ES = Object.assign(
  {},
  ...readdirSync(path.join(E2E_DIR, "../ui/messages/es"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(E2E_DIR, "../ui/messages/es", f), "utf8"))),
);
const es = (key) => {
  assert.equal(typeof ES[key], "string", `the Spanish catalog has ${key}`);
  return ES[key];
};
const NAV_ES = ["nav_overview", "nav_transactions", "nav_payouts", "nav_get_paid", "nav_accounts", "nav_settings"].map(es);

let driver;
let browser;
let data;
const shots = screenshots("09-spanish-payout");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("spanish");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

// The navigation found by place, not by its (translated) label.
const navTexts = async () => browser.$$("nav a").map((a) => a.getText());
const navLink = (label) => browser.$(`//nav//a[normalize-space()="${label}"]`);
const button = (text) => browser.$(`//button[normalize-space()="${text}"]`);

test("scenario 9: a payout in Spanish", async (t) => {
  await t.test("choosing Español in Settings switches the whole UI at once", async () => {
    await shots.step(browser, "settings-es", async () => {
      await browser.$(S.navLink("Settings")).click();
      const select = browser.$('//label[span[normalize-space()="Show Paydesk in"]]//select');
      await select.waitForDisplayed({ timeout: 20_000 });
      await select.selectByAttribute("value", "es");
      await until(async () => JSON.stringify(await navTexts()) === JSON.stringify(NAV_ES), {
        timeoutMs: 20_000,
        what: "the navigation in Spanish",
      });
      assert.equal(await browser.$(S.viewTitle).getText(), es("settings_title"));
      assert.equal(await browser.execute(() => document.documentElement.lang), "es");
      assert.equal(await browser.$("nav").getAttribute("aria-label"), es("nav_label"));
    });
  });

  await t.test("a Hexai payout reviewed, retyped with a decimal comma, sent and shown in Spanish", async () => {
    await navLink(es("nav_payouts")).click();
    await browser.$(S.payoutTab(es("payouts_kind_hexai"))).click();
    await browser.$(S.field("recipientMobile")).setValue("+2207654321");
    await browser.$(S.field("amount")).setValue("150,50");
    await shots.step(browser, "review", async () => {
      const review = button(es("payouts_review"));
      await review.waitForEnabled({ timeout: 60_000 });
      await review.click();
      await browser.$(`h2=${es("payouts_confirm_title")}`).waitForDisplayed({ timeout: 20_000 });
      const lines = await browser.$("table.lines").getText();
      for (const label of ["Proveedor", "Cuenta", "Monto", "Número Wave", "Referencia"]) {
        assert.match(lines, new RegExp(label), `the confirmation line "${label}" in Spanish`);
      }
      assert.match(lines, /\+2207654321/);
    });
    await shots.step(browser, "result", async () => {
      await browser.$(S.retypeAmount).setValue("150,50");
      const confirm = button(es("payouts_confirm_send"));
      await confirm.waitForEnabled({ timeout: 10_000 });
      await confirm.click();
      const result = browser.$(`section[aria-label="${es("payouts_result_payout_sent")}"]`);
      await result.waitForDisplayed({ timeout: 30_000 });
      await until(async () => (await result.$(".pill").getText()).trim() === es("status_succeeded"), {
        timeoutMs: 30_000,
        what: `the payout shown as "${es("status_succeeded")}"`,
      });
      assert.match(await result.getText(), /150,50/, "the amount written the Spanish way");
    });
  });

  await t.test("the language is kept across a relaunch", async () => {
    await within(browser.deleteSession(), 20_000);
    browser = null;
    await until(
      async () => processTree(driver.child.pid).every((pid) => processName(pid) !== "paydesk"),
      { timeoutMs: 20_000, what: "the app process to end" },
    );
    browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
    await browser.$("nav").waitForDisplayed({ timeout: 60_000 });
    await shots.step(browser, "relaunched", async () => {
      await until(async () => JSON.stringify(await navTexts()) === JSON.stringify(NAV_ES), {
        timeoutMs: 20_000,
        what: "the navigation in Spanish after a relaunch",
      });
      await browser.$(S.viewTitle).waitForDisplayed({ timeout: 20_000 });
      assert.equal(await browser.$('main [role="alert"]').isExisting(), false, "the app started cleanly");
    });
  });
});
