// Payouts in Chromium: validation as you type, the confirmation that blocks a mistyped amount,
// the send on the right one with live state, recent payouts and their journal, backend errors.
import { test, expect, callsOf, failNext, screenshot } from "./fixtures";

test("a Hexai payout: field errors as you type, confirm blocked on a mistyped amount, sent on the right one", async ({ page }) => {
  await page.goto("/#/payouts");
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Hexai payout" })).toHaveAttribute("aria-selected", "true");

  const mobile = page.getByLabel("Recipient's Wave number");
  await mobile.fill("+22012");
  await page.getByLabel("Amount (GMD)").fill("150.5");
  // The backend's message appears next to the field it names.
  await expect(page.locator('[data-field="recipientMobile"] .field-error')).toContainText("+220 and 7 digits");
  await mobile.fill("+2203001234");
  await expect(page.locator('[data-field="recipientMobile"] .field-error')).toHaveCount(0);
  expect((await callsOf(page, "validate_payout")).length).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
  await expect(page.getByRole("row", { name: /To \+2203001234/ })).toBeVisible();

  const confirm = page.getByRole("button", { name: "Confirm and send" });
  const retype = page.getByLabel(/Retype the amount/);
  await expect(confirm).toBeDisabled();
  await retype.fill("150.05");
  await expect(confirm).toBeDisabled();
  await retype.press("Enter");
  await retype.fill("1505");
  await expect(confirm).toBeDisabled();
  expect(await callsOf(page, "confirm_payout")).toHaveLength(0);
  await screenshot(page, "payouts-confirm");

  // "150.5" equals "150.50" at GMD's scale.
  await retype.fill("150.5");
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole("region", { name: "Payout sent" })).toBeVisible();
  const sends = await callsOf(page, "confirm_payout");
  expect(sends).toHaveLength(1);
  expect(sends[0]?.args).toMatchObject({ typedAmount: "150.5" });
  // Live state from payoutUpdateEvent.
  await expect(page.getByRole("region", { name: "Payout sent" })).toContainText("Succeeded");
});

test("recent payouts: unknown ones flagged, journal drawer, errors shown with their message", async ({ page }) => {
  await page.goto("/#/payouts");
  const unknown = page.locator('tr[data-payout="po-2"]');
  await expect(unknown).toContainText("Needs attention");
  await expect(unknown).toContainText("looking it up by reference");
  await screenshot(page, "payouts");
  await page.getByRole("button", { name: "Journal of PD-PO-1" }).click();
  await expect(page.getByRole("complementary", { name: "Payout journal" })).toContainText("HTTP 200");
  await screenshot(page, "payouts-journal");
  await page.keyboard.press("Escape");

  await failNext(page, "prepare_payout", {
    code: "payout.insufficient_balance",
    message: "The Hexai balance (1,234,567.50 GMD) does not cover 2,000,000.00 GMD",
    field: "amount",
  });
  await page.getByLabel("Recipient's Wave number").fill("+2203001234");
  await page.getByLabel("Amount (GMD)").fill("2000000");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.locator('[data-field="amount"]')).toContainText("does not cover 2,000,000.00 GMD");
});

test("the HG.Cash source accounts are named by HG.Cash's name, alias and balance, never by id", async ({ page }) => {
  await page.goto("/#/payouts?form=hg_cash");
  const options = page.getByLabel("Source account").locator("option");
  await expect(options).toHaveText([
    "Cuenta principal · tienda.centro.hg · 987,654.32 ARS",
    "HG.Cash account AR-0002 · 1,200.00 ARS",
  ]);
});

test("an HG.Cash CBU that fails its check digits is sent only with 'Send anyway', and the review and journal say so", async ({ page }) => {
  await page.goto("/#/payouts?form=hg_cash");
  await page.getByLabel("Amount (ARS)").fill("1500.50");
  await page.getByRole("radio", { name: "CBU" }).check();
  const cbu = page.locator('[data-field="toCbu"] input');
  const warning = page.locator('[data-field="toCbu"] .field-error');
  const anyway = page.getByRole("checkbox", { name: "Send anyway" });

  // A number whose check digits are right: no warning, nothing to tick.
  await cbu.fill("2850590909400904181356");
  await expect(page.getByText("Looks right.")).toBeVisible();
  await expect(anyway).toHaveCount(0);

  // HG.Cash's documented example fails them: the warning next to the field, and the checkbox.
  await cbu.fill("1100015400000000000021");
  await expect(warning).toContainText("fails its check digits: check it with the recipient");
  await expect(anyway).not.toBeChecked();
  await page.getByRole("button", { name: "Review" }).click();
  await expect(warning).toBeVisible();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toHaveCount(0);
  await screenshot(page, "payouts-hgcash-check-digits");

  await anyway.check();
  await expect(warning).toHaveCount(0);
  await expect(page.locator('[data-field="toCbu"]')).toContainText("you chose to send anyway");
  expect((await callsOf(page, "validate_payout")).at(-1)?.args).toMatchObject({ form: { toCbu: "1100015400000000000021", sendAnyway: true } });
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Check digits/ })).toContainText("Send anyway");
  await page.getByLabel(/Retype the amount/).fill("1500.50");
  await page.getByRole("button", { name: "Confirm and send" }).click();
  const result = page.getByRole("region", { name: "Payout sent" });
  await expect(result).toBeVisible();
  const id = (await result.getAttribute("data-payout")) ?? "";
  await page.getByRole("button", { name: `Journal of PD-${id.toUpperCase()}` }).click();
  await expect(page.getByRole("complementary", { name: "Payout journal" })).toContainText("overrode the warning with 'Send anyway'");
});

