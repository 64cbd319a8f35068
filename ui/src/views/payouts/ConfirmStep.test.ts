// The confirmation step: exactly the draft's lines; confirm only with the amount retyped
// right (at the currency's scale); never while sending.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ConfirmStep from "./ConfirmStep.svelte";
import type { PayoutDraft } from "../../lib/bindings";

const draft: PayoutDraft = {
  id: "d-1",
  lines: [
    ["Provider", "Hexai (Wave payout)"],
    ["To", "+2203001234"],
    ["Amount", "150.50 GMD"],
  ],
  amount: { amount: "150.50", currency: "GMD", scale: 2 },
  reference: "PD-1",
};

afterEach(cleanup);

describe("ConfirmStep", () => {
  it("shows the draft's lines and confirms only the right amount", async () => {
    const onconfirm = vi.fn();
    render(ConfirmStep, { props: { draft, sending: false, error: null, onconfirm, onback: () => {} } });
    const rows = screen
      .getAllByRole("row")
      .map((r) => Array.from(r.children, (cell) => cell.textContent?.trim()).join(" | "));
    expect(rows).toEqual([
      "Provider | Hexai (Wave payout)",
      "To | +2203001234",
      "Amount | 150.50 GMD",
      "Reference | PD-1",
    ]);

    const confirm = screen.getByRole("button", { name: "Confirm and send" }) as HTMLButtonElement;
    const input = screen.getByLabelText(/Retype the amount/) as HTMLInputElement;
    expect(confirm.disabled).toBe(true);
    for (const wrong of ["150.05", "15050", "150.500", "1,50.50"]) {
      await fireEvent.input(input, { target: { value: wrong } });
      expect(confirm.disabled).toBe(true);
      await fireEvent.submit(input.form!);
    }
    expect(onconfirm).not.toHaveBeenCalled();

    await fireEvent.input(input, { target: { value: "150.5" } });
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledExactlyOnceWith("150.5");
  });

  it("stays disabled while sending", async () => {
    const onconfirm = vi.fn();
    render(ConfirmStep, { props: { draft, sending: true, error: null, onconfirm, onback: () => {} } });
    const input = screen.getByLabelText(/Retype the amount/) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "150.50" } });
    const confirm = screen.getByRole("button", { name: "Sending…" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await fireEvent.submit(input.form!);
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it("in live mode says a system dialog confirms, and that a cancel there sent nothing", async () => {
    const props = { draft, sending: false, error: null, live: true, onconfirm: () => {}, onback: () => {} };
    const { rerender } = render(ConfirmStep, { props });
    expect(document.body.textContent).toContain("Paydesk will ask you to confirm this payout in a system dialog");
    expect(screen.queryByRole("alert")).toBeNull();
    await rerender({ ...props, error: { code: "payout.not_confirmed", message: "not confirmed" } });
    expect(screen.getByRole("alert").textContent).toBe("Not sent: you cancelled in the confirmation dialog.");
    expect(screen.getByRole("button", { name: "Confirm and send" })).toBeTruthy();
  });

  it("in sandbox mode mentions no system dialog", () => {
    render(ConfirmStep, { props: { draft, sending: false, error: null, onconfirm: () => {}, onback: () => {} } });
    expect(document.body.textContent).not.toContain("system dialog");
  });

  it("needs no retyping for a draft without an amount, and shows a held reason", () => {
    render(ConfirmStep, {
      props: {
        draft: { ...draft, amount: null },
        sending: false,
        error: null,
        held: "start-up reconciliation is running",
        onconfirm: () => {},
        onback: () => {},
      },
    });
    expect(screen.queryByLabelText(/Retype the amount/)).toBeNull();
    expect((screen.getByRole("button", { name: "Confirm and send" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("status").textContent).toContain("start-up reconciliation is running");
  });
});
