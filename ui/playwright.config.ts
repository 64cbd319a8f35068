// Playwright: the built UI (vite preview on a fixed port) in the system's headless Chromium,
// with the Tauri IPC replaced by the fixture backend (tests/browser/stub.ts). Nothing is
// downloaded: the browser is /usr/bin/chromium (Debian package `chromium`).
import { defineConfig } from "@playwright/test";

const PORT = 4178;

export default defineConfig({
  testDir: "tests/browser",
  outputDir: "test-results/playwright",
  globalSetup: "./tests/browser/build-stub.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // The machine is shared with Rust builds: be patient rather than flaky.
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 820 },
    colorScheme: "light",
    launchOptions: {
      executablePath: process.env.PAYDESK_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    },
    trace: "off",
  },
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
