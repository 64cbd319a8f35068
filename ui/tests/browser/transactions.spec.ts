// Transactions in Chromium: the virtualized list, filters and search in the URL, sorting,
// the detail panel, CSV export (the backend asks where to save; the page sends no path),
// backend errors.
import { test, expect, callsOf, failNext, screenshot } from "./fixtures";

test("lists, filters, searches and sorts, with the filter in the URL", async ({ page }) => {
  await page.goto("/#/transactions");
  const rows = page.locator("[data-row]");
  await expect(rows.first()).toContainText("HEX-1000000");
  expect(await rows.count()).toBeLessThan(100);
  await screenshot(page, "transactions");

  await page.getByRole("combobox", { name: "Provider", exact: true }).selectOption("hubcash");
  await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("failed");
  await expect(page).toHaveURL(/#\/transactions\?provider=hubcash&status=failed$/);
  await expect(rows.first()).toContainText("Hubcash");
  for (const text of await rows.allTextContents()) {
    if (!text.includes("Loading")) expect(text).toMatch(/Hubcash.*Failed/);
  }
  const last = (await callsOf(page, "transactions")).at(-1);
  expect(last?.args).toMatchObject({ request: { filter: { providers: ["hubcash"], statuses: ["failed"] }, after: null } });
  await expect(page.getByTestId("tx-count")).toHaveText(/^\s*\d+ transactions\s*$/);

  // Search is debounced: one request for the whole word.
  const before = (await callsOf(page, "transactions")).length;
  await page.getByLabel("Search").pressSequentially("ORD-00000", { delay: 20 });
  await expect(page).toHaveURL(/q=ORD-00000/);
  await expect(rows.first()).toContainText("ORD-00000");
  const searches = (await callsOf(page, "transactions")).slice(before);
  expect(searches.filter((c) => (c.args as { request: { after: string | null } }).request.after === null)).toHaveLength(1);

  // The filter survives a reload.
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Provider", exact: true })).toHaveValue("hubcash");
  await expect(page.getByLabel("Search")).toHaveValue("ORD-00000");

  // ... and a trip to another view through the menu.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.getByRole("link", { name: "Transactions" }).click();
  await expect(page).toHaveURL(/provider=hubcash&status=failed&q=ORD-00000/);
  await expect(page.getByRole("combobox", { name: "Status", exact: true })).toHaveValue("failed");

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/#\/transactions$/);
  await page.getByRole("button", { name: /^Amount/ }).click();
  await expect(page).toHaveURL(/sort=amount_desc/);
  const sorted = (await callsOf(page, "transactions")).at(-1);
  expect(sorted?.args).toMatchObject({ request: { sort: "amount_desc" } });
});

test("a filter takes several values: add another, remove one", async ({ page }) => {
  await page.goto("/#/transactions");
  const rows = page.locator("[data-row]");
  await expect(rows.first()).toContainText("HEX-1000000");

  await page.getByRole("combobox", { name: "Provider", exact: true }).selectOption("hubcash");
  await page.getByLabel("Add another provider").selectOption("hpay");
  await expect(page).toHaveURL(/provider=hubcash%2Chpay|provider=hubcash,hpay|provider=hubcash&provider=hpay/);
  const chips = page.getByRole("list", { name: "Chosen provider values" });
  await expect(chips.getByRole("listitem")).toHaveText([/Hubcash/, /HPAY/]);
  await expect(rows.first()).not.toContainText("Loading");
  const seen = new Set<string>();
  for (const text of await rows.allTextContents()) {
    if (text.includes("Loading")) continue;
    expect(text).toMatch(/Hubcash|HPAY/);
    seen.add(/Hubcash/.test(text) ? "hubcash" : "hpay");
  }
  expect([...seen].sort()).toEqual(["hpay", "hubcash"]);
  expect((await callsOf(page, "transactions")).at(-1)?.args).toMatchObject({
    request: { filter: { providers: ["hubcash", "hpay"] } },
  });
  await screenshot(page, "transactions-two-providers");

  // The filter survives a reload with both values.
  await page.reload();
  await expect(chips.getByRole("listitem")).toHaveCount(2);

  await page.getByRole("button", { name: "Remove Hubcash" }).click();
  await expect(chips).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Provider", exact: true })).toHaveValue("hpay");
  expect((await callsOf(page, "transactions")).at(-1)?.args).toMatchObject({
    request: { filter: { providers: ["hpay"] } },
  });
  // Picking in the main list replaces the choice; Any clears it.
  await page.getByRole("combobox", { name: "Provider", exact: true }).selectOption("");
  await expect(page.getByLabel("Add another provider")).toHaveCount(0);
});

test("scrolling fetches the next keyset page and keeps the DOM small", async ({ page }) => {
  await page.goto("/#/transactions");
  const scroller = page.getByTestId("tx-scroller");
  await expect(page.locator("[data-row]").first()).toContainText("HEX-1000000");
  for (let i = 0; i < 5; i++) {
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(100);
  }
  await expect
    .poll(async () => Math.max(...(await page.locator("[data-row]").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.row))))))
    .toBeGreaterThan(400);
  expect(await page.locator("[data-row]").count()).toBeLessThan(100);
  const afters = (await callsOf(page, "transactions")).map((c) => (c.args as { request: { after: string | null } }).request.after);
  expect(afters.slice(0, 3)).toEqual([null, "100", "200"]);
});

