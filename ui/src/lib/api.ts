// The one door to the backend: every command and event the views use goes through here, so
// tests can mock the shell in one place. Types come from the bindings. (Native dialogs, such
// as the export's save dialog, are opened by the Rust side, never from here.)

import {
  commands,
  events,
  type AppError,
  type ExportProgress,
  type PayoutUpdate,
  type Result,
  type SyncEvent,
} from "./bindings";

export const api = commands;

export type Unlisten = () => void;

/** Subscribes to an event's payloads; returns the unsubscribe function (safe to call early). */
function subscribe<T>(
  listen: (cb: (e: { payload: T }) => void) => Promise<() => void>,
  handler: (payload: T) => void,
): Unlisten {
  let stop: (() => void) | null = null;
  let stopped = false;
  listen((e) => handler(e.payload))
    .then((un) => {
      if (stopped) un();
      else stop = un;
    })
    .catch(() => {
      /* outside the shell (plain browser): no events */
    });
  return () => {
    stopped = true;
    stop?.();
  };
}

export function onSyncProgress(handler: (event: SyncEvent) => void): Unlisten {
  return subscribe(events.syncProgressEvent.listen, handler);
}

export function onPayoutUpdate(handler: (event: PayoutUpdate) => void): Unlisten {
  return subscribe(events.payoutUpdateEvent.listen, handler);
}

export function onExportProgress(handler: (event: ExportProgress) => void): Unlisten {
  return subscribe(events.exportProgressEvent.listen, handler);
}

/** Any thrown value as an AppError, so views show one kind of error. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "message" in e && "code" in e) return e as AppError;
  if (e instanceof Error) return { code: "internal", message: e.message };
  return { code: "internal", message: String(e) };
}

/** Runs a command; a thrown error (IPC failure) becomes an error result too. */
export async function call<T>(run: () => Promise<Result<T, AppError>>): Promise<Result<T, AppError>> {
  try {
    return await run();
  } catch (e) {
    return { status: "error", error: asAppError(e) };
  }
}
