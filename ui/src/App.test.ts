// The app frame against a mocked shell: navigation, SANDBOX badge, keyboard navigation, and the
// ready report the smoke test relies on. The views' own commands go to the fixture backend.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
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

beforeEach(() => {
  calls = [];
  readyError = null;
  window.location.hash = "";
  const backend = new FixtureBackend(() => {});
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "app_info") return { version: "0.1.0", sandbox: true, dataDir: "/tmp/paydesk" };
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
  it("shows the four views in the navigation and the SANDBOX badge", async () => {
    render(App);
    const nav = screen.getByRole("navigation", { name: "Main" });
    const labels = Array.from(nav.querySelectorAll("a")).map((a) => a.textContent?.trim());
    expect(labels).toEqual(["Overview", "Transactions", "Payouts", "Accounts"]);
    expect(await screen.findByText("SANDBOX")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Overview");
  });

  it("reports what it rendered to the shell once it is up", async () => {
    render(App);
    await waitFor(() => expect(calls.some((c) => c.cmd === "ui_ready")).toBe(true));
    const ready = calls.find((c) => c.cmd === "ui_ready");
    expect(ready?.args).toEqual({
      report: {
        view: "overview",
        navigation: ["Overview", "Transactions", "Payouts", "Accounts"],
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
  });
});

describe("routes", () => {
  it("maps hashes to views, falling back to Overview", () => {
    expect(viewFromHash("#/accounts")).toBe("accounts");
    expect(viewFromHash("#/transactions?status=failed")).toBe("transactions");
    expect(viewFromHash("")).toBe("overview");
    expect(viewFromHash("#/nope")).toBe("overview");
  });
});
