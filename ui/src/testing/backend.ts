// A fixture backend in TypeScript: answers every desk command the UI calls, the way the Rust
// side does (camelCase views, AppError on failure), and emits its events. Used by the vitest
// component tests (through mockIPC) and by the Playwright specs (bundled into an init script).

import type {
  AccountCard,
  AccountForm,
  AccountInfo,
  AppError,
  EarningsQuery,
  Earnings,
  EarningsPoint,
  ExportRequest,
  JournalLine,
  MoneyView,
  Overview,
  PageRequest,
  PayoutAccount,
  PayoutDraft,
  PayoutForm,
  PayoutOptions,
  PayoutView,
  ProviderKind,
  QuoteRequest,
  QuoteView,
  AccountChanges,
} from "../lib/bindings";
import { txCount, txDetail, txPage } from "./transactions";

export type Emit = (event: string, payload: unknown) => void;

export interface Call {
  cmd: string;
  args: unknown;
}

const money = (amount: string, currency: string, scale: number): MoneyView => ({ amount, currency, scale });
const NOW = () => new Date().toISOString();

function invalid(message: string, field?: string): AppError {
  return { code: "input.invalid", message, ...(field ? { field } : {}) };
}

const SCALE: Record<string, number> = { GMD: 2, ARS: 2, XOF: 0, NGN: 2, BRL: 2 };

/** Decimal text to minor units (fixture arithmetic only; exact for these sizes). */
function minor(text: string, scale: number): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || (m[2]?.length ?? 0) > scale) return null;
  return Number(m[1]) * 10 ** scale + Number((m[2] ?? "").padEnd(scale, "0") || 0);
}

