// The keyset window: cursors chain pages, far pages are dropped, errors stop and retry.
import { describe, expect, it } from "vitest";
import { KeysetPager, type PageLoader } from "./pager.svelte";

function backend(total: number) {
  const asked: (string | null)[] = [];
  let fail = false;
  const load: PageLoader<number> = async (after, limit) => {
    asked.push(after);
    if (fail) return { status: "error", error: { code: "store.failed", message: "disk" } };
    const start = after === null ? 0 : Number(after);
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
    return { status: "ok", data: { rows, next: start + limit < total ? String(start + limit) : null } };
  };
  return { load, asked, setFail: (v: boolean) => (fail = v) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("KeysetPager", () => {
  it("reads pages in order from the cursors and learns the end", async () => {
    const b = backend(250);
    const pager = new KeysetPager(b.load, 100, 1);
    pager.show(0, 20);
    await settle();
    await settle();
    expect(b.asked).toEqual([null, "100"]);
    expect(pager.row(150)).toBe(150);
    pager.show(230, 249);
    await settle();
    await settle();
    expect(pager.complete).toBe(true);
    expect(pager.rowCount).toBe(250);
    expect(pager.row(249)).toBe(249);
  });

  it("drops pages far from the window but keeps their cursors", async () => {
    const b = backend(10_000);
    const pager = new KeysetPager(b.load, 100, 1);
    for (let page = 0; page < 30; page++) {
      pager.show(page * 100, page * 100 + 20);
      await settle();
      await settle();
    }
    expect(pager.pagesHeld).toBeLessThanOrEqual(4);
    expect(pager.cursorsKnown).toBeGreaterThanOrEqual(30);
    expect(pager.row(0)).toBeUndefined();
    pager.show(0, 20);
    await settle();
    expect(pager.row(0)).toBe(0);
  });

  it("stops on an error and starts again on retry", async () => {
    const b = backend(500);
    const pager = new KeysetPager(b.load, 100, 1);
    b.setFail(true);
    pager.show(0, 20);
    await settle();
    expect(pager.error?.message).toBe("disk");
    b.setFail(false);
    pager.retry();
    await settle();
    await settle();
    expect(pager.error).toBeNull();
    expect(pager.row(5)).toBe(5);
  });

  it("ignores answers to a filter that was replaced", async () => {
    const old = backend(500);
    const pager = new KeysetPager(old.load, 100, 1);
    pager.show(0, 20);
    const fresh = backend(3);
    pager.reset(fresh.load);
    pager.show(0, 20);
    await settle();
    await settle();
    expect(pager.rowCount).toBe(3);
    expect(pager.row(0)).toBe(0);
    expect(pager.row(50)).toBeUndefined();
  });
});
