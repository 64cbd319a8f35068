// Amounts from their exact text: grouping, scale, and the retyped-amount comparison.
import { describe, expect, it } from "vitest";
import { formatAmount, groupAmount, isDecimal, sameAmount } from "./money";

describe("formatAmount", () => {
  it("groups thousands and keeps exactly the scale's decimals", () => {
    expect(formatAmount("1234567.5", 2)).toBe("1,234,567.50");
    expect(formatAmount("1500", 0)).toBe("1,500");
    expect(formatAmount("-12.30", 2)).toBe("-12.30");
    expect(formatAmount("0.000001", 6)).toBe("0.000001");
    expect(formatAmount("999", 2)).toBe("999.00");
    expect(formatAmount("12.300", 2)).toBe("12.30");
  });

  it("never rounds: extra non-zero decimals stay visible", () => {
    expect(formatAmount("12.345", 2)).toBe("12.345");
  });

  it("is exact beyond what a float holds", () => {
    expect(formatAmount("90071992547409931234.99", 2)).toBe("90,071,992,547,409,931,234.99");
  });

  it("shows non-numbers as they are", () => {
    expect(formatAmount("n/a", 2)).toBe("n/a");
  });

  it("groups without knowing the scale", () => {
    expect(groupAmount("25000.00")).toBe("25,000.00");
  });
});

describe("sameAmount", () => {
  it("compares at the currency's scale", () => {
    expect(sameAmount("150.5", "150.50", 2)).toBe(true);
    expect(sameAmount("150.50", "150.50", 2)).toBe(true);
    expect(sameAmount("150", "150.00", 2)).toBe(true);
    expect(sameAmount(" 0150.5 ", "150.50", 2)).toBe(true);
    expect(sameAmount("1500", "1500", 0)).toBe(true);
  });

  it("refuses anything else", () => {
    expect(sameAmount("150.05", "150.50", 2)).toBe(false);
    expect(sameAmount("1505", "150.50", 2)).toBe(false);
    expect(sameAmount("150.500", "150.50", 2)).toBe(false);
    expect(sameAmount("1,500", "1500", 0)).toBe(false);
    expect(sameAmount("+150.50", "150.50", 2)).toBe(false);
    expect(sameAmount("-150.50", "150.50", 2)).toBe(false);
    expect(sameAmount("", "150.50", 2)).toBe(false);
    expect(sameAmount("150.", "150.50", 2)).toBe(false);
    expect(sameAmount("1500.5", "1500", 0)).toBe(false);
  });
});

describe("isDecimal", () => {
  it("accepts plain decimals within the scale", () => {
    expect(isDecimal("10.25", 2)).toBe(true);
    expect(isDecimal("10.255", 2)).toBe(false);
    expect(isDecimal("-1", 2)).toBe(false);
    expect(isDecimal("1e3", 2)).toBe(false);
  });
});
