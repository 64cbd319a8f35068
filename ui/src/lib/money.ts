// Money on screen, from the exact decimal text the backend sends: never through a float.
// The locale decides only the marks around the digits (grouping, decimal mark, where the
// currency goes); Intl is asked for those marks on a sample number, and the digits themselves
// are always the backend's text.

import type { MoneyView } from "./bindings";
import { language } from "./i18n.svelte";

const DECIMAL = /^(-|\+)?(\d+)(?:\.(\d+))?$/;

/** Splits decimal text into sign, integer digits and fraction digits; null when it is not one. */
function parts(text: string): { negative: boolean; int: string; frac: string } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  return { negative: m[1] === "-", int: m[2] ?? "0", frac: m[3] ?? "" };
}

/** The marks a locale writes numbers with. */
interface Marks {
  group: string;
  decimal: string;
}

const marksCache = new Map<string, Marks>();

/** The grouping and decimal marks of `tag` ("en": "," and "."; "es-AR": "." and ","). */
export function numberMarks(tag: string): Marks {
  let marks = marksCache.get(tag);
  if (!marks) {
    const parts = new Intl.NumberFormat(tag, { useGrouping: true }).formatToParts(12345.5);
    marks = {
      group: parts.find((p) => p.type === "group")?.value ?? ",",
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    };
    marksCache.set(tag, marks);
  }
  return marks;
}

/** Text before and after the number when `tag` writes an amount of `currency`. */
interface Affixes {
  prefix: string;
  suffix: string;
}

const affixCache = new Map<string, Affixes>();

/**
 * Where `tag` puts `currency`: Argentine Spanish writes "$ 1.998.749,60" for pesos and
 * "US$ 10,00" for dollars; Brazilian Portuguese "R$ 10,00". English keeps Paydesk's "10.00
 * GMD", and a code Intl does not know (USDT) always follows the number.
 */
function currencyAffixes(tag: string, currency: string): Affixes {
  const key = `${tag}|${currency}`;
  let affixes = affixCache.get(key);
  if (!affixes) {
    affixes = { prefix: "", suffix: ` ${currency}` };
    if (tag !== "en") {
      try {
        const parts = new Intl.NumberFormat(tag, { style: "currency", currency }).formatToParts(1);
        const first = parts.findIndex((p) => p.type === "integer");
        const last = parts.length - 1 - [...parts].reverse().findIndex((p) => ["integer", "fraction", "decimal"].includes(p.type));
        affixes = {
          prefix: parts.slice(0, first).map((p) => p.value).join(""),
          suffix: parts.slice(last + 1).map((p) => p.value).join(""),
        };
      } catch {
        /* not an ISO 4217 code: the code after the number */
      }
    }
    affixCache.set(key, affixes);
  }
  return affixes;
}

/** Groups an integer's digits by thousands: "1234567" -> "1,234,567" (or "1.234.567"). */
function group(int: string, mark: string): string {
  const digits = int.replace(/^0+(?=\d)/, "");
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, mark);
}

/**
 * Formats an amount with exactly `scale` decimals and grouped thousands, from its text.
 * Extra decimals are cut only when they are zeros; otherwise the text is shown as received,
 * so a wrong scale is visible rather than rounded away.
 */
export function formatAmount(amount: string, scale: number, tag: string = language.formatTag): string {
  const p = parts(amount);
  if (!p) return amount;
  let frac = p.frac;
  if (frac.length < scale) frac = frac.padEnd(scale, "0");
  else if (frac.length > scale) {
    const extra = frac.slice(scale);
    if (/^0+$/.test(extra)) frac = frac.slice(0, scale);
  }
  const marks = numberMarks(tag);
  const body = group(p.int, marks.group) + (frac ? marks.decimal + frac : "");
  return (p.negative && /[1-9]/.test(body) ? "-" : "") + body;
}

