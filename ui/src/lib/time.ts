// Times on screen: the backend sends RFC 3339 in UTC; the merchant reads local time, written
// the way their language writes it ("2025-03-04 14:05" in English, "04/03/2025, 14:05" in
// Spanish), and relative times in words from the message catalogs.

import { language } from "./i18n.svelte";
import * as m from "../paraglide/messages.js";

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A moment in the user's time zone: "2025-03-04 14:05" in English (unambiguous in every
 * English-speaking market), the locale's day/month/year elsewhere ("04/03/2025, 14:05").
 * The text itself when it is not a time.
 */
export function formatTime(text: string | null | undefined, tag: string = language.formatTag): string {
  if (!text) return "—";
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  if (tag === "en") {
    const pad = (n: number) => String(n).padStart(2, "0");
    return (
      `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
      `${pad(at.getHours())}:${pad(at.getMinutes())}`
    );
  }
  return dateFormat(tag, { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** A UTC day as a chart's axis shows it: "Mar 04" in English, "04 mar" in Spanish. */
export function shortDay(at: Date, tag: string = language.formatTag): string {
  if (tag === "en") {
    return `${at.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${String(at.getUTCDate()).padStart(2, "0")}`;
  }
  return dateFormat(tag, { day: "2-digit", month: "short", timeZone: "UTC" }).format(at);
}

/** The user's time zone, as the note beside a list of times names it ("America/Buenos_Aires (GMT-3)"). */
export function timeZoneName(tag: string = language.formatTag, at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = dateFormat(tag, { timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return offset ? `${zone} (${offset})` : zone;
}

/** How long ago, in words: "just now", "5 min ago", "3 h ago", "2 days ago" ("hace 2 días"). */
export function ago(text: string | null | undefined, now: Date = new Date()): string {
  if (!text) return m.time_never();
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  if (s < 60) return m.time_just_now();
  if (s < 3600) return m.time_minutes_ago({ minutes: Math.floor(s / 60) });
  if (s < 86400) return m.time_hours_ago({ hours: Math.floor(s / 3600) });
  return m.time_days_ago({ days: Math.floor(s / 86400) });
}

/**
 * Time left, as a countdown shows it: "4:05 left" under an hour, "3 h 07 min left" under a
 * day, "6 days 23 h left" beyond (a billet is payable for days), "expired" at zero.
 */
export function timeLeft(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s === 0) return m.time_expired();
  if (s < 3600) return m.time_left_minutes({ minutes: Math.floor(s / 60), seconds: String(s % 60).padStart(2, "0") });
  if (s < 86400) {
    return m.time_left_hours({ hours: Math.floor(s / 3600), minutes: String(Math.floor((s % 3600) / 60)).padStart(2, "0") });
  }
  return m.time_left_days({ days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600) });
}

/** A UTC day as `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC day `days` before `day` (`YYYY-MM-DD`). */
export function daysBefore(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - days);
  return utcDay(at);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86400000) + 1;
}