function fromMinor(value: number, scale: number): string {
  if (scale === 0) return String(value);
  const text = String(value).padStart(scale + 1, "0");
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

export class FixtureBackend {
  calls: Call[] = [];
  /** Commands that answer with this error instead (set by a test). */
  failures: Record<string, AppError> = {};
  /** What the save dialog answers: a path, or null for "cancelled". */
  savePath: string | null = "/home/merchant/paydesk-transactions.csv";
  totalTransactions = 2_000;
  offline = false;
  accounts: AccountInfo[] = [
    this.account("hexai-main", "hexai", "Hexai Banjul", "sandbox", ["secret_key", "webhook_secret"]),
    this.account("hgcash-main", "hgcash", "HG.Cash Buenos Aires", "sandbox", ["token", "webhook_secret"]),
    this.account("hpay-main", "hpay", "HPAY shop", "sandbox", ["api_key", "public_key", "secret_key"]),
    this.account("cashweb-main", "cashweb", "CashWeb deposits", "sandbox", ["api_key", "webhook_secret"]),
    this.account("hubcash-main", "hubcash", "Hubcash store", "live", ["code", "token"]),
  ];
  payouts: PayoutView[] = [
    this.payout("po-3", "cashweb-main", "cashweb", "Deposit request 25,000.00 NGN", "25000.00", "NGN", "accepted"),
    this.payout("po-2", "hgcash-main", "hgcash", "Cash-out 12,000.00 ARS to CVU …0001", "12000.00", "ARS", "unknown", "The provider did not answer in time; looking it up by reference"),
    this.payout("po-1", "hexai-main", "hexai", "Wave payout 150.50 GMD to +2203001234", "150.50", "GMD", "succeeded"),
  ];
  private drafts = new Map<string, { form: PayoutForm; amount: MoneyView | null }>();
  private next = 10;

  constructor(private emit: Emit) {}

  private account(id: string, provider: ProviderKind, label: string, mode: "sandbox" | "live", fields: string[]): AccountInfo {
    return {
      id,
      provider,
      label,
      mode,
      baseUrl: `http://127.0.0.1:4${fields.length}00/${provider}`,
      customBaseUrl: false,
      credentials: fields.map((field) => ({
        field,
        required: field !== "webhook_secret",
        configured: true,
        last4: field === "code" ? null : "1234",
      })),
      lastSync: new Date(Date.now() - 4 * 60_000).toISOString(),
      lastSyncError: provider === "hpay" ? "HPAY answered 503: service unavailable" : null,
      webhookUrl: provider === "hpay" ? null : `http://127.0.0.1:8787/webhooks/${id}`,
    };
  }

  private payout(id: string, account: string, provider: ProviderKind, summary: string, amount: string | null, currency: string | null, state: PayoutView["state"], reason: string | null = null): PayoutView {
    return {
      id,
      account,
      provider,
      summary,
      amount,
      currency,
      reference: `PD-${id.toUpperCase()}`,
      state,
      reason,
      providerId: state === "unknown" ? null : `${provider.toUpperCase()}-${id}`,
      providerStatus: state === "unknown" ? null : state.toUpperCase(),
      link: null,
      sendCount: 1,
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      updatedAt: new Date(Date.now() - 1_800_000).toISOString(),
      needsAttention: state === "unknown",
    };
  }

  /** Answers one IPC call: the value, or throws an AppError. */
  handle(cmd: string, args: Record<string, unknown> = {}): unknown {
    this.calls.push({ cmd, args });
    const failure = this.failures[cmd];
    if (failure) throw failure;
    switch (cmd) {
      case "app_info":
        return { version: "0.1.0", sandbox: true, dataDir: "/home/merchant/.local/share/paydesk" };
      case "ui_ready":
        return null;
      case "overview":
        return this.overview();
      case "earnings":
        return this.earnings(args.query as EarningsQuery);
      case "transactions": {
        const r = args.request as PageRequest;
        return txPage(this.totalTransactions, r.filter, r.sort, r.after, r.limit);
      }
      case "transaction_detail": {
        const d = txDetail(this.totalTransactions, String(args.providerId));
        if (!d) throw { code: "provider.not_found", message: "No such transaction in the cache" };
        return d;
      }
      case "export_csv":
        return this.exportCsv(args.request as ExportRequest);
      case "plugin:dialog|save":
        return this.savePath;
      case "accounts":
        return this.accounts;
      case "add_account":
        return this.addAccount(args.form as AccountForm);
      case "edit_account":
        return this.editAccount(String(args.id), args.changes as AccountChanges);
      case "test_connection": {
        const a = this.accounts.find((x) => x.id === args.id);
        if (!a) throw { code: "account.not_found", message: "No such account" };
        return { provider: a.provider, call: "GET /balance", summary: "Balance read: 1,250.50" };
      }
      case "remove_account":
        this.accounts = this.accounts.filter((a) => a.id !== args.id);
        return null;
      case "sync_now":
        this.syncBurst();
        return null;
      case "payout_options":
        return this.payoutOptions();
      case "validate_payout":
        this.validate(args.form as PayoutForm);
        return null;
      case "prepare_payout":
        return this.prepare(args.form as PayoutForm);
      case "confirm_payout":
        return this.confirm(String(args.draftId), (args.typedAmount as string | null) ?? null);
      case "cancel_payout":
        return this.update(String(args.id), "cancelled");
      case "payouts":
        return this.payouts;
      case "payout_journal":
        return this.journal(String(args.id));
      case "cashweb_quote":
        return this.quote(args.request as QuoteRequest);
      default:
        throw { code: "internal", message: `the fixture has no command ${cmd}` };
    }
  }

  overview(): Overview {
    const card = (a: AccountInfo, balances: AccountCard["balances"], has: boolean): AccountCard => ({
      id: a.id,
      label: a.label,
      provider: a.provider,
      providerName: { hexai: "Hexai", hgcash: "HG.Cash", hpay: "HPAY", cashweb: "CashWeb", hubcash: "Hubcash" }[a.provider],
      mode: a.mode,
      balances,
      hasBalanceEndpoint: has,
      sync: { running: false, done: 0, estimatedTotal: null, lastSync: a.lastSync, error: a.lastSyncError },
    });
    const asOf = new Date(Date.now() - 5 * 60_000).toISOString();
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const cards = this.accounts.map((a) => {
      switch (a.provider) {
        case "hexai":
          return card(a, [{ available: money("1234567.50", "GMD", 2), pending: money("2500.00", "GMD", 2), asOf, stale: false }], true);
        case "hgcash":
          return card(a, [{ available: money("987654.32", "ARS", 2), pending: null, asOf, stale: false }], true);
        case "hpay":
          return card(a, [{ available: money("1500000", "XOF", 0), pending: money("0", "XOF", 0), asOf: old, stale: true }], true);
        default:
          return card(a, [], false);
      }
    });
    return {
      accounts: cards,
      totals: [
        { currency: "ARS", available: money("987654.32", "ARS", 2), pending: money("0.00", "ARS", 2), accounts: 1 },
        { currency: "GMD", available: money("1234567.50", "GMD", 2), pending: money("2500.00", "GMD", 2), accounts: 1 },
        { currency: "XOF", available: money("1500000", "XOF", 0), pending: money("0", "XOF", 0), accounts: 1 },
      ],
      today: [
        { currency: "GMD", inCount: 42, volume: money("18250.75", "GMD", 2), fees: money("182.51", "GMD", 2), net: money("18068.24", "GMD", 2), outCount: 3, outVolume: money("900.00", "GMD", 2), openCount: 4 },
        { currency: "BRL", inCount: 17, volume: money("3120.00", "BRL", 2), fees: money("124.80", "BRL", 2), net: money("2995.20", "BRL", 2), outCount: 0, outVolume: money("0.00", "BRL", 2), openCount: 2 },
      ],
      cachedTransactions: this.totalTransactions,
      offline: this.offline,
      problems: [],
      sandbox: true,
      payoutsReady: true,
    };
  }

  earnings(q: EarningsQuery): Earnings {
    const series = [
      ["GMD", 2, 125_000],
      ["BRL", 2, 48_000],
    ] as const;
    const starts: string[] = [];
    const day = new Date(`${q.from}T00:00:00Z`);
    const end = Date.parse(`${q.to}T00:00:00Z`);
    if (q.bucket === "week") day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
    while (day.getTime() <= end) {
      starts.push(day.toISOString().slice(0, 10));
      day.setUTCDate(day.getUTCDate() + (q.bucket === "week" ? 7 : 1));
    }
    return {
      from: q.from,
      to: q.to,
      bucket: q.bucket,
      series: series.map(([currency, scale, base]) => ({
        currency,
        scale,
        points: starts.map((start, i): EarningsPoint => {
          const volume = base * (q.bucket === "week" ? 7 : 1) + ((i * 7919) % 40_000) * 10;
          const fees = Math.round(volume / 100);
          return {
            start,
            figures: {
              currency,
              inCount: 10 + (i % 9),
              volume: money(fromMinor(volume, scale), currency, scale),
              fees: money(fromMinor(fees, scale), currency, scale),
              net: money(fromMinor(volume - fees, scale), currency, scale),
              outCount: 1,
              outVolume: money(fromMinor(5_000, scale), currency, scale),
              openCount: i % 3,
            },
          };
        }),
      })),
    };
  }

  exportCsv(r: ExportRequest) {
    const rows = txCount(this.totalTransactions, r.filter);
    this.emit("export-progress-event", { path: r.path, rows: Math.floor(rows / 2), finished: false });
    this.emit("export-progress-event", { path: r.path, rows, finished: true });
    return { path: r.path, rows };
  }

  addAccount(form: AccountForm): AccountInfo {
    if (!form.label.trim()) throw invalid("Give the account a name", "label");
    for (const c of form.credentials) {
      if (!c.value.trim()) throw invalid(`${c.field} is required`, c.field);
    }
    if (form.testConnection && form.credentials.some((c) => c.value === "wrong")) {
      throw { code: "provider.unauthorized", message: "The provider refused these credentials (401)" };
    }
    const info = this.account(`${form.provider}-${this.next++}`, form.provider, form.label, form.mode ?? "live", form.credentials.map((c) => c.field));
    info.credentials = info.credentials.map((c) => ({ ...c, last4: form.credentials.find((x) => x.field === c.field)?.value.slice(-4) ?? null }));
    info.lastSync = null;
    this.accounts = [...this.accounts, info];
    return info;
  }

  editAccount(id: string, changes: AccountChanges): AccountInfo {
    const a = this.accounts.find((x) => x.id === id);
    if (!a) throw { code: "account.not_found", message: "No such account" };
    const edited: AccountInfo = {
      ...a,
      label: changes.label ?? a.label,
      mode: changes.mode ?? a.mode,
      baseUrl: changes.baseUrl === "" ? a.baseUrl : (changes.baseUrl ?? a.baseUrl),
      customBaseUrl: changes.baseUrl ? true : a.customBaseUrl,
    };
    this.accounts = this.accounts.map((x) => (x.id === id ? edited : x));
    return edited;
  }

  syncBurst() {
    const ids = this.accounts.map((a) => a.id);
    let step = 0;
    const tick = () => {
      step++;
      for (const account of ids) {
        const finished = step >= 3;
        this.emit("sync-progress-event", {
          account,
          done: step * 40,
          estimatedTotal: 120,
          finished,
          error: finished && account.startsWith("hpay") ? "HPAY answered 503: service unavailable" : null,
        });
      }
      if (step < 3) setTimeout(tick, 150);
    };
    setTimeout(tick, 50);
  }

  payoutOptions(): PayoutOptions {
    const acc = (id: string, currency: string, extra: Partial<PayoutAccount> = {}): PayoutAccount => {
      const a = this.accounts.find((x) => x.id === id);
      return {
        id,
        label: a?.label ?? id,
        provider: a?.provider ?? "hexai",
        mode: a?.mode ?? "sandbox",
        currency,
        scale: SCALE[currency] ?? 2,
        available: null,
        sources: [],
        unavailable: null,
        ...extra,
      };
    };
    return {
      accounts: [
        acc("hexai-main", "GMD", { available: money("1234567.50", "GMD", 2) }),
        acc("hgcash-main", "ARS", {
          sources: [
            { id: "AR-0001", currency: "ARS", available: money("987654.32", "ARS", 2) },
            { id: "AR-0002", currency: "ARS", available: money("1200.00", "ARS", 2) },
          ],
        }),
        acc("hpay-main", "XOF"),
        acc("cashweb-main", "NGN"),
        acc("hubcash-main", "BRL"),
      ].filter((a) => this.accounts.some((x) => x.id === a.id)),
      ready: true,
      heldBecause: null,
    };
  }

  validate(form: PayoutForm): void {
    switch (form.kind) {
      case "hexai":
        if (!/^\+220\d{7}$/.test(form.recipientMobile)) throw invalid("A Gambian mobile number: +220 and 7 digits", "recipientMobile");
        if (minor(form.amount, 2) === null || minor(form.amount, 2) === 0) throw invalid("An amount in GMD with at most 2 decimals", "amount");
        if ((minor(form.amount, 2) ?? 0) > 123456750) throw { code: "payout.insufficient_balance", message: "The Hexai balance (1,234,567.50 GMD) does not cover 2,000,000.00 GMD", field: "amount" };
        return;
      case "hg_cash":
        if (!form.sourceAccountId) throw invalid("Choose the HG.Cash account the money leaves", "sourceAccountId");
        if (minor(form.amount, 2) === null) throw invalid("An amount in ARS with at most 2 decimals", "amount");
        if (!!form.toCbu === !!form.toCvu) throw invalid("Give a CBU or a CVU (one of them)", form.toCbu ? "toCvu" : "toCbu");
        if (form.toCbu && !/^\d{22}$/.test(form.toCbu)) throw invalid("A CBU has 22 digits", "toCbu");
        if (form.toCvu && !/^\d{22}$/.test(form.toCvu)) throw invalid("A CVU has 22 digits", "toCvu");
        return;
      case "cash_web":
        if (!form.quoteId && minor(form.fiatAmount ?? "", 2) === null) throw invalid("Get a quote or give a fiat amount", "fiatAmount");
        return;
      case "hpay":
        if (minor(form.amount, 0) === null) throw invalid("An amount in XOF, whole francs", "amount");
        if (!form.productName.trim()) throw invalid("What the customer buys", "productName");
        for (const key of ["notifyUrl", "successUrl", "cancelUrl"] as const) {
          if (!/^https?:\/\//.test(form[key])) throw invalid("An http(s) URL", key);
        }
        return;
      case "hubcash_sale":
        if (!form.saleId.trim()) throw invalid("The sale's id", "saleId");
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
      case "hg_cash":
        amount = money(fromMinor(minor(form.amount, 2) ?? 0, 2), "ARS", 2);
        lines = [["Provider", "HG.Cash (cash-out)"], ["Source account", form.sourceAccountId], [form.toCbu ? "CBU" : "CVU", form.toCbu ?? form.toCvu ?? ""], ["Amount", `${amount.amount} ARS`]];
        break;
      case "cash_web":
        amount = form.fiatAmount ? money(fromMinor(minor(form.fiatAmount, 2) ?? 0, 2), "NGN", 2) : null;
        lines = [["Provider", "CashWeb (deposit request)"], ["Mode", form.quoteId ? `Quote ${form.quoteId}` : "Direct"], ...(amount ? [["Amount", `${amount.amount} NGN`] as [string, string]] : [])];
        break;
      case "hpay":
        amount = money(String(minor(form.amount, 0)), "XOF", 0);
        lines = [["Provider", "HPAY (payment link)"], ["Product", form.productName], ["Amount", `${amount.amount} XOF`]];
        break;
      case "hubcash_sale":
        lines = [["Provider", "Hubcash"], ["Action", form.action === "capture" ? "Capture" : "Cancel"], ["Sale", form.saleId]];
        break;
    }
    this.drafts.set(id, { form, amount });
    return { id, lines, amount, reference: `PD-${id.toUpperCase()}` };
  }

  confirm(draftId: string, typed: string | null): PayoutView {
    const draft = this.drafts.get(draftId);
    if (!draft) throw { code: "input.invalid", message: "This draft was already confirmed or does not exist" };
    if (draft.amount && typed !== null && minor(typed, draft.amount.scale) !== minor(draft.amount.amount, draft.amount.scale)) {
      throw invalid("The typed amount differs from the payout's amount", "typedAmount");
    }
    this.drafts.delete(draftId);
    const f = draft.form;
    const provider: ProviderKind = f.kind === "hg_cash" ? "hgcash" : f.kind === "cash_web" ? "cashweb" : f.kind === "hubcash_sale" ? "hubcash" : f.kind;
    const view = this.payout(`po-${this.next++}`, f.account, provider, `${provider} payout`, draft.amount?.amount ?? null, draft.amount?.currency ?? null, "sending");
    view.createdAt = NOW();
    view.updatedAt = NOW();
    if (f.kind === "hpay") view.link = "https://checkout.hpay.example/pay/abc123";
    if (f.kind === "cash_web") view.link = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";
    this.payouts = [view, ...this.payouts];
    setTimeout(() => this.update(view.id, "accepted"), 200);
    setTimeout(() => this.update(view.id, "succeeded"), 500);
    return view;
  }

  update(id: string, state: PayoutView["state"]): PayoutView {
    const p = this.payouts.find((x) => x.id === id);
    if (!p) throw { code: "input.invalid", message: "No such payout" };
    const next = { ...p, state, updatedAt: NOW(), needsAttention: state === "unknown" };
    this.payouts = this.payouts.map((x) => (x.id === id ? next : x));
    this.emit("payout-update-event", { payout: next, terminal: ["succeeded", "failed", "cancelled"].includes(state) });
    return next;
  }

  journal(id: string): JournalLine[] {
    const line = (event: string, from: JournalLine["fromState"], to: JournalLine["toState"], extra: Partial<JournalLine> = {}): JournalLine => ({
      at: NOW(), actor: "merchant", event, fromState: from, toState: to, sent: null, answer: null, httpStatus: null, note: null, ...extra,
    });
    return [
      line("drafted", null, "draft"),
      line("confirmed", "draft", "confirmed"),
      line("send", "confirmed", "sending", { actor: "engine", sent: `{"reference":"PD-${id.toUpperCase()}"}` }),
      line("answer", "sending", "accepted", { actor: "engine", answer: '{"status":"ACCEPTED"}', httpStatus: 200 }),
    ];
  }

  quote(r: QuoteRequest): QuoteView {
    const fiat = minor(r.fiatAmount, 2);
    if (fiat === null || fiat === 0) throw invalid("A fiat amount with at most 2 decimals", "fiatAmount");
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
