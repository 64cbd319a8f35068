// The Transactions filter in the URL hash, both ways.
import { describe, expect, it } from "vitest";
import { emptyFilter, parseTxQuery, txQueryString } from "./txquery";

describe("transactions query", () => {
  it("reads every filter and the order from the hash", () => {
    const q = parseTxQuery(
      "#/transactions?provider=hexai,hubcash&account=a1&direction=out&kind=sale&status=failed&currency=gmd&from=2025-01-01&to=2025-01-31&min=10&max=20.5&q=abc&sort=amount_asc",
    );
    expect(q).toEqual({
      filter: {
        providers: ["hexai", "hubcash"],
        accounts: ["a1"],
        direction: "out",
        kinds: ["sale"],
        statuses: ["failed"],
        currency: "GMD",
        from: "2025-01-01",
        to: "2025-01-31",
        amountMin: "10",
        amountMax: "20.5",
        search: "abc",
      },
      sort: "amount_asc",
    });
  });

  it("ignores what it does not know", () => {
    const q = parseTxQuery("#/transactions?provider=paypal&status=lost&direction=sideways&sort=random");
    expect(q).toEqual({ filter: emptyFilter(), sort: "newest" });
  });

  it("writes only what narrows, and reads back the same", () => {
    expect(txQueryString({ filter: emptyFilter(), sort: "newest" })).toBe("");
    const filter = { ...emptyFilter(), providers: ["hexai" as const], statuses: ["failed" as const], search: "a b&c" };
    const text = txQueryString({ filter, sort: "amount_desc" });
    expect(text).toBe("provider=hexai&status=failed&q=a+b%26c&sort=amount_desc");
    expect(parseTxQuery(`#/transactions?${text}`)).toEqual({ filter, sort: "amount_desc" });
  });
});
