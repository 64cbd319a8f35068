// The Settings view's flows: the settings form (typed as text, checked to be whole minutes
// here, the ranges checked by the backend, which names the field at fault) and the sandbox
// reset, which asks first.

import type { AppError, AppInfo, Mode, Settings } from "../../lib/bindings";
import { api, call } from "../../lib/api";

type SettingsBackend = Pick<typeof api, "settings" | "saveSettings">;
type ResetBackend = Pick<typeof api, "resetSandbox">;

/** Whole minutes from what the merchant typed; null for anything else. */
export function wholeMinutes(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

export class SettingsForm {
  defaultMode = $state<Mode>("live");
  syncInterval = $state("");
  staleAfter = $state("");
  loading = $state(true);
  saving = $state(false);
  /** Why the settings could not be read. */
  loadError = $state<AppError | null>(null);
  /** Why the last save was refused (with the field at fault, when there is one). */
  error = $state<AppError | null>(null);
  /** The language kept in Settings (chosen apart, see LanguageSetting); saved back as it is. */
  private language = $state<Settings["language"]>(null);
  /** What the last save stored. */
  private stored = $state<Settings | null>(null);

  /** The form as settings; null while a minutes field is not a whole number. */
  readonly values = $derived.by((): Settings | null => {
    const sync = wholeMinutes(this.syncInterval);
    const stale = wholeMinutes(this.staleAfter);
    if (sync === null || stale === null) return null;
    return { defaultMode: this.defaultMode, syncIntervalMinutes: sync, staleAfterMinutes: stale, language: this.language };
  });

  /** True while the form holds exactly what was just saved ("Saved" is shown). */
  readonly saved = $derived(
    this.stored !== null && this.values !== null && sameSettings(this.stored, this.values),
  );

  constructor(private backend: SettingsBackend = api) {}

  async load(): Promise<void> {
    this.loading = true;
    const result = await call(() => this.backend.settings());
    this.loading = false;
    if (result.status === "error") {
      this.loadError = result.error;
      return;
    }
    this.loadError = null;
    this.fill(result.data);
  }

  /** Saves the form; true when the backend took it. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.error = null;
    this.stored = null;
    const values = this.values;
    if (!values) {
      const field = wholeMinutes(this.syncInterval) === null ? "syncIntervalMinutes" : "staleAfterMinutes";
      this.error = { code: "input.invalid", message: "A whole number of minutes", field };
      return false;
    }
    this.saving = true;
    const result = await call(() => this.backend.saveSettings(values));
    this.saving = false;
    if (result.status === "error") {
      this.error = result.error;
      return false;
    }
    this.fill(result.data);
    this.stored = result.data;
    return true;
  }

  private fill(settings: Settings): void {
    this.defaultMode = settings.defaultMode;
    this.syncInterval = String(settings.syncIntervalMinutes);
    this.staleAfter = String(settings.staleAfterMinutes);
    this.language = settings.language ?? null;
  }
}

function sameSettings(a: Settings, b: Settings): boolean {
  return (
    a.defaultMode === b.defaultMode &&
    a.syncIntervalMinutes === b.syncIntervalMinutes &&
    a.staleAfterMinutes === b.staleAfterMinutes
  );
}

/** "Reset sandbox data": asks in the page first, then deletes only the sandbox's data. */
export class SandboxReset {
  asking = $state(false);
  resetting = $state(false);
  done = $state(false);
  error = $state<AppError | null>(null);

  constructor(private backend: ResetBackend = api) {}

  ask(): void {
    this.asking = true;
    this.done = false;
    this.error = null;
  }

  keep(): void {
    this.asking = false;
  }

  /** Deletes the sandbox data; the app's new info, or null when it failed. */
  async confirm(): Promise<AppInfo | null> {
    if (!this.asking || this.resetting) return null;
    this.resetting = true;
    const result = await call(() => this.backend.resetSandbox());
    this.resetting = false;
    this.asking = false;
    if (result.status === "error") {
      this.error = result.error;
      return null;
    }
    this.done = true;
    return result.data;
  }
}
