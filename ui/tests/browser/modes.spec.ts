// LIVE and SANDBOX in Chromium: the header's switch, each mode's views showing only that
// mode's accounts and figures, a live account kept current by polling (never a loopback
// webhook URL), and a live payout confirmed (or cancelled) in the app's native dialog.
import { test, expect, callsOf, fixtureField, screenshot, setFixtureField } from "./fixtures";
import type { Page } from "@playwright/test";

const switchTo = async (page: Page, mode: "LIVE" | "SANDBOX") => {
  await page.getByRole("group", { name: "Mode" }).getByRole("button", { name: mode }).click();
};

/** Fills a 75 GMD Hexai payout and goes to its confirmation step. */
const reviewHexaiPayout = async (page: Page) => {
  await page.goto("/#/payouts");
  await page.getByLabel("Recipient's Wave number").fill("+2203001234");
  await page.getByLabel("Amount (GMD)").fill("75");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
};

test("the switch shows only LIVE's accounts and figures, then only SANDBOX's", async ({ page }) => {
  await page.goto("/#/overview");
  await expect(page.getByRole("article", { name: "Hexai Banjul" })).toContainText("1,234,567.50");
  const sandboxBadge = page.getByRole("banner").locator("span.badge", { hasText: "SANDBOX" });
  await expect(sandboxBadge).toBeVisible();

  await switchTo(page, "LIVE");
  await expect(page.getByRole("status").filter({ hasText: "Switching to live…" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toContainText("8,450.00");
  await expect(page.getByRole("status").filter({ hasText: "Switching to live…" })).toHaveCount(0);
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.locator("main")).not.toContainText("1,234,567.50");
  await expect(page.locator("main")).not.toContainText("987,654.32");
  // Totals: GMD only, the live account's.
  const totals = page.locator("table.figures").first();
  await expect(totals.getByRole("row")).toHaveCount(2);
  await expect(totals).toContainText("8,450.00");
  await expect(page.locator(".series canvas")).toHaveCount(1);
  await expect(sandboxBadge).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "LIVE" })).toHaveAttribute("aria-pressed", "true");
  await screenshot(page, "overview-live");

  await page.getByRole("link", { name: "Transactions" }).click();
  await expect(page.locator('[data-row="0"] .c-prov')).toBeVisible();
  const providers = await page.locator('[role="row"][data-row] .c-prov').allTextContents();
  expect(providers.length).toBeGreaterThan(0);
  expect(new Set(providers.map((p) => p.trim()))).toEqual(new Set(["Hexai"]));

  await page.getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);

  await switchTo(page, "SANDBOX");
  await expect(page.getByRole("article", { name: "Hexai Banjul" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toHaveCount(0);
  await expect(page.getByRole("article")).toHaveCount(5);
  await expect(sandboxBadge).toBeVisible();
  await page.getByRole("link", { name: "Transactions" }).click();
  await expect(page.locator('[data-row="1"] .c-prov')).toHaveText("HG.Cash");
  expect((await callsOf(page, "switch_mode")).map((c) => c.args)).toEqual([{ mode: "live" }, { mode: "sandbox" }]);
});

test("the switch works from the keyboard", async ({ page }) => {
  await page.goto("/#/accounts");
  await expect(page.getByRole("article", { name: "Hexai Banjul" })).toBeVisible();
  const live = page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "LIVE" });
  await live.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toBeVisible();
  expect(await fixtureField<string>(page, "mode")).toBe("live");
});

test("a live account says it is polled, with the last poll; a sandbox one names its simulated webhooks", async ({ page }) => {
  await page.goto("/#/accounts");
  const sandbox = page.getByRole("article", { name: "Hexai Banjul" });
  await expect(sandbox).toContainText("Simulated provider sends its webhooks to: http://127.0.0.1:8787/webhooks/hexai-main");
  await expect(page.locator("main")).not.toContainText("dashboard");

  await switchTo(page, "LIVE");
  const live = page.getByRole("article", { name: "Hexai Serekunda" });
  await expect(live).toContainText(/Kept current by polling every 5 min; last poll: \d{4}-\d\d-\d\d \d\d:\d\d \(4 min ago\)/);
  await expect(live).not.toContainText("127.0.0.1");
  await expect(live).not.toContainText("webhooks to");
  await expect(page.locator("main")).not.toContainText("dashboard");
  await screenshot(page, "accounts-live");
});

test.describe("in LIVE mode", () => {
  test.use({ fixtureConfig: { mode: "live", liveDialog: "cancel" } });

  test("a payout cancelled in the native dialog is not sent and stays on the confirmation", async ({ page }) => {
    await reviewHexaiPayout(page);
    await expect(page.getByText("Paydesk will ask you to confirm this payout in a system dialog")).toBeVisible();
    await page.getByLabel(/Retype the amount/).fill("75.00");
    await page.getByRole("button", { name: "Confirm and send" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "Not sent: you cancelled in the confirmation dialog." })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Payout sent" })).toHaveCount(0);
    expect(await fixtureField<string[]>(page, "nativeDialogs")).toHaveLength(1);
    await expect(page.locator("table.payouts tbody tr")).toHaveCount(0);
    await screenshot(page, "payouts-live-not-confirmed");

    // OK in the dialog this time: the same draft is sent.
    await setFixtureField(page, "liveDialog", "ok");
    await page.getByRole("button", { name: "Confirm and send" }).click();
    await expect(page.getByRole("region", { name: "Payout sent" })).toContainText("Succeeded");
    const sends = await callsOf(page, "confirm_payout");
    expect(sends).toHaveLength(2);
    expect(sends[0]?.args).toEqual(sends[1]?.args);
    expect(await fixtureField<string[]>(page, "nativeDialogs")).toHaveLength(2);
  });
});

test("a sandbox payout keeps the in-page confirmation, with no system dialog", async ({ page }) => {
  await reviewHexaiPayout(page);
  await expect(page.getByText("system dialog")).toHaveCount(0);
  await page.getByLabel(/Retype the amount/).fill("75");
  await page.getByRole("button", { name: "Confirm and send" }).click();
  await expect(page.getByRole("region", { name: "Payout sent" })).toBeVisible();
  expect(await fixtureField<string[]>(page, "nativeDialogs")).toHaveLength(0);
});
