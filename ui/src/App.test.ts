// The app frame against a mocked shell: navigation, SANDBOX badge, the mode switch, the welcome
// screen, keyboard navigation, and the ready report the smoke test relies on. The views' own
// commands go to the fixture backend.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { viewFromHash } from "./lib/routes";
import { FixtureBackend } from "./testing/backend";

interface Call {
  cmd: string;
  args: unknown;
}

let calls: Call[] = [];
let readyError: { code: string; message: string } | null = null;
let backend: FixtureBackend;

beforeEach(() => {
  calls = [];
  readyError = null;
  window.location.hash = "";
  backend = new FixtureBackend(() => {});
  backend.switchDelayMs = 50;
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "ui_ready") {
        if (readyError) throw readyError;
        return null;
      }
      return backend.handle(cmd, args as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("app frame", () => {
  it("shows the six views in the navigation, the mode switch and the SANDBOX badge", async () => {
    render(App);
    const nav = screen.getByRole("navigation", { name: "Main" });
    const labels = Array.from(nav.querySelectorAll("a")).map((a) => a.textContent?.trim());
    expect(labels).toEqual(["Overview", "Transactions", "Payouts", "Get paid", "Accounts", "Settings"]);
    expect(await screen.findByText("SANDBOX", { selector: "span" })).toBeTruthy();
    const modes = screen.getByRole("group", { name: "Mode" });
    expect(within(modes).getByRole("button", { name: "SANDBOX" }).getAttribute("aria-pressed")).toBe("true");
    expect(within(modes).getByRole("button", { name: "LIVE" }).getAttribute("aria-pressed")).toBe("false");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Overview");
  });

  it("switches to LIVE: says so while switching, then shows only the live accounts", async () => {
    window.location.hash = "#/accounts";
    render(App);
    expect(await screen.findByRole("article", { name: "Hexai Banjul" })).toBeTruthy();
    const modes = await screen.findByRole("group", { name: "Mode" });
    await fireEvent.click(within(modes).getByRole("button", { name: "LIVE" }));
    expect((await screen.findByText("Switching to live…")).getAttribute("role")).toBe("status");
    expect(await screen.findByRole("article", { name: "Hexai Serekunda" })).toBeTruthy();
    expect(screen.queryByRole("article", { name: "Hexai Banjul" })).toBeNull();
    expect(screen.queryByText("SANDBOX", { selector: "span" })).toBeNull();
    expect(within(modes).getByRole("button", { name: "LIVE" }).getAttribute("aria-pressed")).toBe("true");
    expect(calls.filter((c) => c.cmd === "switch_mode").map((c) => c.args)).toEqual([{ mode: "live" }]);
  });

  it("opens on the welcome screen on a first run, without navigation, and starts the sandbox", async () => {
    backend.firstRun();
    render(App);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Welcome to Paydesk");
    expect(screen.queryByRole("navigation", { name: "Main" })).toBeNull();
    expect(screen.queryByRole("group", { name: "Mode" })).toBeNull();
    await waitFor(() => expect(calls.some((c) => c.cmd === "ui_ready")).toBe(true));
    expect(calls.find((c) => c.cmd === "ui_ready")?.args).toMatchObject({ report: { view: "welcome", navigation: [] } });

    await fireEvent.click(screen.getByRole("button", { name: "Try it with simulated providers" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Overview"));
    expect(backend.mode).toBe("sandbox");
    expect(screen.getByRole("navigation", { name: "Main" })).toBeTruthy();
  });

  it("reports what it rendered to the shell once it is up", async () => {
    render(App);
    await waitFor(() => expect(calls.some((c) => c.cmd === "ui_ready")).toBe(true));
    const ready = calls.find((c) => c.cmd === "ui_ready");
    expect(ready?.args).toEqual({
      report: {
        view: "overview",
        navigation: ["#/overview", "#/transactions", "#/payouts", "#/get-paid", "#/accounts", "#/settings"],
        // jsdom lays nothing out, so the badge has no client rects here; the real webview does.
        sandboxBadge: false,
      },
    });
  });

  it("shows the shell's error message when the ready report is refused", async () => {
    readyError = { code: "internal", message: "the app frame is incomplete: SANDBOX badge" };
    render(App);
    await waitFor(() =>
      expect(
        screen.getAllByRole("alert").some((a) =>
          a.textContent?.includes("the app frame is incomplete: SANDBOX badge"),
        ),
      ).toBe(true),
    );
  });

  it("switches views from the URL hash and with Alt+number", async () => {
    render(App);
    window.location.hash = "#/payouts";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Payouts"));
    expect(
      screen.getByRole("link", { name: "Payouts" }).getAttribute("aria-current"),
    ).toBe("page");

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "2", altKey: true }));
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() =>
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Transactions"),
    );
    expect(window.location.hash).toBe("#/transactions");

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "4", altKey: true }));
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Get paid"));

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "6", altKey: true }));
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Settings"));
  });
});

describe("routes", () => {
  it("maps hashes to views, falling back to Overview", () => {
    expect(viewFromHash("#/accounts")).toBe("accounts");
    expect(viewFromHash("#/settings")).toBe("settings");
    expect(viewFromHash("#/get-paid?form=hpay")).toBe("get-paid");
    expect(viewFromHash("#/transactions?status=failed")).toBe("transactions");
    expect(viewFromHash("")).toBe("overview");
    expect(viewFromHash("#/nope")).toBe("overview");
  });
});
