// The transactions table against a mocked backend of 1,000,000 rows (computed from the cursor,
// never materialized): only a window of rows is ever in the DOM and only a few pages in memory,
// also after scrolling deep.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import TransactionsView from "./TransactionsView.svelte";
import { txPage } from "../../testing/transactions";
import type { PageRequest } from "../../lib/bindings";

const TOTAL = 1_000_000;
const PAGE = 100;
const ROW_HEIGHT = 36;
// The machine is shared with Rust builds: give each step time rather than fail on a slow tick.
const WAIT = { timeout: 10_000 };
let requests: PageRequest[] = [];

beforeEach(() => {
  requests = [];
  sessionStorage.clear();
  window.location.hash = "#/transactions";
  mockIPC((cmd, args) => {
    if (cmd === "transactions") {
      const request = (args as { request: PageRequest }).request;
      requests.push(request);
      return txPage(TOTAL, request.filter, request.sort, request.after, request.limit);
    }
    if (cmd === "accounts") return [];
    throw { code: "internal", message: `unexpected command ${cmd}` };
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

function domRows(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>("[data-row]"));
}

async function scrollTo(scroller: HTMLElement, top: number) {
  scroller.scrollTop = top;
  scroller.dispatchEvent(new Event("scroll"));
}

describe("transactions table over a million rows", () => {
  it("keeps only a page-sized window of rows in the DOM, also deep in the history", { timeout: 120_000 }, async () => {
    const { container } = render(TransactionsView, { props: { pageSize: PAGE } });
    const scroller = container.querySelector<HTMLElement>("[data-testid=tx-scroller]")!;

    await waitFor(() => expect(container.textContent).toContain("HEX-1000000"), WAIT);
    expect(domRows(container).length).toBeLessThanOrEqual(PAGE);
    expect(requests[0]).toMatchObject({ after: null, limit: PAGE, sort: "newest" });

    // Scroll to the bottom of what is known, again and again: each time the next keyset page
    // is fetched with the previous page's cursor and the list grows.
    for (let step = 0; step < 60; step++) {
      const bottom = container.querySelector<HTMLElement>("[data-testid=spacer-bottom]")!;
      const top = container.querySelector<HTMLElement>("[data-testid=spacer-top]")!;
      const rows = domRows(container).length;
      const height = parseFloat(top.style.height) + rows * ROW_HEIGHT + parseFloat(bottom.style.height);
      await scrollTo(scroller, height - 640);
      const lastIndex = Math.floor(height / ROW_HEIGHT) - 1;
      await waitFor(() =>
        expect(container.querySelector(`[data-row="${lastIndex}"]`)?.textContent).not.toContain("Loading"),
      WAIT);
    }

    await waitFor(() =>
      expect(domRows(container).every((r) => !r.textContent?.includes("Loading"))).toBe(true),
    WAIT);
    const rows = domRows(container);
    const indexes = rows.map((r) => Number(r.dataset.row));
    const deepest = Math.max(...indexes);
    expect(deepest).toBeGreaterThan(5_000);
    expect(rows.length).toBeLessThanOrEqual(PAGE);
    // The rows on screen are the right ones: row n has provider id 1,000,000 + n.
    const last = rows[rows.length - 1]!;
    expect(last.textContent).toContain(`-${1_000_000 + deepest}`);
    // The spacer above stands for every row scrolled past.
    const top = container.querySelector<HTMLElement>("[data-testid=spacer-top]")!;
    expect(parseFloat(top.style.height)).toBe(Math.min(...indexes) * ROW_HEIGHT);
    // Pages were read in order, each from the previous page's cursor.
    const afters = requests.map((r) => r.after);
    expect(afters.slice(0, 4)).toEqual([null, "100", "200", "300"]);
    expect(new Set(afters).size).toBe(afters.length);

    // Jump back to the top: the first page was dropped while deep and is fetched again.
    const before = requests.length;
    await scrollTo(scroller, 0);
    await waitFor(() => expect(container.textContent).toContain("HEX-1000000"), WAIT);
    expect(requests.length).toBeGreaterThan(before);
    expect(requests.slice(before).map((r) => r.after)).toContain(null);
    expect(domRows(container).length).toBeLessThanOrEqual(PAGE);
  });

  it("starts over with the new filter when one changes", async () => {
    window.location.hash = "#/transactions?provider=hubcash&status=pending";
    const { container } = render(TransactionsView, { props: { pageSize: PAGE } });
    await waitFor(() => expect(domRows(container).length).toBeGreaterThan(0));
    await waitFor(() => expect(container.textContent).toContain("HUB-"));
    expect(requests[0]?.filter).toMatchObject({ providers: ["hubcash"], statuses: ["pending"] });
    expect(container.textContent).not.toContain("HEX-");
  });
});
