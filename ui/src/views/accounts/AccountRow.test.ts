// An account card says honestly how the account is kept current: a live one by polling (never
// a loopback receiver URL, which no real provider can reach, even if one came along), a
// sandbox one by its simulated provider's webhooks.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import AccountRow from "./AccountRow.svelte";
import type { AccountInfo } from "../../lib/bindings";

const base: AccountInfo = {
  id: "hexai-x",
  provider: "hexai",
  label: "Hexai X",
  mode: "live",
  baseUrl: "https://hpg.hexai.gm/api/v1",
  customBaseUrl: false,
  credentials: [],
  lastSync: null,
  lastSyncError: null,
  webhookUrl: null,
  updates: "polling",
};

afterEach(cleanup);

const card = () => screen.getByRole("article").textContent ?? "";

describe("AccountRow", () => {
  it("a live account is polled, with the interval and the last poll, and shows no receiver URL", () => {
    const lastSync = new Date(Date.now() - 3 * 60_000).toISOString();
    render(AccountRow, {
      props: {
        account: { ...base, lastSync, webhookUrl: "http://127.0.0.1:8787/webhooks/hexai-x" },
        pollMinutes: 10,
        onedit: () => {},
        onremoved: () => {},
      },
    });
    expect(card()).toMatch(/Kept current by polling every 10 min; last poll: \d{4}-\d\d-\d\d \d\d:\d\d \(3 min ago\)/);
    expect(card()).not.toContain("127.0.0.1");
    expect(card()).not.toContain("dashboard");
  });

  it("says so when it was never polled and the interval is unknown", () => {
    render(AccountRow, { props: { account: base, onedit: () => {}, onremoved: () => {} } });
    expect(card()).toContain("Kept current by polling; last poll: not yet");
  });

  it("a sandbox account names where its simulated provider sends webhooks", () => {
    const url = "http://127.0.0.1:8787/webhooks/hexai-x";
    render(AccountRow, {
      props: { account: { ...base, mode: "sandbox", updates: "webhooks", webhookUrl: url }, onedit: () => {}, onremoved: () => {} },
    });
    expect(card()).toContain(`Simulated provider sends its webhooks to: ${url}`);
    expect(card()).not.toContain("polling");
    expect(card()).not.toContain("dashboard");
  });

  it("names each credential by its label, never by its internal field name", () => {
    render(AccountRow, {
      props: {
        account: {
          ...base,
          provider: "hubcash",
          credentials: [
            { field: "code", required: true, configured: true, last4: "4321" },
            { field: "token", required: true, configured: false, last4: null },
          ],
        },
        onedit: () => {},
        onremoved: () => {},
      },
    });
    const lines = screen.getAllByRole("listitem").map((li) => li.textContent?.trim());
    expect(lines).toEqual(["Merchant code: configured ••••4321", "Token: missing"]);
  });
});
