// The forms' drafts as the merchant fills them in: the form the backend checks is the typed
// text trimmed (empty optional fields left out), on the chosen account or else the first one;
// HG.Cash's source account and "Send anyway"; CashWeb's quote, what blocks Review and when
// the quote expires; a Hubcash sale opened from Transactions; an amount typed with the
// language's decimal comma, sent as a plain decimal.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CashWebDraft,
  HexaiCollectionDraft,
  HexaiDraft,
  HgCashDraft,
  HubcashBilletDraft,
  HubcashSaleDraft,
  HpayDraft,
  newDraft,
  type Kind,
} from "./drafts.svelte";
import { shownDecimal, typedDecimal } from "../../../lib/money";
import { language } from "../../../lib/i18n.svelte";
import type { AppError, HgCashSource, PayoutAccount, ProviderKind, QuoteView } from "../../../lib/bindings";

const account = (id: string, provider: ProviderKind, extra: Partial<PayoutAccount> = {}): PayoutAccount => ({
  id,
  label: id,
  provider,
  mode: "sandbox",
  currency: "GMD",
  scale: 2,
  available: null,
  sources: [],
  unavailable: null,
  heldBecause: null,
  ...extra,
});
const hexai = [account("hexai-main", "hexai"), account("hexai-2", "hexai")];

const quote = (quoteId: string, expiresAt: string): QuoteView => ({
  quoteId,
  fiatAmount: { amount: "25000.00", currency: "NGN", scale: 2 },
  cryptoAmount: "15.625000",
  cryptoCurrency: "usdt",
  network: "trc20",
  rate: "1600.00",
  expiresAt,
});
const inTwoMinutes = () => new Date(Date.now() + 120_000).toISOString();

function quoteBackend(answer: QuoteView | AppError) {
  return {
    cashwebQuote: vi.fn(async () =>
      "quoteId" in answer ? { status: "ok" as const, data: answer } : { status: "error" as const, error: answer },
    ),
  };
}

