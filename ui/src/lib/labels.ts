// The merchant's words for the backend's codes.

import type {
  Direction,
  HgCashSource,
  PayoutState,
  PayoutView,
  ProviderKind,
  TransactionKind,
  TransactionStatus,
} from "./bindings";
import { formatMoney } from "./money";

export const PROVIDERS: readonly { id: ProviderKind; name: string }[] = [
  { id: "hexai", name: "Hexai" },
  { id: "hgcash", name: "HG.Cash" },
  { id: "hpay", name: "HPAY" },
  { id: "cashweb", name: "CashWeb" },
  { id: "hubcash", name: "Hubcash" },
];

export function providerName(id: ProviderKind): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? id;
}

export const KINDS: readonly { id: TransactionKind; name: string }[] = [
  { id: "collection", name: "Collection" },
  { id: "payout", name: "Payout" },
  { id: "cash_out", name: "Cash-out" },
  { id: "sale", name: "Sale" },
  { id: "payment_link", name: "Payment link" },
  { id: "crypto_deposit", name: "Crypto deposit" },
];

export function kindName(id: TransactionKind): string {
  return KINDS.find((k) => k.id === id)?.name ?? id;
}

export const STATUSES: readonly TransactionStatus[] = [
  "pending",
  "processing",
  "succeeded",
  "failed",
  "cancelled",
  "expired",
  "refunded",
  "unknown",
];

export const DIRECTIONS: readonly { id: Direction; name: string }[] = [
  { id: "in", name: "In" },
  { id: "out", name: "Out" },
];

/** Capitalised word for a status or state. */
export function word(code: string): string {
  const text = code.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Payout states that will not change any more. */
export const FINAL_STATES: readonly PayoutState[] = ["succeeded", "failed", "cancelled", "expired", "refunded"];

/**
 * The state a list shows: a payment request's own lifecycle (awaiting payment, paid,
 * expired...), a payout's journal state otherwise. A request is never shown "succeeded".
 */
export function shownState(payout: Pick<PayoutView, "state" | "requestState">): string {
  return payout.requestState ?? payout.state;
}

/**
 * An HG.Cash account a cash-out can leave from, as the merchant knows it: its name (or
 * "HG.Cash account" and the start of its id when HG.Cash gives none), its CBU/CVU alias and
 * its balance; never the bare id.
 */
export function hgcashSourceLabel(source: HgCashSource): string {
  const name = source.name?.trim() || `HG.Cash account ${source.id.slice(0, 8)}`;
  const parts = [name];
  if (source.alias?.trim()) parts.push(source.alias.trim());
  parts.push(source.available ? formatMoney(source.available) : source.currency);
  return parts.join(" · ");
}
