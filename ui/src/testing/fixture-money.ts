// Small helpers the fixture backend shares: exact money from minor units, input errors.

import type { AppError, MoneyView } from "../lib/bindings";

export const money = (amount: string, currency: string, scale: number): MoneyView => ({ amount, currency, scale });

export function invalid(message: string, field?: string): AppError {
  return { code: "input.invalid", message, ...(field ? { field } : {}) };
}

export const SCALE: Record<string, number> = { GMD: 2, ARS: 2, XOF: 0, NGN: 2, BRL: 2 };

/** Decimal text to minor units (fixture arithmetic only; exact for these sizes). */
export function minor(text: string, scale: number): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || (m[2]?.length ?? 0) > scale) return null;
  return Number(m[1]) * 10 ** scale + Number((m[2] ?? "").padEnd(scale, "0") || 0);
}

export function fromMinor(value: number, scale: number): string {
  if (scale === 0) return String(value);
  const text = String(value).padStart(scale + 1, "0");
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}
