//! Tokens, payment links and history items (§3.1 to §3.3) and their domain forms.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Direction, Money, ProviderKind, Secret, Transaction, TransactionKind,
    TransactionStatus,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::common::{currency, money, shorten};
use super::status::PaymentStatus;
use crate::exact::WireDecimal;
use crate::hpay::assumptions;
use crate::traits::PayoutReceipt;

/// The `balance` object of `/getToken/` (numbers there).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenBalanceWire {
    /// `currency`.
    pub currency: String,
    /// `main_balance`.
    pub main_balance: WireDecimal,
    /// `profit_balance`.
    pub profit_balance: WireDecimal,
}

/// `/getToken/` answer. No `Debug`: it holds the token.
#[derive(Deserialize)]
pub struct GetTokenResponse {
    /// `token`.
    pub token: String,
    /// `livetime` (`"15mn"`).
    #[serde(default)]
    pub livetime: Option<String>,
    /// `time_generated`, Unix seconds.
    #[serde(default)]
    pub time_generated: Option<i64>,
    /// `company`.
    #[serde(default)]
    pub company: Option<String>,
    /// `mode`.
    #[serde(default)]
    pub mode: Option<String>,
    /// `balance`.
    #[serde(default)]
    pub balance: Option<TokenBalanceWire>,
}

/// A session token and what came with it.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    /// The token (opaque).
    pub token: Secret,
    /// How long it lives (`livetime`, 15 minutes when unreadable).
    pub lifetime: Duration,
    /// `time_generated` on HPAY's clock.
    pub generated_at: Option<DateTime<Utc>>,
    /// `company`.
    pub company: Option<String>,
    /// `mode` as echoed.
    pub mode: Option<String>,
    /// `balance.main_balance`, when sent.
    pub main_balance: Option<Money>,
    /// `balance.profit_balance`, when sent.
    pub profit_balance: Option<Money>,
}

impl TryFrom<GetTokenResponse> for TokenGrant {
    type Error = String;
    fn try_from(wire: GetTokenResponse) -> Result<Self, Self::Error> {
        if wire.token.trim().is_empty() {
            return Err("the token is empty".into());
        }
        // The balance is a bonus here: one Paydesk cannot represent (a currency it does not
        // know) must not stop the session, so it is left out rather than refused.
        let (main_balance, profit_balance) = match &wire.balance {
            Some(b) => match currency(&b.currency) {
                Ok(currency) => (
                    money(b.main_balance, currency, "balance.main_balance").ok(),
                    money(b.profit_balance, currency, "balance.profit_balance").ok(),
                ),
                Err(_) => (None, None),
            },
            None => (None, None),
        };
        let lifetime = match wire.livetime.as_deref() {
            Some(text) => parse_livetime(text)?,
            None => None,
        };
        Ok(TokenGrant {
            lifetime: lifetime.unwrap_or(assumptions::DEFAULT_TOKEN_LIFETIME),
            generated_at: wire
                .time_generated
                .and_then(|s| DateTime::from_timestamp(s, 0)),
            company: wire.company,
            mode: wire.mode,
            main_balance,
            profit_balance,
            token: Secret::new(wire.token),
        })
    }
}

/// Reads `livetime`: `"<n>mn"` or `"<n>h"` (§4). `Ok(None)` for any other text (the default
/// lifetime applies); an error for a lifetime longer than [`assumptions::MAX_TOKEN_LIFETIME`],
/// however many digits it has.
pub fn parse_livetime(text: &str) -> Result<Option<Duration>, String> {
    let text = text.trim().to_ascii_lowercase();
    let (digits, unit) = if let Some(n) = text.strip_suffix("mn") {
        (n.trim(), 60)
    } else if let Some(n) = text.strip_suffix('h') {
        (n.trim(), 3600)
    } else {
        return Ok(None);
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let too_long = || {
        format!(
            "livetime '{}' is longer than {} hours",
            shorten(&text),
            assumptions::MAX_TOKEN_LIFETIME.as_secs() / 3600
        )
    };
    let seconds = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(too_long)?;
    let lifetime = Duration::from_secs(seconds);
    if lifetime > assumptions::MAX_TOKEN_LIFETIME {
        return Err(too_long());
    }
    Ok((seconds > 0).then_some(lifetime))
}

/// `/payment/` answer (`amount` a string, `fees` a number in the seed). Only the link's id and
/// its checkout URL are required: a link HPAY created is never refused for its echo.
#[derive(Debug, Clone, Deserialize)]
pub struct PaymentResponse {
    /// `amount`: what HPAY says the link is for.
    #[serde(default)]
    pub amount: Option<WireDecimal>,
    /// `fees`.
    #[serde(default)]
    pub fees: Option<WireDecimal>,
    /// `currency`.
    #[serde(default)]
    pub currency: Option<String>,
    /// `transaction_id`.
    pub transaction_id: String,
    /// `mode`.
    #[serde(default)]
    pub mode: Option<String>,
    /// `company`.
    #[serde(default)]
    pub company: Option<String>,
    /// `checkout_url`.
    pub checkout_url: String,
}

/// A created payment link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLink {
    /// `transaction_id`.
    pub transaction_id: String,
    /// Where to send the customer.
    pub checkout_url: String,
    /// The amount asked for (what Paydesk sent).
    pub amount: Money,
    /// The amount HPAY echoed, when it echoed one Paydesk can read.
    pub echoed_amount: Option<Money>,
    /// HPAY's fee, as HPAY states it (never recomputed, U12).
    pub fee: Option<Money>,
    /// `company`.
    pub company: Option<String>,
    /// `mode` as echoed.
    pub mode: Option<String>,
    /// Something in HPAY's answer Paydesk records beside the link without refusing it: an
    /// echoed amount other than the one asked for (the seed's own example pair differs).
    pub warning: Option<String>,
    /// The answer as received.
    pub raw: String,
}

