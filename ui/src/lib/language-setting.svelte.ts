// The merchant's language as a setting: at start, the one kept in Settings (or the system's
// when none was chosen) is applied and the backend is told, so what the Rust side words
// (confirmation lines, the live payout's dialog, OS notifications) speaks it too; choosing one
// in Settings keeps it and applies it at once.

import type { Settings } from "./bindings";
import { api, call } from "./api";
import { isLanguage, language, systemLanguage, type Language } from "./i18n.svelte";

type Backend = Pick<typeof api, "settings" | "saveSettings" | "setUiLanguage">;

export class LanguageSetting {
  /** The language chosen in Settings; null: the system's. */
  chosen = $state<Language | null>(null);
  saving = $state(false);

  constructor(private backend: Backend = api) {}

  /** Applies the kept choice (a page asking for one with `?lang=` keeps its own) and tells the backend. */
  async restore(): Promise<void> {
    const result = await call(() => this.backend.settings());
    const asked = new URLSearchParams(window.location.search).has("lang");
    if (result.status === "ok") {
      this.chosen = result.data.language ?? null;
      if (this.chosen && !asked) language.set(this.chosen);
    }
    await this.tellBackend();
  }

  /** Keeps `choice` (null: follow the system) and shows Paydesk in it; false when it could not be kept. */
  async choose(choice: Language | null): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    const current = await call(() => this.backend.settings());
    let kept = false;
    if (current.status === "ok") {
      const next: Settings = { ...current.data, language: choice };
      kept = (await call(() => this.backend.saveSettings(next))).status === "ok";
    }
    this.saving = false;
    if (!kept) return false;
    this.chosen = choice;
    language.set(choice ?? systemLanguage(Array.from(navigator.languages ?? [navigator.language])));
    await this.tellBackend();
    return true;
  }

  private async tellBackend(): Promise<void> {
    const shown = language.locale;
    try {
      await this.backend.setUiLanguage(isLanguage(shown) ? shown : "en");
    } catch {
      /* outside the shell: nothing to tell */
    }
  }
}

/** The one language setting of the app. */
export const languageSetting = new LanguageSetting();
