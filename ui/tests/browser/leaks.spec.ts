// A desk left open all day must not grow: cycling through the views (and opening and closing
// a transaction's detail) 200 times leaves as many DOM nodes and live event listeners as after
// the first 10 cycles, within a small tolerance, and a JavaScript heap no more than 3 MB
// larger. Counted by Chromium itself (DevTools' Memory.getDOMCounters and
// Runtime.getHeapUsage) after a forced garbage collection.
import type { CDPSession, Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const VIEWS = ["overview", "transactions", "payouts", "get-paid", "accounts", "settings"] as const;
const WARM_UP = 10;
const CYCLES = 200;

interface Counters {
  nodes: number;
  jsEventListeners: number;
  documents: number;
  /** The JavaScript heap in use, bytes. */
  heap: number;
}

async function counters(cdp: CDPSession): Promise<Counters> {
  // Twice: a first collection can leave objects that only a second one frees.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const dom = (await cdp.send("Memory.getDOMCounters")) as Omit<Counters, "heap">;
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  return { ...dom, heap: usedSize };
}

/** One cycle: every view in turn through its navigation link, and a transaction's detail opened and closed. */
async function cycle(page: Page): Promise<void> {
  for (const view of VIEWS) {
    await page.locator(`nav a[href="#/${view}"]`).click();
    await expect(page.locator(`nav a[href="#/${view}"]`)).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (view === "transactions") {
      const row = page.locator('[data-row="0"]');
      await expect(row).toContainText("HEX-1000000");
      await row.click();
      const panel = page.getByRole("complementary", { name: "Transaction detail" });
      await expect(panel).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(panel).toHaveCount(0);
    }
  }
}

test("200 cycles through the views leave no more DOM nodes or listeners than 10 did", async ({ page }) => {
  test.setTimeout(15 * 60_000);
  await page.goto("/#/overview");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < WARM_UP; i++) await cycle(page);
  // Back on the view the warm-up ended on, so both counts are taken on the same screen.
  const after10 = await counters(cdp);
  for (let i = WARM_UP; i < CYCLES; i++) await cycle(page);
  const after200 = await counters(cdp);
  console.log(`DOM counters after ${WARM_UP} cycles: ${JSON.stringify(after10)}; after ${CYCLES}: ${JSON.stringify(after200)}`);
  expect(after200.documents).toBeLessThanOrEqual(after10.documents);
  expect(after200.nodes, "DOM nodes").toBeLessThanOrEqual(Math.ceil(after10.nodes * 1.05) + 50);
  expect(after200.jsEventListeners, "live event listeners").toBeLessThanOrEqual(after10.jsEventListeners + 20);
  expect(after200.heap, "JavaScript heap, bytes").toBeLessThanOrEqual(after10.heap + 3 * 1024 * 1024);
});