impl PaymentLink {
    /// Reads a `/payment/` answer to a request for `asked`. The link exists at HPAY once it
    /// has an id: an echo that differs from the request (another amount, another currency,
    /// none at all) is recorded as [`PaymentLink::warning`], never a failure.
    pub fn from_wire(
        wire: PaymentResponse,
        raw: &str,
        asked: Money,
    ) -> Result<PaymentLink, String> {
        if wire.transaction_id.trim().is_empty() {
            return Err("HPAY's answer names no transaction_id".into());
        }
        let currency = match wire.currency.as_deref() {
            Some(code) => currency(code).ok(),
            None => Some(asked.currency()),
        };
        let echoed = match (wire.amount, currency) {
            (Some(amount), Some(currency)) => money(amount, currency, "amount").ok(),
            _ => None,
        };
        let warning = match (&wire.amount, echoed) {
            (None, _) => Some(format!(
                "HPAY did not echo the amount of this link; {asked} was asked for"
            )),
            (Some(_), Some(echoed)) if echoed == asked => None,
            (Some(_), Some(echoed)) => Some(format!(
                "HPAY echoed {echoed} for this link although {asked} was asked for; \
                 the link exists: check the amount on HPAY's checkout page"
            )),
            (Some(text), None) => Some(format!(
                "HPAY echoed an amount of {}{} for this link although {asked} was asked for",
                text.0,
                wire.currency
                    .as_deref()
                    .map(|c| format!(" {}", shorten(c)))
                    .unwrap_or_default()
            )),
        };
        let fee = match (wire.fees, currency) {
            (Some(f), Some(currency)) => money(f, currency, "fees").ok(),
            _ => None,
        };
        Ok(PaymentLink {
            amount: asked,
            echoed_amount: echoed,
            fee,
            warning,
            transaction_id: wire.transaction_id,
            checkout_url: wire.checkout_url,
            company: wire.company,
            mode: wire.mode,
            raw: raw.to_owned(),
        })
    }

    /// The link as a receipt the engine can journal: `UNPAID`, with the checkout URL and the
    /// warning, if any.
    pub fn receipt(&self) -> PayoutReceipt {
        let status = PaymentStatus::Unpaid;
        PayoutReceipt {
            provider_id: self.transaction_id.clone(),
            status: status.unified(),
            provider_status: status.as_wire().to_owned(),
            failure_reason: None,
            link: Some(self.checkout_url.clone()),
            expires_at: None,
            raw: self.raw.clone(),
            warning: self.warning.clone(),
        }
    }
}

/// `/getPaymentHistory/` answer; each item is kept as raw JSON first.
#[derive(Debug, Deserialize)]
pub struct PaymentHistoryResponse {
    /// `history` (absent or `null` read as empty).
    #[serde(default)]
    pub history: Option<Vec<Box<RawValue>>>,
}

/// One `history` item (§3.3).
#[derive(Debug, Clone, Deserialize)]
pub struct HistoryItem {
    /// `transaction_id`.
    pub transaction_id: String,
    /// `amount` (`"7000.00"`).
    pub amount: WireDecimal,
    /// `fees` (`"700.00"`).
    #[serde(default)]
    pub fees: Option<WireDecimal>,
    /// `profit` (`6300`, a number).
    #[serde(default)]
    pub profit: Option<WireDecimal>,
    /// `currency`.
    pub currency: String,
    /// `mode`.
    #[serde(default)]
    pub mode: Option<String>,
    /// `status`.
    pub status: PaymentStatus,
    /// `product` (the `product_name` given at creation).
    #[serde(default)]
    pub product: Option<String>,
    /// `description`.
    #[serde(default)]
    pub description: Option<String>,
    /// `payment_link`.
    #[serde(default)]
    pub payment_link: Option<String>,
    /// `date_generated` (`YYYY-MM-DD HH:MM:SS`, no zone).
    pub date_generated: String,
}

impl HistoryItem {
    /// Parses one raw history item.
    pub fn parse(raw: &str) -> Result<HistoryItem, serde_json::Error> {
        serde_json::from_str(raw)
    }

