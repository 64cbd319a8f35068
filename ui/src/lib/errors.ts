// An error in the merchant's words: each stable error code and each provider refusal as a
// sentence in the chosen language, the field at fault by its label (never its internal
// name), and what the provider or the backend said shown beneath as received.

import type { AppError, ErrorCode } from "./bindings";
import * as m from "../paraglide/messages.js";

type Message = () => string;

const CODES: Record<ErrorCode, Message> = {
  "input.invalid": m.error_input_invalid,
  "money.currency_mismatch": m.error_money_currency_mismatch,
  "provider.unavailable": m.error_provider_unavailable,
  "provider.unauthorized": m.error_provider_unauthorized,
  "provider.rate_limited": m.error_provider_rate_limited,
  "provider.rejected": m.error_provider_rejected,
  "provider.malformed_response": m.error_provider_malformed_response,
  "provider.not_found": m.error_provider_not_found,
  "provider.redirect_refused": m.error_provider_redirect_refused,
  "provider.reply_too_large": m.error_provider_reply_too_large,
  "payout.insufficient_balance": m.error_payout_insufficient_balance,
  "payout.in_flight": m.error_payout_in_flight,
  "payout.reconciliation_pending": m.error_payout_reconciliation_pending,
  "payout.quote_expired": m.error_payout_quote_expired,
  "payout.not_cancellable": m.error_payout_not_cancellable,
  "payout.not_confirmed": m.error_payout_not_confirmed,
  "payout.cbu_check_failed": m.error_payout_cbu_check_failed,
  "account.has_open_payouts": m.error_account_has_open_payouts,
  "account.not_found": m.error_account_not_found,
  "keyring.unavailable": m.error_keyring_unavailable,
  "keyring.locked": m.error_keyring_locked,
  "store.failed": m.error_store_failed,
  internal: m.error_internal,
};

/** Form fields by the name the backend gives them (snake or camel case). */
const FIELDS: Record<string, Message> = {
  account: m.field_account,
  amount: m.field_amount,
  concept: m.field_concept,
  crypto_currency: m.field_crypto_currency,
  customer_document: m.field_customer_document,
  customer_name: m.field_customer_name,
  description: m.field_description,
  fiat_amount: m.field_fiat_amount,
  from_name: m.field_from_name,
  label: m.field_label,
  network: m.field_network,
  product_name: m.field_product_name,
  quote_id: m.field_quote_id,
  sale_id: m.field_sale_id,
  seller_phone: m.field_seller_phone,
  source_account_id: m.field_source_account_id,
  to_cbu: m.field_to_cbu,
  to_cvu: m.field_to_cvu,
  to_cuit: m.field_to_cuit,
  to_name: m.field_to_name,
  phone: m.field_phone,
  base_url: m.field_base_url,
  credentials: m.field_credentials,
  mode: m.field_mode,
  from: m.field_from,
  to: m.field_to,
  id: m.field_id,
  syncIntervalMinutes: m.field_syncIntervalMinutes,
  staleAfterMinutes: m.field_staleAfterMinutes,
  successUrl: m.field_successUrl,
  errorUrl: m.field_errorUrl,
  clientReference: m.field_clientReference,
  days: m.field_days,
};

/** The backend's field rules, as it words them in English, and their translations. */
const RULES: Record<string, Message> = {
  "an amount is required": m.rule_amount_required,
  "must be more than zero": m.rule_more_than_zero,
  "must be exactly 22 digits": m.rule_digits_22,
  "must be 11 digits": m.rule_digits_11,
  "is required": m.rule_required,
  "must be an http(s) URL": m.rule_http_url,
  "a CBU or a CVU is required": m.rule_cbu_or_cvu,
  "choose the Paydesk account": m.rule_choose_account,
  "choose the network": m.rule_choose_network,
  "choose the stablecoin": m.rule_choose_coin,
  "enter the sale's id": m.rule_enter_sale,
  "say what is sold": m.rule_say_what,
  "who pays is required": m.rule_who_pays,
  "must be one of your HG.Cash accounts": m.rule_hgcash_source,
  "A whole number of minutes": m.rule_whole_minutes,
};

