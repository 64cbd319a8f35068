// Scenario 7: the live first run. A fresh data dir and a plain launch open the welcome screen
// with nothing started. The merchant connects a live Hexai account; here it talks to a Hexai
// simulator this test starts on loopback (`paydesk-sandbox --hexai-live` takes an `sk_live_`
// key). The Overview shows only that account, and the app binds no port (no simulator, no
// webhook receiver). A live payout raises the native confirmation dialog; xdotool accepts it
// on the same display, and the payout reaches succeeded. Switching to SANDBOX then shows only
// the sandbox accounts, with none of the live figures.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Driver,
  appListeningPorts,
  freshDataDir,
  invoke,
  screenshots,
  startSimulators,
  teardown,
  until,
  waitForWindow,
  windowShown,
  xdotool,
} from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

const LIVE_KEY = "sk_live_pd0sandbox0hexai0key000000000001";
const LABEL = "Hexai Banjul (live)";
const DIALOG_TITLE = "^Confirm live payout$";

let driver;
let browser;
let data;
let provider;
const shots = screenshots("07-live-first-run");

before(async () => {
  provider = await startSimulators(["--hexai-live", "--size", "40"]);
  assert.ok(provider.urls.Hexai, "the local Hexai provider printed its URL");
  driver = await Driver.start();
  data = freshDataDir("live");
  browser = await driver.launch(["--data-dir", data.dir]);
});

after(
  async () => {
    await teardown({ browser, driver, data });
    await provider?.stop();
  },
  { timeout: 60_000 },
);

test("scenario 7: live first run", async (t) => {
  await t.test("a plain first launch opens the welcome screen, with nothing started", async () => {
    await shots.step(browser, "welcome", async () => {
      await browser.$(S.welcomeTitle).waitForDisplayed({ timeout: 60_000 });
      assert.ok(await browser.$(S.trySandbox).isDisplayed());
      assert.ok(await browser.$(S.connectFirst).isDisplayed());
      const info = await invoke(browser, "app_info");
      assert.equal(info.mode, null);
      assert.equal(info.hasLiveAccount, false);
      assert.deepEqual(appListeningPorts(driver), [], "no port bound on the welcome screen");
    });
  });

  await t.test("connect my first account: a live Hexai account", async () => {
    await shots.step(browser, "connect-form", async () => {
      await browser.$(S.connectFirst).click();
      await browser.$(S.accountForm).waitForDisplayed({ timeout: 30_000 });
      await browser.$(S.field("provider")).selectByAttribute("value", "hexai");
      await browser.$(S.field("label")).setValue(LABEL);
      await browser.$(S.field("baseUrl")).setValue(provider.urls.Hexai);
      await browser.$(S.field("secret_key")).setValue(LIVE_KEY);
    });
    await shots.step(browser, "account-added", async () => {
      await browser.$("button=Add account").click();
      await browser.$(S.accountCard(LABEL)).waitForDisplayed({ timeout: 60_000 });
      const updates = await browser.$(S.accountCard(LABEL)).$(S.accountUpdates).getText();
      assert.match(updates, /polling/i, "a live account is kept current by polling");
      // Its own base URL is the local provider; what must not be there is a receiver URL to
      // paste into a provider's dashboard.
      assert.doesNotMatch(await browser.$(S.accountCard(LABEL)).getText(), /webhooks?\//i);
    });
  });

  await t.test("the Overview shows only the live account, and the app binds no port", async () => {
    await shots.step(browser, "live-overview", async () => {
      await browser.$(S.navLink("Overview")).click();
      await until(async () => (await browser.$$(S.accountCards)).length === 1, {
        timeoutMs: 30_000,
        what: "one account card",
      });
      const overview = await until(
        async () => {
          const o = await invoke(browser, "overview");
          return o.accounts[0]?.balances.length > 0 && o.accounts[0]?.sync.lastSync ? o : null;
        },
        { timeoutMs: 60_000, what: "the live account synced with its balance" },
      );
      assert.equal(overview.sandbox, false);
      assert.deepEqual(
        overview.accounts.map((a) => [a.label, a.mode]),
        [[LABEL, "live"]],
      );
      assert.deepEqual(overview.totals.map((t) => t.currency), ["GMD"]);
      assert.ok(overview.cachedTransactions > 0, "the live history is cached");
      assert.equal(await browser.$(S.modeButton("LIVE")).getAttribute("aria-pressed"), "true");
      assert.deepEqual(appListeningPorts(driver), [], "no simulator or receiver port in LIVE");
    });
  });

  await t.test("a live payout is sent only through the native dialog, and succeeds", async () => {
    await browser.$(S.navLink("Payouts")).click();
    let dialog;
    await shots.step(browser, "native-confirmation", async () => {
      await browser.$(S.payoutTab("Hexai payout")).click();
      await browser.$(S.field("recipientMobile")).setValue("+2207654321");
      await browser.$(S.field("amount")).setValue("150.50");
      const review = browser.$(S.reviewButton);
      await review.waitForEnabled({ timeout: 60_000 });
      await review.click();
      await browser.$(S.confirmTitle).waitForDisplayed({ timeout: 20_000 });
      await browser.$(S.retypeAmount).setValue("150.50");
      await browser.$(S.confirmButton).click();
      dialog = await waitForWindow(DIALOG_TITLE, { timeoutMs: 30_000 });
      const sent = await invoke(browser, "payouts");
      assert.equal(sent[0].sendCount, 0, "nothing is sent while the dialog is open");
    });
    await shots.step(browser, "live-payout-succeeded", async () => {
      // No window manager: focus the dialog, then Return presses its focused "Send payout".
      await xdotool(["windowfocus", "--sync", dialog]);
      await xdotool(["key", "Return"]);
      await until(async () => !(await windowShown(DIALOG_TITLE)), {
        timeoutMs: 15_000,
        what: "the confirmation dialog to close",
      });
      await browser.$(S.payoutResult).waitForDisplayed({ timeout: 30_000 });
      await until(async () => /succeeded/i.test(await browser.$(S.payoutResultState).getText()), {
        timeoutMs: 60_000,
        what: "the live payout to succeed",
      });
      const [payout] = await invoke(browser, "payouts");
      assert.equal(payout.state, "succeeded");
      assert.equal(payout.sendCount, 1);
    });
  });

  await t.test("SANDBOX shows only the sandbox accounts and none of the live figures", async () => {
    await shots.step(browser, "sandbox-after-live", async () => {
      await browser.$(S.modeButton("SANDBOX")).click();
      await browser.$(S.sandboxBadge).waitForDisplayed({ timeout: 60_000 });
      await browser.$(S.navLink("Overview")).click();
      const overview = await until(
        async () => {
          const o = await invoke(browser, "overview");
          return !o.starting && o.accounts.length === 5 ? o : null;
        },
        { timeoutMs: 90_000, what: "the five sandbox accounts" },
      );
      assert.equal(overview.sandbox, true);
      assert.ok(overview.accounts.every((a) => a.mode === "sandbox"));
      assert.ok(!overview.accounts.some((a) => a.label === LABEL), "the live account is not listed");
      const payouts = await invoke(browser, "payouts");
      assert.ok(!payouts.some((p) => p.amount === "150.50"), "the live payout is not in the sandbox");
      // SANDBOX runs the simulators and the receiver: the same check now sees their ports,
      // so the LIVE check above could have failed.
      assert.ok(appListeningPorts(driver).length >= 6, "five simulators and the receiver listen");
      await until(async () => (await browser.$$(S.accountCards)).length === 5, {
        timeoutMs: 30_000,
        what: "five sandbox account cards",
      });
    });
  });
});
