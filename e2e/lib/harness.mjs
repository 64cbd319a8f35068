// The harness: starts tauri-driver (which starts WebKitWebDriver), opens a WebDriver session on
// the real Paydesk binary with a given data dir, and takes a screenshot after every step into
// e2e/artifacts/<scenario>/ (also when the step fails).
//
// Expects to run inside an X display (DISPLAY set, see scripts/e2e.sh) and a D-Bus session
// with an unlocked keyring (scripts/in-keyring-session.sh). Retries happen only around starting
// the driver (a port taken, the driver slow to listen), never around an assertion.

import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, "..");
export const ARTIFACTS = process.env.PAYDESK_E2E_ARTIFACTS ?? path.join(E2E_DIR, "artifacts");

/** The app binary under test (absolute path), from PAYDESK_E2E_APP. */
export function appBinary() {
  const app = process.env.PAYDESK_E2E_APP;
  if (!app || !existsSync(app)) {
    throw new Error(`PAYDESK_E2E_APP must name the built paydesk binary (got '${app ?? ""}')`);
  }
  return path.resolve(app);
}

function tauriDriverBinary() {
  const candidates = [
    process.env.TAURI_DRIVER,
    path.join(os.homedir(), ".cache/paydesk/tools/bin/tauri-driver"),
    path.join(os.homedir(), ".cargo/bin/tauri-driver"),
  ].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`tauri-driver not found (looked at ${candidates.join(", ")}); run scripts/setup.sh test`);
  return found;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function driverAnswers(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** A running tauri-driver. `stop()` ends it (and the WebKitWebDriver it started). */
export class Driver {
  constructor(child, port, log) {
    this.child = child;
    this.port = port;
    this.log = log;
  }

  /** Starts tauri-driver; `env` adds to the environment it (and so the app) runs in. */
  static async start({ attempts = 3, waitMs = 15_000, env = {} } = {}) {
    const binary = tauriDriverBinary();
    const native = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";
    let lastError;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const port = await freePort();
      let nativePort = await freePort();
      while (nativePort === port) nativePort = await freePort();
      const log = [];
      const child = spawn(
        binary,
        ["--port", String(port), "--native-port", String(nativePort), "--native-driver", native],
        { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
      );
      child.stdout.on("data", (d) => log.push(String(d)));
      child.stderr.on("data", (d) => log.push(String(d)));
      let exited = false;
      child.on("exit", () => (exited = true));
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline && !exited) {
        if (await driverAnswers(port)) return new Driver(child, port, log);
        await sleep(200);
      }
      lastError = new Error(
        `tauri-driver did not answer on port ${port} (attempt ${attempt}/${attempts}): ${log.join("").trim()}`,
      );
      console.error(`# ${lastError.message}`);
      await stopChild(child);
    }
    throw lastError;
  }

  /**
   * Opens a session: this launches the app with the given arguments. `application` names
   * another binary than PAYDESK_E2E_APP's (`make measure` launches its floor app this way).
   */
  async launch(args, { application = appBinary() } = {}) {
    return remote({
      hostname: "127.0.0.1",
      port: this.port,
      logLevel: "warn",
      // Session creation is the app's start: no hidden retry of it.
      connectionRetryCount: 0,
      connectionRetryTimeout: 120_000,
      waitforTimeout: 30_000,
      capabilities: {
        // No browserName: tauri-driver and WebKitWebDriver take the app from tauri:options.
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application, args },
      },
    });
  }

  /** Ends the driver, and then any process it started that is still there (by pid). */
  async stop() {
    const started = processTree(this.child.pid).filter((pid) => pid !== this.child.pid);
    await stopChild(this.child);
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}

/** Resolves with the promise's value, or with `fallback` after `ms` (a hung call never blocks). */
export function within(promise, ms, fallback = undefined) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
    }),
  ]);
}

/**
 * Ends a scenario: closes the session (at most 15 s: WebKitWebDriver can hang there), stops
 * the driver and whatever it started, removes the data dir. Never throws.
 */
export async function teardown({ browser, driver, data }) {
  if (browser) await within(browser.deleteSession().catch(() => {}), 15_000);
  if (driver) await driver.stop().catch(() => {});
  data?.cleanup();
}

async function stopChild(child) {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  }
  // Processes it started inherit its output pipes; do not let them keep this test alive.
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** A fresh app-data dir; removed by `cleanup()` unless PAYDESK_E2E_KEEP is set. */
export function freshDataDir(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `paydesk-e2e-${name}-`));
  return {
    dir,
    cleanup() {
      if (!process.env.PAYDESK_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      else console.log(`# data dir kept: ${dir}`);
    },
  };
}

/**
 * Screenshots for one scenario: `step(browser, label, fn)` runs fn and then writes
 * artifacts/<scenario>/NN-label.png, or NN-label-FAILED.png when fn threw (the error is
 * re-thrown; the screenshot never hides it).
 */
export function screenshots(scenario) {
  const dir = path.join(ARTIFACTS, scenario);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    dir,
    async step(browser, label, fn) {
      n += 1;
      const slug = `${String(n).padStart(2, "0")}-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
      let failed = false;
      try {
        return await fn();
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        const file = path.join(dir, `${slug}${failed ? "-FAILED" : ""}.png`);
        try {
          await captureDisplay(file);
        } catch (e) {
          console.error(`# screenshot ${file} not written: ${e.message}`);
        }
      }
    },
  };
}

/**
 * Writes a PNG of the whole X display (the app's window as a person sees it, native dialogs
 * included) with ImageMagick's `import`. WebKitWebDriver's own screenshot command hangs under
 * Xvfb here (no answer within 120 s, and the session is stuck after it), so it is not used.
 */
