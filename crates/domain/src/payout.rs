//! What the merchant asks a provider to do with money: one form per provider, already
//! validated. The field values that carry rules of their own (a Wave number, a CBU/CVU, a
//! CUIT) are types that can only hold valid values.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::provider::{AccountId, ProviderKind};

/// A field value that breaks its rule; names the field and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct FieldError {
    /// The form field, as the UI names it (`recipient_mobile`, `to_cbu`...).
    pub field: &'static str,
    /// The rule in the merchant's words.
    pub rule: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: &'static str, rule: impl Into<String>) -> FieldError {
        FieldError {
            field,
            rule: rule.into(),
        }
    }
}

/// A Gambian Wave number: `+220` and 7 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WaveNumber(String);

impl WaveNumber {
    /// Checks the number's shape. Spaces are not accepted: the provider compares the text.
    pub fn parse(text: &str) -> Result<WaveNumber, FieldError> {
        let ok = text
            .strip_prefix("+220")
            .is_some_and(|rest| rest.len() == 7 && rest.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(WaveNumber(text.to_owned()))
        } else {
            Err(FieldError::new(
                "recipient_mobile",
                "must be +220 followed by 7 digits, e.g. +2201234567",
            ))
        }
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WaveNumber {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        WaveNumber::parse(&value)
    }
}

impl From<WaveNumber> for String {
    fn from(value: WaveNumber) -> Self {
        value.0
    }
}

/// Where an HG.Cash cash-out goes: exactly one of a CBU (bank) or a CVU (virtual wallet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "number", rename_all = "lowercase")]
pub enum BankDestination {
    /// Clave Bancaria Uniforme: a bank account, 22 digits.
    Cbu(String),
    /// Clave Virtual Uniforme: a virtual account, 22 digits.
    Cvu(String),
}

impl BankDestination {
    /// Builds the destination from the two form fields; exactly one must be filled in.
    pub fn from_fields(
        cbu: Option<&str>,
        cvu: Option<&str>,
    ) -> Result<BankDestination, FieldError> {
        fn filled(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        match (filled(cbu), filled(cvu)) {
            (Some(cbu), None) => Ok(BankDestination::Cbu(twenty_two_digits("to_cbu", cbu)?)),
            (None, Some(cvu)) => Ok(BankDestination::Cvu(twenty_two_digits("to_cvu", cvu)?)),
            (Some(_), Some(_)) => Err(FieldError::new(
                "to_cbu",
                "give either a CBU or a CVU, not both",
            )),
            (None, None) => Err(FieldError::new("to_cbu", "a CBU or a CVU is required")),
        }
    }

    /// The 22 digits.
    pub fn number(&self) -> &str {
        match self {
            BankDestination::Cbu(n) | BankDestination::Cvu(n) => n,
        }
    }

    /// The form field it came from (`to_cbu` or `to_cvu`).
    pub fn field(&self) -> &'static str {
        match self {
            BankDestination::Cbu(_) => "to_cbu",
            BankDestination::Cvu(_) => "to_cvu",
        }
    }

    /// True when the number's two check digits are right ([`crate::cbu::check_digits_ok`]).
    pub fn check_digits_ok(&self) -> bool {
        crate::cbu::check_digits_ok(self.number())
    }
}

fn twenty_two_digits(field: &'static str, text: &str) -> Result<String, FieldError> {
    if text.len() == 22 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(FieldError::new(field, "must be exactly 22 digits"))
    }
}

/// An Argentine tax id (CUIT/CUIL): 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cuit(String);

impl Cuit {
    /// Checks the shape; dashes as printed on documents (`20-12345678-9`) are removed.
    pub fn parse(text: &str) -> Result<Cuit, FieldError> {
        let digits: String = text.chars().filter(|c| *c != '-').collect();
        if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Cuit(digits))
        } else {
            Err(FieldError::new("to_cuit", "must be 11 digits"))
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Cuit {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Cuit::parse(&value)
    }
}

impl From<Cuit> for String {
    fn from(value: Cuit) -> Self {
        value.0
    }
}

