// The dark theme follows the system: every view rendered with prefers-color-scheme: dark.
import { test, expect, screenshot } from "./fixtures";

test.use({ colorScheme: "dark" });

for (const view of ["overview", "transactions", "payouts", "accounts", "settings"] as const) {
  test(`${view} in the dark theme`, async ({ page }) => {
    await page.goto(`/#/${view}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("Loading…")).toHaveCount(0);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe("rgb(15, 18, 23)");
    await screenshot(page, `${view}-dark`);
  });
}
