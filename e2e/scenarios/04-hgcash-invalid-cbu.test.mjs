// Scenario 4: an HG.Cash cash-out to an invalid CBU is refused before anything is sent.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Driver, teardown, freshDataDir, invoke, screenshots, until } from "../lib/harness.mjs";
import { S } from "../selectors.mjs";

let driver;
let browser;
let data;
const shots = screenshots("04-hgcash-invalid-cbu");

before(async () => {
  driver = await Driver.start();
  data = freshDataDir("cbu");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
});

after(() => teardown({ browser, driver, data }), { timeout: 60_000 });

test("scenario 4: HG.Cash cash-out with an invalid CBU", async (t) => {
  await browser.$(S.navLink("Payouts")).click();
  const before = (await invoke(browser, "payouts")).length;

  await t.test("a 5-digit CBU is refused on the form, nothing reaches the confirm step", async () => {
    await shots.step(browser, "refused", async () => {
      await browser.$(S.payoutTab("HG.Cash cash-out")).click();
      await browser.$(S.field("amount")).setValue("100.00");
      await browser.$(S.radio("cbu")).click();
      await browser.$(S.field("toCbu")).setValue("12345");
      const review = browser.$(S.reviewButton);
      // Either the live check blocks Review, or Review is refused with the field's error.
      if (await review.isEnabled()) await review.click().catch(() => {});
      const error = browser.$(S.fieldError("toCbu"));
      await error.waitForDisplayed({ timeout: 20_000 });
      assert.match(await error.getText(), /22 digits/i);
      assert.equal(await browser.$(S.confirmTitle).isExisting(), false, "no confirm step");
    });
  });

  await t.test("nothing was sent or journalled", async () => {
    const after = await invoke(browser, "payouts");
    assert.equal(after.length, before, "no new payout in the journal");
  });
});