test("'Send anyway' holds for the number it was ticked for", async ({ page }) => {
  await page.goto("/#/payouts?form=hg_cash");
  await page.getByLabel("Amount (ARS)").fill("10");
  const cvu = page.locator('[data-field="toCvu"] input');
  await cvu.fill("0000003100012345678901");
  const anyway = page.getByRole("checkbox", { name: "Send anyway" });
  await anyway.check();
  await expect(page.locator('[data-field="toCvu"] .field-error')).toHaveCount(0);
  // Another failing number is checked afresh: the warning is back, the box unticked.
  await cvu.fill("0000003100012345678902");
  await expect(page.locator('[data-field="toCvu"] .field-error')).toContainText("fails its check digits");
  await expect(anyway).not.toBeChecked();
});

test("a CashWeb quote counts down and an HPAY link can be copied", async ({ page }) => {
  await page.goto("/#/get-paid?form=cash_web");
  await page.getByLabel("Fiat amount").fill("25000");
  await expect(page.getByRole("button", { name: "Review" })).toBeDisabled();
  await page.getByRole("button", { name: "Get quote" }).click();
  await expect(page.locator("form.payout-form").getByRole("timer")).toContainText(/[12]:\d\d left/);
  await expect(page.getByText("expires 30 minutes after")).toBeVisible();
  await screenshot(page, "payouts-cashweb");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
  await page.getByRole("button", { name: "Back" }).click();
  // Going back abandons the draft: it is cancelled, never sent.
  await expect.poll(async () => (await callsOf(page, "cancel_payout")).length).toBe(1);
  expect(await callsOf(page, "confirm_payout")).toHaveLength(0);

  await page.getByRole("tab", { name: "HPAY payment link" }).click();
  await page.getByLabel(/^Amount/).fill("5000");
  await page.getByLabel("Product").fill("Blue T-shirt");
  await page.getByLabel("Description").fill("Size M");
  await page.getByLabel("Notification URL").fill("https://shop.example/notify");
  await page.getByLabel("After paying, go to").fill("https://shop.example/ok");
  await page.getByLabel("On cancel, go to").fill("https://shop.example/cancel");
  await page.getByRole("button", { name: "Review" }).click();
  await page.getByLabel(/Retype the amount/).fill("5000");
  await page.getByRole("button", { name: "Confirm and send" }).click();
  await expect(page.getByLabel("Payment link")).toHaveValue("https://checkout.hpay.example/pay/abc123");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("https://checkout.hpay.example/pay/abc123");
  await expect(page.getByRole("img", { name: "QR code of the payment link" })).toBeVisible();
  // Made is not paid: the link awaits its payer, and is never shown succeeded.
  const result = page.getByRole("region", { name: "Payment request made" });
  await expect(result).toContainText("Awaiting payment");
  await page.waitForTimeout(700);
  await expect(result).not.toContainText("Succeeded");
});

