// The Transactions view's filter and order, as the query of the URL hash
// (#/transactions?provider=hexai&status=failed&q=abc), so they survive navigation and reload.

import type {
  Direction,
  ProviderKind,
  SortOrder,
  TransactionFilter,
  TransactionKind,
  TransactionStatus,
} from "./bindings";
import { kinds as kindList, PROVIDERS, STATUSES } from "./labels";

export interface TxQuery {
  filter: TransactionFilter;
  sort: SortOrder;
}

export function emptyFilter(): TransactionFilter {
  return {
    providers: [],
    accounts: [],
    direction: null,
    kinds: [],
    statuses: [],
    currency: null,
    from: null,
    to: null,
    amountMin: null,
    amountMax: null,
    search: null,
  };
}

const SORTS: readonly SortOrder[] = ["newest", "amount_asc", "amount_desc"];

function list(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function text(params: URLSearchParams, key: string): string | null {
  const value = params.get(key)?.trim();
  return value ? value : null;
}

/** The query part of a hash, `#/transactions?a=b` -> `a=b`. */
export function hashQuery(hash: string): URLSearchParams {
  const at = hash.indexOf("?");
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : "");
}

/** Reads a filter from the hash query; unknown values are ignored. */
export function parseTxQuery(hash: string): TxQuery {
  const params = hashQuery(hash);
  const providers = PROVIDERS.map((p) => p.id);
  const kinds = kindList().map((k) => k.id);
  const direction = params.get("direction");
  const sort = params.get("sort") as SortOrder | null;
  return {
    filter: {
      providers: list(params, "provider").filter((p): p is ProviderKind =>
        providers.includes(p as ProviderKind),
      ),
      accounts: list(params, "account"),
      direction: direction === "in" || direction === "out" ? (direction as Direction) : null,
      kinds: list(params, "kind").filter((k): k is TransactionKind =>
        kinds.includes(k as TransactionKind),
      ),
      statuses: list(params, "status").filter((s): s is TransactionStatus =>
        STATUSES.includes(s as TransactionStatus),
      ),
      currency: text(params, "currency")?.toUpperCase() ?? null,
      from: text(params, "from"),
      to: text(params, "to"),
      amountMin: text(params, "min"),
      amountMax: text(params, "max"),
      search: text(params, "q"),
    },
    sort: sort && SORTS.includes(sort) ? sort : "newest",
  };
}

/** The hash query for a filter and order; empty parts are left out. */
export function txQueryString({ filter, sort }: TxQuery): string {
  const params = new URLSearchParams();
  const put = (key: string, value: string | null | undefined) => {
    if (value) params.set(key, value);
  };
  put("provider", filter.providers.join(","));
  put("account", filter.accounts.join(","));
  put("direction", filter.direction);
  put("kind", filter.kinds.join(","));
  put("status", filter.statuses.join(","));
  put("currency", filter.currency);
  put("from", filter.from);
  put("to", filter.to);
  put("min", filter.amountMin);
  put("max", filter.amountMax);
  put("q", filter.search);
  if (sort !== "newest") params.set("sort", sort);
  return params.toString();
}
