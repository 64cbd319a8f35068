// What a countdown reads, from a deposit's last seconds to a billet's days.

import { describe, expect, it } from "vitest";
import { timeLeft } from "./time";

describe("timeLeft", () => {
  it("counts minutes and seconds under an hour", () => {
    expect(timeLeft(30 * 60)).toBe("30:00 left");
    expect(timeLeft(245)).toBe("4:05 left");
    expect(timeLeft(0.2)).toBe("0:01 left");
  });

  it("counts hours and minutes under a day", () => {
    expect(timeLeft(3600)).toBe("1 h 00 min left");
    expect(timeLeft(3 * 3600 + 7 * 60 + 59)).toBe("3 h 07 min left");
  });

  it("counts days and hours beyond, in the singular for one day", () => {
    expect(timeLeft(86400 + 5 * 3600)).toBe("1 day 5 h left");
    expect(timeLeft(7 * 86400 - 1)).toBe("6 days 23 h left");
  });

  it("says expired at zero or past it", () => {
    expect(timeLeft(0)).toBe("expired");
    expect(timeLeft(-10)).toBe("expired");
  });
});
