// The five providers by their brand names (the same in every language).

import type { ProviderKind } from "./bindings";

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
