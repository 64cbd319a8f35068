// The app's views, in navigation order, and how they map to the URL hash (#/transactions),
// so a view survives a reload and the back button works.

export type ViewId = "overview" | "transactions" | "payouts" | "get-paid" | "accounts" | "settings";

export interface Route {
  id: ViewId;
  label: string;
  /** Keyboard shortcut with Alt. */
  key: string;
}

export const ROUTES: readonly Route[] = [
  { id: "overview", label: "Overview", key: "1" },
  { id: "transactions", label: "Transactions", key: "2" },
  { id: "payouts", label: "Payouts", key: "3" },
  { id: "get-paid", label: "Get paid", key: "4" },
  { id: "accounts", label: "Accounts", key: "5" },
  { id: "settings", label: "Settings", key: "6" },
];

/** The view named by a location hash; Overview for anything else. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return ROUTES.find((r) => r.id === id)?.id ?? "overview";
}

export function hashFor(view: ViewId): string {
  return `#/${view}`;
}
