// The payout and payment-request forms as the merchant fills them in: one small rune class per
// kind of form, its fields as state and the `PayoutForm` the backend checks derived from them
// (text trimmed, an empty optional field null). An account (or HG.Cash source account) not
// chosen, or no longer offered, is the first one offered. The form components only bind their
// inputs to a draft; Payouts hands the draft's `form` to the request flow (../flow.svelte.ts).
// An amount may be typed with the language's decimal comma ("1500,50" in es, pt-BR and fr):
// the backend always gets the plain "1500.50".

import type { AppError, PayoutAccount, PayoutForm, QuoteView, SaleActionView } from "../../../lib/bindings";
import { api, call } from "../../../lib/api";
import { language } from "../../../lib/i18n.svelte";
import { typedDecimal } from "../../../lib/money";
import * as m from "../../../paraglide/messages.js";

export type Kind = PayoutForm["kind"];
type FormOf<K extends Kind> = Extract<PayoutForm, { kind: K }>;
type Accounts = () => PayoutAccount[];
type QuoteBackend = Pick<typeof api, "cashwebQuote">;

/** What every form component takes: its draft, and the backend's last word on the form. */
export interface FormProps<D extends Draft> {
  draft: D;
  error: AppError | null;
}

/** The chosen id while it is one of `options`, else the first option's. */
function pick(options: { id: string }[], chosen: string): string {
  return options.some((o) => o.id === chosen) ? chosen : (options[0]?.id ?? "");
}

/** Trimmed text, or null when nothing is left. */
const opt = (text: string): string | null => text.trim() || null;

/** An amount field's text as the backend reads it, in the language the merchant reads now. */
const amountOf = (text: string): string => typedDecimal(text, language.formatTag);


/** Stands for the placeholder a form shows in its own element (a code, a provider's text). */
export const SLOT = "\u{E000}";

/** A message with `SLOT` in place of one placeholder: the text before it and after it. */
export function aroundSlot(text: string): [string, string] {
  const at = text.indexOf(SLOT);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + SLOT.length)];
}

/** What every draft has: the provider's accounts, and the one the request goes through. */
export abstract class Draft {
  #accounts: Accounts;
  #account = $state("");

  constructor(accounts: Accounts, account = "") {
    this.#accounts = accounts;
    this.#account = account;
  }

  /** The provider's accounts the merchant chooses from. */
  get accounts(): PayoutAccount[] {
    return this.#accounts();
  }

  /** The account the request goes through: the one chosen, else the first offered. */
  get account(): string {
    return pick(this.accounts, this.#account);
  }

  set account(id: string) {
    this.#account = id;
  }

  /** That account, with its balance, mode and (HG.Cash) source accounts. */
  readonly chosen = $derived(this.accounts.find((a) => a.id === this.account));

  /** The form as the backend checks it. */
  abstract readonly form: PayoutForm;
}

/** Hexai: a Wave payout to a Gambian mobile number, in GMD. */
export class HexaiDraft extends Draft {
  amount = $state("");
  recipientMobile = $state("+220");

  readonly form = $derived<FormOf<"hexai">>({
    kind: "hexai",
    account: this.account,
    amount: amountOf(this.amount),
    recipientMobile: this.recipientMobile.trim(),
  });
}

/** Hexai: a Wave collection, a checkout page where a customer pays GMD. */
export class HexaiCollectionDraft extends Draft {
  amount = $state("");
  successUrl = $state("");
  errorUrl = $state("");

  readonly form = $derived<FormOf<"hexai_collection">>({
    kind: "hexai_collection",
    account: this.account,
    amount: amountOf(this.amount),
    successUrl: opt(this.successUrl),
    errorUrl: opt(this.errorUrl),
  });
}

/** HG.Cash: a cash-out from one of the account's HG.Cash accounts to a CBU or CVU. */
export class HgCashDraft extends Draft {
  #source = $state("");
  amount = $state("");
  target = $state<"cbu" | "cvu">("cvu");
  /** The CBU or CVU, as `target` says. */
  number = $state("");
  toName = $state("");
  toCuit = $state("");
  concept = $state("");
  #sendAnywayFor = $state<string | null>(null);

  /** The HG.Cash accounts the money may leave from. */
  readonly sources = $derived(this.chosen?.sources ?? []);

  /** The HG.Cash account the money leaves from: the one chosen, else the first. */
  get sourceAccountId(): string {
    return pick(this.sources, this.#source);
  }

  set sourceAccountId(id: string) {
    this.#source = id;
  }

  /** "Send anyway" despite failed check digits: it holds for the number it was ticked for. */
  get sendAnyway(): boolean {
    return this.#sendAnywayFor !== null && this.#sendAnywayFor === this.number.trim();
  }

  set sendAnyway(on: boolean) {
    this.#sendAnywayFor = on ? this.number.trim() : null;
  }

  readonly form = $derived<FormOf<"hg_cash">>({
    kind: "hg_cash",
    account: this.account,
    sourceAccountId: this.sourceAccountId,
    amount: amountOf(this.amount),
    toCbu: this.target === "cbu" ? opt(this.number) : null,
    toCvu: this.target === "cvu" ? opt(this.number) : null,
    toName: opt(this.toName),
    toCuit: opt(this.toCuit),
    concept: opt(this.concept),
    sendAnyway: this.sendAnyway,
  });
}

/**
 * CashWeb: a crypto deposit request, by quote (a rate held 120 s; Review is refused without
 * one or once it expired) or direct (the rate at creation).
 */
export class CashWebDraft extends Draft {
  mode = $state<"quote" | "direct">("quote");
  fiatAmount = $state("");
  cryptoCurrency = $state("usdt");
  network = $state("trc20");
  quoting = $state(false);
  /** Why the last quote was refused, in the backend's words. */
  quoteError = $state<AppError | null>(null);
  /** The quote's countdown reached zero. */
  expired = $state(false);
  #quoted = $state.raw<{ key: string; quote: QuoteView } | null>(null);

