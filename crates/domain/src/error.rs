//! The one error the UI sees: a stable dotted code it can branch on, and a message a merchant
//! can read. Serialized as `{"code": "payout.insufficient_balance", "message": "..."}`, plus
//! `"field"` when a form field is at fault.
//!
//! Codes are part of the contract with the UI: add new ones, never rename old ones.

use serde::{Deserialize, Serialize};

use crate::money::MoneyError;
use crate::payout::FieldError;

/// Every code the UI can receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorCode {
    /// A form value breaks a rule; `field` names it.
    #[serde(rename = "input.invalid")]
    InputInvalid,
    /// Amounts in different currencies were combined.
    #[serde(rename = "money.currency_mismatch")]
    CurrencyMismatch,
    /// The provider could not be reached, timed out or is down.
    #[serde(rename = "provider.unavailable")]
    ProviderUnavailable,
    /// The provider refused the credentials.
    #[serde(rename = "provider.unauthorized")]
    ProviderUnauthorized,
    /// The provider asked Paydesk to slow down.
    #[serde(rename = "provider.rate_limited")]
    ProviderRateLimited,
    /// The provider refused the request; the message carries its reason.
    #[serde(rename = "provider.rejected")]
    ProviderRejected,
    /// The provider answered something Paydesk cannot read.
    #[serde(rename = "provider.malformed_response")]
    ProviderMalformed,
    /// The record does not exist at the provider.
    #[serde(rename = "provider.not_found")]
    ProviderNotFound,
    /// The provider answered with a redirect to another host; Paydesk follows none, so
    /// nothing (and no credential) was sent there. The message names that host.
    #[serde(rename = "provider.redirect_refused")]
    ProviderRedirectRefused,
    /// The provider's reply was larger than Paydesk reads (8 MiB).
    #[serde(rename = "provider.reply_too_large")]
    ProviderReplyTooLarge,
    /// The balance does not cover the payout.
    #[serde(rename = "payout.insufficient_balance")]
    PayoutInsufficientBalance,
    /// This payout is already being sent (double click, second window).
    #[serde(rename = "payout.in_flight")]
    PayoutInFlight,
    /// Earlier payouts must be reconciled before new ones are allowed.
    #[serde(rename = "payout.reconciliation_pending")]
    PayoutReconciliationPending,
    /// The CashWeb quote is past its 120 s validity.
    #[serde(rename = "payout.quote_expired")]
    PayoutQuoteExpired,
    /// The provider no longer allows cancelling it.
    #[serde(rename = "payout.not_cancellable")]
    PayoutNotCancellable,
    /// The merchant did not confirm a live payout in the native dialog: nothing was sent.
    #[serde(rename = "payout.not_confirmed")]
    PayoutNotConfirmed,
    /// The HG.Cash destination's CBU/CVU fails its check digits; the merchant may confirm it
    /// with "Send anyway" (a warning, not a refusal: HG.Cash's own documented numbers fail it).
    #[serde(rename = "payout.cbu_check_failed")]
    PayoutCbuCheckFailed,
    /// The account has payouts that are not final: removing it needs the merchant's leave
    /// (the message says what happens to them).
    #[serde(rename = "account.has_open_payouts")]
    AccountHasOpenPayouts,
    /// No such Paydesk account.
    #[serde(rename = "account.not_found")]
    AccountNotFound,
    /// No keyring service answers (no Secret Service daemon on the session bus).
    #[serde(rename = "keyring.unavailable")]
    KeyringUnavailable,
    /// The keyring is locked, or the unlock prompt was refused.
    #[serde(rename = "keyring.locked")]
    KeyringLocked,
    /// The local cache failed (disk full, file damaged).
    #[serde(rename = "store.failed")]
    StoreFailed,
    /// A bug: something that should not happen did.
    #[serde(rename = "internal")]
    Internal,
}

