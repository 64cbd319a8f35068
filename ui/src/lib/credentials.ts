// What each provider needs to connect: the account mode where the provider has one, and the
// credential fields (secrets are typed once and kept only in the OS keyring).

import type { ProviderKind } from "./bindings";

export interface CredentialSpec {
  field: string;
  label: string;
  required: boolean;
  /** A secret (password input); otherwise a choice among `options`. */
  secret: boolean;
  options?: readonly string[];
  /** The option a live account takes (HPAY's environment follows the credentials). */
  liveOption?: string;
}

const secret = (field: string, label: string, required = true): CredentialSpec => ({
  field,
  label,
  required,
  secret: true,
});

export const CREDENTIALS: Record<ProviderKind, readonly CredentialSpec[]> = {
  hexai: [secret("secret_key", "Secret key"), secret("webhook_secret", "Webhook secret", false)],
  hgcash: [secret("token", "API token"), secret("webhook_secret", "Webhook secret", false)],
  hpay: [
    secret("api_key", "API key"),
    secret("public_key", "Public key"),
    secret("secret_key", "Secret key"),
    { field: "mode", label: "HPAY environment", required: true, secret: false, options: ["TEST", "PROD"], liveOption: "PROD" },
  ],
  cashweb: [secret("api_key", "API key"), secret("webhook_secret", "Webhook secret", false)],
  hubcash: [secret("code", "Merchant code"), secret("token", "Token")],
};

/** Providers whose accounts are explicitly sandbox or live (the others: their credentials say). */
export const HAS_MODE: readonly ProviderKind[] = ["hgcash", "cashweb", "hubcash"];