    /// When HPAY created the link (U10: read as UTC).
    pub fn created_at(&self) -> Result<DateTime<Utc>, String> {
        parse_date_generated(&self.date_generated)
    }

    /// Paydesk's order reference, when the description carries one (§7).
    pub fn merchant_reference(&self) -> Option<String> {
        self.description.as_deref().and_then(reference_in)
    }

    /// The unified record. `observed_at` stands in for the paid time HPAY does not give
    /// (U16): `updated_at` is `created_at` for unpaid links and `observed_at` once paid.
    pub fn to_transaction(
        &self,
        raw: &str,
        account: &AccountId,
        observed_at: DateTime<Utc>,
    ) -> Result<Transaction, String> {
        let currency = currency(&self.currency)?;
        let created_at = self.created_at()?;
        let status = self.status.unified();
        let description = match (&self.product, &self.description) {
            (Some(p), Some(d)) if !d.is_empty() => Some(format!("{p} — {d}")),
            (Some(p), _) => Some(p.clone()),
            (None, d) => d.clone(),
        };
        let transaction = Transaction {
            provider: ProviderKind::Hpay,
            account: account.clone(),
            provider_id: self.transaction_id.clone(),
            merchant_reference: self.merchant_reference(),
            direction: Direction::In,
            kind: TransactionKind::PaymentLink,
            status,
            provider_status: self.status.as_wire().to_owned(),
            amount: money(self.amount, currency, "amount")?,
            fee: self.fees.map(|f| money(f, currency, "fees")).transpose()?,
            net: self
                .profit
                .map(|p| money(p, currency, "profit"))
                .transpose()?,
            counterparty: Counterparty::default(),
            description,
            created_at,
            updated_at: if status == TransactionStatus::Succeeded {
                observed_at.max(created_at)
            } else {
                created_at
            },
            raw: raw.to_owned(),
        };
        transaction.check().map_err(|e| e.to_string())?;
        Ok(transaction)
    }

    /// The item as a receipt (status and link).
    pub fn receipt(&self, raw: &str) -> PayoutReceipt {
        PayoutReceipt {
            provider_id: self.transaction_id.clone(),
            status: self.status.unified(),
            provider_status: self.status.as_wire().to_owned(),
            failure_reason: None,
            link: self.payment_link.clone(),
            expires_at: None,
            raw: raw.to_owned(),
            warning: None,
        }
    }
}

/// Reads `date_generated` as UTC (U10).
pub fn parse_date_generated(text: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(text.trim(), assumptions::DATE_GENERATED_FORMAT)
        .map(|t| t.and_utc())
        .map_err(|_| {
            format!(
                "date_generated '{}' is not a date Paydesk can read",
                shorten(text)
            )
        })
}

/// Writes Paydesk's order reference into a description (§7).
pub fn description_with_reference(description: &str, reference: &str) -> String {
    let open = assumptions::REFERENCE_OPEN;
    let close = assumptions::REFERENCE_CLOSE;
    if description.is_empty() {
        format!("{open}{reference}{close}")
    } else {
        format!("{description} {open}{reference}{close}")
    }
}

/// Finds the order reference in a description written by [`description_with_reference`].
pub fn reference_in(description: &str) -> Option<String> {
    let start = description.rfind(assumptions::REFERENCE_OPEN)?;
    let rest = description.get(start + assumptions::REFERENCE_OPEN.len()..)?;
    let end = rest.find(assumptions::REFERENCE_CLOSE)?;
    let reference = rest.get(..end)?.trim();
    (!reference.is_empty()).then(|| reference.to_owned())
}

/// A history item together with its JSON text exactly as received.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The parsed item.
    pub item: HistoryItem,
    /// Its raw JSON text.
    pub raw: String,
}

impl HistoryEntry {
    /// Parses one raw item.
    pub fn parse(raw: &RawValue) -> Result<HistoryEntry, serde_json::Error> {
        Ok(HistoryEntry {
            item: HistoryItem::parse(raw.get())?,
            raw: raw.get().to_owned(),
        })
    }

    /// The unified record (see [`HistoryItem::to_transaction`]).
    pub fn to_transaction(
        &self,
        account: &AccountId,
        observed_at: DateTime<Utc>,
    ) -> Result<Transaction, String> {
        self.item.to_transaction(&self.raw, account, observed_at)
    }

    /// The entry as a receipt.
    pub fn receipt(&self) -> PayoutReceipt {
        self.item.receipt(&self.raw)
    }
}

/// Parses a whole `/getPaymentHistory/` body into entries (the envelope is checked by the
/// client before). The error is the reader's own, for the log.
pub fn parse_history(body: &[u8]) -> Result<Vec<HistoryEntry>, serde_json::Error> {
    let wire: PaymentHistoryResponse = serde_json::from_slice(body)?;
    wire.history
        .unwrap_or_default()
        .iter()
        .map(|raw| HistoryEntry::parse(raw))
        .collect()
}
