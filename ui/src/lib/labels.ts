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
import * as m from "../paraglide/messages.js";

export { PROVIDERS, providerName } from "./providers";

const KIND_NAMES: Record<TransactionKind, () => string> = {
  collection: m.kind_collection,
  payout: m.kind_payout,
  cash_out: m.kind_cash_out,
  sale: m.kind_sale,
  payment_link: m.kind_payment_link,
  crypto_deposit: m.kind_crypto_deposit,
};

/** The kinds of transaction, named in the chosen language (read it where it is shown). */
export function kinds(): { id: TransactionKind; name: string }[] {
  return (Object.keys(KIND_NAMES) as TransactionKind[]).map((id) => ({ id, name: KIND_NAMES[id]() }));
}

export function kindName(id: TransactionKind): string {
  return KIND_NAMES[id]?.() ?? id;
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

/** The two directions, named in the chosen language. */
export function directions(): { id: Direction; name: string }[] {
  return [
    { id: "in", name: m.direction_in() },
    { id: "out", name: m.direction_out() },
  ];
}

const WORDS: Record<string, () => string> = {
  pending: m.status_pending,
  processing: m.status_processing,
  succeeded: m.status_succeeded,
  failed: m.status_failed,
  cancelled: m.status_cancelled,
  expired: m.status_expired,
  refunded: m.status_refunded,
  unknown: m.status_unknown,
  draft: m.status_draft,
  confirmed: m.status_confirmed,
  sending: m.status_sending,
  accepted: m.status_accepted,
  created: m.status_created,
  awaiting_payment: m.status_awaiting_payment,
  paid: m.status_paid,
};

/**
 * A status or state in the chosen language ("Awaiting payment", "Esperando el pago"); a code
 * the UI does not know is shown capitalised, as the provider's own word.
 */
export function word(code: string): string {
  const known = WORDS[code];
  if (known) return known();
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
  const name = source.name?.trim() || m.hgcash_account_unnamed({ id: source.id.slice(0, 8) });
  const parts = [name];
  if (source.alias?.trim()) parts.push(source.alias.trim());
  parts.push(source.available ? formatMoney(source.available) : source.currency);
  return parts.join(" · ");
}
