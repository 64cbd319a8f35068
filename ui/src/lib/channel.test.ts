import { describe, expect, it } from "vitest";
import { channel, type Listen } from "./channel";

/** A shell stand-in: counts listen calls and lets the test emit. */
function shell<T>() {
  let callbacks: ((event: { payload: T }) => void)[] = [];
  let calls = 0;
  const listen: Listen<T> = async (callback) => {
    calls++;
    callbacks.push(callback);
    return () => {
      callbacks = callbacks.filter((c) => c !== callback);
    };
  };
  return { listen, emit: (payload: T) => callbacks.forEach((c) => c({ payload })), calls: () => calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("channel", () => {
  it("listens once however many views subscribe and unsubscribe", async () => {
    const s = shell<number>();
    const subscribe = channel(s.listen);
    for (let visit = 0; visit < 50; visit++) subscribe(() => {})();
    await settle();
    expect(s.calls()).toBe(1);
  });

  it("hands each event to every current subscriber, and none to one that left", async () => {
    const s = shell<string>();
    const subscribe = channel(s.listen);
    const seen: string[] = [];
    const stopA = subscribe((p) => seen.push(`a:${p}`));
    subscribe((p) => seen.push(`b:${p}`));
    await settle();
    s.emit("one");
    stopA();
    stopA();
    s.emit("two");
    expect(seen).toEqual(["a:one", "b:one", "b:two"]);
  });

  it("counts one function subscribed twice as two subscriptions", async () => {
    const s = shell<number>();
    const subscribe = channel(s.listen);
    const seen: number[] = [];
    const handler = (p: number) => seen.push(p);
    const first = subscribe(handler);
    subscribe(handler);
    await settle();
    first();
    s.emit(7);
    expect(seen).toEqual([7]);
  });

  it("tries again on the next subscription when listening failed (no shell)", async () => {
    let calls = 0;
    const subscribe = channel<number>(async () => {
      calls++;
      throw new Error("no shell");
    });
    subscribe(() => {});
    await settle();
    subscribe(() => {});
    await settle();
    expect(calls).toBe(2);
  });
});
