// The app's views, in navigation order, and how they map to the URL hash (#/transactions),
// so a view survives a reload and the back button works.

import * as m from "../paraglide/messages.js";

export type ViewId = "overview" | "transactions" | "payouts" | "get-paid" | "accounts" | "settings";

export interface Route {
  id: ViewId;
  /** The view's name in the chosen language. */
  label: () => string;
  /** Keyboard shortcut with Alt. */
  key: string;
}

export const ROUTES: readonly Route[] = [
  { id: "overview", label: m.nav_overview, key: "1" },
  { id: "transactions", label: m.nav_transactions, key: "2" },
  { id: "payouts", label: m.nav_payouts, key: "3" },
  { id: "get-paid", label: m.nav_get_paid, key: "4" },
  { id: "accounts", label: m.nav_accounts, key: "5" },
  { id: "settings", label: m.nav_settings, key: "6" },
];

/** The view named by a location hash; Overview for anything else. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return ROUTES.find((r) => r.id === id)?.id ?? "overview";
}

export function hashFor(view: ViewId): string {
  return `#/${view}`;
}