  /** A quote is for one account, amount, coin and network: changing any of them drops it. */
  readonly #key = $derived(`${this.account}|${amountOf(this.fiatAmount)}|${this.cryptoCurrency}|${this.network}`);

  /** The quote in use: the last one, while nothing it was asked for has changed. */
  readonly quote = $derived(this.#quoted && this.#quoted.key === this.#key ? this.#quoted.quote : null);

  readonly form = $derived<FormOf<"cash_web">>(
    this.mode === "quote"
      ? { kind: "cash_web", account: this.account, quoteId: this.quote?.quoteId ?? null, fiatAmount: null, cryptoCurrency: null, network: null }
      : { kind: "cash_web", account: this.account, quoteId: null, fiatAmount: opt(amountOf(this.fiatAmount)), cryptoCurrency: this.cryptoCurrency, network: this.network },
  );

  /** Why Review is not possible now, in the merchant's language: no quote yet, or it expired. */
  readonly blocked = $derived(
    this.mode === "direct" ? null : !this.quote ? m.forms_quote_first() : this.expired ? m.forms_quote_expired_get_new() : null,
  );

  /** When the quote in use expires. */
  readonly deadline = $derived(this.mode === "quote" && this.quote && !this.expired ? this.quote.expiresAt : null);

  constructor(
    accounts: Accounts,
    /** Called when the form changes with no typing: a quote arrived. */
    private onchange: () => void = () => {},
    private backend: QuoteBackend = api,
  ) {
    super(accounts);
  }

  /** Asks CashWeb for a rate for the amount, coin and network as they are now. */
  async getQuote(): Promise<void> {
    const key = this.#key;
    const request = { account: this.account, fiatAmount: amountOf(this.fiatAmount), cryptoCurrency: this.cryptoCurrency, network: this.network };
    this.quoteError = null;
    this.quoting = true;
    const result = await call(() => this.backend.cashwebQuote(request));
    this.quoting = false;
    if (result.status === "error") {
      this.quoteError = result.error;
      return;
    }
    this.#quoted = { key, quote: result.data };
    this.expired = Date.parse(result.data.expiresAt) <= Date.now();
    this.onchange();
  }

  /** The quote's countdown reached zero: it can no longer be used. */
  expire(): void {
    this.expired = true;
  }
}

/** HPAY: a hosted payment link for a customer. */
export class HpayDraft extends Draft {
  amount = $state("");
  productName = $state("");
  description = $state("");
  notifyUrl = $state("");
  successUrl = $state("");
  cancelUrl = $state("");

  readonly form = $derived<FormOf<"hpay">>({
    kind: "hpay",
    account: this.account,
    amount: amountOf(this.amount),
    productName: this.productName.trim(),
    description: this.description.trim(),
    notifyUrl: this.notifyUrl.trim(),
    successUrl: this.successUrl.trim(),
    cancelUrl: this.cancelUrl.trim(),
  });
}

/** Hubcash: a billet (boleto) a customer pays at a bank or in their banking app, in BRL. */
export class HubcashBilletDraft extends Draft {
  amount = $state("");
  customerName = $state("");
  customerDocument = $state("");
  description = $state("");
  /** Days the customer has to pay the slip (Hubcash's own default is 7). */
  daysToPay = $state("7");

  readonly form = $derived<FormOf<"hubcash_billet">>({
    kind: "hubcash_billet",
    account: this.account,
    amount: amountOf(this.amount),
    customerName: this.customerName.trim(),
    customerDocument: opt(this.customerDocument),
    description: this.description.trim(),
    daysToPay: this.daysToPay.trim(),
  });
}

/** Where a Hubcash sale form starts: a sale opened from Transactions (the URL's query). */
export interface SalePrefill {
  account?: string;
  sale?: string;
  action?: string;
}

/** Hubcash: capture or cancel a card sale. */
export class HubcashSaleDraft extends Draft {
  saleId = $state("");
  action = $state<SaleActionView>("capture");

  constructor(accounts: Accounts, prefill: SalePrefill = {}) {
    super(accounts, prefill.account);
    this.saleId = prefill.sale ?? "";
    this.action = prefill.action === "cancel" ? "cancel" : "capture";
  }

  readonly form = $derived<FormOf<"hubcash_sale">>({
    kind: "hubcash_sale",
    account: this.account,
    saleId: this.saleId.trim(),
    action: this.action,
  });
}

/** What some kinds of draft take from the view (see their constructors). */
export interface DraftOptions {
  prefill?: SalePrefill;
  onchange?: () => void;
}

/** A fresh, empty draft of a kind of form, over the provider's accounts. */
export function newDraft(kind: Kind, accounts: Accounts, { prefill, onchange }: DraftOptions = {}): Draft {
  switch (kind) {
    case "hexai":
      return new HexaiDraft(accounts);
    case "hexai_collection":
      return new HexaiCollectionDraft(accounts);
    case "hg_cash":
      return new HgCashDraft(accounts);
    case "cash_web":
      return new CashWebDraft(accounts, onchange);
    case "hpay":
      return new HpayDraft(accounts);
    case "hubcash_billet":
      return new HubcashBilletDraft(accounts);
    case "hubcash_sale":
      return new HubcashSaleDraft(accounts, prefill);
  }
}
