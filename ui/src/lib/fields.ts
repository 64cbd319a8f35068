// Where a backend error goes on a form: beside the field it names when that field is on
// screen, otherwise in the form's general error line (so no message is ever lost).

import type { AppError } from "./bindings";

export function unplaced(error: AppError | null, form: HTMLElement | undefined): AppError | null {
  if (!error) return null;
  if (!error.field || !form) return error;
  const escaped = typeof CSS !== "undefined" && CSS.escape ? CSS.escape(error.field) : error.field;
  return form.querySelector(`[data-field="${escaped}"]`) ? null : error;
}
