// Linking a payout Paydesk cannot follow (an HG.Cash cash-out HG.Cash accepted without giving
// its id) to the id the merchant found in the provider's dashboard. The Rust side asks the
// provider for that id and refuses one that is another payout's; this flow only carries the
// merchant's text there and back.

import type { AppError, PayoutView } from "../../lib/bindings";
import { api, call } from "../../lib/api";

type LinkBackend = Pick<typeof api, "linkPayout">;

export class PayoutLink {
  /** What the merchant typed. */
  providerId = $state("");
  busy = $state(false);
  /** Why the last link was refused, in the backend's words. */
  error = $state<AppError | null>(null);

  readonly ready = $derived(this.providerId.trim().length > 0 && !this.busy);

  constructor(
    private payout: () => PayoutView,
    private onlinked: (payout: PayoutView) => void,
    private backend: LinkBackend = api,
  ) {}

  /** Sends the typed id; true when the payout is now linked. */
  async submit(): Promise<boolean> {
    if (!this.ready) return false;
    this.busy = true;
    this.error = null;
    const result = await call(() => this.backend.linkPayout(this.payout().id, this.providerId.trim()));
    this.busy = false;
    if (result.status === "error") {
      this.error = result.error;
      return false;
    }
    this.providerId = "";
    this.onlinked(result.data);
    return true;
  }
}
