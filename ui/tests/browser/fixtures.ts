// The Playwright test with every page running on the fixture backend, and helpers the specs
// share (screenshots, reading the fixture's call log).
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppError } from "../../src/lib/bindings";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, "../../test-results/screenshots");

export interface FixtureConfig {
  failures?: Record<string, AppError>;
  totalTransactions?: number;
  savePath?: string | null;
  offline?: boolean;
  /** How many Overview answers say the providers are still starting. */
  startingAnswers?: number;
}

export const test = base.extend<{ fixtureConfig: FixtureConfig }>({
  fixtureConfig: [{}, { option: true }],
  page: async ({ page, fixtureConfig }, use) => {
    await page.addInitScript((config) => {
      (window as unknown as { __FIXTURE_CONFIG__: unknown }).__FIXTURE_CONFIG__ = config;
    }, fixtureConfig);
    await page.addInitScript({ path: path.join(here, ".stub/stub.js") });
    await use(page);
  },
});

export { expect };

/** Every IPC command the page has called so far, in order. */
export async function calls(page: Page): Promise<{ cmd: string; args: Record<string, unknown> }[]> {
  return page.evaluate(() =>
    (window as unknown as { __fixture: { calls: { cmd: string; args: Record<string, unknown> }[] } }).__fixture.calls,
  );
}

export async function callsOf(page: Page, cmd: string) {
  return (await calls(page)).filter((c) => c.cmd === cmd);
}

/** Makes a command fail with this error from now on. */
export async function failNext(page: Page, cmd: string, error: AppError): Promise<void> {
  await page.evaluate(
    ([c, e]) => {
      (window as unknown as { __fixture: { failures: Record<string, unknown> } }).__fixture.failures[c as string] = e;
    },
    [cmd, error] as const,
  );
}

export async function screenshot(page: Page, view: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${view}.png`), fullPage: false });
}
