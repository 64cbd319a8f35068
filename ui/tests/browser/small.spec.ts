// At the window's minimum size (960×600) the amounts stay whole: narrower columns go first.
import { test, expect, screenshot } from "./fixtures";

test.use({ viewport: { width: 960, height: 600 } });

test("transactions at the minimum window size keep the amount column whole", async ({ page }) => {
  await page.goto("/#/transactions");
  const amount = page.locator('[data-row="0"] .c-amount');
  await expect(amount).toContainText("-1.00");
  const cell = await amount.boundingBox();
  const table = await page.getByRole("table", { name: "Transactions" }).boundingBox();
  expect(cell && table && cell.x + cell.width <= table.x + table.width).toBe(true);
  await screenshot(page, "transactions-small");
});
