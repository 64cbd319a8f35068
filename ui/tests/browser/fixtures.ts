// The Playwright test with every page running on the fixture backend, and helpers the specs
// share (screenshots, reading the fixture's call log).
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppError, Mode } from "../../src/lib/bindings";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, "../../test-results/screenshots");

export interface FixtureConfig {
  failures?: Record<string, AppError>;
  totalTransactions?: number;
  savePath?: string | null;
  offline?: boolean;
  /** How many Overview answers say the providers are still starting. */
  startingAnswers?: number;
  /** No live account yet and no mode chosen: the welcome screen. */
  firstRun?: boolean;
  /** The mode the app starts in (the fixture's default: sandbox). */
  mode?: Mode | null;
  /** What the merchant answers in a live payout's native dialog. */
  liveDialog?: "ok" | "cancel";
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

/** Reads one of the fixture backend's fields (its mode, the dialogs it showed, folders opened). */
export async function fixtureField<T>(page: Page, name: string): Promise<T> {
  return page.evaluate((n) => (window as unknown as { __fixture: Record<string, unknown> }).__fixture[n], name) as Promise<T>;
}

/** Sets one of the fixture backend's fields (for example the native dialog's answer). */
export async function setFixtureField(page: Page, name: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([n, v]) => {
      (window as unknown as { __fixture: Record<string, unknown> }).__fixture[n as string] = v;
    },
    [name, value] as const,
  );
}

export async function screenshot(page: Page, view: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${view}.png`), fullPage: false });
}
