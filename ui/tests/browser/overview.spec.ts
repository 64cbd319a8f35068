// Overview in Chromium: accounts, totals per currency, today's figures, the chart, sync.
import { test, expect, callsOf, screenshot } from "./fixtures";

test("shows every account, totals per currency, today and the earnings chart", async ({ page }) => {
  await page.goto("/#/overview");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Hexai Banjul" })).toContainText("1,234,567.50");
  await expect(page.locator("canvas").first()).toBeVisible();
  await screenshot(page, "overview");
});
