// The Settings view's flows against the fixture backend (through the mocked IPC): the form
// loads what is stored, refuses what is not whole minutes without asking, shows the field the
// backend names, says "Saved" only while the form holds what was saved; the sandbox reset
// deletes nothing until confirmed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { FixtureBackend } from "../../testing/backend";
import { SandboxReset, SettingsForm, wholeMinutes } from "./settings.svelte";

let backend: FixtureBackend;

beforeEach(() => {
  backend = new FixtureBackend(() => {});
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>));
});

afterEach(() => clearMocks());

const sent = (cmd: string) => backend.calls.filter((c) => c.cmd === cmd);

describe("SettingsForm", () => {
  it("loads the stored settings into the form", async () => {
    backend.settings = { defaultMode: "sandbox", syncIntervalMinutes: 15, staleAfterMinutes: 90, language: "fr" };
    const form = new SettingsForm();
    expect(form.loading).toBe(true);
    await form.load();
    expect(form.loading).toBe(false);
    expect([form.defaultMode, form.syncInterval, form.staleAfter]).toEqual(["sandbox", "15", "90"]);
    expect(form.saved).toBe(false);
  });

  it("refuses a value that is not whole minutes without sending it", async () => {
    const form = new SettingsForm();
    await form.load();
    form.staleAfter = "1.5";
    expect(await form.save()).toBe(false);
    expect(form.error).toMatchObject({ code: "input.invalid", field: "staleAfterMinutes" });
    form.staleAfter = "60";
    form.syncInterval = "ten";
    expect(await form.save()).toBe(false);
    expect(form.error?.field).toBe("syncIntervalMinutes");
    expect(sent("save_settings")).toHaveLength(0);
  });

  it("shows the backend's message for the field out of range, and keeps what was stored", async () => {
    const form = new SettingsForm();
    await form.load();
    form.syncInterval = "0";
    expect(await form.save()).toBe(false);
    expect(form.error).toMatchObject({ code: "input.invalid", field: "syncIntervalMinutes" });
    expect(form.error?.message).toContain("1 to 1440 minutes");
    expect(form.saved).toBe(false);
    expect(backend.settings.syncIntervalMinutes).toBe(5);
  });

  it("saves good values, says Saved until the next change", async () => {
    const form = new SettingsForm();
    await form.load();
    form.defaultMode = "sandbox";
    form.syncInterval = " 30 ";
    form.staleAfter = "120";
    expect(await form.save()).toBe(true);
    expect(sent("save_settings").at(-1)?.args).toEqual({
      settings: { defaultMode: "sandbox", syncIntervalMinutes: 30, staleAfterMinutes: 120, language: null },
    });
    expect(backend.settings).toEqual({ defaultMode: "sandbox", syncIntervalMinutes: 30, staleAfterMinutes: 120, language: null });
    expect(form.error).toBeNull();
    expect(form.syncInterval).toBe("30");
    expect(form.saved).toBe(true);
    form.staleAfter = "121";
    expect(form.saved).toBe(false);
  });

  it("says why the settings could not be read", async () => {
    backend.failures.settings = { code: "store.failed", message: "The local cache is damaged" };
    const form = new SettingsForm();
    await form.load();
    expect(form.loadError?.message).toBe("The local cache is damaged");
  });
});

describe("wholeMinutes", () => {
  it("takes whole numbers only", () => {
    expect(["5", " 1440 ", "0"].map(wholeMinutes)).toEqual([5, 1440, 0]);
    expect(["", "-1", "1.5", "1e3", "ten"].map(wholeMinutes)).toEqual([null, null, null, null, null]);
  });
});

describe("SandboxReset", () => {
  it("deletes nothing until the merchant confirms", async () => {
    const reset = new SandboxReset();
    expect(await reset.confirm()).toBeNull();
    reset.ask();
    reset.keep();
    expect(await reset.confirm()).toBeNull();
    expect(sent("reset_sandbox")).toHaveLength(0);

    reset.ask();
    const info = await reset.confirm();
    expect(sent("reset_sandbox")).toHaveLength(1);
    expect(info?.mode).toBe("sandbox");
    expect(reset.done).toBe(true);
    expect(reset.asking).toBe(false);
  });
});