/** Provider refusal codes (as Hexai, HPAY, CashWeb or HG.Cash send them) and their sentences. */
const REFUSALS: Record<string, Message> = {
  INSUFFICIENT_FUNDS: m.refusal_insufficient_funds,
  INSUFFICIENT_BALANCE: m.refusal_insufficient_funds,
  INSUFFICIENT_NET_BALANCE: m.refusal_insufficient_funds,
  INVALID_PHONE: m.refusal_invalid_phone,
  INVALID_AMOUNT: m.refusal_invalid_amount,
  INVALID_CURRENCY: m.refusal_invalid_currency,
  ACCOUNT_BLOCKED: m.refusal_account_blocked,
  DESTINATION_ERROR: m.refusal_destination_error,
  DUPLICATE_REFERENCE: m.refusal_duplicate_reference,
  DUPLICATE_EXTERNAL_ID: m.refusal_duplicate_reference,
  DUPLICATE_MERCHANT_REFERENCE: m.refusal_duplicate_reference,
  RATE_LIMIT_EXCEEDED: m.refusal_rate_limited,
  RATE_LIMITED: m.refusal_rate_limited,
  QUOTE_EXPIRED: m.refusal_quote_expired,
  UNAUTHORIZED: m.refusal_unauthorized,
  SERVICE_UNAVAILABLE: m.refusal_service_unavailable,
};

/** A field's label in the chosen language; "This value" for a field the UI does not know. */
export function fieldLabel(field: string): string {
  return (FIELDS[field] ?? m.field_unknown)();
}

/** The rule a field broke, translated when the UI knows it; as the backend worded it otherwise. */
function ruleText(rule: string): string {
  const known = RULES[rule];
  if (known) return known();
  const max = /^must be at most (\d+) characters$/.exec(rule);
  return max ? m.rule_at_most({ max: max[1] ?? "" }) : rule;
}

/** The rule a field error names, without the backend's "to_cbu: " prefix, translated when known. */
function fieldRule(error: AppError, field: string): string {
  const prefix = `${field}: `;
  return ruleText(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message);
}

/** What an error note shows: one sentence, and what was received beneath it (or nothing). */
export interface ErrorWords {
  sentence: string;
  received: string | null;
}

/**
 * The merchant's words for `error`. A field error reads "CBU/CVU: must be exactly 22 digits"
 * (the backend's "to_cbu: " prefix replaced by the field's label); any other error reads the
 * code's sentence with the backend's own message beneath.
 */
export function errorWords(error: AppError): ErrorWords {
  if (error.code === "input.invalid" && error.field) {
    return { sentence: m.error_field_value({ field: fieldLabel(error.field), problem: fieldRule(error, error.field) }), received: null };
  }
  if (error.code === "input.invalid") {
    const known = RULES[error.message];
    return known ? { sentence: known(), received: null } : { sentence: m.error_input_invalid(), received: error.message };
  }
  const sentence = (CODES[error.code] ?? m.error_internal)();
  const received = error.message.trim();
  return { sentence, received: received && received !== sentence ? received : null };
}

/**
 * What a form field shows beside itself (its label is right there): only the problem, "must be
 * exactly 22 digits"; any other error as `errorWords` words it.
 */
export function fieldProblem(error: AppError): ErrorWords {
  if (error.code === "input.invalid" && error.field) {
    return { sentence: fieldRule(error, error.field), received: null };
  }
  return errorWords(error);
}

/**
 * A provider's refusal reason (a payout's `reason`, "INSUFFICIENT_FUNDS: balance too low") as
 * a sentence, with the reason as received beneath; a reason without a known code is shown as is.
 */
export function refusalWords(reason: string): ErrorWords {
  const code = /^[A-Z][A-Z_]{3,}/.exec(reason.trim())?.[0];
  const known = code ? REFUSALS[code] : undefined;
  return known ? { sentence: known(), received: reason } : { sentence: reason, received: null };
}
