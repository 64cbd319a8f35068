// The fixture's payouts: options per provider, validation with the backend's kinds of
// messages, drafts, confirmation (re-checking the typed amount), state changes as events,
// journals and CashWeb quotes. One instance per mode: the sandbox's starts with three recent
// payouts, the live one with none.

import type {
  AccountInfo,
  IntentKind,
  JournalLine,
  MoneyView,
  PayoutAccount,
  PayoutDraft,
  PayoutForm,
  PayoutOptions,
  PayoutState,
  PayoutView,
  ProviderKind,
  QuoteRequest,
  QuoteView,
  RequestState,
} from "../lib/bindings";
import { SCALE, fromMinor, invalid, minor, money } from "./fixture-money";

export type Emit = (event: string, payload: unknown) => void;

const NOW = () => new Date().toISOString();

/** The currency each provider's payouts are in, in the fixture. */
const CURRENCY: Record<ProviderKind, string> = { hexai: "GMD", hgcash: "ARS", hpay: "XOF", cashweb: "NGN", hubcash: "BRL" };

/** What the fixture's known accounts add to their payout options. */
const EXTRAS: Record<string, Partial<PayoutAccount>> = {
  "hexai-main": { available: money("1234567.50", "GMD", 2) },
  "hgcash-main": {
    sources: [
      { id: "AR-0001", name: "Cuenta principal", alias: "tienda.centro.hg", currency: "ARS", available: money("987654.32", "ARS", 2) },
      { id: "AR-0002", name: null, alias: null, currency: "ARS", available: money("1200.00", "ARS", 2) },
    ],
  },
  "hexai-live": { available: money("8450.00", "GMD", 2) },
};
/** The backend's CBU/CVU check-digit rule (paydesk_domain::cbu), for the fixture's warning. */
function checkDigitsOk(number: string): boolean {
  const d = Array.from(number, Number);
  const check = (digits: number[], weights: number[]) =>
    (10 - (digits.reduce((sum, x, i) => sum + x * (weights[i] ?? 0), 0) % 10)) % 10;
  return d[7] === check(d.slice(0, 7), [7, 1, 3, 9, 7, 1, 3]) && d[21] === check(d.slice(8, 21), [3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3]);
}

export const CBU_CHECK_FAILED = "This CBU/CVU fails its check digits: check it with the recipient. If you are sure, tick 'Send anyway'.";

const FINAL: readonly PayoutState[] = ["succeeded", "failed", "cancelled", "expired", "refunded"];

/** Which way a form moves money, as the engine's `PayoutRequest::kind` says. */
function kindOfForm(form: PayoutForm["kind"]): IntentKind {
  return form === "hexai" || form === "hg_cash" ? "payout" : form === "hubcash_sale" ? "sale_action" : "payment_request";
}

/** The kind of the seeded intents, by provider (Hexai's are payouts there). */
function kindOf(provider: ProviderKind): IntentKind {
  return kindOfForm(provider === "hgcash" ? "hg_cash" : provider === "cashweb" ? "cash_web" : provider === "hubcash" ? "hubcash_sale" : provider);
}

/** A payment request's state for its journal state, as the engine's `request_state` says. */
function requestStateOf(state: PayoutState): RequestState {
  switch (state) {
    case "draft":
    case "confirmed":
    case "sending":
      return "created";
    case "accepted":
    case "processing":
      return "awaiting_payment";
    case "succeeded":
      return "paid";
    default:
      return state;
  }
}

export class FixturePayouts {
  payouts: PayoutView[];
  private drafts = new Map<string, { form: PayoutForm; amount: MoneyView | null }>();
  /** Payouts sent with "Send anyway" to a number whose check digits fail: the CBU/CVU. */
  private overridden = new Map<string, string>();
  private next = 10;

  /** Hubcash sales captured or cancelled through the journal. */
  private salesActedOn = new Set<string>();

