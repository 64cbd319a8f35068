// Times on screen: the backend sends RFC 3339 in UTC; the merchant reads local time.

/** "2025-03-04 14:05" in the user's time zone; the text itself when it is not a time. */
export function formatTime(text: string | null | undefined): string {
  if (!text) return "—";
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}`
  );
}

/** How long ago, in words: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(text: string | null | undefined, now: Date = new Date()): string {
  if (!text) return "never";
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

/**
 * Time left, as a countdown shows it: "4:05 left" under an hour, "3 h 07 min left" under a
 * day, "6 days 23 h left" beyond (a billet is payable for days), "expired" at zero.
 */
export function timeLeft(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s === 0) return "expired";
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min left`;
  const days = Math.floor(s / 86400);
  return `${days} ${days === 1 ? "day" : "days"} ${Math.floor((s % 86400) / 3600)} h left`;
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
