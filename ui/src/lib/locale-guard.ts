// WebKitGTK reports the POSIX locale as the page's language ("C") when LANG is C, POSIX or
// unset (a minimal session, Xvfb, some kiosks). Intl refuses that tag, and a library that builds
// a number format when it loads (uPlot does) would then stop the whole UI before it renders.
// Paydesk formats amounts itself from exact text; this only makes the page's language a valid
// tag. Imported first by main.ts, before any module that may read it.

/** True when Intl accepts `tag` as a locale. */
export function isValidLocale(tag: string | undefined): boolean {
  if (!tag) return false;
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

/** Replaces an invalid `navigator.language` (and `languages`) with `fallback`. */
export function guardLocale(nav: Navigator = navigator, fallback = "en-US"): void {
  if (!isValidLocale(nav.language)) {
    Object.defineProperty(nav, "language", { value: fallback, configurable: true });
  }
  const languages = Array.from(nav.languages ?? []).filter(isValidLocale);
  if (languages.length !== (nav.languages ?? []).length || languages.length === 0) {
    Object.defineProperty(nav, "languages", {
      value: Object.freeze(languages.length > 0 ? languages : [nav.language]),
      configurable: true,
    });
  }
}

guardLocale();
