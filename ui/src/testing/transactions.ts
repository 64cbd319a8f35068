// Test data: a transaction history of any length, each row computed from its index on demand
// (a million-row history is never held in memory). Row 0 is the newest. The sandbox's history
// spreads over its five accounts; the live one belongs to the live set's one Hexai account.

import type {
  ProviderKind,
  TransactionDetail,
  TransactionFilter,
  TransactionKind,
  TransactionPage,
  TransactionRow,
  TransactionStatus,
  SortOrder,
} from "../lib/bindings";

/** Whose rows a history holds, and where its provider ids start. */
export interface History {
  providers: ProviderKind[];
  account: (provider: ProviderKind) => string;
  firstId: number;
}

export const SANDBOX_HISTORY: History = {
  providers: ["hexai", "hgcash", "hpay", "cashweb", "hubcash"],
  account: (provider) => `${provider}-main`,
  firstId: 1_000_000,
};

export const LIVE_HISTORY: History = { providers: ["hexai"], account: () => "hexai-live", firstId: 7_000_000 };
const CURRENCY: Record<ProviderKind, [string, number]> = {
  hexai: ["GMD", 2],
  hgcash: ["ARS", 2],
  hpay: ["XOF", 0],
  cashweb: ["NGN", 2],
  hubcash: ["BRL", 2],
};
const KIND: Record<ProviderKind, TransactionKind> = {
  hexai: "collection",
  hgcash: "cash_out",
  hpay: "payment_link",
  cashweb: "crypto_deposit",
  hubcash: "sale",
};
const NAMES = ["Awa Jallow", "Lamin Ceesay", "Mariana Pérez", "João Silva", "Fatou Bah", "Diego Ruiz"];
const BASE_TIME = Date.parse("2025-06-30T18:00:00Z");

