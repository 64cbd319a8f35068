// The steps every payout and payment-request form shares on the real app: Review (enabled
// once start-up reconciliation lets payouts through), the amount retyped where the
// confirmation asks for it, Confirm and send, and the result shown.

import { S } from "../selectors.mjs";

/** Reviews the form on screen, retypes `amount` when asked, confirms; the result element. */
export async function reviewAndConfirm(browser, amount, resultSelector) {
  const review = browser.$(S.reviewButton);
  await review.waitForEnabled({ timeout: 60_000 });
  await review.click();
  await browser.$(S.confirmTitle).waitForDisplayed({ timeout: 20_000 });
  const retype = browser.$(S.retypeAmount);
  if (await retype.isExisting()) await retype.setValue(amount);
  const confirm = browser.$(S.confirmButton);
  await confirm.waitForEnabled({ timeout: 10_000 });
  await confirm.click();
  const result = browser.$(resultSelector);
  await result.waitForDisplayed({ timeout: 30_000 });
  return result;
}
