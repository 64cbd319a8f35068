//! HPAY's request bodies (§3). Credentials and the token travel in the body, so these types
//! have no `Debug`.

use serde::Serialize;

use super::HpayMode;
use crate::exact::JsonNumber;

/// `POST /getToken/` body.
#[derive(Serialize)]
pub struct GetTokenRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `api_public_key` (this name on this endpoint).
    pub api_public_key: &'a str,
    /// `api_secret_key`: sent to this endpoint only.
    pub api_secret_key: &'a str,
    /// `mode`.
    pub mode: HpayMode,
}

/// `POST /payment/` body.
#[derive(Serialize)]
pub struct PaymentRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `public_key` (this name on this endpoint).
    pub public_key: &'a str,
    /// `mode`.
    pub mode: HpayMode,
    /// `amount`: a JSON number in major units of the account currency (§8, U6).
    pub amount: JsonNumber,
    /// `product_name`.
    pub product_name: &'a str,
    /// `description`.
    pub description: &'a str,
    /// `notify_url`.
    pub notify_url: &'a str,
    /// `success_url`.
    pub success_url: &'a str,
    /// `cancel_url`.
    pub cancel_url: &'a str,
    /// `token`.
    pub token: &'a str,
}

/// `POST /getPaymentHistory/` body. Empty strings mean "no filter".
#[derive(Serialize)]
pub struct PaymentHistoryRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `public_key` (this name on this endpoint).
    pub public_key: &'a str,
    /// `mode`.
    pub mode: HpayMode,
    /// `statut` (French spelling): `UNPAID`, `PAID` or empty.
    pub statut: &'a str,
    /// `date_from`: `yyyy-mm-dd` or empty.
    pub date_from: String,
    /// `date_to`: `yyyy-mm-dd` or empty.
    pub date_to: String,
    /// `fetch_limit`: `"<offset>,<count>"`.
    pub fetch_limit: String,
    /// `transaction_id` or empty.
    pub transaction_id: &'a str,
    /// `token`.
    pub token: &'a str,
}

/// `POST /getCollectBalance/` body (`mode` is sent although the seed omits it, U13).
#[derive(Serialize)]
pub struct CollectBalanceRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `api_public_key`.
    pub api_public_key: &'a str,
    /// `token`.
    pub token: &'a str,
    /// `mode`.
    pub mode: HpayMode,
}

/// `POST /getFees/` body.
#[derive(Serialize)]
pub struct FeesRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `api_public_key`.
    pub api_public_key: &'a str,
    /// `mode`.
    pub mode: HpayMode,
    /// `amount`, a string (`"100"`).
    pub amount: String,
    /// `from_currency`.
    pub from_currency: &'a str,
    /// `to_currency`.
    pub to_currency: &'a str,
    /// `token`.
    pub token: &'a str,
}

/// `POST /getCountry/` body.
#[derive(Serialize)]
pub struct CountryRequest<'a> {
    /// `api_key`.
    pub api_key: &'a str,
    /// `api_public_key`.
    pub api_public_key: &'a str,
    /// `mode`.
    pub mode: HpayMode,
    /// `token`.
    pub token: &'a str,
}