test("Payouts lists money going out only; Get paid lists the requests, paid when the provider says so", async ({ page }) => {
  await page.goto("/#/payouts");
  await expect(page.getByRole("tab")).toHaveText(["Hexai payout", "HG.Cash cash-out"]);
  await expect(page.locator('tr[data-payout="po-1"]')).toBeVisible();
  await expect(page.locator('tr[data-payout="po-3"]')).toHaveCount(0);

  await page.getByRole("link", { name: "Get paid" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Get paid");
  await expect(page.getByRole("tab")).toHaveText(["Hexai collection (Wave)", "CashWeb deposit", "HPAY payment link", "Hubcash billet (boleto)", "Hubcash sale"]);
  const request = page.locator('tr[data-payout="po-3"]');
  await expect(request).toContainText("Awaiting payment");
  await expect(request.getByRole("timer")).toContainText(/2[45]:\d\d left/);
  await expect(page.locator('tr[data-payout="po-1"]')).toHaveCount(0);
  await screenshot(page, "get-paid");

  // The seller pays: the provider says so, and the request turns Paid.
  await page.evaluate(() => (window as unknown as { __fixture: { payouts: { pay(id: string): unknown } } }).__fixture.payouts.pay("po-3"));
  await expect(request).toContainText("Paid");
});

test("a CashWeb deposit request is cancelled only after a second click", async ({ page }) => {
  await page.goto("/#/get-paid");
  const row = page.locator('tr[data-payout="po-3"]');
  await row.getByRole("button", { name: "Cancel…" }).click();
  await expect(row.getByRole("alert")).toContainText("Cancel this request?");
  await row.getByRole("button", { name: "Keep" }).click();
  expect(await callsOf(page, "cancel_payout")).toHaveLength(0);
  await row.getByRole("button", { name: "Cancel…" }).click();
  await row.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(row).toContainText("Cancelled");
  expect((await callsOf(page, "cancel_payout"))[0]?.args).toEqual({ id: "po-3" });
});

test("a cash-out Paydesk cannot follow is linked by hand; another payout's id is refused", async ({ page }) => {
  await page.goto("/#/payouts");
  const row = page.locator('tr[data-payout="po-2"]');
  await expect(row).toContainText("Needs attention");
  const id = row.getByLabel("HG.Cash id of PD-PO-2");
  await expect(row.getByRole("button", { name: "Link" })).toBeDisabled();
  await id.fill("HEXAI-po-1");
  await row.getByRole("button", { name: "Link" }).click();
  await expect(row.getByRole("alert")).toContainText("already another payout's");
  await expect(row).toContainText("Needs attention");

  await id.fill("7f0c2d1e-hg-cash-id");
  await row.getByRole("button", { name: "Link" }).click();
  await expect(row).not.toContainText("Needs attention");
  await expect(row.getByLabel("HG.Cash id of PD-PO-2")).toHaveCount(0);
  await expect(row).toContainText(/processing/i);
});

test("a deposit request whose window closes turns Expired without a reload", async ({ page }) => {
  await page.addInitScript(() => {
    // Set once the fixture exists: po-3's window closes 2 s after the page opens.
    const wait = setInterval(() => {
      const fixture = (window as unknown as { __fixture?: { payouts: { expireIn(id: string, ms: number): void } } }).__fixture;
      if (fixture) {
        clearInterval(wait);
        fixture.payouts.expireIn("po-3", 2000);
      }
    }, 5);
  });
  await page.goto("/#/get-paid");
  const request = page.locator('tr[data-payout="po-3"]');
  await expect(request.getByRole("timer")).toContainText(/0:0\d left/);
  await expect(request).toContainText("Expired", { timeout: 5000 });
  await expect(request.getByRole("button", { name: "Cancel…" })).toHaveCount(0);
  await screenshot(page, "get-paid-expired");
});

test("a Hexai Wave collection gives a checkout link and a QR code, and awaits payment", async ({ page }) => {
  await page.goto("/#/get-paid?form=hexai_collection");
  await page.getByLabel(/^Amount/).fill("100");
  await page.getByLabel("After paying, go to").fill("not a url");
  await expect(page.locator('[data-field="successUrl"] .field-error')).toContainText("http(s) URL");
  await page.getByLabel("After paying, go to").fill("https://shop.example/paid");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm" })).toBeVisible();
  await page.getByLabel(/Retype the amount/).fill("100.00");
  await page.getByRole("button", { name: "Confirm and send" }).click();
  const result = page.getByRole("region", { name: "Payment request made" });
  await expect(result.getByLabel("Payment link")).toHaveValue("https://checkout.wave.example/c/po");
  await expect(result.getByRole("img", { name: "QR code of the payment link" })).toBeVisible();
  await expect(result).toContainText("Awaiting payment");
  await screenshot(page, "get-paid-hexai-collection");
  // Listed under Get paid, never under Payouts.
  await expect(page.getByRole("table").locator("tbody tr").first()).toContainText("Awaiting payment");
  await page.getByRole("link", { name: "Payouts" }).click();
  await expect(page.getByRole("table").locator("tbody tr", { hasText: "hexai_collection" })).toHaveCount(0);
});

test("a Hubcash billet for a customer gives the typeable line and awaits payment", async ({ page }) => {
  await page.goto("/#/get-paid?form=hubcash_billet");
  await page.getByLabel(/^Amount/).fill("250.90");
  await page.getByLabel("Customer").fill("Ana Souza");
  await page.getByLabel("CPF or CNPJ").fill("123");
  await expect(page.locator('[data-field="customerDocument"] .field-error')).toContainText("11 digits");
  await page.getByLabel("CPF or CNPJ").fill("123.456.789-09");
  await page.getByLabel("What is sold").fill("Order 1001");
  await expect(page.getByLabel("Days to pay")).toHaveValue("7");
  await page.getByLabel("Days to pay").fill("0");
  await expect(page.locator('[data-field="daysToPay"] .field-error')).toContainText("from 1 to 90");
  await page.getByLabel("Days to pay").fill("10");
  await page.getByRole("button", { name: "Review" }).click();
  await page.getByLabel(/Retype the amount/).fill("250.90");
  await page.getByRole("button", { name: "Confirm and send" }).click();
  const result = page.getByRole("region", { name: "Payment request made" });
  await expect(result.getByLabel("Typeable line (linha digitável)")).toHaveValue(/^34191\./);
  // Payable through its tenth day: the countdown counts days.
  await expect(result.getByRole("timer")).toContainText(/^10 days \d+ h left$/);
  await expect(result).toContainText("Awaiting payment");
  await screenshot(page, "get-paid-hubcash-billet");
});