describe("drafts", () => {
  it("a Hexai payout: the amount and number trimmed, on the first account until another is chosen", () => {
    const draft = new HexaiDraft(() => hexai);
    expect(draft.form).toEqual({ kind: "hexai", account: "hexai-main", amount: "", recipientMobile: "+220" });

    draft.recipientMobile = " +2203001234 ";
    draft.amount = "150.5 ";
    draft.account = "hexai-2";
    expect(draft.form).toEqual({ kind: "hexai", account: "hexai-2", amount: "150.5", recipientMobile: "+2203001234" });
    expect(draft.chosen?.id).toBe("hexai-2");

    // An account that is not offered (another provider's, or removed) is not used.
    draft.account = "hgcash-main";
    expect(draft.form.account).toBe("hexai-main");
    expect(new HexaiDraft(() => []).form.account).toBe("");
  });

  it("payment requests leave empty optional fields out and trim the rest", () => {
    const collection = new HexaiCollectionDraft(() => hexai);
    collection.amount = " 100 ";
    collection.successUrl = "  ";
    collection.errorUrl = " https://shop.example/failed ";
    expect(collection.form).toEqual({
      kind: "hexai_collection",
      account: "hexai-main",
      amount: "100",
      successUrl: null,
      errorUrl: "https://shop.example/failed",
    });

    const billet = new HubcashBilletDraft(() => [account("hubcash-main", "hubcash")]);
    billet.customerName = " Ana Souza ";
    billet.customerDocument = " ";
    expect(billet.form).toMatchObject({ customerName: "Ana Souza", customerDocument: null, description: "" });

    const link = new HpayDraft(() => [account("hpay-main", "hpay", { currency: "XOF" })]);
    link.notifyUrl = " https://shop.example/notify ";
    expect(link.form).toMatchObject({ kind: "hpay", account: "hpay-main", notifyUrl: "https://shop.example/notify", productName: "" });
    expect(link.chosen?.currency).toBe("XOF");
  });

  it("an HG.Cash cash-out: the chosen account's first source, the number as CBU or CVU, 'Send anyway' for that number only", () => {
    // Only what a draft reads of a source account.
    const sources = (...ids: string[]) => ids.map((id) => ({ id, currency: "ARS" }) as HgCashSource);
    const draft = new HgCashDraft(() => [
      account("hg-1", "hgcash", { sources: sources("AR-0001", "AR-0002") }),
      account("hg-2", "hgcash", { sources: sources("AR-0009") }),
    ]);
    expect(draft.form.sourceAccountId).toBe("AR-0001");
    draft.sourceAccountId = "AR-0002";
    expect(draft.form.sourceAccountId).toBe("AR-0002");
    // Another account: its own source, not the last one's.
    draft.account = "hg-2";
    expect(draft.sources.map((s) => s.id)).toEqual(["AR-0009"]);
    expect(draft.form.sourceAccountId).toBe("AR-0009");

    draft.number = " 0000003100012345678901 ";
    expect(draft.form).toMatchObject({ toCvu: "0000003100012345678901", toCbu: null, sendAnyway: false });
    draft.target = "cbu";
    draft.toName = " ";
    draft.concept = " rent ";
    expect(draft.form).toMatchObject({ toCbu: "0000003100012345678901", toCvu: null, toName: null, concept: "rent" });

    draft.sendAnyway = true;
    expect(draft.form.sendAnyway).toBe(true);
    draft.number = "0000003100012345678902";
    expect(draft.sendAnyway).toBe(false);
    expect(draft.form.sendAnyway).toBe(false);
  });

  it("a CashWeb request by quote: Review waits for a quote, which holds for what it was asked for until it expires", async () => {
    const expiresAt = inTwoMinutes();
    const backend = quoteBackend(quote("q-1", expiresAt));
    const onchange = vi.fn();
    const draft = new CashWebDraft(() => [account("cashweb-main", "cashweb")], onchange, backend as never);
    expect(draft.form).toMatchObject({ kind: "cash_web", quoteId: null, fiatAmount: null });
    expect([draft.blocked, draft.deadline]).toEqual(["Get a quote first.", null]);

    draft.fiatAmount = " 25000 ";
    await draft.getQuote();
    expect(backend.cashwebQuote).toHaveBeenCalledWith({ account: "cashweb-main", fiatAmount: "25000", cryptoCurrency: "usdt", network: "trc20" });
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(draft.form).toEqual({ kind: "cash_web", account: "cashweb-main", quoteId: "q-1", fiatAmount: null, cryptoCurrency: null, network: null });
    expect([draft.blocked, draft.deadline]).toEqual([null, expiresAt]);

    // Another amount drops the quote; the same amount again finds it.
    draft.fiatAmount = "26000";
    expect([draft.quote, draft.form.quoteId, draft.blocked]).toEqual([null, null, "Get a quote first."]);
    draft.fiatAmount = "25000";
    expect(draft.form.quoteId).toBe("q-1");

    draft.expire();
    expect([draft.blocked, draft.deadline]).toEqual(["The quote has expired: get a new one.", null]);
    expect(draft.form.quoteId).toBe("q-1");
  });

  it("a CashWeb quote refused keeps Review blocked; a direct request needs none", async () => {
    const refusal: AppError = { code: "input.invalid", message: "A fiat amount with at most 2 decimals", field: "fiat_amount" };
    const onchange = vi.fn();
    const draft = new CashWebDraft(() => [account("cashweb-main", "cashweb")], onchange, quoteBackend(refusal) as never);
    draft.fiatAmount = "x";
    await draft.getQuote();
    expect(draft.quoteError).toEqual(refusal);
    expect([draft.quoting, draft.blocked]).toEqual([false, "Get a quote first."]);
    expect(onchange).not.toHaveBeenCalled();

    draft.mode = "direct";
    draft.fiatAmount = " 25000 ";
    expect(draft.form).toEqual({ kind: "cash_web", account: "cashweb-main", quoteId: null, fiatAmount: "25000", cryptoCurrency: "usdt", network: "trc20" });
    expect([draft.blocked, draft.deadline]).toEqual([null, null]);
  });

  it("a Hubcash sale opened from Transactions starts on its account, sale and action", () => {
    const accounts = () => [account("hubcash-main", "hubcash"), account("hubcash-2", "hubcash")];
    const draft = new HubcashSaleDraft(accounts, { account: "hubcash-2", sale: "S-42", action: "cancel" });
    expect(draft.form).toEqual({ kind: "hubcash_sale", account: "hubcash-2", saleId: "S-42", action: "cancel" });
    draft.saleId = " S-43 ";
    expect(draft.form.saleId).toBe("S-43");
    expect(new HubcashSaleDraft(accounts).form).toEqual({ kind: "hubcash_sale", account: "hubcash-main", saleId: "", action: "capture" });
  });

  it("makes an empty draft of each kind, and its form is the same object until something changes", () => {
    const kinds: Kind[] = ["hexai", "hexai_collection", "hg_cash", "cash_web", "hpay", "hubcash_billet", "hubcash_sale"];
    expect(kinds.map((kind) => newDraft(kind, () => []).form.kind)).toEqual(kinds);

    const draft = new HexaiDraft(() => hexai);
    const before = draft.form;
    expect(draft.form).toBe(before);
    draft.amount = "1";
    expect(draft.form).not.toBe(before);
  });

  describe("an amount typed with the language's decimal comma", () => {
    afterEach(() => language.set("en"));

    it("is read as the plain decimal the backend takes, where the language writes a decimal comma", () => {
      for (const tag of ["es-AR", "pt-BR", "fr-FR"]) {
        expect(typedDecimal("1500,50", tag)).toBe("1500.50");
        expect(typedDecimal(" 0,5 ", tag)).toBe("0.5");
        // A plain decimal and a whole number stay as typed.
        expect(typedDecimal("1500.50", tag)).toBe("1500.50");
        expect(typedDecimal("1500", tag)).toBe("1500");
      }
      // Both marks, grouping, or a comma with no digits on one side: left as typed, so the
      // backend refuses it as it does today.
      expect(typedDecimal("1.500,50", "es-AR")).toBe("1.500,50");
      expect(typedDecimal("1,500,50", "pt-BR")).toBe("1,500,50");
      expect(typedDecimal("1\u202f500,50", "fr-FR")).toBe("1\u202f500,50");
      expect(typedDecimal("1 500,50", "fr-FR")).toBe("1 500,50");
      expect(typedDecimal(",50", "es-AR")).toBe(",50");
      expect(typedDecimal("150,", "es-AR")).toBe("150,");
      expect(typedDecimal("-5,00", "es-AR")).toBe("-5,00");
      // English writes a decimal point: a comma there is grouping, refused as today.
      expect(typedDecimal("1500,50", "en")).toBe("1500,50");
      expect(typedDecimal(" 1500.50 ", "en")).toBe("1500.50");
    });

    it("goes to the backend as a plain decimal from every form, in the language the merchant reads", async () => {
      language.set("es");
      const hexaiDraft = new HexaiDraft(() => hexai);
      hexaiDraft.amount = " 1500,50 ";
      expect(hexaiDraft.form.amount).toBe("1500.50");

      const hg = new HgCashDraft(() => [account("hg-1", "hgcash")]);
      hg.amount = "10,5";
      expect(hg.form.amount).toBe("10.5");
      const billet = new HubcashBilletDraft(() => [account("hubcash-main", "hubcash")]);
      billet.amount = "250,90";
      expect(billet.form.amount).toBe("250.90");
      const link = new HpayDraft(() => [account("hpay-main", "hpay", { currency: "XOF" })]);
      link.amount = "5000";
      expect(link.form.amount).toBe("5000");

      const backend = quoteBackend(quote("q-1", inTwoMinutes()));
      const cash = new CashWebDraft(() => [account("cashweb-main", "cashweb")], () => {}, backend as never);
      cash.fiatAmount = "25000,00";
      await cash.getQuote();
      expect(backend.cashwebQuote).toHaveBeenCalledWith(expect.objectContaining({ fiatAmount: "25000.00" }));
      expect(cash.form.quoteId).toBe("q-1");
      // The same amount with the point is the same quote.
      cash.fiatAmount = "25000.00";
      expect(cash.form.quoteId).toBe("q-1");
      cash.mode = "direct";
      cash.fiatAmount = "25000,5";
      expect(cash.form.fiatAmount).toBe("25000.5");

      // Changing the language back reads the comma as English does again.
      language.set("en");
      expect(hexaiDraft.form.amount).toBe("1500,50");
    });

    it("what blocks Review follows the language", () => {
      const draft = new CashWebDraft(() => [account("cashweb-main", "cashweb")]);
      language.set("es");
      expect(draft.blocked).toBe("Primero pedí una cotización.");
      language.set("en");
      expect(draft.blocked).toBe("Get a quote first.");
    });

    it("a rate or coin amount is shown with the language's decimal mark, ungrouped", () => {
      expect(shownDecimal("1615.00", "en")).toBe("1615.00");
      expect(shownDecimal("1615.00", "es-AR")).toBe("1615,00");
      expect(shownDecimal("15.625000", "fr-FR")).toBe("15,625000");
      expect(shownDecimal("1600", "pt-BR")).toBe("1600");
    });
  });
});
