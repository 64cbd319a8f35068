// The message catalogs agree: every language has exactly the keys English has, in the same
// files, and each translation uses the same placeholders as the English text (a missing
// `{amount}` would silently drop the amount from a sentence).

import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const MESSAGES = join(__dirname, "..", "..", "messages");
const LANGUAGES = ["es", "pt-BR", "fr"];

type Catalog = Record<string, unknown>;

function catalog(locale: string, file: string): Catalog {
  const data = JSON.parse(readFileSync(join(MESSAGES, locale, file), "utf8")) as Catalog;
  delete data["$schema"];
  return data;
}

/** The `{placeholders}` a message uses, in all its variants. */
function placeholders(value: unknown): string[] {
  const text = JSON.stringify(typeof value === "string" ? value : (value as { match?: unknown }[])?.map((v) => v.match));
  return [...new Set(text.match(/\{[a-zA-Z_]+\}/g) ?? [])].sort();
}

const files = readdirSync(join(MESSAGES, "en")).filter((f) => f.endsWith(".json"));

describe("message catalogs", () => {
  it("English has catalogs with messages", () => {
    const total = files.reduce((n, f) => n + Object.keys(catalog("en", f)).length, 0);
    expect(total).toBeGreaterThan(100);
  });

  for (const locale of LANGUAGES) {
    it(`${locale} has the same files as English`, () => {
      expect(readdirSync(join(MESSAGES, locale)).filter((f) => f.endsWith(".json")).sort()).toEqual([...files].sort());
    });

    for (const file of files) {
      it(`${locale}/${file} has exactly English's keys, with the same placeholders`, () => {
        const en = catalog("en", file);
        const other = catalog(locale, file);
        const missing = Object.keys(en).filter((k) => !(k in other));
        const extra = Object.keys(other).filter((k) => !(k in en));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        const mismatched = Object.keys(en).filter((k) => JSON.stringify(placeholders(en[k])) !== JSON.stringify(placeholders(other[k])));
        expect(mismatched).toEqual([]);
        const empty = Object.keys(other).filter((k) => typeof other[k] === "string" && (other[k] as string).trim() === "");
        expect(empty).toEqual([]);
      });
    }
  }
});