  constructor(
    private emit: Emit,
    private accounts: () => AccountInfo[],
    seeded = true,
  ) {
    this.payouts = seeded
      ? [
          this.payout("po-3", "cashweb-main", "cashweb", "Deposit request 25,000.00 NGN", "25000.00", "NGN", "accepted"),
          this.payout("po-2", "hgcash-main", "hgcash", "Cash-out 12,000.00 ARS to CVU …0001", "12000.00", "ARS", "unknown", "The provider did not answer in time; looking it up by reference"),
          this.payout("po-1", "hexai-main", "hexai", "Wave payout 150.50 GMD to +2203001234", "150.50", "GMD", "succeeded"),
        ]
      : [];
  }


  payout(id: string, account: string, provider: ProviderKind, summary: string, amount: string | null, currency: string | null, state: PayoutView["state"], reason: string | null = null, kind: IntentKind = kindOf(provider)): PayoutView {
    return {
      id,
      account,
      provider,
      summary,
      amount,
      currency,
      reference: `PD-${id.toUpperCase()}`,
      kind,
      state,
      requestState: kind === "payment_request" ? requestStateOf(state) : null,
      reason,
      providerId: state === "unknown" ? null : `${provider.toUpperCase()}-${id}`,
      providerStatus: state === "unknown" ? null : state.toUpperCase(),
      link: null,
      expiresAt: provider === "cashweb" && state === "accepted" ? new Date(Date.now() + 25 * 60_000).toISOString() : null,
      sendCount: 1,
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      updatedAt: new Date(Date.now() - 1_800_000).toISOString(),
      needsAttention: state === "unknown",
      attention: null,
      linkable: provider === "hgcash" && state === "unknown",
    };
  }

  /** How many payouts of `account` are not final (the removal prompt says so). */
  openCount(account: string): number {
    return this.payouts.filter((p) => p.account === account && !FINAL.includes(p.state)).length;
  }

  options(): PayoutOptions {
    return {
      accounts: this.accounts().map((a): PayoutAccount => ({
        id: a.id,
        label: a.label,
        provider: a.provider,
        mode: a.mode,
        currency: CURRENCY[a.provider],
        scale: SCALE[CURRENCY[a.provider]] ?? 2,
        available: null,
        sources: [],
        unavailable: null,
        heldBecause: null,
        ...EXTRAS[a.id],
      })),
      needingAttention: 0,
    };
  }

