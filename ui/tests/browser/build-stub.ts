// Playwright global setup: bundles the IPC stub and the fixture backend into one script
// (tests/browser/.stub/stub.js) that every page gets as an init script.
import { build } from "vite";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const STUB_DIR = path.join(here, ".stub");

export default async function buildStub(): Promise<void> {
  await build({
    configFile: false,
    logLevel: "warn",
    build: {
      outDir: STUB_DIR,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: path.join(here, "stub.ts"),
        formats: ["iife"],
        name: "PaydeskStub",
        fileName: () => "stub.js",
      },
    },
  });
}
