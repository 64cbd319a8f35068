// The flow of a payout or payment request form, shared by Payouts and Get paid: the form as
// the merchant fills it in (read from a draft, forms/drafts.svelte.ts; validated by the
// backend after a pause, stale answers ignored), Review (a draft written to the journal),
// Confirm (the retyped amount; the Rust side decides and sends), the result, Back (the draft
// is cancelled, never sent) and Start over. The view only shows it.

import type { AppError, PayoutDraft, PayoutForm, PayoutView } from "../../lib/bindings";
import { api, call } from "../../lib/api";

type FlowBackend = Pick<typeof api, "validatePayout" | "preparePayout" | "confirmPayout" | "cancelPayout">;

export type Step = "form" | "confirm" | "done";

export class RequestFlow {
  step = $state<Step>("form");
  /** Bumped to mount a fresh, empty form. */
  formKey = $state(0);
  /** True once the merchant typed: field errors show from then on. */
  touched = $state(false);
  fieldError = $state<AppError | null>(null);
  validating = $state(false);
  preparing = $state(false);
  sending = $state(false);
  stepError = $state<AppError | null>(null);
  draft = $state<PayoutDraft | null>(null);
  sent = $state<PayoutView | null>(null);

  /** Where the form is read from: the draft being filled in, or a form set whole. */
  #source = $state.raw<() => PayoutForm | null>(() => null);
  /** The form last handed to validation: a draft's derived form is a new object when it changes. */
  #checked: PayoutForm | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  constructor(
    /** Called with every intent the flow learns about (sent, or abandoned and cancelled). */
    private onintent: (payout: PayoutView) => void,
    private delayMs = 400,
    private backend: FlowBackend = api,
  ) {}

  /** The form as it stands. */
  get form(): PayoutForm | null {
    return this.#source();
  }

  /** A form set whole (a sale's action, from its detail). */
  set form(value: PayoutForm | null) {
    this.#source = () => value;
    this.#schedule();
  }

  /** From now on the form is the one `form` derives: the draft the merchant fills in. */
  follow(form: () => PayoutForm | null): void {
    this.#source = form;
  }

  /** The merchant typed or chose something: field errors show from now on, and the form is
   *  checked again after a pause if it changed. */
  touch(): void {
    if (this.touched && this.form === this.#checked) return;
    this.touched = true;
    this.#schedule();
  }

  /** The form changed with no typing (a quote arrived): checked again after a pause. */
  changed(): void {
    this.#schedule();
  }

  /** Another kind of form: nothing of the last one carries over. */
  reset(): void {
    this.#stop();
    this.fieldError = null;
    this.touched = false;
  }

  /** Writes the draft and shows the confirmation; `blocked` says why it may not (held...). */
  async review(blocked: string | null): Promise<void> {
    const form = this.form;
    if (!form || blocked || this.preparing) return;
    this.#stop();
    this.stepError = null;
    this.preparing = true;
    const result = await call(() => this.backend.preparePayout($state.snapshot(form) as PayoutForm));
    this.preparing = false;
    if (result.status === "ok") {
      this.draft = result.data;
      this.step = "confirm";
    } else {
      this.fieldError = result.error;
      this.touched = true;
    }
  }

  /** Asks the backend to send the draft with the amount the merchant retyped. */
  async confirm(typedAmount: string | null): Promise<void> {
    const draft = this.draft;
    if (!draft || this.sending) return;
    this.sending = true;
    this.stepError = null;
    const result = await call(() => this.backend.confirmPayout(draft.id, typedAmount));
    this.sending = false;
    if (result.status === "ok") {
      this.sent = result.data;
      this.onintent(result.data);
      this.step = "done";
    } else this.stepError = result.error;
  }

  /** Back to the form: the draft is abandoned (cancelled in the journal, never sent). */
  back(): void {
    const abandoned = this.draft;
    this.step = "form";
    this.draft = null;
    this.stepError = null;
    if (abandoned) {
      void call(() => this.backend.cancelPayout(abandoned.id)).then((result) => {
        if (result.status === "ok") this.onintent(result.data);
      });
    }
  }

  /** A new, empty form after a result. */
  startOver(): void {
    this.step = "form";
    this.draft = null;
    this.sent = null;
    this.stepError = null;
    this.fieldError = null;
    this.touched = false;
    this.formKey += 1;
  }

  /** An intent changed elsewhere (an event): the result shows it. */
  saw(payout: PayoutView): void {
    if (this.sent?.id === payout.id) this.sent = payout;
  }

  /** Stops a pending validation (the view is going away). */
  dispose(): void {
    this.#stop();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#asked++;
    this.validating = false;
  }

  #schedule(): void {
    const form = this.form;
    if (!form || !this.touched || this.step !== "form") return;
    this.#checked = form;
    const snapshot = $state.snapshot(form) as PayoutForm;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      const mine = ++this.#asked;
      this.validating = true;
      const result = await call(() => this.backend.validatePayout(snapshot));
      if (mine !== this.#asked) return;
      this.validating = false;
      this.fieldError = result.status === "error" ? result.error : null;
    }, this.delayMs);
  }
}
