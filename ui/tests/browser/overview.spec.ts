// Overview in Chromium: accounts, totals per currency, today's figures, the earnings chart and
// its ranges, sync progress from events, the offline banner, backend errors.
import { test, expect, callsOf, failNext, screenshot } from "./fixtures";

test("shows every account, totals per currency, today and the earnings chart", async ({ page }) => {
  await page.goto("/#/overview");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const hexai = page.getByRole("article", { name: "Hexai Banjul" });
  await expect(hexai).toContainText("1,234,567.50");
  await expect(hexai).toContainText("2,500.00");
  await expect(page.getByRole("article", { name: "HPAY shop" })).toContainText("stale");
  await expect(page.getByRole("article", { name: "CashWeb deposits" })).toContainText("does not report a balance");
  // The sandbox holds only sandbox accounts, each with its badge.
  await expect(page.getByRole("article", { name: "Hubcash store" })).toContainText("SANDBOX");
  // Totals per currency, never one grand total.
  const totals = page.locator("table.figures").first();
  await expect(totals.getByRole("row")).toHaveCount(4);
  await expect(totals).toContainText("1,500,000 XOF");
  await expect(page.locator("table.figures").nth(1)).toContainText("18,250.75");
  // One chart per currency (GMD, BRL and NGN in the hundreds of millions), 7 daily points by default.
  await expect(page.locator(".series canvas")).toHaveCount(3);
  const first = (await callsOf(page, "earnings"))[0]?.args as { query: { from: string; to: string; bucket: string } };
  expect(first.query.bucket).toBe("day");
  expect((Date.parse(first.query.to) - Date.parse(first.query.from)) / 86400000).toBe(6);
  await page.locator(".series").first().scrollIntoViewIfNeeded();
  await screenshot(page, "overview");

  await page.getByRole("button", { name: "90 days" }).click();
  await expect(page.getByText(/daily points/)).toBeVisible();
  const custom = page.getByRole("form", { name: "Custom range" });
  await custom.getByLabel("From", { exact: true }).fill("2025-01-01");
  await custom.getByLabel("To", { exact: true }).fill("2025-06-30");
  await page.getByRole("button", { name: "Show range" }).click();
  await expect(page.getByText("2025-01-01 to 2025-06-30, weekly points")).toBeVisible();
  const last = (await callsOf(page, "earnings")).at(-1)?.args;
  expect(last).toEqual({ query: { from: "2025-01-01", to: "2025-06-30", bucket: "week" } });
});

test("Sync now shows per-account progress, then each account's error", async ({ page }) => {
  await page.goto("/#/overview");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("article", { name: "Hexai Banjul" }).getByRole("status")).toContainText(/Syncing… \d+ of 120 records/);
  await expect(page.getByRole("button", { name: "Syncing…" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Sync now" })).toBeEnabled();
  await expect(page.getByRole("article", { name: "HPAY shop" }).getByRole("alert")).toContainText("HPAY answered 503");
  await expect(page.getByRole("article", { name: "Hexai Banjul" }).getByRole("alert")).toHaveCount(0);
});

test.describe("offline, with an app-wide problem", () => {
  test.use({ fixtureConfig: { offline: true } });
  test("shows the offline banner over the cached data", async ({ page }) => {
    await page.goto("/#/overview");
    await expect(page.getByText("Offline.")).toBeVisible();
    await expect(page.getByRole("article", { name: "Hexai Banjul" })).toContainText("1,234,567.50");
    await failNext(page, "sync_now", { code: "provider.unavailable", message: "No provider answered: check your connection" });
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "No provider answered" })).toBeVisible();
    await screenshot(page, "overview-offline");
  });
});

test.describe("when the cache cannot be read", () => {
  test.use({ fixtureConfig: { failures: { overview: { code: "store.failed", message: "The local cache is damaged: database disk image is malformed" } } } });
  test("shows the backend's message", async ({ page }) => {
    await page.goto("/#/overview");
    await expect(page.getByRole("alert")).toContainText("The local cache is damaged: database disk image is malformed");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  });
});

test.describe("while the providers are still starting", () => {
  test.use({ fixtureConfig: { startingAnswers: 3 } });
  test("shows the cached figures at once, says so, and refreshes when the start is over", async ({ page }) => {
    await page.goto("/#/overview");
    await expect(page.getByTestId("starting")).toContainText("Connecting to the providers");
    await expect(page.getByRole("article", { name: "Hexai Banjul" })).toContainText("1,234,567.50");
    await expect(page.getByTestId("starting")).toHaveCount(0);
    // Asked again until the start was over (3 answers saying "starting", then one that did not),
    // then the chart was read again.
    expect((await callsOf(page, "overview")).length).toBeGreaterThanOrEqual(4);
    await expect.poll(async () => (await callsOf(page, "earnings")).length).toBeGreaterThanOrEqual(2);
  });
});

test("a revisited Overview shows its charts again, with the new figures, without making them anew", async ({ page }) => {
  await page.goto("/#/overview");
  const canvases = page.locator(".series canvas");
  await expect(canvases).toHaveCount(3);
  await canvases.evaluateAll((all) => all.forEach((c, i) => ((c as HTMLCanvasElement).dataset.visit = `first-${i}`)));
  await page.locator('nav a[href="#/settings"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await page.locator('nav a[href="#/overview"]').click();
  await expect(canvases).toHaveCount(3);
  // The same three canvases (a new one per visit is what a day-long session would pile up).
  expect(await canvases.evaluateAll((all) => all.map((c) => (c as HTMLCanvasElement).dataset.visit))).toEqual(["first-0", "first-1", "first-2"]);

  // The kept chart shows this visit's figures: its legend, at the last point of 90 days, reads
  // the same amount as the last row of the table beside it.
  await page.getByRole("button", { name: "90 days" }).click();
  await expect(page.getByText(/daily points/)).toBeVisible();
  const first = page.locator(".series").first();
  await expect(first.locator("details tbody tr")).toHaveCount(90);
  const lastIn = (await first.locator("details tbody tr").last().locator("td").nth(2).textContent())?.trim() ?? "";
  expect(lastIn).toMatch(/\d/);
  const over = first.locator(".u-over");
  const box = await over.boundingBox();
  if (!box) throw new Error("the chart has no plotting area");
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  await expect(first.locator(".u-legend")).toContainText(lastIn);
  expect(await canvases.evaluateAll((all) => all.map((c) => (c as HTMLCanvasElement).dataset.visit))).toEqual(["first-0", "first-1", "first-2"]);
});
