// The first launch in Chromium: no live account yet and no mode chosen, so the welcome screen
// with its two paths: the sandbox's Overview, or the Accounts form in live mode.
import { test, expect, callsOf, fixtureField, screenshot } from "./fixtures";

test.use({ fixtureConfig: { firstRun: true } });

test("the welcome screen explains both paths and shows no navigation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Welcome to Paydesk", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Mode" })).toHaveCount(0);
  await expect(page.getByText("No real money moves")).toBeVisible();
  await expect(page.getByText("Live mode works with your real accounts and real money")).toBeVisible();
  // Nothing is started before the merchant chooses.
  expect(await callsOf(page, "switch_mode")).toHaveLength(0);
  expect(await callsOf(page, "overview")).toHaveLength(0);
  await screenshot(page, "welcome");
  // Alt+number does not leave the welcome screen.
  await page.keyboard.press("Alt+4");
  await expect(page.getByRole("heading", { name: "Welcome to Paydesk" })).toBeVisible();
});

test("Try it with simulated providers: the sandbox's Overview", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Try it with simulated providers" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("article", { name: "Hexai Banjul" })).toContainText("1,234,567.50");
  await expect(page.getByRole("banner").locator("span.badge", { hasText: "SANDBOX" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "SANDBOX" })).toHaveAttribute("aria-pressed", "true");
  expect((await callsOf(page, "switch_mode")).map((c) => c.args)).toEqual([{ mode: "sandbox" }]);
  expect(page.url()).toMatch(/#\/overview$/);
});

test("Connect my first account: the Accounts form in live mode, then the account is polled", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Connect my first account" }).click();
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  expect((await callsOf(page, "switch_mode")).map((c) => c.args)).toEqual([{ mode: "live" }]);
  await expect(page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "LIVE" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("banner").locator("span.badge", { hasText: "SANDBOX" })).toHaveCount(0);

  const form = page.getByRole("form", { name: "Add an account" });
  await expect(form).toBeVisible();
  await expect(form).toContainText("live credentials");
  // Where the provider lets the merchant choose, live is preselected; HPAY's environment too.
  await form.getByLabel("Provider").selectOption("hubcash");
  await expect(form.getByLabel("Mode")).toHaveValue("live");
  await form.getByLabel("Provider").selectOption("hpay");
  await expect(form.getByLabel("HPAY environment")).toHaveValue("PROD");
  await form.getByLabel("Provider").selectOption("hexai");
  await expect(form.getByLabel("Mode")).toHaveCount(0);
  await form.getByLabel("Name").fill("Hexai Serekunda");
  await form.getByLabel("Secret key").fill("sk_live_0123456789abcdef0123456789abcdef");
  await screenshot(page, "welcome-connect");
  await form.getByRole("button", { name: "Add account" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Hexai Serekunda added." })).toBeVisible();
  const card = page.getByRole("article", { name: "Hexai Serekunda" });
  await expect(card).toContainText("LIVE");
  await expect(card).toContainText("Kept current by polling every 5 min; last poll: not yet");
  await expect(card).not.toContainText("127.0.0.1");
  expect(await fixtureField<string>(page, "mode")).toBe("live");
  const sent = (await callsOf(page, "add_account")).at(-1)?.args as { form: { mode: unknown } };
  // Hexai's mode follows the key (sk_live_): the form sends none.
  expect(sent.form.mode).toBeNull();

  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
});
