// Accounts in Chromium: the list with write-only credentials, add with per-provider fields,
// test connection, edit, remove with a confirmation, backend errors.
import { test, expect, callsOf, failNext, screenshot } from "./fixtures";

test("lists accounts with their credentials as configured, never their values", async ({ page }) => {
  await page.goto("/#/accounts");
  const hexai = page.getByRole("article", { name: "Hexai Banjul" });
  await expect(hexai).toContainText("Secret key: configured ••••1234");
  await expect(hexai).toContainText("http://127.0.0.1:8787/webhooks/hexai-main");
  await hexai.getByRole("button", { name: "Test connection" }).click();
  await expect(hexai.getByRole("status")).toContainText("Connection works: GET /balance");
  await screenshot(page, "accounts");
});

test("adds an HPAY account with its own fields as password inputs", async ({ page }) => {
  await page.goto("/#/accounts");
  await page.getByRole("button", { name: "Add account" }).click();
  const form = page.getByRole("form", { name: "Add an account" });
  await form.getByLabel("Provider").selectOption("hpay");
  await expect(form.getByLabel("Mode")).toHaveCount(0);
  await form.getByLabel("Name").fill("HPAY Dakar");
  for (const label of ["API key", "Public key", "Secret key"]) {
    await expect(form.getByLabel(label)).toHaveAttribute("type", "password");
  }
  await form.getByLabel("API key").fill("ak_live_abcd9876");
  await form.getByLabel("Public key").fill("pk_live_0000");
  await form.getByLabel("Secret key").fill("wrong");
  await form.getByLabel("HPAY environment").selectOption("PROD");
  await screenshot(page, "accounts-add");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(form.getByRole("alert")).toContainText("The provider refused these credentials (401)");

  await form.getByLabel("Secret key").fill("sk_live_5678");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByRole("status").filter({ hasText: "HPAY Dakar added." })).toBeVisible();
  const added = page.getByRole("article", { name: "HPAY Dakar" });
  await expect(added).toContainText("Secret key: configured ••••5678");
  await expect(added).not.toContainText("sk_live_5678");
  const sent = (await callsOf(page, "add_account")).at(-1)?.args as { form: { credentials: { field: string }[]; mode: unknown } };
  expect(sent.form.mode).toBeNull();
  expect(sent.form.credentials.map((c) => c.field)).toEqual(["api_key", "public_key", "secret_key", "mode"]);
});

test("shows the field the backend names, edits and removes with a confirmation", async ({ page }) => {
  await page.goto("/#/accounts");
  await page.getByRole("button", { name: "Add account" }).click();
  const form = page.getByRole("form", { name: "Add an account" });
  await form.getByLabel("Provider").selectOption("hubcash");
  await expect(form.getByLabel("Mode")).toBeVisible();
  await form.getByLabel("Merchant code").fill("M-1");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(form.locator('[data-field="label"] .field-error')).toHaveText("Give the account a name");
  // A field that is not on the form still has its message shown, with the field's name.
  await failNext(page, "add_account", { code: "input.invalid", message: "HG.Cash tokens start with hg_", field: "credentials" });
  await form.getByLabel("Name").fill("Store");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(form.getByRole("alert")).toContainText("Credentials: HG.Cash tokens start with hg_");
  await form.getByRole("button", { name: "Cancel" }).click();

  const hg = page.getByRole("article", { name: "HG.Cash Buenos Aires" });
  await hg.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit HG.Cash Buenos Aires" });
  await expect(edit.getByLabel("API token")).toHaveCount(0);
  await edit.getByLabel("Name").fill("HG.Cash Córdoba");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("article", { name: "HG.Cash Córdoba" })).toBeVisible();
  expect((await callsOf(page, "edit_account")).at(-1)?.args).toMatchObject({ id: "hgcash-main", changes: { label: "HG.Cash Córdoba", credentials: null } });

  const hub = page.getByRole("article", { name: "Hubcash store" });
  await hub.getByRole("button", { name: "Remove…" }).click();
  await expect(hub.getByRole("alert")).toContainText("Remove Hubcash store?");
  expect(await callsOf(page, "remove_account")).toHaveLength(0);
  await hub.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page.getByRole("article", { name: "Hubcash store" })).toHaveCount(0);
});

test.describe("when the keyring is locked", () => {
  test.use({ fixtureConfig: { failures: { accounts: { code: "keyring.locked", message: "The system keyring is locked: unlock it and try again" } } } });
  test("shows the backend's message", async ({ page }) => {
    await page.goto("/#/accounts");
    await expect(page.getByRole("alert")).toContainText("The system keyring is locked: unlock it and try again");
  });
});
