// Backend field names (snake_case from the engine, camelCase from the desk) find their input.
import { describe, expect, it } from "vitest";
import { sameField, unplaced } from "./fields";

describe("form fields", () => {
  it("matches snake_case and camelCase names", () => {
    expect(sameField("recipient_mobile", "recipientMobile")).toBe(true);
    expect(sameField("base_url", "baseUrl")).toBe(true);
    expect(sameField("typedAmount", "typedAmount")).toBe(true);
    expect(sameField("to_cbu", "toCvu")).toBe(false);
    expect(sameField(null, "amount")).toBe(false);
  });

  it("leaves an error for the general line only when no field on the form takes it", () => {
    const form = document.createElement("form");
    form.innerHTML = '<div data-field="recipientMobile"></div><div data-field="amount"></div>';
    const placed = { code: "input.invalid" as const, message: "bad", field: "recipient_mobile" };
    const elsewhere = { code: "input.invalid" as const, message: "bad", field: "quote_id" };
    const general = { code: "provider.unavailable" as const, message: "down" };
    expect(unplaced(placed, form)).toBeNull();
    expect(unplaced(elsewhere, form)).toBe(elsewhere);
    expect(unplaced(general, form)).toBe(general);
    expect(unplaced(null, form)).toBeNull();
  });
});