test("works from the keyboard: a row opens with Enter, Escape closes and focus returns", async ({ page }) => {
  await page.goto("/#/transactions");
  const first = page.locator("[data-row]").first();
  await expect(first).toContainText("HEX-1000000");
  await first.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[data-row="1"]')).toBeFocused();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("complementary", { name: "Transaction detail" });
  await expect(panel).toContainText("HGC-1000001");
  await expect(panel.getByRole("button", { name: "Close detail" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(page.locator('[data-row="1"]')).toBeFocused();
});

test("opens the detail with every field, its history and the raw JSON", async ({ page }) => {
  await page.goto("/#/transactions?provider=hubcash&status=pending");
  await page.locator("[data-row]").first().click();
  const panel = page.getByRole("complementary", { name: "Transaction detail" });
  await expect(panel).toContainText("Provider id");
  await expect(panel.getByTestId("raw-json")).toContainText('"status": "PENDING"');
  await screenshot(page, "transactions-detail");
});

test("a sale awaiting capture is captured from its detail; a second capture is refused before sending", async ({ page }) => {
  await page.goto("/#/transactions?provider=hubcash&status=pending");
  await page.locator("[data-row]").first().click();
  const panel = page.getByRole("complementary", { name: "Transaction detail" });
  await panel.getByRole("button", { name: "Capture sale…" }).click();
  await expect(panel.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
  await panel.getByRole("button", { name: "Confirm and send" }).click();
  await expect(panel.getByRole("status")).toContainText("Capture sale");
  await expect.poll(async () => (await callsOf(page, "confirm_payout")).length).toBe(1);
  await screenshot(page, "transactions-sale-captured");

  // Opened again: the backend reads the sale and refuses the capture; nothing is sent.
  await panel.getByRole("button", { name: "Close detail" }).click();
  await page.locator("[data-row]").first().click();
  await panel.getByRole("button", { name: "Capture sale…" }).click();
  await expect(panel.getByRole("alert")).toContainText("no longer awaiting capture");
  expect(await callsOf(page, "confirm_payout")).toHaveLength(1);
});

test("exports the filtered set without naming a file and reports where the backend wrote it", async ({ page }) => {
  await page.goto("/#/transactions?provider=hexai");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toContainText(
    "Exported 400 rows to /home/merchant/paydesk-transactions.csv",
  );
  const exports = await callsOf(page, "export_csv");
  expect(exports).toHaveLength(1);
  expect(exports[0]?.args).toMatchObject({ request: { filter: { providers: ["hexai"] }, sort: "newest" } });
  expect(Object.keys((exports[0]?.args as { request: object }).request).sort()).toEqual(["filter", "sort"]);
  expect(await callsOf(page, "plugin:dialog|save"), "the page opens no dialog of its own").toHaveLength(0);
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeEnabled();
});

test.describe("with the save dialog cancelled", () => {
  test.use({ fixtureConfig: { savePath: null } });
  test("a cancelled dialog shows nothing and no error", async ({ page }) => {
    await page.goto("/#/transactions");
    const button = page.getByRole("button", { name: "Export CSV" });
    await button.click();
    await expect.poll(async () => (await callsOf(page, "export_csv")).length).toBe(1);
    await expect(button).toBeEnabled();
    await expect(page.getByRole("status").filter({ hasText: /Export|Choose/ })).toHaveCount(0);
    await expect(page.getByRole("alert")).toHaveCount(0);
  });
});

test("shows the backend's error message", async ({ page }) => {
  await page.goto("/#/transactions");
  await expect(page.locator("[data-row]").first()).toContainText("HEX-1000000");
  await failNext(page, "transactions", { code: "store.failed", message: "The local cache could not be read: disk I/O error" });
  await page.getByRole("combobox", { name: "Provider", exact: true }).selectOption("hpay");
  await expect(page.getByRole("alert")).toContainText("The local cache could not be read: disk I/O error");
  await failNext(page, "export_csv", { code: "store.failed", message: "Cannot write the file: permission denied" });
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "permission denied" })).toBeVisible();
});
