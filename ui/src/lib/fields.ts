// Where a backend error goes on a form: beside the field it names when that field is on
// screen, otherwise in the form's general error line (so no message is ever lost).

import type { AppError } from "./bindings";

/**
 * True when the backend's field name is this form field: the engine names fields in
 * snake_case (`recipient_mobile`, `base_url`), the desk sometimes in camelCase (`typedAmount`).
 */
export function sameField(backend: string | null | undefined, field: string): boolean {
  if (!backend) return false;
  const norm = (s: string) => s.replace(/[_-]/g, "").toLowerCase();
  return norm(backend) === norm(field);
}

export function unplaced(error: AppError | null, form: HTMLElement | undefined): AppError | null {
  if (!error) return null;
  if (!error.field || !form) return error;
  const fields = Array.from(form.querySelectorAll<HTMLElement>("[data-field]"), (el) => el.dataset.field ?? "");
  return fields.some((f) => sameField(error.field, f)) ? null : error;
}
