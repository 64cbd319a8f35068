// The app's mode as the frame knows it: what the backend last said (version, mode, folders)
// and a switch between LIVE and SANDBOX while it runs. The frame remounts the views when the
// mode changes, so each view loads only the new mode's data.

import type { AppError, AppInfo, Mode } from "./lib/bindings";
import { api, call } from "./lib/api";

type Backend = Pick<typeof api, "appInfo" | "switchMode">;

export class AppMode {
  info = $state<AppInfo | null>(null);
  /** The mode being switched to, while the switch runs. */
  switching = $state<Mode | null>(null);
  /** Why the last switch failed. */
  error = $state<AppError | null>(null);
  /** The current mode; null before it is known and on the welcome screen. */
  mode = $derived(this.info?.mode ?? null);
  /** No mode chosen yet (no live account, plain launch): the welcome screen. */
  welcome = $derived(this.info !== null && this.info.mode === null);

  constructor(private backend: Backend = api) {}

  /** Reads the app's info; a failure (IPC, or an app that could not start) is thrown. */
  async load(): Promise<void> {
    const result = await this.backend.appInfo();
    if (result.status === "error") throw new Error(result.error.message);
    this.info = result.data;
  }

  /** Switches to `mode`; true once the app runs in it. */
  async switchTo(mode: Mode): Promise<boolean> {
    if (this.switching) return false;
    if (mode === this.mode) return true;
    this.switching = mode;
    this.error = null;
    const result = await call(() => this.backend.switchMode(mode));
    this.switching = null;
    if (result.status === "error") {
      this.error = result.error;
      return false;
    }
    this.info = result.data;
    return true;
  }

  /** Takes a newer answer (after a sandbox reset). */
  update(info: AppInfo): void {
    this.info = info;
  }
}
