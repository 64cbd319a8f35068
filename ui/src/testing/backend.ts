// A fixture backend in TypeScript: answers every desk command the UI calls, the way the Rust
// side does (camelCase views, AppError on failure), and emits its events. Used by the vitest
// component tests (through mockIPC) and by the Playwright specs (bundled into an init script).

import type {
  AccountChanges,
  AccountForm,
  AccountInfo,
  AppError,
  EarningsQuery,
  ExportRequest,
  PageRequest,
  PayoutForm,
  ProviderKind,
  QuoteRequest,
} from "../lib/bindings";
import { txCount, txDetail, txPage } from "./transactions";
import { invalid } from "./fixture-money";
import { earnings, overview } from "./overview";
import { FixturePayouts, type Emit } from "./payouts";

export type { Emit };

export interface Call {
  cmd: string;
  args: unknown;
}

export class FixtureBackend {
  calls: Call[] = [];
  /** Commands that answer with this error instead (set by a test). */
  failures: Record<string, AppError> = {};
  /** What the export's save dialog (opened by the backend itself) answers: a path, or null for "cancelled". */
  savePath: string | null = "/home/merchant/paydesk-transactions.csv";
  totalTransactions = 2_000;
  offline = false;
  /** How many more Overview answers say the providers are still starting. */
  startingAnswers = 0;
  accounts: AccountInfo[] = [
    this.account("hexai-main", "hexai", "Hexai Banjul", "sandbox", ["secret_key", "webhook_secret"]),
    this.account("hgcash-main", "hgcash", "HG.Cash Buenos Aires", "sandbox", ["token", "webhook_secret"]),
    this.account("hpay-main", "hpay", "HPAY shop", "sandbox", ["api_key", "public_key", "secret_key", "mode"]),
    this.account("cashweb-main", "cashweb", "CashWeb deposits", "sandbox", ["api_key", "webhook_secret"]),
    this.account("hubcash-main", "hubcash", "Hubcash store", "live", ["code", "token"]),
  ];
  private nextAccount = 10;
  readonly payouts: FixturePayouts;

  constructor(private emit: Emit) {
    this.payouts = new FixturePayouts(emit, () => this.accounts);
  }

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
        last4: field === "code" || field === "mode" ? null : "1234",
      })),
      lastSync: new Date(Date.now() - 4 * 60_000).toISOString(),
      lastSyncError: provider === "hpay" ? "HPAY answered 503: service unavailable" : null,
      webhookUrl: provider === "hpay" ? null : `http://127.0.0.1:8787/webhooks/${id}`,
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
      case "overview": {
        const answer = overview(this.accounts, this.totalTransactions, this.offline);
        if (this.startingAnswers > 0) {
          this.startingAnswers -= 1;
          answer.starting = true;
        }
        return answer;
      }
      case "earnings":
        return earnings(args.query as EarningsQuery);
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
        return this.payouts.options();
      case "validate_payout":
        this.payouts.validate(args.form as PayoutForm);
        return null;
      case "prepare_payout":
        return this.payouts.prepare(args.form as PayoutForm);
      case "confirm_payout":
        return this.payouts.confirm(String(args.draftId), (args.typedAmount as string | null) ?? null);
      case "cancel_payout":
        return this.payouts.update(String(args.id), "cancelled");
      case "payouts":
        return this.payouts.payouts;
      case "payout_journal":
        return this.payouts.journal(String(args.id));
      case "cashweb_quote":
        return this.payouts.quote(args.request as QuoteRequest);
      default:
        throw { code: "internal", message: `the fixture has no command ${cmd}` };
    }
  }

  exportCsv(r: ExportRequest) {
    const path = this.savePath;
    if (path === null) return null;
    const rows = txCount(this.totalTransactions, r.filter);
    this.emit("export-progress-event", { path, rows: Math.floor(rows / 2), finished: false });
    this.emit("export-progress-event", { path, rows, finished: true });
    return { path, rows };
  }

  addAccount(form: AccountForm): AccountInfo {
    if (!form.label.trim()) throw invalid("Give the account a name", "label");
    for (const c of form.credentials) {
      if (!c.value.trim()) throw invalid(`${c.field} is required`, c.field);
    }
    if (form.testConnection && form.credentials.some((c) => c.value === "wrong")) {
      throw { code: "provider.unauthorized", message: "The provider refused these credentials (401)" };
    }
    const info = this.account(`${form.provider}-${this.nextAccount++}`, form.provider, form.label, form.mode ?? "live", form.credentials.map((c) => c.field));
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
}
