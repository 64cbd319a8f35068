// Bundled into an init script for the Playwright specs: stands in for the Tauri shell.
// `window.__TAURI_INTERNALS__` (invoke, callbacks, event listen/emit) comes from
// @tauri-apps/api/mocks; every command is answered by the TypeScript fixture backend, which
// specs reach as `window.__fixture` (call log, failures to inject, the export dialog's answer).
import { mockIPC } from "@tauri-apps/api/mocks";
import { FixtureBackend } from "../../src/testing/backend";
import type { FixtureConfig } from "./fixtures";

declare global {
  interface Window {
    __fixture: FixtureBackend;
    __FIXTURE_CONFIG__?: FixtureConfig;
  }
}

const backend = new FixtureBackend((event, payload) => {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args: unknown) => Promise<unknown> } }).__TAURI_INTERNALS__;
  void internals.invoke("plugin:event|emit", { event, payload });
});
const config = window.__FIXTURE_CONFIG__ ?? {};
if (config.failures) backend.failures = config.failures;
if (config.totalTransactions !== undefined) backend.totalTransactions = config.totalTransactions;
if (config.savePath !== undefined) backend.savePath = config.savePath;
if (config.offline !== undefined) backend.offline = config.offline;
if (config.startingAnswers !== undefined) backend.startingAnswers = config.startingAnswers;
window.__fixture = backend;

mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), {
  shouldMockEvents: true,
});

// The shell runs with `freezePrototype: true` (tauri.conf.json): so do the specs.
Object.freeze(Object.prototype);