/// How a CashWeb deposit is priced: exactly one of the two modes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum CashWebPricing {
    /// An executable quote, valid until `expires_at` (120 s after it was made).
    Quote {
        /// The quote's id.
        quote_id: String,
        /// The chain, lowercase (`trc20`, `bep20`).
        network: String,
        /// When the quote stops being executable.
        expires_at: DateTime<Utc>,
        /// The fiat amount the quote was asked for (absent in requests an earlier Paydesk
        /// wrote).
        #[serde(default)]
        fiat_amount: Option<Money>,
        /// What the seller deposits: the fiat at the quote's rate, in the coin's scale.
        #[serde(default)]
        crypto_amount: Option<Decimal>,
        /// The stablecoin, lowercase (`usdt`).
        #[serde(default)]
        crypto_currency: Option<String>,
    },
    /// The live market rate at creation.
    Direct {
        /// The fiat amount the seller wants.
        fiat_amount: Money,
        /// The stablecoin, lowercase (`usdt`).
        crypto_currency: String,
        /// The chain, lowercase.
        network: String,
    },
}

/// A request that moves money or creates a payment, validated and ready for the journal.
///
/// One variant per provider's form. Each carries the merchant reference Paydesk generated,
/// which is the idempotency key and the key for recovery by reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum PayoutRequest {
    /// Hexai: send GMD from the balance to a Wave number.
    HexaiPayout {
        /// The Paydesk account.
        account: AccountId,
        /// The amount, GMD with at most 2 decimals.
        amount: Money,
        /// The recipient.
        recipient_mobile: WaveNumber,
        /// The idempotency key (`client_reference`).
        client_reference: String,
    },
    /// Hexai: ask a customer to pay GMD by Wave (a checkout URL to send them to).
    HexaiCollection {
        /// The Paydesk account.
        account: AccountId,
        /// The amount, GMD with at most 2 decimals.
        amount: Money,
        /// The idempotency key (`client_reference`).
        client_reference: String,
        /// Where Wave sends the customer after paying (optional: Hexai's default).
        success_url: Option<String>,
        /// Where the customer goes after a failure or cancel (optional: Hexai's default).
        error_url: Option<String>,
    },
    /// HG.Cash: transfer from one of the merchant's accounts to a CBU or CVU.
    HgCashCashOut {
        /// The Paydesk account (the API token).
        account: AccountId,
        /// The HG.Cash account (uuid) the money leaves.
        source_account_id: String,
        /// The amount.
        amount: Money,
        /// The destination.
        destination: BankDestination,
        /// True when the destination fails its check digits ([`crate::cbu`]) and the
        /// merchant chose to send anyway; the journal records it.
        #[serde(default)]
        check_digits_overridden: bool,
        /// Optional sender name (at most 255 characters).
        from_name: Option<String>,
        /// Optional recipient name (at most 255 characters).
        to_name: Option<String>,
        /// Optional recipient tax id.
        to_cuit: Option<Cuit>,
        /// Optional concept (at most 500 characters).
        concept: Option<String>,
        /// The reference, unique per HG.Cash account (`externalID`).
        external_id: String,
    },
    /// CashWeb: reserve a deposit address for a seller's crypto.
    CashWebDeposit {
        /// The Paydesk account.
        account: AccountId,
        /// Quote or direct mode.
        pricing: CashWebPricing,
        /// The reference, unique per partner ignoring case (`merchant_reference`).
        merchant_reference: String,
        /// Optional seller phone.
        seller_phone: Option<String>,
    },
    /// HPAY: create a hosted payment link.
    HpayPaymentLink {
        /// The Paydesk account.
        account: AccountId,
        /// The amount in the account's currency.
        amount: Money,
        /// What the customer buys.
        product_name: String,
        /// A description shown on the page.
        description: String,
        /// Server notification URL.
        notify_url: String,
        /// Where the customer goes after paying.
        success_url: String,
        /// Where the customer goes on cancel.
        cancel_url: String,
    },
    /// Hubcash: a billet (boleto) sale a customer pays at a bank or in their banking app.
    HubcashBilletSale {
        /// The Paydesk account.
        account: AccountId,
        /// The amount, BRL.
        amount: Money,
        /// The merchant's reference (`Ref`), for recovery by reference.
        reference: String,
        /// Who pays.
        customer_name: String,
        /// The customer's CPF or CNPJ, when given.
        customer_document: Option<String>,
        /// What is sold.
        description: String,
        /// Days the customer has to pay the slip (Hubcash's `ExpiresIn`); absent in requests
        /// an earlier Paydesk journaled, which left it to Hubcash's default.
        #[serde(default)]
        days_to_pay: Option<u32>,
    },
    /// Hubcash: capture an authorized card sale (always the full amount).
    HubcashCapture {
        /// The Paydesk account.
        account: AccountId,
        /// The sale.
        sale_id: String,
    },
    /// Hubcash: cancel (or reverse) a sale.
    HubcashCancel {
        /// The Paydesk account.
        account: AccountId,
        /// The sale.
        sale_id: String,
    },
}

