// A fixture backend in TypeScript: answers every desk command the UI calls, the way the Rust
// side does (camelCase views, AppError on failure), and emits its events. Used by the vitest
// component tests (through mockIPC) and by the Playwright specs (bundled into an init script).
// Like the app, it holds two modes' data apart: the sandbox's five accounts and a live set
// with one Hexai account; every command answers from the current mode's data only.

import type {
  AccountChanges,
  AccountForm,
  AccountInfo,
  AppError,
  AppInfo,
  EarningsQuery,
  ExportRequest,
  Mode,
  PageRequest,
  PayoutForm,
  ProviderKind,
  QuoteRequest,
  Settings,
} from "../lib/bindings";
import { LIVE_HISTORY, SANDBOX_HISTORY, txCount, txDetail, txPage } from "./transactions";
import { invalid } from "./fixture-money";
import { earnings, overview } from "./overview";
import { FixturePayouts, type Emit } from "./payouts";

export type { Emit };

export interface Call {
  cmd: string;
  args: unknown;
}

/** One mode's data: its accounts and payouts (and, through the history, its transactions). */
interface ModeData {
  accounts: AccountInfo[];
  payouts: FixturePayouts;
}

const DATA_DIR = "/home/merchant/.local/share/io.paydesk.desktop";

export class FixtureBackend {
  calls: Call[] = [];
  /** Commands that answer with this error instead (set by a test). */
  failures: Record<string, AppError> = {};
  /** What the export's save dialog (opened by the backend itself) answers: a path, or null for "cancelled". */
  savePath: string | null = "/home/merchant/paydesk-transactions.csv";
  /** The sandbox history's length (the live one holds `liveTransactions`). */
  totalTransactions = 2_000;
  liveTransactions = 24;
  offline = false;
  /** How many more Overview answers say the providers are still starting. */
  startingAnswers = 0;
  /** The mode the app runs in; null shows the welcome screen. */
  mode: Mode | null = "sandbox";
  /** How long a mode switch takes (the app stops one mode's engine and starts the other's). */
  switchDelayMs = 300;
  settings: Settings = { defaultMode: "live", syncIntervalMinutes: 5, staleAfterMinutes: 60, language: null };
  /** The language the UI last said it shows. */
  uiLanguage: string | null = null;
  /** What the merchant answers in the live payout's native dialog. */
  liveDialog: "ok" | "cancel" = "ok";
  /** The drafts a native confirmation dialog was shown for. */
  nativeDialogs: string[] = [];
  /** The folders opened in the file manager. */
  openedFolders: string[] = [];
  private data: Record<Mode, ModeData>;
  private nextAccount = 10;

  constructor(private emit: Emit) {
    this.data = { sandbox: this.freshSandbox(), live: this.freshLive(true) };
  }

  private freshSandbox(): ModeData {
    const accounts = [
      this.account("hexai-main", "hexai", "Hexai Banjul", "sandbox", ["secret_key", "webhook_secret"]),
      this.account("hgcash-main", "hgcash", "HG.Cash Buenos Aires", "sandbox", ["token", "webhook_secret"]),
      this.account("hpay-main", "hpay", "HPAY shop", "sandbox", ["api_key", "public_key", "secret_key", "mode"]),
      this.account("cashweb-main", "cashweb", "CashWeb deposits", "sandbox", ["api_key", "webhook_secret"]),
      this.account("hubcash-main", "hubcash", "Hubcash store", "sandbox", ["code", "token"]),
    ];
    const data: ModeData = { accounts, payouts: new FixturePayouts(this.emit, () => data.accounts) };
    return data;
  }

  private freshLive(withAccount: boolean): ModeData {
    const accounts = withAccount ? [this.account("hexai-live", "hexai", "Hexai Serekunda", "live", ["secret_key", "webhook_secret"])] : [];
    const data: ModeData = { accounts, payouts: new FixturePayouts(this.emit, () => data.accounts, false) };
    return data;
  }

  /** A first run: no live account yet, no mode chosen (the welcome screen). */
  firstRun() {
    this.mode = null;
    this.data.live = this.freshLive(false);
  }

  /** The current mode's data (the live set before a mode is chosen, as after a plain launch). */
  private get current(): ModeData {
    return this.data[this.mode ?? "live"];
  }

  get accounts(): AccountInfo[] {
    return this.current.accounts;
  }

  set accounts(accounts: AccountInfo[]) {
    this.current.accounts = accounts;
  }

  get payouts(): FixturePayouts {
    return this.current.payouts;
  }

  appInfo(): AppInfo {
    return {
      version: "0.1.0",
      mode: this.mode,
      hasLiveAccount: this.data.live.accounts.length > 0,
      dataDir: DATA_DIR,
      logDir: `${DATA_DIR}/logs`,
      offline: this.offline,
    };
  }

  private account(id: string, provider: ProviderKind, label: string, mode: Mode, fields: string[]): AccountInfo {
    return {
      id,
      provider,
      label,
      mode,
      baseUrl: mode === "live" ? `https://api.${provider}.example/v1` : `http://127.0.0.1:4${fields.length}00/${provider}`,
      customBaseUrl: false,
      credentials: fields.map((field) => ({
        field,
        required: field !== "webhook_secret",
        configured: true,
        last4: field === "code" || field === "mode" ? null : "1234",
      })),
      lastSync: new Date(Date.now() - 4 * 60_000).toISOString(),
      lastSyncError: provider === "hpay" ? "HPAY answered 503: service unavailable" : null,
      // The loopback receiver only serves the simulators: live accounts are polled.
      webhookUrl: provider === "hpay" || mode === "live" ? null : `http://127.0.0.1:8787/webhooks/${id}`,
      updates: mode === "live" ? "polling" : "webhooks",
    };
  }

