//! The payout forms as the UI fills them in (text fields), and their validation into a
//! [`PayoutRequest`]. Every refusal is an [`AppError`] with code `input.invalid` naming the
//! field and the rule (or `payout.quote_expired` for a stale CashWeb quote, or
//! `payout.cbu_check_failed` for a CBU/CVU whose check digits fail and that the merchant has
//! not confirmed with "Send anyway"). Validation never
//! talks to a provider: what it needs to know (the balance shown, the merchant's HG.Cash
//! accounts, the sale's status) comes with the form's context.
//!
//! Each valid form gets a fresh reference (`PD-<uuid>`), the idempotency key the journal
//! stores before anything is sent.

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, AppError, BankDestination, CashWebPricing, Cuit, ErrorCode, FieldError, Money,
    PayoutRequest, ProviderKind, TransactionKind, WaveNumber,
};
use paydesk_providers::hubcash::{HubcashMethod, HubcashStatus};
use serde::{Deserialize, Serialize};

/// HG.Cash §3.3: `fromName` / `toName` at most 255 characters.
pub const HGCASH_NAME_MAX: usize = 255;
/// HG.Cash §3.3: `concept` at most 500 characters.
pub const HGCASH_CONCEPT_MAX: usize = 500;
/// HPAY: ASSUMPTION, product names and descriptions are kept to this many characters.
pub const HPAY_TEXT_MAX: usize = 255;

/// A fresh Paydesk reference: `PD-` and a uuid (valid for every provider's reference rules).
pub fn new_reference() -> String {
    format!("PD-{}", uuid::Uuid::new_v4())
}

pub(super) fn invalid(field: &'static str, rule: impl Into<String>) -> AppError {
    AppError::from(FieldError::new(field, rule))
}

pub(super) fn amount(
    field: &'static str,
    text: &str,
    currency: paydesk_domain::Currency,
) -> Result<Money, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(field, "an amount is required"));
    }
    let money = Money::parse(text, currency).map_err(|e| invalid(field, e.to_string()))?;
    if !money.is_positive() {
        return Err(invalid(field, "must be more than zero"));
    }
    Ok(money)
}

fn optional_text(
    field: &'static str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max => {
            Err(invalid(field, format!("must be at most {max} characters")))
        }
        Some(v) => Ok(Some(v.to_owned())),
    }
}

fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, AppError> {
    match optional_text(field, &Some(value.to_owned()), max)? {
        Some(v) => Ok(v),
        None => Err(invalid(field, "is required")),
    }
}

fn url(field: &'static str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() > "https://".len()
        && !value.contains(char::is_whitespace);
    if ok {
        Ok(value.to_owned())
    } else {
        Err(invalid(field, "must be an http(s) URL"))
    }
}

/// Hexai: a payout from the balance to a Wave number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HexaiPayoutForm {
    /// The Paydesk account.
    pub account: AccountId,
    /// GMD, at most 2 decimals (`"150.50"`).
    pub amount: String,
    /// `+220` and 7 digits.
    pub recipient_mobile: String,
}

impl HexaiPayoutForm {
    /// Checks the form against the balance the merchant was shown.
    pub fn validate(&self, balance_shown: &Money) -> Result<PayoutRequest, AppError> {
        let amount = amount("amount", &self.amount, balance_shown.currency())?;
        if amount.checked_cmp(balance_shown)? == std::cmp::Ordering::Greater {
            return Err(invalid(
                "amount",
                format!("must not exceed the balance shown ({balance_shown})"),
            ));
        }
        let recipient_mobile = WaveNumber::parse(self.recipient_mobile.trim())?;
        Ok(PayoutRequest::HexaiPayout {
            account: self.account.clone(),
            amount,
            recipient_mobile,
            client_reference: new_reference(),
        })
    }
}

/// Hexai: ask a customer to pay by Wave (a collection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HexaiCollectionForm {
    /// The Paydesk account.
    pub account: AccountId,
    /// GMD, at most 2 decimals (`"100.00"`).
    pub amount: String,
    /// Where Wave sends the customer after paying; empty for Hexai's default.
    pub success_url: Option<String>,
    /// Where the customer goes after a failure or cancel; empty for Hexai's default.
    pub error_url: Option<String>,
}

impl HexaiCollectionForm {
    /// Checks the form; a collection asks for money, so no balance limits it.
    pub fn validate(&self, currency: paydesk_domain::Currency) -> Result<PayoutRequest, AppError> {
        let optional_url = |field: &'static str, value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| url(field, v))
                .transpose()
        };
        Ok(PayoutRequest::HexaiCollection {
            account: self.account.clone(),
            amount: amount("amount", &self.amount, currency)?,
            client_reference: new_reference(),
            success_url: optional_url("success_url", &self.success_url)?,
            error_url: optional_url("error_url", &self.error_url)?,
        })
    }
}