impl PayoutRequest {
    /// The provider the request goes to.
    pub fn provider(&self) -> ProviderKind {
        match self {
            PayoutRequest::HexaiPayout { .. } | PayoutRequest::HexaiCollection { .. } => {
                ProviderKind::Hexai
            }
            PayoutRequest::HgCashCashOut { .. } => ProviderKind::HgCash,
            PayoutRequest::CashWebDeposit { .. } => ProviderKind::CashWeb,
            PayoutRequest::HpayPaymentLink { .. } => ProviderKind::Hpay,
            PayoutRequest::HubcashBilletSale { .. }
            | PayoutRequest::HubcashCapture { .. }
            | PayoutRequest::HubcashCancel { .. } => ProviderKind::Hubcash,
        }
    }

    /// The Paydesk account it is made from.
    pub fn account(&self) -> &AccountId {
        match self {
            PayoutRequest::HexaiPayout { account, .. }
            | PayoutRequest::HexaiCollection { account, .. }
            | PayoutRequest::HgCashCashOut { account, .. }
            | PayoutRequest::CashWebDeposit { account, .. }
            | PayoutRequest::HpayPaymentLink { account, .. }
            | PayoutRequest::HubcashBilletSale { account, .. }
            | PayoutRequest::HubcashCapture { account, .. }
            | PayoutRequest::HubcashCancel { account, .. } => account,
        }
    }

    /// The amount the merchant confirms, where the form has one.
    pub fn amount(&self) -> Option<&Money> {
        match self {
            PayoutRequest::HexaiPayout { amount, .. }
            | PayoutRequest::HexaiCollection { amount, .. }
            | PayoutRequest::HgCashCashOut { amount, .. }
            | PayoutRequest::HpayPaymentLink { amount, .. }
            | PayoutRequest::HubcashBilletSale { amount, .. } => Some(amount),
            PayoutRequest::CashWebDeposit { pricing, .. } => match pricing {
                CashWebPricing::Direct { fiat_amount, .. } => Some(fiat_amount),
                CashWebPricing::Quote { fiat_amount, .. } => fiat_amount.as_ref(),
            },
            PayoutRequest::HubcashCapture { .. } | PayoutRequest::HubcashCancel { .. } => None,
        }
    }

    /// The reference that identifies the request at the provider, for recovery by lookup.
    ///
    /// `None` for HPAY: its API takes no merchant reference, and its transaction id is only
    /// known from the answer.
    pub fn reference(&self) -> Option<&str> {
        match self {
            PayoutRequest::HexaiPayout {
                client_reference, ..
            }
            | PayoutRequest::HexaiCollection {
                client_reference, ..
            } => Some(client_reference),
            PayoutRequest::HgCashCashOut { external_id, .. } => Some(external_id),
            PayoutRequest::CashWebDeposit {
                merchant_reference, ..
            } => Some(merchant_reference),
            PayoutRequest::HpayPaymentLink { .. } => None,
            PayoutRequest::HubcashBilletSale { reference, .. } => Some(reference),
            PayoutRequest::HubcashCapture { sale_id, .. }
            | PayoutRequest::HubcashCancel { sale_id, .. } => Some(sale_id),
        }
    }
}

