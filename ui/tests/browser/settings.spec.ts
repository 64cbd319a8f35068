// Settings in Chromium: the default mode, the sync interval and the staleness limit with the
// backend's field errors; "Reset sandbox data", which asks first and never touches live data;
// where the data and logs are, with the button that opens the folder; the version.
import { test, expect, callsOf, fixtureField, screenshot } from "./fixtures";

test("saving a bad value shows the field's error; good values are saved", async ({ page }) => {
  await page.goto("/#/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Settings" });
  const sync = form.getByLabel("Sync every (minutes)");
  const stale = form.getByLabel("A balance is stale after (minutes)");
  await expect(sync).toHaveValue("5");
  await expect(stale).toHaveValue("60");
  await expect(form.getByLabel("Open at launch in")).toHaveValue("live");

  await sync.fill("0");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator('[data-field="syncIntervalMinutes"] .field-error')).toContainText("1 to 1440 minutes");
  await expect(sync).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("status")).toHaveCount(0);
  expect(await fixtureField<{ syncIntervalMinutes: number }>(page, "settings")).toMatchObject({ syncIntervalMinutes: 5 });

  // Not a whole number: refused in the page, nothing sent.
  await sync.fill("15");
  await stale.fill("1.5");
  const before = (await callsOf(page, "save_settings")).length;
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator('[data-field="staleAfterMinutes"] .field-error')).toHaveText("A whole number of minutes");
  await expect(form.locator('[data-field="syncIntervalMinutes"] .field-error')).toHaveCount(0);
  expect(await callsOf(page, "save_settings")).toHaveLength(before);

  await stale.fill("120");
  await form.getByLabel("Open at launch in").selectOption("sandbox");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await expect(form.locator(".field-error")).toHaveCount(0);
  expect((await callsOf(page, "save_settings")).at(-1)?.args).toEqual({
    settings: { defaultMode: "sandbox", syncIntervalMinutes: 15, staleAfterMinutes: 120, language: null },
  });
  expect(await fixtureField(page, "settings")).toEqual({ defaultMode: "sandbox", syncIntervalMinutes: 15, staleAfterMinutes: 120, language: null });
  await screenshot(page, "settings");
  // A change after saving takes the note away.
  await stale.fill("121");
  await expect(form.getByRole("status")).toHaveCount(0);

  // The new interval is what the live accounts' cards say.
  await page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "LIVE" }).click();
  await page.getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toContainText("polling every 15 min");
});

test("Reset sandbox data asks first, deletes only the sandbox's data, never live data", async ({ page }) => {
  // A change to the sandbox: Hubcash store removed.
  await page.goto("/#/accounts");
  const hub = page.getByRole("article", { name: "Hubcash store" });
  await hub.getByRole("button", { name: "Remove…" }).click();
  await hub.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(hub).toHaveCount(0);

  // Reset from LIVE mode.
  await page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "LIVE" }).click();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toBeVisible();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Reset sandbox data…" }).click();
  const ask = page.getByRole("alert").filter({ hasText: "Delete all sandbox data?" });
  await expect(ask).toContainText("This deletes only simulated data");
  await expect(ask).toContainText("Your live accounts and live data are never touched");
  await screenshot(page, "settings-reset");
  await ask.getByRole("button", { name: "Keep it" }).click();
  await expect(ask).toHaveCount(0);
  expect(await callsOf(page, "reset_sandbox")).toHaveLength(0);

  await page.getByRole("button", { name: "Reset sandbox data…" }).click();
  await page.getByRole("button", { name: "Delete sandbox data" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sandbox data deleted" })).toBeVisible();
  expect(await callsOf(page, "reset_sandbox")).toHaveLength(1);

  // Live data untouched; the sandbox is back to its fresh simulated accounts.
  await page.getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("article", { name: "Hexai Serekunda" })).toBeVisible();
  await page.getByRole("group", { name: "Mode" }).getByRole("button", { name: "SANDBOX" }).click();
  await expect(page.getByRole("article", { name: "Hubcash store" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(5);
});

test("shows where the data and logs are, opens the folder, and the version", async ({ page }) => {
  await page.goto("/#/settings");
  await expect(page.getByText("/home/merchant/.local/share/io.paydesk.desktop", { exact: true })).toBeVisible();
  await expect(page.getByText("/home/merchant/.local/share/io.paydesk.desktop/logs", { exact: true })).toBeVisible();
  await expect(page.getByText("Paydesk 0.1.0")).toBeVisible();
  expect(await callsOf(page, "open_data_folder")).toHaveLength(0);
  await page.getByRole("button", { name: "Open folder" }).click();
  await expect.poll(async () => (await callsOf(page, "open_data_folder")).length).toBe(1);
  expect(await fixtureField<string[]>(page, "openedFolders")).toEqual(["/home/merchant/.local/share/io.paydesk.desktop"]);
});

test.describe("when the folder cannot be opened", () => {
  test.use({ fixtureConfig: { failures: { open_data_folder: { code: "internal", message: "No file manager could open the folder" } } } });
  test("shows the backend's message", async ({ page }) => {
    await page.goto("/#/settings");
    await page.getByRole("button", { name: "Open folder" }).click();
    await expect(page.getByRole("alert")).toContainText("No file manager could open the folder");
  });
});

test("the language chosen in Settings applies at once, is kept, and the backend is told", async ({ page }) => {
  await page.goto("/#/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  expect((await callsOf(page, "set_ui_language")).at(-1)?.args).toEqual({ language: "en" });
  await page.getByLabel("Show Paydesk in").selectOption("es");
  await expect(page.getByRole("heading", { name: "Configuración", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Movimientos" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("es");
  expect((await callsOf(page, "save_settings")).at(-1)?.args).toMatchObject({ settings: { language: "es" } });
  expect((await callsOf(page, "set_ui_language")).at(-1)?.args).toEqual({ language: "es" });
  await screenshot(page, "settings-es");

  // Back to the system's language (English here): the choice is cleared.
  await page.getByLabel("Mostrar Paydesk en").selectOption("");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  expect((await callsOf(page, "save_settings")).at(-1)?.args).toMatchObject({ settings: { language: null } });
});
