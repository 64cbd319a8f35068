// The language the merchant reads Paydesk in: English, Spanish (Argentine conventions),
// Brazilian Portuguese or French. At first launch it follows the system's language; once the
// merchant picks one in Settings, the backend keeps it. Every message function reads the
// current language from here, so changing it re-renders every string at once.

import { overwriteGetLocale, type Locale } from "../paraglide/runtime.js";

/** A language Paydesk speaks (the pseudo-locale `en-XA` exists for layout tests only). */
export type Language = "en" | "es" | "pt-BR" | "fr";

export const LANGUAGES: readonly { id: Language; name: string }[] = [
  { id: "en", name: "English" },
  { id: "es", name: "Español" },
  { id: "pt-BR", name: "Português (Brasil)" },
  { id: "fr", name: "Français" },
];

/**
 * The locale whose conventions format numbers and dates in each language: Argentine Spanish,
 * Brazilian Portuguese, French; English keeps Paydesk's own unambiguous forms (see money.ts
 * and time.ts).
 */
const FORMAT_TAGS: Record<Locale, string> = {
  en: "en",
  es: "es-AR",
  "pt-BR": "pt-BR",
  fr: "fr-FR",
  "en-XA": "en",
};

/** The language for a list of system language tags (`es-AR`, `pt`, `fr-SN`...); English otherwise. */
export function systemLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("es")) return "es";
    if (lower.startsWith("pt")) return "pt-BR";
    if (lower.startsWith("fr")) return "fr";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** True when `text` names a language Paydesk speaks. */
export function isLanguage(text: string | null | undefined): text is Language {
  return LANGUAGES.some((l) => l.id === text);
}

class CurrentLanguage {
  /** The locale every message and format uses now. */
  locale = $state<Locale>("en");
  /** The tag Intl formats with (`es-AR` for Spanish). */
  readonly formatTag = $derived(FORMAT_TAGS[this.locale]);

  /** Uses `locale` from now on, and tells the page (screen readers, hyphenation). */
  set(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== "undefined" && document.documentElement) document.documentElement.lang = locale === "en-XA" ? "en" : locale;
  }
}

/** The one current language. */
export const language = new CurrentLanguage();

overwriteGetLocale(() => language.locale);

/** The first language: the system's, unless the page asks for one (`?lang=es`, tests and screenshots). */
function initial(): Locale {
  if (typeof window === "undefined") return "en";
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked === "en-XA" || isLanguage(asked)) return asked;
  return systemLanguage(Array.from(navigator.languages ?? [navigator.language]));
}

language.set(initial());
