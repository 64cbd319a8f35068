// Paydesk in each of its four languages: every view rendered (a screenshot per view and
// language), a known amount and a known date written the way each language writes them, and
// the pseudo-locale (every string about 40 % longer) at the minimum window size with no
// control clipped, cut off at the window's edge or overlapping another.
import type { Page } from "@playwright/test";
import { test, expect, screenshot } from "./fixtures";

const VIEWS = ["overview", "transactions", "payouts", "get-paid", "accounts", "settings"] as const;

/** The HG.Cash balance of the fixture (987654.32 ARS) and row 0's time (2025-06-30 18:00 UTC, 15:00 in Buenos Aires). */
const LANGUAGES = [
  { lang: "en", amount: "987,654.32 ARS", date: "2025-06-30 15:00", overview: "Overview" },
  { lang: "es", amount: "$ 987.654,32", date: "30/06/2025 15:00", overview: null },
  { lang: "pt-BR", amount: "ARS 987.654,32", date: "30/06/2025 15:00", overview: null },
  { lang: "fr", amount: "987 654,32 $AR", date: "30/06/2025 15:00", overview: null },
] as const;

/** Text as a reader compares it: no-break and narrow spaces as spaces, a comma before the time dropped. */
function plain(text: string | null): string {
  return (text ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/(\d{4}), (\d{2}:)/g, "$1 $2").replace(/\s+/g, " ").trim();
}

async function open(page: Page, lang: string, view: string): Promise<void> {
  await page.goto(`/?lang=${lang}#/${view}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
}

test.use({ timezoneId: "America/Argentina/Buenos_Aires" });

for (const { lang, amount, date, overview } of LANGUAGES) {
  test.describe(lang, () => {
    test(`every view speaks ${lang}`, async ({ page }) => {
      for (const view of VIEWS) {
        await open(page, lang, view);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const heading = await page.getByRole("heading", { level: 1 }).textContent();
        if (view === "overview" && overview) expect(heading?.trim()).toBe(overview);
        if (lang !== "en" && view === "overview") expect(heading?.trim()).not.toBe("Overview");
        await screenshot(page, `${view}-${lang}`);
      }
    });

    test(`amounts and dates are written the ${lang} way`, async ({ page }) => {
      await open(page, lang, "overview");
      const card = page.getByRole("article", { name: /HG\.Cash/ }).first();
      await expect(card).toBeVisible();
      expect(plain(await card.textContent())).toContain(amount);
      await open(page, lang, "transactions");
      const row = page.locator('[data-row="0"]');
      await expect(row).toBeVisible();
      expect(plain(await row.textContent())).toContain(date);
    });
  });
}

test.describe("pseudo-locale at the minimum window size", () => {
  test.use({ viewport: { width: 960, height: 600 } });

  for (const view of VIEWS) {
    test(`${view}: no control clipped or overlapping with 40 % longer text`, async ({ page }) => {
      await open(page, "en-XA", view);
      const problems = await page.evaluate(() => {
        const controls = Array.from(
          document.querySelectorAll<HTMLElement>("button, a[href], input, select, textarea, [role=tab], label, th, h1, h2"),
        ).filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
        });
        const found: string[] = [];
        const name = (el: HTMLElement) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`;
        const right = document.documentElement.clientWidth;
        for (const el of controls) {
          const box = el.getBoundingClientRect();
          if (box.right > right + 1) found.push(`cut off at the window's edge: ${name(el)}`);
          const style = getComputedStyle(el);
          const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
          if (clips && el.scrollWidth > el.clientWidth + 1 && !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) {
            found.push(`clipped: ${name(el)}`);
          }
        }
        for (let i = 0; i < controls.length; i++) {
          for (let j = i + 1; j < controls.length; j++) {
            const a = controls[i]!;
            const b = controls[j]!;
            if (a.contains(b) || b.contains(a)) continue;
            const ra = a.getBoundingClientRect();
            const rb = b.getBoundingClientRect();
            const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
            const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
            if (w > 2 && h > 2) found.push(`overlap: ${name(a)} and ${name(b)}`);
          }
        }
        return found;
      });
      await screenshot(page, `${view}-pseudo-small`);
      expect(problems).toEqual([]);
    });
  }
});
