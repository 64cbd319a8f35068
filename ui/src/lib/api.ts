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
import { channel } from "./channel";

export const api = commands;

export type { Unlisten } from "./channel";

/** Sync progress, for every subscriber (one shell listener for the app's life). */
export const onSyncProgress = channel<SyncEvent>(events.syncProgressEvent.listen);

/** Payout status changes, for every subscriber. */
export const onPayoutUpdate = channel<PayoutUpdate>(events.payoutUpdateEvent.listen);

/** Export progress, for every subscriber. */
export const onExportProgress = channel<ExportProgress>(events.exportProgressEvent.listen);

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