impl fmt::Display for PayoutRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayoutRequest::HexaiPayout {
                amount,
                recipient_mobile,
                ..
            } => write!(
                f,
                "Wave payout of {amount} to {}",
                recipient_mobile.as_str()
            ),
            PayoutRequest::HexaiCollection { amount, .. } => {
                write!(f, "Wave collection of {amount}")
            }
            PayoutRequest::HgCashCashOut {
                amount,
                destination,
                ..
            } => write!(f, "cash-out of {amount} to {}", destination.number()),
            PayoutRequest::CashWebDeposit { pricing, .. } => match pricing {
                CashWebPricing::Quote {
                    quote_id,
                    network,
                    fiat_amount: Some(fiat),
                    crypto_amount: Some(crypto),
                    crypto_currency: Some(coin),
                    ..
                } => write!(
                    f,
                    "crypto deposit of {fiat} ({crypto} {} on {}) at quote {quote_id}",
                    coin.to_uppercase(),
                    network.to_uppercase()
                ),
                CashWebPricing::Quote { quote_id, .. } => {
                    write!(f, "crypto deposit at quote {quote_id}")
                }
                CashWebPricing::Direct {
                    fiat_amount,
                    crypto_currency,
                    network,
                } => write!(
                    f,
                    "crypto deposit of {fiat_amount} in {} on {}",
                    crypto_currency.to_uppercase(),
                    network.to_uppercase()
                ),
            },
            PayoutRequest::HpayPaymentLink {
                amount,
                product_name,
                ..
            } => write!(f, "payment link of {amount} for {product_name}"),
            PayoutRequest::HubcashBilletSale {
                amount,
                customer_name,
                ..
            } => write!(f, "billet of {amount} for {customer_name}"),
            PayoutRequest::HubcashCapture { sale_id, .. } => write!(f, "capture of sale {sale_id}"),
            PayoutRequest::HubcashCancel { sale_id, .. } => write!(f, "cancel of sale {sale_id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wave_numbers() {
        assert!(WaveNumber::parse("+2201234567").is_ok());
        for bad in [
            "2201234567",
            "+220123456",
            "+22012345678",
            "+2211234567",
            "+220 123456",
            "",
        ] {
            let err = WaveNumber::parse(bad).expect_err(bad);
            assert_eq!(err.field, "recipient_mobile");
        }
    }

    #[test]
    fn bank_destinations_need_exactly_one_22_digit_number() {
        let cbu = "1100015400000000000021";
        assert_eq!(
            BankDestination::from_fields(Some(cbu), None),
            Ok(BankDestination::Cbu(cbu.into()))
        );
        assert_eq!(
            BankDestination::from_fields(Some(" "), Some("0000003100012345678901"))
                .map(|d| d.number().to_owned()),
            Ok("0000003100012345678901".into())
        );
        assert!(BankDestination::from_fields(Some(cbu), Some(cbu)).is_err());
        assert!(BankDestination::from_fields(None, None).is_err());
        let short = BankDestination::from_fields(Some("123"), None).expect_err("short");
        assert_eq!(short.field, "to_cbu");
        assert_eq!(short.to_string(), "to_cbu: must be exactly 22 digits");
        assert!(BankDestination::from_fields(None, Some("00000031000123456789ab")).is_err());
    }

    #[test]
    fn a_destination_knows_its_field_and_its_check_digits() {
        let documented = BankDestination::Cbu("1100015400000000000021".into());
        assert_eq!(documented.field(), "to_cbu");
        assert!(!documented.check_digits_ok());
        let cvu = BankDestination::Cvu("0000003100012345678907".into());
        assert_eq!(cvu.field(), "to_cvu");
        assert!(cvu.check_digits_ok());
    }

    #[test]
    fn cuit() {
        assert_eq!(
            Cuit::parse("20-12345678-9").map(|c| c.as_str().to_owned()),
            Ok("20123456789".into())
        );
        assert!(Cuit::parse("2012345678").is_err());
    }
}
