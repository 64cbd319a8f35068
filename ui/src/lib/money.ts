// Money on screen, from the exact decimal text the backend sends: never through a float.

import type { MoneyView } from "./bindings";

const DECIMAL = /^(-|\+)?(\d+)(?:\.(\d+))?$/;

/** Splits decimal text into sign, integer digits and fraction digits; null when it is not one. */
function parts(text: string): { negative: boolean; int: string; frac: string } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  return { negative: m[1] === "-", int: m[2] ?? "0", frac: m[3] ?? "" };
}

/** Groups an integer's digits by thousands with a thin comma: "1234567" -> "1,234,567". */
function group(int: string): string {
  const digits = int.replace(/^0+(?=\d)/, "");
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats an amount with exactly `scale` decimals and grouped thousands, from its text.
 * Extra decimals are cut only when they are zeros; otherwise the text is shown as received,
 * so a wrong scale is visible rather than rounded away.
 */
export function formatAmount(amount: string, scale: number): string {
  const p = parts(amount);
  if (!p) return amount;
  let frac = p.frac;
  if (frac.length < scale) frac = frac.padEnd(scale, "0");
  else if (frac.length > scale) {
    const extra = frac.slice(scale);
    if (/^0+$/.test(extra)) frac = frac.slice(0, scale);
  }
  const body = group(p.int) + (frac ? "." + frac : "");
  return (p.negative && !/^[0.,]+$/.test(body) ? "-" : "") + body;
}

/** "1,250.50 GMD" */
export function formatMoney(money: MoneyView): string {
  return `${formatAmount(money.amount, money.scale)} ${money.currency}`;
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
export function groupAmount(amount: string): string {
  const p = parts(amount);
  return p ? formatAmount(amount, p.frac.length) : amount;
}
