// The form flow shared by Payouts and Get paid, against a backend double: validation waits
// for a pause, ignores stale answers and follows the draft being filled in, Review writes a
// draft, Back cancels it, Confirm reports the intent and shows the result, a refusal keeps the
// confirmation.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushSync } from "svelte";
import { RequestFlow } from "./flow.svelte";
import { HexaiDraft } from "./forms/drafts.svelte";
import type { AppError, PayoutDraft, PayoutForm, PayoutView } from "../../lib/bindings";

const form = (amount: string): PayoutForm => ({ kind: "hexai", account: "hexai-main", amount, recipientMobile: "+2203001234" });
const draft: PayoutDraft = { id: "d-1", lines: [["Amount", "10.00 GMD"]], amount: { amount: "10.00", currency: "GMD", scale: 2 }, reference: "PD-1" };
const view = (state: PayoutView["state"]) => ({ id: "d-1", state }) as PayoutView;
const refusal: AppError = { code: "input.invalid", message: "must be more than zero", field: "amount" };

function backend() {
  return {
    validatePayout: vi.fn(async (f: PayoutForm) =>
      f.kind === "hexai" && f.amount === "0" ? { status: "error" as const, error: refusal } : { status: "ok" as const, data: null },
    ),
    preparePayout: vi.fn(async () => ({ status: "ok" as const, data: draft })),
    confirmPayout: vi.fn(async (_id: string, typed: string | null) =>
      typed === "10.00"
        ? { status: "ok" as const, data: view("sending") }
        : { status: "error" as const, error: { code: "input.invalid", message: "The typed amount differs", field: "typedAmount" } as AppError },
    ),
    cancelPayout: vi.fn(async () => ({ status: "ok" as const, data: view("cancelled") })),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("RequestFlow", () => {
  it("validates only after the merchant typed, after a pause, and keeps the last answer", async () => {
    const api = backend();
    const flow = new RequestFlow(() => {}, 400, api as never);
    flow.form = form("0");
    await vi.advanceTimersByTimeAsync(500);
    expect(api.validatePayout).not.toHaveBeenCalled();

    flow.touch();
    flow.form = form("1");
    flow.form = form("0");
    await vi.advanceTimersByTimeAsync(399);
    expect(api.validatePayout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    flushSync();
    expect(api.validatePayout).toHaveBeenCalledTimes(1);
    expect(flow.fieldError?.field).toBe("amount");

    flow.form = form("10");
    await vi.advanceTimersByTimeAsync(400);
    expect(flow.fieldError).toBeNull();
  });

  it("follows the draft being filled in: checks it again only when it changed, or when told it did", async () => {
    const api = backend();
    const flow = new RequestFlow(() => {}, 400, api as never);
    const typed = new HexaiDraft(() => [{ id: "hexai-main" } as never]);
    flow.follow(() => typed.form);
    typed.recipientMobile = "+2203001234";
    typed.amount = "0";
    flow.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(api.validatePayout).toHaveBeenLastCalledWith(form("0"));
    expect(flow.fieldError?.field).toBe("amount");

    // A change event (the field left) with nothing changed asks nothing.
    flow.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(api.validatePayout).toHaveBeenCalledTimes(1);
    flow.changed();
    await vi.advanceTimersByTimeAsync(400);
    expect(api.validatePayout).toHaveBeenCalledTimes(2);

    typed.amount = " 10 ";
    flow.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(api.validatePayout).toHaveBeenLastCalledWith(form("10"));
    expect(flow.fieldError).toBeNull();
    await flow.review(null);
    expect(api.preparePayout).toHaveBeenCalledWith(form("10"));
  });

  it("reviews into a draft, goes back by cancelling it, and confirms only the right amount", async () => {
    const api = backend();
    const seen: PayoutView[] = [];
    const flow = new RequestFlow((p) => seen.push(p), 400, api as never);
    flow.form = form("10");
    await flow.review("Sending is held: being checked");
    expect(api.preparePayout).not.toHaveBeenCalled();

    await flow.review(null);
    expect(flow.step).toBe("confirm");
    flow.back();
    await vi.runAllTimersAsync();
    expect(flow.step).toBe("form");
    expect(api.cancelPayout).toHaveBeenCalledWith("d-1");
    expect(seen.map((p) => p.state)).toEqual(["cancelled"]);

    await flow.review(null);
    await flow.confirm("1.00");
    expect(flow.step).toBe("confirm");
    expect(flow.stepError?.field).toBe("typedAmount");
    await flow.confirm("10.00");
    expect(flow.step).toBe("done");
    expect(flow.sent?.state).toBe("sending");
    flow.saw(view("succeeded"));
    expect(flow.sent?.state).toBe("succeeded");

    const key = flow.formKey;
    flow.startOver();
    expect([flow.step, flow.sent, flow.formKey]).toEqual(["form", null, key + 1]);
  });
});
