//! What Paydesk sends HPG: the two initiate bodies (§5.1, §5.3), amounts as two-decimal GMD
//! strings made from the decimal itself (§4), and references checked before they go into a
//! body or a URL path (§3.4).

use paydesk_domain::{Money, ProviderKind};
use serde::Serialize;

use super::super::assumptions::{currency_is_accepted, reference_is_valid};
use crate::error::{ErrorKind, ProviderError};

const P: ProviderKind = ProviderKind::Hexai;

/// `POST /collections/initiate` body (§5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionRequest {
    /// GMD with two decimals, as a string.
    pub amount: String,
    /// Always `GMD`.
    pub currency: String,
    /// The merchant's reference (the idempotency key).
    pub client_reference: String,
    /// Where the customer goes after paying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_url: Option<String>,
    /// Where the customer goes after a failure or cancel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_url: Option<String>,
}

/// `POST /payouts/initiate` body (§5.3: the seed's curl example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HexaiPayoutRequest {
    /// GMD with two decimals, as a string.
    pub amount: String,
    /// Always `GMD`.
    pub currency: String,
    /// `+220` and 7 digits.
    pub recipient_mobile: String,
    /// The merchant's reference (the idempotency key).
    pub client_reference: String,
}

/// The amount as a request wants it: a positive GMD amount, as a two-decimal string.
pub fn request_amount(amount: &Money) -> Result<String, ProviderError> {
    if !currency_is_accepted(amount.currency().code()) {
        return Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            format!("Hexai pays in GMD only, not {}", amount.currency()),
        ));
    }
    if !amount.is_positive() {
        return Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            "the amount must be more than zero",
        ));
    }
    Ok(crate::exact::fixed_text(
        amount.amount(),
        super::super::AMOUNT_PLACES,
    ))
}

/// Checks a reference before it goes into a body or a URL path (§3.4 ASSUMPTION).
pub fn check_reference(reference: &str) -> Result<(), ProviderError> {
    if reference_is_valid(reference) {
        Ok(())
    } else {
        Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            "client_reference must be 1 to 100 letters, digits, '.', '_' or '-'",
        ))
    }
}