function decimal(minor: number, scale: number): string {
  if (scale === 0) return String(minor);
  const text = String(minor).padStart(scale + 1, "0");
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** The transaction at position `index` of the newest-first history. */
export function txAt(index: number, history: History = SANDBOX_HISTORY): TransactionRow {
  const provider = history.providers[index % history.providers.length] as ProviderKind;
  const [currency, scale] = CURRENCY[provider];
  const direction = provider === "hgcash" || index % 13 === 0 ? "out" : "in";
  const status: TransactionStatus =
    index % 7 === 3 ? "failed" : index % 11 === 5 ? "pending" : "succeeded";
  const minor = ((index * 7919) % 2_500_000) + 100;
  const amount = scale === 0 ? decimal(Math.round(minor / 10), 0) : decimal(minor, scale);
  const fee = scale === 0 ? decimal(Math.round(minor / 1000), 0) : decimal(Math.round(minor / 100), scale);
  const created = new Date(BASE_TIME - index * 97_000).toISOString();
  const name = NAMES[index % NAMES.length] as string;
  return {
    account: history.account(provider),
    provider,
    providerId: `${provider.slice(0, 3).toUpperCase()}-${String(history.firstId + index)}`,
    reference: index % 4 === 0 ? null : `ORD-${String(index).padStart(7, "0")}`,
    direction,
    kind: direction === "out" && provider === "hexai" ? "payout" : KIND[provider],
    status,
    providerStatus: status === "succeeded" ? "SUCCESS" : status.toUpperCase(),
    amount: { amount, currency, scale },
    fee: { amount: fee, currency, scale },
    net: null,
    counterpartyName: name,
    counterpartyPhone: provider === "hexai" ? `+220${String(3_000_000 + (index % 999_999))}` : null,
    counterpartyAccount: provider === "hgcash" ? "0000003100010000000001" : null,
    cardLast4: provider === "hubcash" ? String(1000 + (index % 9000)) : null,
    description: provider === "hpay" ? "Order payment" : null,
    createdAt: created,
    updatedAt: created,
  };
}

/** True when the row passes every part of the filter the fixture understands. */
export function matches(row: TransactionRow, f: TransactionFilter): boolean {
  if (f.providers.length && !f.providers.includes(row.provider)) return false;
  if (f.accounts.length && !f.accounts.includes(row.account)) return false;
  if (f.direction && row.direction !== f.direction) return false;
  if (f.kinds.length && !f.kinds.includes(row.kind)) return false;
  if (f.statuses.length && !f.statuses.includes(row.status)) return false;
  if (f.currency && row.amount.currency !== f.currency) return false;
  if (f.from && row.createdAt.slice(0, 10) < f.from) return false;
  if (f.to && row.createdAt.slice(0, 10) > f.to) return false;
  if (f.amountMin && Number(row.amount.amount) < Number(f.amountMin)) return false;
  if (f.amountMax && Number(row.amount.amount) > Number(f.amountMax)) return false;
  if (f.search) {
    const q = f.search.toLowerCase();
    const hay = [row.reference, row.providerId, row.counterpartyName, row.counterpartyPhone]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

function unfiltered(f: TransactionFilter): boolean {
  return (
    !f.providers.length && !f.accounts.length && !f.direction && !f.kinds.length &&
    !f.statuses.length && !f.currency && !f.from && !f.to && !f.amountMin && !f.amountMax &&
    !f.search
  );
}

/**
 * One keyset page of a `total`-row history. The cursor is the index of the next row to read.
 * Newest-first pages without a filter are pure arithmetic; filtered ones scan forward from
 * the cursor; amount orders (small histories only) sort the matching indexes.
 */
export function txPage(
  total: number,
  filter: TransactionFilter,
  sort: SortOrder,
  after: string | null,
  limit: number,
  history: History = SANDBOX_HISTORY,
): TransactionPage {
  const rowAt = (index: number) => txAt(index, history);
  const start = after === null ? 0 : Number(after);
  if (sort !== "newest") {
    const indexes: number[] = [];
    for (let i = 0; i < total; i++) if (matches(rowAt(i), filter)) indexes.push(i);
    indexes.sort((a, b) => {
      const d = Number(rowAt(a).amount.amount) - Number(rowAt(b).amount.amount);
      return sort === "amount_asc" ? d : -d;
    });
    const slice = indexes.slice(start, start + limit);
    return {
      rows: slice.map(rowAt),
      next: start + limit < indexes.length ? String(start + limit) : null,
    };
  }
  if (unfiltered(filter)) {
    const end = Math.min(total, start + limit);
    const rows: TransactionRow[] = [];
    for (let i = start; i < end; i++) rows.push(rowAt(i));
    return { rows, next: end < total ? String(end) : null };
  }
  const rows: TransactionRow[] = [];
  let i = start;
  for (; i < total && rows.length < limit; i++) {
    const row = rowAt(i);
    if (matches(row, filter)) rows.push(row);
  }
  let more = false;
  for (let j = i; j < total; j++) {
    if (matches(rowAt(j), filter)) {
      more = true;
      i = j;
      break;
    }
  }
  return { rows, next: more ? String(i) : null };
}

/** Counts the rows a filter selects (for the export). */
export function txCount(total: number, filter: TransactionFilter, history: History = SANDBOX_HISTORY): number {
  if (unfiltered(filter)) return total;
  let n = 0;
  for (let i = 0; i < total; i++) if (matches(txAt(i, history), filter)) n++;
  return n;
}

/** The detail of the row with this provider id. */
export function txDetail(total: number, providerId: string, history: History = SANDBOX_HISTORY): TransactionDetail | null {
  const index = Number(providerId.split("-")[1]) - history.firstId;
  if (!(index >= 0 && index < total)) return null;
  const row = txAt(index, history);
  return {
    row,
    accountLabel: `${row.provider} main account`,
    history:
      row.status === "pending"
        ? []
        : [
            {
              from: "pending",
              to: row.status,
              fromProvider: "PENDING",
              toProvider: row.providerStatus,
              at: row.updatedAt,
              observedAt: row.updatedAt,
            },
          ],
    raw: JSON.stringify({ id: row.providerId, amount: row.amount.amount, status: row.providerStatus }),
    saleActions: row.provider === "hubcash" && row.status === "pending" ? ["capture", "cancel"] : [],
  };
}