/// Hubcash: a billet (boleto) sale for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HubcashBilletForm {
    /// The Paydesk account.
    pub account: Option<AccountId>,
    /// BRL, at most 2 decimals.
    pub amount: String,
    /// Who pays.
    pub customer_name: String,
    /// The customer's CPF (11 digits) or CNPJ (14 digits); dots, dashes and slashes as
    /// printed are accepted.
    pub customer_document: Option<String>,
    /// What is sold.
    pub description: String,
    /// Days the customer has to pay, a whole number from 1 to [`BILLET_MAX_DAYS`].
    pub days_to_pay: String,
}

/// The longest a billet may stay payable, in days (ASSUMPTION: Hubcash's document gives no
/// bound; three months covers any sale's terms).
pub const BILLET_MAX_DAYS: u32 = 90;

impl HubcashBilletForm {
    /// Checks the form for an account selling in `currency`.
    pub fn validate(&self, currency: paydesk_domain::Currency) -> Result<PayoutRequest, AppError> {
        let account = self
            .account
            .clone()
            .ok_or_else(|| invalid("account", "choose the Paydesk account"))?;
        let amount = amount("amount", &self.amount, currency)?;
        let customer_name = optional_text("customer_name", &Some(self.customer_name.clone()), 100)?
            .ok_or_else(|| invalid("customer_name", "who pays is required"))?;
        let description = optional_text("description", &Some(self.description.clone()), 100)?
            .ok_or_else(|| invalid("description", "say what is sold"))?;
        let customer_document =
            match optional_text("customer_document", &self.customer_document, 20)? {
                None => None,
                Some(text) => {
                    let digits: String = text.chars().filter(|c| !".-/ ".contains(*c)).collect();
                    if !(digits.len() == 11 || digits.len() == 14)
                        || !digits.bytes().all(|b| b.is_ascii_digit())
                    {
                        return Err(invalid(
                            "customer_document",
                            "a CPF has 11 digits, a CNPJ 14",
                        ));
                    }
                    Some(digits)
                }
            };
        let days = self.days_to_pay.trim();
        let days_to_pay = match days.parse::<u32>() {
            Ok(days) if (1..=BILLET_MAX_DAYS).contains(&days) => days,
            _ => {
                return Err(invalid(
                    "days_to_pay",
                    format!("give the days to pay as a whole number from 1 to {BILLET_MAX_DAYS}"),
                ));
            }
        };
        Ok(PayoutRequest::HubcashBilletSale {
            account,
            amount,
            reference: new_reference(),
            customer_name,
            customer_document,
            description,
            days_to_pay: Some(days_to_pay),
        })
    }
}

/// One of the merchant's HG.Cash accounts, as offered in the form's account picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HgCashAccountChoice {
    /// HG.Cash's account id (uuid).
    pub id: String,
    /// Its currency.
    pub currency: paydesk_domain::Currency,
}

/// HG.Cash: a cash-out to a CBU or a CVU.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HgCashCashOutForm {
    /// The Paydesk account (the API token).
    pub account: Option<AccountId>,
    /// The HG.Cash account the money leaves (one of the merchant's).
    pub source_account_id: String,
    /// The amount (`"15000.50"`).
    pub amount: String,
    /// A CBU (22 digits), or empty.
    pub to_cbu: Option<String>,
    /// A CVU (22 digits), or empty.
    pub to_cvu: Option<String>,
    /// Optional sender name.
    pub from_name: Option<String>,
    /// Optional recipient name.
    pub to_name: Option<String>,
    /// Optional recipient CUIT.
    pub to_cuit: Option<String>,
    /// Optional concept.
    pub concept: Option<String>,
    /// The merchant ticked "Send anyway": the CBU/CVU may fail its check digits.
    #[serde(default)]
    pub send_anyway: bool,
}

/// What the merchant reads when a CBU/CVU fails its check digits and "Send anyway" is not
/// ticked.
pub const CBU_CHECK_FAILED: &str = "This CBU/CVU fails its check digits: check it with the \
    recipient. If you are sure, tick 'Send anyway'.";

