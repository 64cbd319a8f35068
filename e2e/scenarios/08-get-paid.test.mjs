// Scenario 8: getting paid, on the real app in sandbox mode.
//
// (a) A CashWeb deposit request by quote: the quote's crypto amount is the fiat amount divided
//     by the quote's rate at the coin's scale, and equals the crypto amount of the transaction
//     CashWeb creates from it; the address comes with its QR code and a live countdown. The
//     seller's deposit is then driven through CashWeb's own sandbox route
//     (`POST /sandbox/simulate`): the request turns Paid and an OS notification is raised (a
//     real notification daemon, dunst, runs on the test display; the D-Bus `Notify` call is
//     read with dbus-monitor). A second request closes its deposit window unpaid
//     (`transaction.expired`, CashWeb's sandbox event for the window's end) and turns Expired.
// (b) A Hexai Wave collection paid at Hexai's checkout page turns Paid from Hexai's signed
//     webhook: the journal's last line is the webhook, and no status read came before it.
// (c) A Hubcash card sale awaiting capture is captured from its Transactions detail; asked
//     again, the capture is refused before anything is sent.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, test } from "node:test";
import { Driver, freshDataDir, invoke, screenshots, teardown, until, untilSynced } from "../lib/harness.mjs";
import { reviewAndConfirm } from "../lib/forms.mjs";
import { S } from "../selectors.mjs";

// CashWeb's published sandbox key, which the embedded simulator takes (crates/sandbox).
const CASHWEB_SANDBOX_KEY = "cw_test_partner_key_0001";

let driver;
let browser;
let data;
let notifications;
const shots = screenshots("08-get-paid");

