import { describe, expect, it } from "vitest";
import { guardLocale, isValidLocale } from "./locale-guard";

describe("locale guard", () => {
  it("replaces the POSIX locale WebKitGTK reports under LANG=C", () => {
    const nav = { language: "C", languages: ["C"] } as unknown as Navigator;
    expect(isValidLocale("C")).toBe(false);
    guardLocale(nav);
    expect(nav.language).toBe("en-US");
    expect(nav.languages).toEqual(["en-US"]);
    expect(() => new Intl.NumberFormat(nav.language)).not.toThrow();
  });

  it("keeps a valid language", () => {
    const nav = { language: "fr-FR", languages: ["fr-FR", "en"] } as unknown as Navigator;
    guardLocale(nav);
    expect(nav.language).toBe("fr-FR");
    expect(nav.languages).toEqual(["fr-FR", "en"]);
  });
});