export function captureDisplay(file) {
  return new Promise((resolve, reject) => {
    execFile("import", ["-display", process.env.DISPLAY ?? "", "-window", "root", file], { timeout: 15_000 }, (error) =>
      error ? reject(error) : resolve(file),
    );
  });
}

/**
 * Runs xdotool on the test's X display and resolves with its output. It reaches what WebDriver
 * cannot (native windows such as the GTK save dialog): window search and XTEST keyboard input.
 * A search that finds nothing rejects with `notFound` set (xdotool exits 1 then).
 */
export function xdotool(args, { timeoutMs = 15_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile("xdotool", args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout.trim());
      const why = error.killed ? `no answer within ${timeoutMs} ms` : (stderr.trim() || error.message);
      const e = new Error(`xdotool ${args.join(" ")}: ${why}`);
      e.notFound = !error.killed && error.code === 1 && !stderr.trim();
      reject(e);
    });
  });
}

/** The X id of the first visible window whose title matches `name` (a regex), waiting for it. */
export async function waitForWindow(name, { timeoutMs = 30_000 } = {}) {
  try {
    const ids = await xdotool(["search", "--sync", "--onlyvisible", "--name", name], { timeoutMs });
    return ids.split("\n")[0];
  } catch (e) {
    throw new Error(`no visible window titled /${name}/ within ${timeoutMs} ms (${e.message})`);
  }
}

/** Whether a visible window's title matches `name` (a regex). */
export async function windowShown(name) {
  try {
    return (await xdotool(["search", "--onlyvisible", "--name", name])) !== "";
  } catch (e) {
    if (e.notFound) return false;
    throw e;
  }
}

/** Calls one of the app's commands from inside the real webview (the same IPC the UI uses). */
export async function invoke(browser, command, args = {}) {
  const result = await browser.executeAsync(
    (command, args, done) => {
      window.__TAURI_INTERNALS__
        .invoke(command, args)
        .then((data) => done({ ok: true, data }))
        .catch((error) => done({ ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }));
    },
    command,
    args,
  );
  if (!result.ok) throw new Error(`command ${command} failed: ${result.error}`);
  return result.data;
}

/** The pids of a process and all its descendants, from /proc. */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const out = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift();
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** A process's command name, or null when it is gone. */
export function processName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

/** Polls `check` (async, returns a truthy value when done) until it holds or time runs out. */
export async function until(check, { timeoutMs = 30_000, intervalMs = 250, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Waits until the app's background start is over and all five sandbox accounts have synced
 * (since `since`, a Date, when given) with none syncing; resolves with that Overview. An
 * Overview asked for during the start lists no account yet on a fresh data dir, so "every
 * account has synced" alone would hold at once.
 */
export async function untilSynced(browser, { since = null, timeoutMs = 120_000, what = "the first sync of all five accounts" } = {}) {
  return until(
    async () => {
      const o = await invoke(browser, "overview");
      const synced = (a) => a.sync.lastSync && !a.sync.running && (!since || Date.parse(a.sync.lastSync) >= since.getTime());
      return !o.starting && o.accounts.length === 5 && o.accounts.every(synced) ? o : null;
    },
    { timeoutMs, what },
  );
}

export { sleep };

/** The app's own processes (named `paydesk`) among what the driver started. */
export function appPids(driver) {
  return processTree(driver.child.pid).filter((pid) => processName(pid) === "paydesk");
}

/**
 * The TCP ports the app itself listens on, leaving out WebKit's remote-inspector port, which
 * WebKitWebDriver asks for (WEBKIT_INSPECTOR_SERVER in the app's environment) to drive it.
 */
export function appListeningPorts(driver) {
  const pids = appPids(driver);
  const automation = new Set();
  for (const pid of pids) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      for (const entry of env) {
        const m = /^WEBKIT_INSPECTOR(?:_HTTP)?_SERVER=.*:(\d+)$/.exec(entry);
        if (m) automation.add(Number(m[1]));
      }
    } catch {
      // gone
    }
  }
  return listeningPorts(pids).filter((port) => !automation.has(port));
}

/**
 * The TCP ports these processes listen on, from /proc: their socket inodes (/proc/PID/fd)
 * matched against the listening entries (state 0A) of /proc/net/tcp and tcp6.
 */
export function listeningPorts(pids) {
  const inodes = new Set();
  for (const pid of pids) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines = [];
    try {
      lines = readFileSync(table, "utf8").trim().split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (state === "0A" && inodes.has(inode)) ports.push(parseInt(local.split(":").pop(), 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/**
 * Starts the standalone simulators (`paydesk-sandbox`, PAYDESK_E2E_SANDBOX) with `args` and
 * resolves once they print their base URLs: `{ urls: { Hexai: "http://127.0.0.1:…" , … }, stop() }`.
 */
export async function startSimulators(args, { timeoutMs = 60_000 } = {}) {
  const binary = process.env.PAYDESK_E2E_SANDBOX;
  if (!binary || !existsSync(binary)) {
    throw new Error(`PAYDESK_E2E_SANDBOX must name the paydesk-sandbox binary (got '${binary ?? ""}')`);
  }
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += String(d)));
  child.stderr.on("data", (d) => (out += String(d)));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes("Serving until Ctrl-C.")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`paydesk-sandbox did not start: ${out.trim()}`);
    }
    await sleep(100);
  }
  const urls = {};
  for (const m of out.matchAll(/^(\S+)\s+(http:\/\/127\.0\.0\.1:\d+\S*)$/gm)) urls[m[1]] = m[2];
  return { urls, stop: () => stopChild(child) };
}