impl HgCashCashOutForm {
    /// Checks the form against the merchant's HG.Cash accounts. A destination that fails its
    /// check digits is refused with `payout.cbu_check_failed` (naming `to_cbu` or `to_cvu`)
    /// unless the form says "Send anyway"; that check comes last, so every other rule is
    /// reported first. A number that is not 22 digits is always refused (`input.invalid`).
    pub fn validate(&self, accounts: &[HgCashAccountChoice]) -> Result<PayoutRequest, AppError> {
        let account = self
            .account
            .clone()
            .ok_or_else(|| invalid("account", "choose the Paydesk account"))?;
        let source = accounts
            .iter()
            .find(|a| a.id == self.source_account_id.trim())
            .ok_or_else(|| invalid("source_account_id", "must be one of your HG.Cash accounts"))?;
        let amount = amount("amount", &self.amount, source.currency)?;
        let destination =
            BankDestination::from_fields(self.to_cbu.as_deref(), self.to_cvu.as_deref())?;
        let to_cuit = match self
            .to_cuit
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => Some(Cuit::parse(c)?),
            None => None,
        };
        let from_name = optional_text("from_name", &self.from_name, HGCASH_NAME_MAX)?;
        let to_name = optional_text("to_name", &self.to_name, HGCASH_NAME_MAX)?;
        let concept = optional_text("concept", &self.concept, HGCASH_CONCEPT_MAX)?;
        let check_digits_overridden = !destination.check_digits_ok();
        if check_digits_overridden && !self.send_anyway {
            return Err(
                AppError::new(ErrorCode::PayoutCbuCheckFailed, CBU_CHECK_FAILED)
                    .with_field(destination.field()),
            );
        }
        Ok(PayoutRequest::HgCashCashOut {
            account,
            source_account_id: source.id.clone(),
            amount,
            destination,
            check_digits_overridden,
            from_name,
            to_name,
            to_cuit,
            concept,
            external_id: new_reference(),
        })
    }
}

/// A CashWeb quote as Paydesk obtained it (`POST /quotes`), offered to the merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashWebQuoteChoice {
    /// The quote's id.
    pub quote_id: String,
    /// Its network.
    pub network: String,
    /// When it stops being executable (120 s after it was made).
    pub expires_at: DateTime<Utc>,
    /// The fiat amount it was asked for.
    pub fiat_amount: Option<paydesk_domain::Money>,
    /// The crypto the seller deposits at its rate, in the coin's scale.
    pub crypto_amount: Option<rust_decimal::Decimal>,
    /// The stablecoin (`usdt`).
    pub crypto_currency: Option<String>,
}

/// CashWeb: a deposit request, in quote mode or in direct mode (never both).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CashWebDepositForm {
    /// The Paydesk account.
    pub account: Option<AccountId>,
    /// Quote mode: the quote.
    pub quote: Option<CashWebQuoteChoice>,
    /// Direct mode: the fiat amount.
    pub fiat_amount: Option<String>,
    /// Direct mode: the stablecoin (`usdt`).
    pub crypto_currency: Option<String>,
    /// Direct mode: the chain (`trc20`).
    pub network: Option<String>,
    /// Optional seller phone.
    pub seller_phone: Option<String>,
}

impl CashWebDepositForm {
    /// Checks the form at `now` for a partner settling in `fiat`.
    pub fn validate(
        &self,
        fiat: paydesk_domain::Currency,
        now: DateTime<Utc>,
    ) -> Result<PayoutRequest, AppError> {
        let account = self
            .account
            .clone()
            .ok_or_else(|| invalid("account", "choose the Paydesk account"))?;
        let filled = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_lowercase)
        };
        let direct_fields = [&self.fiat_amount, &self.crypto_currency, &self.network];
        let any_direct = direct_fields.iter().any(|v| filled(v).is_some());
        let pricing = match (&self.quote, any_direct) {
            (Some(_), true) => {
                return Err(invalid(
                    "quote_id",
                    "use either a quote or an amount with currency and network, not both",
                ));
            }
            (None, false) => {
                return Err(invalid(
                    "quote_id",
                    "a quote, or an amount with currency and network, is required",
                ));
            }
            (Some(quote), false) => {
                if quote.quote_id.trim().is_empty() {
                    return Err(invalid("quote_id", "is required"));
                }
                check_quote_fresh(&quote.expires_at, now)?;
                CashWebPricing::Quote {
                    quote_id: quote.quote_id.trim().to_owned(),
                    network: quote.network.trim().to_lowercase(),
                    expires_at: quote.expires_at,
                    fiat_amount: quote.fiat_amount,
                    crypto_amount: quote.crypto_amount,
                    crypto_currency: quote.crypto_currency.clone(),
                }
            }
            (None, true) => {
                let text = self.fiat_amount.clone().unwrap_or_default();
                CashWebPricing::Direct {
                    fiat_amount: amount("fiat_amount", &text, fiat)?,
                    crypto_currency: filled(&self.crypto_currency)
                        .ok_or_else(|| invalid("crypto_currency", "is required"))?,
                    network: filled(&self.network)
                        .ok_or_else(|| invalid("network", "is required"))?,
                }
            }
        };
        Ok(PayoutRequest::CashWebDeposit {
            account,
            pricing,
            merchant_reference: new_reference(),
            seller_phone: optional_text("seller_phone", &self.seller_phone, 32)?,
        })
    }
}