  /** Answers one IPC call: the value, or throws an AppError. */
  handle(cmd: string, args: Record<string, unknown> = {}): unknown {
    this.calls.push({ cmd, args });
    const failure = this.failures[cmd];
    if (failure) throw failure;
    switch (cmd) {
      case "app_info":
        return this.appInfo();
      case "switch_mode":
        return this.switchMode(args.mode as Mode);
      case "settings":
        return this.settings;
      case "save_settings":
        return this.saveSettings(args.settings as Settings);
      case "set_ui_language":
        this.uiLanguage = args.language as string;
        return null;
      case "reset_sandbox":
        this.data.sandbox = this.freshSandbox();
        return this.appInfo();
      case "open_data_folder":
        this.openedFolders.push(DATA_DIR);
        return null;
      case "ui_ready":
        return null;
      case "overview": {
        const answer = overview(this.accounts, this.historyLength(), this.offline, this.mode ?? "live");
        if (this.startingAnswers > 0) {
          this.startingAnswers -= 1;
          answer.starting = true;
        }
        return answer;
      }
      case "earnings": {
        const answer = earnings(args.query as EarningsQuery, this.mode ?? "live");
        return this.accounts.length ? answer : { ...answer, series: [] };
      }
      case "transactions": {
        const r = args.request as PageRequest;
        return txPage(this.historyLength(), r.filter, r.sort, r.after, r.limit, this.history());
      }
      case "transaction_detail": {
        const d = txDetail(this.historyLength(), String(args.providerId), this.history());
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
      case "remove_account": {
        const open = this.payouts.openCount(String(args.id));
        if (open > 0 && !args.openPayoutsAcknowledged) {
          throw {
            code: "account.has_open_payouts",
            message: `${open} payout(s) of this account are not final yet. If you remove it, Paydesk stops following them.`,
          };
        }
        this.accounts = this.accounts.filter((a) => a.id !== args.id);
        return null;
      }
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
      case "confirm_payout": {
        const draftId = String(args.draftId);
        return this.payouts.confirm(draftId, (args.typedAmount as string | null) ?? null, () => {
          if (this.mode !== "live") return;
          // The Rust side's native OK/Cancel dialog, answered by the test.
          this.nativeDialogs.push(draftId);
          if (this.liveDialog === "cancel") {
            throw { code: "payout.not_confirmed", message: "The payout was not confirmed in the dialog: nothing was sent" };
          }
        });
      }
      case "cancel_payout":
        return this.payouts.update(String(args.id), "cancelled");
      case "link_payout":
        return this.payouts.link(String(args.id), String(args.providerId));
      case "payouts":
        return this.payouts.listed("out");
      case "payment_requests":
        return this.payouts.listed("in");
      case "request_qr":
        return this.payouts.qr(String(args.id));
      case "payout_journal":
        return this.payouts.journal(String(args.id));
      case "cashweb_quote":
        return this.payouts.quote(args.request as QuoteRequest);
      default:
        throw { code: "internal", message: `the fixture has no command ${cmd}` };
    }
  }

  /** The current mode's transaction history and its length. */
  private history() {
    return this.mode === "sandbox" ? SANDBOX_HISTORY : LIVE_HISTORY;
  }

  private historyLength(): number {
    if (this.mode === "sandbox") return this.totalTransactions;
    return this.accounts.some((a) => a.id === "hexai-live") ? this.liveTransactions : 0;
  }

  /** Answers after the switch, as the app does once the other mode's engine runs. */
  switchMode(mode: Mode): Promise<AppInfo> {
    if (mode !== "sandbox" && mode !== "live") throw invalid("Sandbox or live", "mode");
    return new Promise((resolve) =>
      setTimeout(() => {
        this.mode = mode;
        resolve(this.appInfo());
      }, this.switchDelayMs),
    );
  }

  saveSettings(settings: Settings): Settings {
    const whole = (n: unknown, max: number) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= max;
    if (settings.defaultMode !== "sandbox" && settings.defaultMode !== "live") throw invalid("Sandbox or live", "defaultMode");
    if (!whole(settings.syncIntervalMinutes, 1440)) throw invalid("Sync every 1 to 1440 minutes (24 hours)", "syncIntervalMinutes");
    if (!whole(settings.staleAfterMinutes, 10080)) throw invalid("A balance can turn stale after 1 to 10080 minutes (7 days)", "staleAfterMinutes");
    this.settings = { ...settings };
    return this.settings;
  }

  exportCsv(r: ExportRequest) {
    const path = this.savePath;
    if (path === null) return null;
    const rows = txCount(this.historyLength(), r.filter, this.history());
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
    // The account joins the current mode's data (Hexai and HPAY have no mode field).
    const info = this.account(`${form.provider}-${this.nextAccount++}`, form.provider, form.label, form.mode ?? this.mode ?? "live", form.credentials.map((c) => c.field));
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
