// The fixture's Overview and earnings: fixed balances (one stale, two providers without a
// balance endpoint) and a made-up earnings curve per currency for any range and bucket. Each
// mode has its own figures: the sandbox's five accounts, and the live set's one Hexai account
// with smaller, different amounts (so a test can tell the two apart).

import type { AccountCard, AccountInfo, Earnings, EarningsPoint, EarningsQuery, Mode, Overview } from "../lib/bindings";
import { providerName } from "../lib/providers";
import { fromMinor, money } from "./fixture-money";

export function overview(accounts: AccountInfo[], cachedTransactions: number, offline: boolean, mode: Mode = "sandbox"): Overview {
  if (mode === "live") return liveOverview(accounts, cachedTransactions, offline);
  const card = (a: AccountInfo, balances: AccountCard["balances"], has: boolean): AccountCard => ({
    id: a.id,
    label: a.label,
    provider: a.provider,
    providerName: providerName(a.provider),
    mode: a.mode,
    balances,
    hasBalanceEndpoint: has,
    sync: { running: false, done: 0, estimatedTotal: null, lastSync: a.lastSync, error: a.lastSyncError },
  });
  const asOf = new Date(Date.now() - 5 * 60_000).toISOString();
  const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const cards = accounts.map((a) => {
    switch (a.provider) {
      case "hexai":
        return card(a, [{ available: money("1234567.50", "GMD", 2), pending: money("2500.00", "GMD", 2), asOf, stale: false }], true);
      case "hgcash":
        return card(a, [{ available: money("987654.32", "ARS", 2), pending: null, asOf, stale: false }], true);
      case "hpay":
        return card(a, [{ available: money("1500000", "XOF", 0), pending: money("0", "XOF", 0), asOf: old, stale: true }], true);
      default:
        return card(a, [], false);
    }
  });
  return {
    accounts: cards,
    totals: [
      { currency: "ARS", available: money("987654.32", "ARS", 2), pending: money("0.00", "ARS", 2), accounts: 1 },
      { currency: "GMD", available: money("1234567.50", "GMD", 2), pending: money("2500.00", "GMD", 2), accounts: 1 },
      { currency: "XOF", available: money("1500000", "XOF", 0), pending: money("0", "XOF", 0), accounts: 1 },
    ],
    today: [
      { currency: "GMD", inCount: 42, volume: money("18250.75", "GMD", 2), fees: money("182.51", "GMD", 2), net: money("18068.24", "GMD", 2), outCount: 3, outVolume: money("900.00", "GMD", 2), openCount: 4 },
      { currency: "BRL", inCount: 17, volume: money("3120.00", "BRL", 2), fees: money("124.80", "BRL", 2), net: money("2995.20", "BRL", 2), outCount: 0, outVolume: money("0.00", "BRL", 2), openCount: 2 },
    ],
    cachedTransactions,
    offline,
    problems: [],
    sandbox: true,
    payoutsReady: true,
    starting: false,
  };
}

function liveOverview(accounts: AccountInfo[], cachedTransactions: number, offline: boolean): Overview {
  const asOf = new Date(Date.now() - 2 * 60_000).toISOString();
  const hexai = accounts.filter((a) => a.provider === "hexai");
  return {
    accounts: accounts.map((a) => ({
      id: a.id,
      label: a.label,
      provider: a.provider,
      providerName: providerName(a.provider),
      mode: a.mode,
      balances: a.provider === "hexai" ? [{ available: money("8450.00", "GMD", 2), pending: money("120.00", "GMD", 2), asOf, stale: false }] : [],
      hasBalanceEndpoint: a.provider === "hexai",
      sync: { running: false, done: 0, estimatedTotal: null, lastSync: a.lastSync, error: a.lastSyncError },
    })),
    totals: hexai.length
      ? [{ currency: "GMD", available: money(fromMinor(845_000 * hexai.length, 2), "GMD", 2), pending: money(fromMinor(12_000 * hexai.length, 2), "GMD", 2), accounts: hexai.length }]
      : [],
    today: hexai.length
      ? [{ currency: "GMD", inCount: 3, volume: money("640.00", "GMD", 2), fees: money("6.40", "GMD", 2), net: money("633.60", "GMD", 2), outCount: 1, outVolume: money("75.00", "GMD", 2), openCount: 1 }]
      : [],
    cachedTransactions,
    offline,
    problems: [],
    sandbox: false,
    payoutsReady: true,
    starting: false,
  };
}

export function earnings(q: EarningsQuery, mode: Mode = "sandbox"): Earnings {
  const series =
    mode === "live"
      ? ([["GMD", 2, 9_000]] as const)
      : ([
          ["GMD", 2, 125_000],
          ["BRL", 2, 48_000],
          // Naira in the hundreds of millions a day: the y axis must fit "150,000,000".
          ["NGN", 2, 15_000_000_000],
        ] as const);
  const starts: string[] = [];
  const day = new Date(`${q.from}T00:00:00Z`);
  const end = Date.parse(`${q.to}T00:00:00Z`);
  if (q.bucket === "week") day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  while (day.getTime() <= end) {
    starts.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + (q.bucket === "week" ? 7 : 1));
  }
  return {
    from: q.from,
    to: q.to,
    bucket: q.bucket,
    series: series.map(([currency, scale, base]) => ({
      currency,
      scale,
      points: starts.map((start, i): EarningsPoint => {
        const volume = base * (q.bucket === "week" ? 7 : 1) + ((i * 7919) % 40_000) * 10;
        const fees = Math.round(volume / 100);
        return {
          start,
          figures: {
            currency,
            inCount: 10 + (i % 9),
            volume: money(fromMinor(volume, scale), currency, scale),
            fees: money(fromMinor(fees, scale), currency, scale),
            net: money(fromMinor(volume - fees, scale), currency, scale),
            outCount: 1,
            outVolume: money(fromMinor(5_000, scale), currency, scale),
            openCount: i % 3,
          },
        };
      }),
    })),
  };
}