impl ErrorCode {
    /// The dotted code, e.g. `payout.insufficient_balance`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InputInvalid => "input.invalid",
            ErrorCode::CurrencyMismatch => "money.currency_mismatch",
            ErrorCode::ProviderUnavailable => "provider.unavailable",
            ErrorCode::ProviderUnauthorized => "provider.unauthorized",
            ErrorCode::ProviderRateLimited => "provider.rate_limited",
            ErrorCode::ProviderRejected => "provider.rejected",
            ErrorCode::ProviderMalformed => "provider.malformed_response",
            ErrorCode::ProviderNotFound => "provider.not_found",
            ErrorCode::ProviderRedirectRefused => "provider.redirect_refused",
            ErrorCode::ProviderReplyTooLarge => "provider.reply_too_large",
            ErrorCode::PayoutInsufficientBalance => "payout.insufficient_balance",
            ErrorCode::PayoutInFlight => "payout.in_flight",
            ErrorCode::PayoutReconciliationPending => "payout.reconciliation_pending",
            ErrorCode::PayoutQuoteExpired => "payout.quote_expired",
            ErrorCode::PayoutNotCancellable => "payout.not_cancellable",
            ErrorCode::PayoutNotConfirmed => "payout.not_confirmed",
            ErrorCode::PayoutCbuCheckFailed => "payout.cbu_check_failed",
            ErrorCode::AccountHasOpenPayouts => "account.has_open_payouts",
            ErrorCode::AccountNotFound => "account.not_found",
            ErrorCode::KeyringUnavailable => "keyring.unavailable",
            ErrorCode::KeyringLocked => "keyring.locked",
            ErrorCode::StoreFailed => "store.failed",
            ErrorCode::Internal => "internal",
        }
    }
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct AppError {
    /// What happened, for the UI to branch on.
    pub code: ErrorCode,
    /// What happened, for the merchant to read. Never holds a secret.
    pub message: String,
    /// The form field at fault, for `input.invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// The same error, naming the form field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> AppError {
        self.field = Some(field.into());
        self
    }

    /// A bug report: the message says what failed, the UI offers no fix.
    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Internal, message)
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError {
            code: ErrorCode::InputInvalid,
            message: error.to_string(),
            field: Some(error.field.to_owned()),
        }
    }
}

impl From<MoneyError> for AppError {
    fn from(error: MoneyError) -> Self {
        let code = match error {
            MoneyError::CurrencyMismatch { .. } => ErrorCode::CurrencyMismatch,
            MoneyError::InvalidCurrencyCode(_)
            | MoneyError::UnknownCurrency(_)
            | MoneyError::InvalidScale { .. }
            | MoneyError::InvalidAmount(_)
            | MoneyError::TooManyDecimals { .. }
            | MoneyError::Overflow => ErrorCode::InputInvalid,
        };
        AppError::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    #[test]
    fn json_shape_is_pinned() {
        let e = AppError::new(
            ErrorCode::PayoutInsufficientBalance,
            "Your balance of 300.00 GMD does not cover 500.00 GMD.",
        );
        assert_eq!(
            serde_json::to_string(&e).expect("serializes"),
            r#"{"code":"payout.insufficient_balance","message":"Your balance of 300.00 GMD does not cover 500.00 GMD."}"#
        );
        let field = AppError::from(FieldError::new(
            "recipient_mobile",
            "must be +220 followed by 7 digits",
        ));
        assert_eq!(
            serde_json::to_string(&field).expect("serializes"),
            r#"{"code":"input.invalid","message":"recipient_mobile: must be +220 followed by 7 digits","field":"recipient_mobile"}"#
        );
    }

    #[test]
    fn every_code_serializes_as_its_dotted_name() {
        let all = [
            ErrorCode::InputInvalid,
            ErrorCode::CurrencyMismatch,
            ErrorCode::ProviderUnavailable,
            ErrorCode::ProviderUnauthorized,
            ErrorCode::ProviderRateLimited,
            ErrorCode::ProviderRejected,
            ErrorCode::ProviderMalformed,
            ErrorCode::ProviderNotFound,
            ErrorCode::ProviderRedirectRefused,
            ErrorCode::ProviderReplyTooLarge,
            ErrorCode::PayoutInsufficientBalance,
            ErrorCode::PayoutInFlight,
            ErrorCode::PayoutReconciliationPending,
            ErrorCode::PayoutQuoteExpired,
            ErrorCode::PayoutNotCancellable,
            ErrorCode::PayoutNotConfirmed,
            ErrorCode::PayoutCbuCheckFailed,
            ErrorCode::AccountHasOpenPayouts,
            ErrorCode::AccountNotFound,
            ErrorCode::KeyringUnavailable,
            ErrorCode::KeyringLocked,
            ErrorCode::StoreFailed,
            ErrorCode::Internal,
        ];
        for code in all {
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
            );
        }
    }

    #[test]
    fn money_errors_map_to_codes() {
        let gmd = Currency::from_code("GMD").expect("known");
        let cad = Currency::from_code("CAD").expect("known");
        let mismatch = Money::zero(gmd)
            .checked_add(&Money::zero(cad))
            .expect_err("mismatch");
        assert_eq!(AppError::from(mismatch).code, ErrorCode::CurrencyMismatch);
        let bad = Money::parse("1.234", gmd).expect_err("too many decimals");
        let app = AppError::from(bad);
        assert_eq!(app.code, ErrorCode::InputInvalid);
        assert_eq!(
            app.message,
            "1.234 has more than 2 decimal places, the most GMD allows"
        );
    }
}