/// Refuses a quote past its validity (`payout.quote_expired`).
pub fn check_quote_fresh(expires_at: &DateTime<Utc>, now: DateTime<Utc>) -> Result<(), AppError> {
    if now >= *expires_at {
        let mut error = AppError::new(
            ErrorCode::PayoutQuoteExpired,
            "The quote is no longer valid (quotes last 120 seconds); ask for a new one.",
        );
        error.field = Some("quote_id".into());
        return Err(error);
    }
    Ok(())
}

/// HPAY: a hosted payment link.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HpayLinkForm {
    /// The Paydesk account.
    pub account: Option<AccountId>,
    /// The amount in the account's currency.
    pub amount: String,
    /// What the customer buys.
    pub product_name: String,
    /// Shown on the page; Paydesk appends its reference to it (hpay.md §7).
    pub description: String,
    /// Server notification URL.
    pub notify_url: String,
    /// After paying.
    pub success_url: String,
    /// On cancel.
    pub cancel_url: String,
}

impl HpayLinkForm {
    /// Checks the form for an account priced in `currency`. The reference that goes into
    /// the description is the journal's, written when the intent is.
    pub fn validate(&self, currency: paydesk_domain::Currency) -> Result<PayoutRequest, AppError> {
        let account = self
            .account
            .clone()
            .ok_or_else(|| invalid("account", "choose the Paydesk account"))?;
        let description = required_text("description", &self.description, HPAY_TEXT_MAX)?;
        if description.contains('[') || description.contains(']') {
            return Err(invalid(
                "description",
                "must not contain [ or ] (Paydesk adds its reference in brackets)",
            ));
        }
        Ok(PayoutRequest::HpayPaymentLink {
            account,
            amount: amount("amount", &self.amount, currency)?,
            product_name: required_text("product_name", &self.product_name, HPAY_TEXT_MAX)?,
            description,
            notify_url: url("notify_url", &self.notify_url)?,
            success_url: url("success_url", &self.success_url)?,
            cancel_url: url("cancel_url", &self.cancel_url)?,
        })
    }
}

/// What the merchant may do to a Hubcash sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleAction {
    /// Capture the full amount (only from Capturing).
    Capture,
    /// Cancel (void, or reverse a Done card sale).
    Cancel,
}

/// The actions hubcash.md §7.3 allows for a sale in `status` paid by `method`; the UI offers
/// only these.
pub fn sale_actions(status: HubcashStatus, method: HubcashMethod) -> Vec<SaleAction> {
    match status {
        HubcashStatus::Capturing => vec![SaleAction::Capture, SaleAction::Cancel],
        HubcashStatus::Processed | HubcashStatus::Analyzing | HubcashStatus::WaitingPayment => {
            vec![SaleAction::Cancel]
        }
        HubcashStatus::Done => match method {
            HubcashMethod::Credit | HubcashMethod::Debit => vec![SaleAction::Cancel],
            HubcashMethod::Billet => Vec::new(),
        },
        HubcashStatus::Fail | HubcashStatus::Canceled => Vec::new(),
    }
}

/// The actions a cached record allows, from its raw provider JSON: a Hubcash card sale's
/// capture and cancel (§7.3); nothing for any other record or one that cannot be read.
pub fn record_actions(provider: ProviderKind, kind: TransactionKind, raw: &str) -> Vec<SaleAction> {
    if provider != ProviderKind::Hubcash || kind != TransactionKind::Sale {
        return Vec::new();
    }
    let Ok(record) = paydesk_providers::hubcash::SaleRecord::from_raw(raw) else {
        return Vec::new();
    };
    match record.status() {
        Ok(status) => sale_actions(status, record.sale.method),
        Err(_) => Vec::new(),
    }
}

/// Hubcash: capture or cancel one sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubcashSaleForm {
    /// The Paydesk account.
    pub account: AccountId,
    /// The sale.
    pub sale_id: String,
    /// What to do.
    pub action: SaleAction,
}

impl HubcashSaleForm {
    /// Checks the action against the sale's current status and method.
    pub fn validate(
        &self,
        status: HubcashStatus,
        method: HubcashMethod,
    ) -> Result<PayoutRequest, AppError> {
        let sale_id = required_text("sale_id", &self.sale_id, 100)?;
        if !sale_actions(status, method).contains(&self.action) {
            let status = status.name();
            return Err(invalid(
                "action",
                match self.action {
                    SaleAction::Capture => format!(
                        "this sale is no longer awaiting capture (Hubcash shows it as {status}); \
                         nothing was sent"
                    ),
                    SaleAction::Cancel => format!(
                        "Hubcash does not allow cancelling a sale it shows as {status}; nothing \
                         was sent"
                    ),
                },
            ));
        }
        let account = self.account.clone();
        Ok(match self.action {
            SaleAction::Capture => PayoutRequest::HubcashCapture { account, sale_id },
            SaleAction::Cancel => PayoutRequest::HubcashCancel { account, sale_id },
        })
    }
}
