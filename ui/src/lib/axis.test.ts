// The y-axis gutter fits its widest label.

import { describe, expect, it } from "vitest";
import { gutterWidth } from "./axis";

/** 7 px per character, as a monospace font would measure. */
const measure = (text: string) => text.length * 7;

describe("gutterWidth", () => {
  it("fits the widest label, ticks and gap included", () => {
    expect(gutterWidth(["0", "500,000", "161,500,000"], measure, 13)).toBe(11 * 7 + 13);
  });

  it("is never narrower than an NGN amount in the millions needs", () => {
    // The fixed 70 px gutter this replaced clipped "161,500,000" (77 px of text alone).
    expect(gutterWidth(["161,500,000"], measure, 13)).toBeGreaterThan(70);
  });

  it("is the tick and gap alone without labels", () => {
    expect(gutterWidth([], measure, 13)).toBe(13);
    expect(gutterWidth(null, measure, 13)).toBe(13);
  });
});