  validate(form: PayoutForm): void {
    switch (form.kind) {
      case "hexai":
        if (!/^\+220\d{7}$/.test(form.recipientMobile)) throw invalid("A Gambian mobile number: +220 and 7 digits", "recipient_mobile");
        if (minor(form.amount, 2) === null || minor(form.amount, 2) === 0) throw invalid("An amount in GMD with at most 2 decimals", "amount");
        if ((minor(form.amount, 2) ?? 0) > 123456750) throw { code: "payout.insufficient_balance", message: "The Hexai balance (1,234,567.50 GMD) does not cover 2,000,000.00 GMD", field: "amount" };
        return;
      case "hexai_collection":
        if (minor(form.amount, 2) === null || minor(form.amount, 2) === 0) throw invalid("An amount in GMD with at most 2 decimals", "amount");
        for (const [key, field] of [["successUrl", "success_url"], ["errorUrl", "error_url"]] as const) {
          const url = form[key];
          if (url && !/^https?:\/\//.test(url)) throw invalid("An http(s) URL", field);
        }
        return;
      case "hg_cash":
        if (!form.sourceAccountId) throw invalid("Choose the HG.Cash account the money leaves", "source_account_id");
        if (minor(form.amount, 2) === null) throw invalid("An amount in ARS with at most 2 decimals", "amount");
        if (!!form.toCbu === !!form.toCvu) throw invalid("Give a CBU or a CVU (one of them)", form.toCbu ? "to_cvu" : "to_cbu");
        if (form.toCbu && !/^\d{22}$/.test(form.toCbu)) throw invalid("A CBU has 22 digits", "to_cbu");
        if (form.toCvu && !/^\d{22}$/.test(form.toCvu)) throw invalid("A CVU has 22 digits", "to_cvu");
        if (!checkDigitsOk(form.toCbu ?? form.toCvu ?? "") && !form.sendAnyway) {
          throw { code: "payout.cbu_check_failed", message: CBU_CHECK_FAILED, field: form.toCbu ? "to_cbu" : "to_cvu" };
        }
        return;
      case "cash_web":
        if (!form.quoteId && minor(form.fiatAmount ?? "", 2) === null) throw invalid("Get a quote or give a fiat amount", "fiat_amount");
        return;
      case "hpay":
        if (minor(form.amount, 0) === null) throw invalid("An amount in XOF, whole francs", "amount");
        if (!form.productName.trim()) throw invalid("What the customer buys", "product_name");
        for (const [key, field] of [["notifyUrl", "notify_url"], ["successUrl", "success_url"], ["cancelUrl", "cancel_url"]] as const) {
          if (!/^https?:\/\//.test(form[key])) throw invalid("An http(s) URL", field);
        }
        return;
      case "hubcash_billet":
        if (minor(form.amount, 2) === null || minor(form.amount, 2) === 0) throw invalid("An amount in BRL with at most 2 decimals", "amount");
        if (!form.customerName.trim()) throw invalid("who pays is required", "customer_name");
        if (form.customerDocument && ![11, 14].includes(form.customerDocument.replace(/[.\-/ ]/g, "").length)) throw invalid("a CPF has 11 digits, a CNPJ 14", "customer_document");
        if (!form.description.trim()) throw invalid("say what is sold", "description");
        if (!/^\d+$/.test(form.daysToPay) || +form.daysToPay < 1 || +form.daysToPay > 90) {
          throw invalid("give the days to pay as a whole number from 1 to 90", "days_to_pay");
        }
        return;
      case "hubcash_sale":
        if (!form.saleId.trim()) throw invalid("The sale's id", "sale_id");
        // Like the backend, which reads the sale first: an action it already had is refused.
        if (this.salesActedOn.has(form.saleId)) throw invalid(`Sale ${form.saleId} is no longer awaiting capture: nothing was sent`, "action");
        return;
    }
  }

  prepare(form: PayoutForm): PayoutDraft {
    this.validate(form);
    const id = `draft-${this.next++}`;
    let amount: MoneyView | null = null;
    let lines: [string, string][] = [];
    switch (form.kind) {
      case "hexai":
        amount = money(fromMinor(minor(form.amount, 2) ?? 0, 2), "GMD", 2);
        lines = [["Provider", "Hexai (Wave payout)"], ["From account", form.account], ["To", form.recipientMobile], ["Amount", `${amount.amount} GMD`]];
        break;
      case "hexai_collection":
        amount = money(fromMinor(minor(form.amount, 2) ?? 0, 2), "GMD", 2);
        lines = [["Provider", "Hexai (Wave collection)"], ["Account", form.account], ["Amount", `${amount.amount} GMD`], ["After paying", form.successUrl ?? "Hexai's default page"]];
        break;
      case "hg_cash":
        amount = money(fromMinor(minor(form.amount, 2) ?? 0, 2), "ARS", 2);
        lines = [["Provider", "HG.Cash (cash-out)"], ["Source account", form.sourceAccountId], ["To CBU/CVU", form.toCbu ?? form.toCvu ?? ""], ["Amount", `${amount.amount} ARS`]];
        if (!checkDigitsOk(form.toCbu ?? form.toCvu ?? "")) lines.splice(3, 0, ["Check digits", "Wrong: you ticked 'Send anyway' (kept in the journal)"]);
        break;
      case "cash_web":
        amount = form.fiatAmount ? money(fromMinor(minor(form.fiatAmount, 2) ?? 0, 2), "NGN", 2) : null;
        lines = [["Provider", "CashWeb (deposit request)"], ["Mode", form.quoteId ? `Quote ${form.quoteId}` : "Direct"], ...(amount ? [["Amount", `${amount.amount} NGN`] as [string, string]] : [])];
        break;
      case "hpay":
        amount = money(String(minor(form.amount, 0)), "XOF", 0);
        lines = [["Provider", "HPAY (payment link)"], ["Product", form.productName], ["Amount", `${amount.amount} XOF`]];
        break;
      case "hubcash_billet":
        amount = money(fromMinor(minor(form.amount, 2) ?? 0, 2), "BRL", 2);
        lines = [["Provider", "Hubcash (billet)"], ["Amount", `${amount.amount} BRL`], ["Customer", form.customerName], ["For", form.description]];
        break;
      case "hubcash_sale":
        lines = [["Provider", "Hubcash"], ["Action", form.action === "capture" ? "Capture" : "Cancel"], ["Sale", form.saleId]];
        break;
    }
    this.drafts.set(id, { form, amount });
    return { id, lines, amount, reference: `PD-${id.toUpperCase()}` };
  }

  /**
   * Sends a draft once its typed amount matches. `ask` stands for the live mode's native
   * dialog: it runs after the checks, and throws when the merchant cancels (the draft stays).
   */
  confirm(draftId: string, typed: string | null, ask: () => void = () => {}): PayoutView {
    const draft = this.drafts.get(draftId);
    if (!draft) throw { code: "input.invalid", message: "This draft was already confirmed or does not exist" };
    if (draft.amount && typed !== null && minor(typed, draft.amount.scale) !== minor(draft.amount.amount, draft.amount.scale)) {
      throw invalid("The typed amount differs from the payout's amount", "typedAmount");
    }
    ask();
    this.drafts.delete(draftId);
    const f = draft.form;
    const provider: ProviderKind = f.kind === "hg_cash" ? "hgcash" : f.kind === "cash_web" ? "cashweb" : f.kind === "hubcash_sale" || f.kind === "hubcash_billet" ? "hubcash" : f.kind === "hexai_collection" ? "hexai" : f.kind;
    const view = this.payout(`po-${this.next++}`, f.account, provider, `${provider} ${f.kind}`, draft.amount?.amount ?? null, draft.amount?.currency ?? null, "sending", null, kindOfForm(f.kind));
    if (f.kind === "hexai_collection") view.link = "https://checkout.wave.example/c/po";
    if (f.kind === "hubcash_sale") this.salesActedOn.add(f.saleId);
    if (f.kind === "hubcash_billet") {
      view.link = "34191.79001 01043.510047 91020.150008 1 90020000025090";
      // Payable through the last of its days: until the start of the next (UTC), as Hubcash counts.
      const end = new Date();
      end.setUTCHours(0, 0, 0, 0);
      end.setUTCDate(end.getUTCDate() + Number(f.daysToPay) + 1);
      view.expiresAt = end.toISOString();
    }
    view.createdAt = NOW();
    view.updatedAt = NOW();
    if (f.kind === "hpay") view.link = "https://checkout.hpay.example/pay/abc123";
    if (f.kind === "cash_web") {
      view.link = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";
      view.expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
    }
    if (f.kind === "hg_cash" && !checkDigitsOk(f.toCbu ?? f.toCvu ?? "")) this.overridden.set(view.id, f.toCbu ?? f.toCvu ?? "");
    this.payouts = [view, ...this.payouts];
    setTimeout(() => this.update(view.id, "accepted"), 200);
    // A payout settles; a payment request awaits its payer (see pay()).
    if (view.kind !== "payment_request") setTimeout(() => this.update(view.id, "succeeded"), 500);
    return view;
  }

  update(id: string, state: PayoutView["state"]): PayoutView {
    const p = this.payouts.find((x) => x.id === id);
    if (!p) {
      // A draft abandoned at the confirmation step.
      if (this.drafts.delete(id)) return this.payout(id, "", "hexai", "Abandoned draft", null, null, state);
      throw { code: "input.invalid", message: "No such payout" };
    }
    const next: PayoutView = {
      ...p,
      state,
      requestState: p.kind === "payment_request" ? requestStateOf(state) : null,
      updatedAt: NOW(),
      needsAttention: state === "unknown",
    };
    this.payouts = this.payouts.map((x) => (x.id === id ? next : x));
    this.emit("payout-update-event", { payout: next, terminal: FINAL.includes(state) });
    return next;
  }

  /** The customer pays a payment request (the provider says it was paid). */
  pay(id: string): PayoutView {
    return this.update(id, "succeeded");
  }

  /** The recent intents of one side: payouts, or payment requests and sale actions. */
  listed(side: "out" | "in"): PayoutView[] {
    // Like the backend, a request whose window has closed is read again: CashWeb says expired.
    for (const p of this.payouts) {
      if (p.requestState === "awaiting_payment" && p.expiresAt && Date.parse(p.expiresAt) <= Date.now()) this.update(p.id, "expired");
    }
    return this.payouts.filter((p) => (p.kind === "payout") === (side === "out"));
  }

  /** A request's QR code: a stand-in SVG naming the link (the backend renders the real one). */
  qr(id: string): string {
    const p = this.payouts.find((x) => x.id === id);
    if (!p?.link) throw invalid("this request has no link or address to show as a QR code yet", "id");
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${p.link}</title><rect width="10" height="10"/></svg>`;
  }

  /** Moves a request's window end (tests: a deposit about to expire). */
  expireIn(id: string, ms: number): void {
    this.payouts = this.payouts.map((p) => (p.id === id ? { ...p, expiresAt: new Date(Date.now() + ms).toISOString() } : p));
  }

  /** Links a payout by hand: like the engine, an id another payout has is refused. */
  link(id: string, providerId: string): PayoutView {
    const p = this.payouts.find((x) => x.id === id);
    if (!p || !p.linkable) throw { code: "input.invalid", message: "There is nothing to link on this payout" };
    const owner = this.payouts.find((x) => x.providerId === providerId.trim());
    if (owner) throw { code: "input.invalid", message: `${providerId} is already another payout's (${owner.summary}, reference ${owner.reference})` };
    const next: PayoutView = { ...p, providerId: providerId.trim(), providerStatus: "processing", state: "processing", reason: null, updatedAt: NOW(), needsAttention: false, attention: null, linkable: false };
    this.payouts = this.payouts.map((x) => (x.id === id ? next : x));
    this.emit("payout-update-event", { payout: next, terminal: false });
    return next;
  }

  journal(id: string): JournalLine[] {
    const line = (event: string, from: JournalLine["fromState"], to: JournalLine["toState"], extra: Partial<JournalLine> = {}): JournalLine => ({
      at: NOW(), actor: "merchant", event, fromState: from, toState: to, sent: null, answer: null, httpStatus: null, note: null, ...extra,
    });
    const number = this.overridden.get(id);
    const override = number
      ? [line("check_digits_overridden", null, null, { note: `The CBU/CVU ${number} fails its check digits; the merchant overrode the warning with 'Send anyway'.` })]
      : [];
    return [
      line("drafted", null, "draft"),
      ...override,
      line("confirmed", "draft", "confirmed"),
      line("send", "confirmed", "sending", { actor: "engine", sent: `{"reference":"PD-${id.toUpperCase()}"}` }),
      line("answer", "sending", "accepted", { actor: "engine", answer: '{"status":"ACCEPTED"}', httpStatus: 200 }),
    ];
  }

  quote(r: QuoteRequest): QuoteView {
    const fiat = minor(r.fiatAmount, 2);
    if (fiat === null || fiat === 0) throw invalid("A fiat amount with at most 2 decimals", "fiat_amount");
    return {
      quoteId: `q-${this.next++}`,
      fiatAmount: money(fromMinor(fiat, 2), "NGN", 2),
      cryptoAmount: (fiat / 100 / 1600).toFixed(6),
      cryptoCurrency: r.cryptoCurrency,
      network: r.network,
      rate: "1600.00",
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    };
  }
}
