// Each provider's credential fields by the names the merchant knows from the provider's
// dashboard ("Secret key", "Merchant code"), in the chosen language; never the internal
// field name (`secret_key`). Read where shown: the language can change at run time.

import type { ProviderKind } from "../../lib/bindings";
import { CREDENTIALS } from "../../lib/credentials";
import * as m from "../../paraglide/messages.js";

const LABELS: Record<string, () => string> = {
  "hexai.secret_key": m.accounts_cred_secret_key,
  "hexai.webhook_secret": m.accounts_cred_webhook_secret,
  "hgcash.token": m.accounts_cred_api_token,
  "hgcash.webhook_secret": m.accounts_cred_webhook_secret,
  "hpay.api_key": m.accounts_cred_api_key,
  "hpay.public_key": m.accounts_cred_public_key,
  "hpay.secret_key": m.accounts_cred_secret_key,
  "hpay.mode": m.accounts_cred_hpay_environment,
  "cashweb.api_key": m.accounts_cred_api_key,
  "cashweb.webhook_secret": m.accounts_cred_webhook_secret,
  "hubcash.code": m.accounts_cred_merchant_code,
  "hubcash.token": m.accounts_cred_token,
};

/** A credential field's label: translated when known, the provider spec's label otherwise. */
export function credentialLabel(provider: ProviderKind, field: string): string {
  const known = LABELS[`${provider}.${field}`];
  if (known) return known();
  return CREDENTIALS[provider]?.find((s) => s.field === field)?.label ?? field;
}

/**
 * A translated sentence cut around one placeholder's marker, so that the part it stands for
 * can be styled apart (a `<code>` URL, a coloured status) while each language keeps its own
 * word order: `around(m.x({ url: MARK }), MARK)` gives the text before and after it.
 */
export function around(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + marker.length)];
}

/** The marker `around` cuts at (a character no translation contains). */
export const MARK = "\u0001";
