// Compiles the message catalogs (ui/messages/<locale>/*.json) into typed message functions in
// src/paraglide/ (generated, not committed). First it writes the pseudo-locale `en-XA`
// from English: every word accented and lengthened by about 40 %, placeholders kept, so a
// layout test can see what a longer language does to every control. The pseudo-locale's files
// are generated too, never edited.

import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "@inlang/paraglide-js";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const messages = join(ui, "messages");

const ACCENTS = { a: "á", e: "é", i: "í", o: "ö", u: "ü", c: "ç", n: "ñ", y: "ý", A: "Å", E: "É", I: "Î", O: "Ö", U: "Û", C: "Ç", N: "Ñ" };

/** One text lengthened by about 40 %, with every `{placeholder}` left as it is. */
export function pseudo(text) {
  return text
    .split(/(\{[^}]*\})/)
    .map((part) => {
      if (part.startsWith("{") || part.trim() === "") return part;
      const accented = [...part].map((ch) => ACCENTS[ch] ?? ch).join("");
      const extra = Math.ceil(part.replace(/\s/g, "").length * 0.4);
      return `${accented}${"~".repeat(extra)}`;
    })
    .join("");
}

/** A catalog value (plain text, or variants with `match`) in the pseudo-locale. */
function pseudoValue(value) {
  if (typeof value === "string") return pseudo(value);
  if (Array.isArray(value)) {
    return value.map((variant) => ({
      ...variant,
      match: Object.fromEntries(Object.entries(variant.match).map(([k, v]) => [k, pseudo(v)])),
    }));
  }
  return value;
}

function writePseudo() {
  const target = join(messages, "en-XA");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(join(messages, "en"))) {
    const catalog = JSON.parse(readFileSync(join(messages, "en", file), "utf8"));
    const out = Object.fromEntries(
      Object.entries(catalog)
        .filter(([key]) => key !== "$schema")
        .map(([key, value]) => [key, pseudoValue(value)]),
    );
    writeFileSync(join(target, file), JSON.stringify(out, null, 2) + "\n");
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writePseudo();
  await compile({
    project: join(ui, "project.inlang"),
    outdir: join(ui, "src", "paraglide"),
    strategy: ["globalVariable", "baseLocale"],
    emitGitIgnore: false,
    emitPrettierIgnore: false,
  });
}