/** An amount in its pieces: the sign, the currency before, the number, the currency after. */
export interface MoneyParts {
  sign: string;
  prefix: string;
  number: string;
  suffix: string;
}

/** An amount already formatted, split around the currency where `tag` puts it. */
export function moneyParts(formatted: string, currency: string, tag: string = language.formatTag): MoneyParts {
  const { prefix, suffix } = currencyAffixes(tag, currency);
  const negative = formatted.startsWith("-");
  return { sign: negative ? "-" : "", prefix, number: negative ? formatted.slice(1) : formatted, suffix };
}

/** An amount already formatted, with its currency where `tag` puts it. */
export function withCurrency(formatted: string, currency: string, tag: string = language.formatTag): string {
  const p = moneyParts(formatted, currency, tag);
  return `${p.sign}${p.prefix}${p.number}${p.suffix}`;
}

/** "1,250.50 GMD" in English, "$ 1.998.749,60" for pesos in Spanish, "R$ 10,00" in Portuguese. */
export function formatMoney(money: MoneyView, tag: string = language.formatTag): string {
  return withCurrency(formatAmount(money.amount, money.scale, tag), money.currency, tag);
}

/** True when `text` is a plain decimal with at most `scale` decimals (no sign, no grouping). */
export function isDecimal(text: string, scale: number): boolean {
  const p = parts(text);
  return !!p && !p.negative && !text.trim().startsWith("+") && p.frac.length <= scale;
}

/**
 * Compares two decimal texts at a currency's scale: "150.5" equals "150.50" at scale 2.
 * A text with more decimals than the scale never matches (the merchant must type what is
 * sent). Signs and thousands separators are not accepted.
 */
export function sameAmount(typed: string, expected: string, scale: number): boolean {
  const a = parts(typed);
  const b = parts(expected);
  if (!a || !b || typed.trim().startsWith("+")) return false;
  if (a.frac.length > scale) return false;
  const norm = (p: { negative: boolean; int: string; frac: string }) => {
    const frac = p.frac.padEnd(scale, "0").slice(0, Math.max(scale, p.frac.length));
    return `${p.negative ? "-" : ""}${p.int.replace(/^0+(?=\d)/, "")}.${frac}`;
  };
  return norm(a) === norm(b);
}

/**
 * A number for a chart's geometry only (axes, line heights). Labels and tooltips show the
 * exact text instead.
 */
export function plotValue(amount: string): number {
  return Number(amount);
}

/** Groups an amount's thousands, keeping its decimals as sent (when the scale is not known). */
export function groupAmount(amount: string, tag: string = language.formatTag): string {
  const p = parts(amount);
  return p ? formatAmount(amount, p.frac.length, tag) : amount;
}

/**
 * A typed amount as the backend reads it: trimmed, and in a language that writes decimals with
 * a comma (`tag` "es-AR", "pt-BR", "fr-FR") "1500,50" made the plain "1500.50". Only digits on
 * both sides of one decimal comma are read so: a text with both marks ("1.500,50") or with
 * grouping is left as typed, and the backend refuses it as it does in English.
 */
export function typedDecimal(text: string, tag: string): string {
  const typed = text.trim();
  const { decimal } = numberMarks(tag);
  if (decimal === ".") return typed;
  const at = typed.indexOf(decimal);
  if (at < 0) return typed;
  const int = typed.slice(0, at);
  const frac = typed.slice(at + decimal.length);
  return /^\d+$/.test(int) && /^\d+$/.test(frac) ? `${int}.${frac}` : typed;
}

/**
 * A plain decimal from the backend ("1615.00") with the language's decimal mark, ungrouped,
 * as the merchant would type it ("1615,00" in es): for a rate or coin amount with no scale.
 */
export function shownDecimal(text: string, tag: string = language.formatTag): string {
  return /^\d+\.\d+$/.test(text) ? text.replace(".", numberMarks(tag).decimal) : text;
}
