// Every view passes an automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) with
// no serious or critical violation, in the light and the dark theme; the welcome screen too.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const VIEWS = ["overview", "transactions", "payouts", "get-paid", "accounts", "settings"] as const;

/** The serious and critical violations on the page, each with the elements at fault. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    for (const view of VIEWS) {
      test(`${view} has no serious accessibility violation`, async ({ page }) => {
        await page.goto(`/#/${view}`);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByText("Loading…")).toHaveCount(0);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    test.describe("first launch", () => {
      test.use({ fixtureConfig: { firstRun: true } });
      test("the welcome screen has no serious accessibility violation", async ({ page }) => {
        await page.goto("/");
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect(await seriousViolations(page)).toEqual([]);
      });
    });
  });
}

test("focus is visible on every control reached by Tab", async ({ page }) => {
  await page.goto("/#/payouts");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return "none";
      const style = getComputedStyle(el);
      return style.outlineStyle !== "none" && style.outlineWidth !== "0px" ? "outline" : style.boxShadow !== "none" ? "shadow" : "none";
    });
    expect(outline, `the control reached after ${i + 1} Tab(s) shows where the focus is`).not.toBe("none");
  }
});