/** Every `Notify` call on the session bus, as text, from dbus-monitor. */
function watchNotifications() {
  const child = spawn(
    "dbus-monitor",
    ["--session", "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let seen = "";
  child.stdout.on("data", (d) => (seen += String(d)));
  return { text: () => seen, stop: () => child.kill("SIGTERM") };
}

/** A decimal text as an integer and its scale: "100.25" → { units: 10025n, scale: 2 }. */
function decimal(text) {
  const clean = text.replace(/,/g, "");
  assert.match(clean, /^\d+(\.\d+)?$/, `a decimal amount, not '${text}'`);
  const [whole, fraction = ""] = clean.split(".");
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** The account of a provider, from the app's own account list. */
async function accountOf(provider) {
  const accounts = await invoke(browser, "accounts");
  const account = accounts.find((a) => a.provider === provider);
  assert.ok(account, `a ${provider} sandbox account`);
  return account;
}

/** CashWeb's own answer, from the simulator the app talks to, with the sandbox key. */
async function cashweb(baseUrl, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "X-API-KEY": CASHWEB_SANDBOX_KEY, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `CashWeb ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text).data;
}

/** Reviews, retypes `amount` when asked and confirms; the request's result. */
const requestMade = (amount) => reviewAndConfirm(browser, amount, S.requestResult);

/** The request the result on screen shows, from the app's list. */
async function shownRequest() {
  const id = await browser.$(S.requestResult).getAttribute("data-payout");
  const request = (await invoke(browser, "payment_requests")).find((r) => r.id === id);
  assert.ok(request, `request ${id} is listed under Get paid`);
  return request;
}

/** Waits until the request's row in the Get paid list shows `state`. */
async function rowShows(id, state) {
  return until(
    async () => {
      const row = browser.$(S.requestRow(id));
      if (!(await row.isExisting())) return null;
      const text = await row.getText();
      return state.test(text) ? text : null;
    },
    { timeoutMs: 60_000, what: `request ${id} shown ${state}` },
  );
}

before(async () => {
  notifications = watchNotifications();
  driver = await Driver.start();
  data = freshDataDir("get-paid");
  browser = await driver.launch(["--data-dir", data.dir, "--sandbox"]);
  await browser.$(S.nav).waitForDisplayed({ timeout: 60_000 });
  await untilSynced(browser);
});

after(
  async () => {
    notifications?.stop();
    await teardown({ browser, driver, data });
  },
  { timeout: 60_000 },
);

test("scenario 8: get paid", async (t) => {
  await t.test("(a) a CashWeb deposit by quote is paid, with an OS notification; another expires", async () => {
    const account = await accountOf("cashweb");
    await browser.$(S.navLink("Get paid")).click();
    await browser.$(S.payoutTab("CashWeb deposit")).click();

    let quote;
    await shots.step(browser, "cashweb-quote", async () => {
      await browser.$(S.field("fiatAmount")).setValue("161500");
      await browser.$(S.getQuoteButton).click();
      const text = await until(
        async () => {
          const t = (await browser.$(S.quoteLine).getText().catch(() => "")) ?? "";
          return /USDT/.test(t) ? t : null;
        },
        { timeoutMs: 30_000, what: "the quote" },
      );
      // "Quote <id>: 161,500.00 NGN = 100.00 USDT on TRC20 at 1615.00 · 1:59 left"
      const m = /Quote (\S+): ([\d,.]+) NGN = ([\d.]+) USDT on TRC20 at ([\d.]+)/.exec(text);
      assert.ok(m, `the quote line: ${text}`);
      quote = { id: m[1], fiat: decimal(m[2]), crypto: decimal(m[3]), rate: decimal(m[4]) };
      // crypto = fiat ÷ rate at the coin's scale: |crypto × rate − fiat| ≤ half a crypto unit × rate.
      const scale = 10n ** BigInt(quote.rate.scale + quote.crypto.scale - quote.fiat.scale);
      const product = quote.crypto.units * quote.rate.units;
      const fiat = quote.fiat.units * scale;
      const diff = product > fiat ? product - fiat : fiat - product;
      assert.ok(diff * 2n <= quote.rate.units, `${m[3]} USDT × ${m[4]} is ${m[2]} NGN at the coin's scale`);
      assert.equal(m[3], "100.00", "161,500.00 NGN at 1615.00 NGN per USDT");
    });

    let paid;
    await shots.step(browser, "cashweb-address", async () => {
      const result = await requestMade("161500.00");
      const address = await browser.$(S.requestLink).getValue();
      assert.ok(address.length > 20, `a deposit address: ${address}`);
      assert.ok(await browser.$(S.requestQr).isDisplayed(), "the address's QR code");
      const first = await result.$(S.timer).getText();
      assert.match(first, /^(29|30):\d\d left$/, `the deposit window counts down from 30 minutes: ${first}`);
      await until(async () => (await result.$(S.timer).getText()) !== first, {
        timeoutMs: 5_000,
        what: "the countdown to move",
      });
      assert.match(await result.getText(), /Awaiting payment/);
      paid = await shownRequest();
      assert.equal(paid.requestState, "awaiting_payment");
      // CashWeb's own record of the transaction made from the quote: the same crypto amount.
      const record = await cashweb(account.baseUrl, `/transactions/${paid.providerId}`);
      assert.equal(record.crypto_amount, "100.00", JSON.stringify(record));
      assert.equal(record.quote_id ?? quote.id, quote.id);
    });

    await shots.step(browser, "cashweb-paid-notified", async () => {
      for (const event of ["deposit.detected", "deposit.confirmed", "transaction.completed"]) {
        await cashweb(account.baseUrl, "/sandbox/simulate", { transaction_id: paid.providerId, event });
      }
      await rowShows(paid.id, /Paid/);
      const after = (await invoke(browser, "payment_requests")).find((r) => r.id === paid.id);
      assert.equal(after.requestState, "paid");
      assert.equal(after.sendCount, 1);
      await until(async () => /Payment received/.test(notifications.text()), {
        timeoutMs: 15_000,
        what: "the OS notification 'Payment received'",
      });
    });

    await shots.step(browser, "cashweb-expired", async () => {
      await browser.$(S.newRequestButton).click();
      await browser.$(S.payoutTab("CashWeb deposit")).click();
      await browser.$(S.field("fiatAmount")).setValue("3230");
      await browser.$(S.getQuoteButton).click();
      await until(async () => /USDT/.test((await browser.$(S.quoteLine).getText().catch(() => "")) ?? ""), {
        timeoutMs: 30_000,
        what: "the second quote",
      });
      await requestMade("3230.00");
      const second = await shownRequest();
      await cashweb(account.baseUrl, "/sandbox/simulate", { transaction_id: second.providerId, event: "transaction.expired" });
      const row = await rowShows(second.id, /Expired/);
      assert.doesNotMatch(row, /Paid/);
      const after = (await invoke(browser, "payment_requests")).find((r) => r.id === second.id);
      assert.equal(after.requestState, "expired");
      assert.equal(await browser.$(S.requestRow(second.id)).$(S.cancelRequestButton).isExisting(), false, "nothing to cancel");
    });
  });

  await t.test("(b) a Hexai collection paid at the checkout turns Paid by Hexai's signed webhook", async () => {
    await browser.$(S.newRequestButton).click();
    await browser.$(S.payoutTab("Hexai collection (Wave)")).click();
    let made;
    await shots.step(browser, "hexai-collection-made", async () => {
      // 200.00 GMD: Hexai's sandbox leaves it pending until the customer acts.
      await browser.$(S.field("amount")).setValue("200.00");
      await requestMade("200.00");
      made = await shownRequest();
      assert.equal(made.requestState, "awaiting_payment");
      assert.match(made.link, /^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
      assert.ok(await browser.$(S.requestQr).isDisplayed(), "the checkout's QR code");
    });
    await shots.step(browser, "hexai-collection-paid", async () => {
      // The customer presses Pay on Hexai's checkout page.
      const res = await fetch(`${made.link}/pay`, { method: "POST", redirect: "manual" });
      assert.ok(res.status < 400, `checkout answered ${res.status}`);
      await rowShows(made.id, /Paid/);
      const journal = await invoke(browser, "payout_journal", { id: made.id });
      assert.equal(journal.at(-1).event, "webhook", JSON.stringify(journal));
      assert.ok(!journal.some((line) => line.event === "poll"), "no status read made it paid");
      assert.match(journal.at(-1).answer, /transaction\.completed/);
    });
  });

  await t.test("(c) a Hubcash sale awaiting capture is captured once from its detail", async () => {
    // A sale the seeded history has awaiting capture, found as the merchant would: by its detail.
    const page = await invoke(browser, "transactions", {
      request: {
        filter: {
          providers: ["hubcash"], accounts: [], direction: null, kinds: ["sale"], statuses: [], currency: null,
          from: null, to: null, amountMin: null, amountMax: null, search: null,
        },
        sort: "newest",
        after: null,
        limit: 200,
      },
    });
    let sale;
    for (const row of page.rows) {
      const detail = await invoke(browser, "transaction_detail", { account: row.account, providerId: row.providerId });
      if (detail.saleActions.includes("capture")) {
        sale = detail.row;
        break;
      }
    }
    assert.ok(sale, "the sandbox history has a sale awaiting capture");

    const openDetail = async () => {
      await browser.$(S.navLink("Transactions")).click();
      const search = browser.$(S.txSearch);
      await search.waitForDisplayed({ timeout: 30_000 });
      await search.setValue(sale.providerId);
      await until(async () => (await browser.$$(S.txRows)).length === 1, {
        timeoutMs: 30_000,
        what: `the sale ${sale.providerId} alone in the list`,
      });
      await browser.$(S.txRows).click();
      await browser.$(S.txDetail).waitForDisplayed({ timeout: 15_000 });
      return browser.$(S.txDetail);
    };

    await shots.step(browser, "hubcash-captured", async () => {
      const panel = await openDetail();
      await panel.$(S.captureButton).click();
      await panel.$(S.confirmTitle).waitForDisplayed({ timeout: 20_000 });
      await panel.$(S.confirmButton).click();
      await until(async () => /Capture sale/.test(await panel.$("[role=status]").getText().catch(() => "")), {
        timeoutMs: 30_000,
        what: "the capture's result",
      });
      const captures = await until(
        async () => {
          const all = (await invoke(browser, "payment_requests")).filter((r) => r.kind === "sale_action");
          return all.length && all.every((r) => r.state === "succeeded") ? all : null;
        },
        { timeoutMs: 30_000, what: "the capture to succeed" },
      );
      assert.equal(captures.length, 1);
      assert.equal(captures[0].sendCount, 1);
    });

    await shots.step(browser, "hubcash-second-capture-refused", async () => {
      await browser.$(S.closeDetailButton).click();
      const panel = await openDetail();
      // The cache still says "authorized" until the next sync: Paydesk reads the sale first.
      await panel.$(S.captureButton).click();
      const alert = panel.$("[role=alert]");
      await alert.waitForDisplayed({ timeout: 20_000 });
      assert.match(await alert.getText(), /no longer awaiting capture/);
      const captures = (await invoke(browser, "payment_requests")).filter((r) => r.kind === "sale_action");
      assert.equal(captures.length, 1, "nothing more was written to the journal");
    });
  });
});
