// Scenario 3: a Hexai payout of the sandbox's success amount reaches succeeded; then one of the
// insufficient-funds amount (400.00 GMD) fails with the provider's reason.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Driver, teardown, freshDataDir, screenshots, until } from "../lib/harness.mjs";
import { reviewAndConfirm } from "../lib/forms.mjs";
import { S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("03-hexai-payout");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("payout");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

/** Fills the Hexai form, reviews, retypes the amount and sends; returns the result's state. */
async function sendHexai(amount, phone) {
  await browser.$(S.payoutTab("Hexai payout")).click();
  await browser.$(S.field("recipientMobile")).setValue(phone);
  await browser.$(S.field("amount")).setValue(amount);
  return reviewAndConfirm(browser, amount, S.payoutResult);
}

/** The recent-payouts row for an amount, as text, once its state is final. */
async function recentRow(amountText, finalState) {
  return until(
    async () => {
      const rows = await browser.$$(S.recentPayoutRows).map((r) => r.getText());
      return rows.find((r) => r.includes(amountText) && finalState.test(r)) ?? null;
    },
    { timeoutMs: 30_000, what: `a recent payout of ${amountText} in state ${finalState}` },
  );
}

test("scenario 3: Hexai payouts", async (t) => {
  await browser.$(S.navLink("Payouts")).click();

  await t.test("150.50 GMD to +2207654321 reaches succeeded", async () => {
    await shots.step(browser, "success-sent", async () => {
      const result = await sendHexai("150.50", "+2207654321");
      await until(async () => /succeeded/i.test(await browser.$(S.payoutResultState).getText()), {
        timeoutMs: 30_000,
        what: "the payout to succeed",
      });
      assert.match(await result.getText(), /150\.50/);
    });
    await shots.step(browser, "success-in-list", async () => {
      const row = await recentRow("150.50", /succeeded/i);
      assert.match(row, /Hexai/);
    });
  });

  await t.test("400.00 GMD fails with the provider's insufficient-funds reason", async () => {
    await browser.$(S.newPayoutButton).click();
    await shots.step(browser, "failure-sent", async () => {
      const result = await sendHexai("400.00", "+2207654321");
      await until(async () => /failed/i.test(await browser.$(S.payoutResultState).getText()), {
        timeoutMs: 30_000,
        what: "the payout to fail",
      });
      assert.match(await result.getText(), /insufficient/i, "the provider's reason is shown");
    });
    await shots.step(browser, "failure-in-list", async () => {
      const row = await recentRow("400.00", /failed/i);
      assert.match(row, /insufficient/i);
    });
  });
});
