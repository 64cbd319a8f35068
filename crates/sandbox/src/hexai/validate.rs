//! Request checks of the simulated HPG (sections 3.4, 4, 5.1, 5.3), the magic amounts
//! (section 10) and the idempotency conflict (section 9).

use serde::Deserialize;
use serde_json::value::RawValue;

use super::replies::ApiError;
use super::state::{FailureCode, gmd_text};
use super::{Env, Knobs, MagicMode};

#[derive(Deserialize)]
pub(crate) struct RawInitiate {
    pub(crate) amount: Option<Box<RawValue>>,
    pub(crate) currency: Option<Box<RawValue>>,
    pub(crate) client_reference: Option<Box<RawValue>>,
    pub(crate) recipient_mobile: Option<Box<RawValue>>,
    pub(crate) success_url: Option<Box<RawValue>>,
    pub(crate) error_url: Option<Box<RawValue>>,
}

pub(crate) struct Initiate {
    pub(crate) amount: i64,
    pub(crate) reference: String,
    pub(crate) mobile: Option<u32>,
    pub(crate) success_url: Option<String>,
    pub(crate) error_url: Option<String>,
}

pub(crate) fn text(raw: &Option<Box<RawValue>>) -> Result<Option<String>, ()> {
    match raw {
        None => Ok(None),
        Some(r) if r.get().starts_with('"') => serde_json::from_str(r.get()).map_err(|_| ()),
        Some(_) => Err(()),
    }
}

/// ASSUMPTION (section 4): `^[0-9]+(\.[0-9]{1,2})?$`, more than zero, within the knobs.
pub(crate) fn bututs(amount: &str, knobs: &Knobs) -> Result<i64, ApiError> {
    let invalid = || {
        ApiError::amount(format!(
            "'{amount}' is not a valid GMD amount, e.g. \"100.00\"."
        ))
    };
    let (whole, fraction) = match amount.split_once('.') {
        Some((w, f)) => (w, f),
        None => (amount, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || (amount.contains('.') && fraction.is_empty())
        || fraction.len() > 2
        || whole.len() > 15
    {
        return Err(invalid());
    }
    let whole: i64 = whole.parse().map_err(|_| invalid())?;
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    let value = whole * 100 + fraction;
    if value <= 0 {
        return Err(ApiError::amount("The amount must be greater than zero."));
    }
    if value < knobs.min_amount_bututs || value > knobs.max_amount_bututs {
        return Err(ApiError::amount(format!(
            "The amount must be between {} and {} GMD.",
            gmd_text(knobs.min_amount_bututs),
            gmd_text(knobs.max_amount_bututs)
        )));
    }
    Ok(value)
}

pub(crate) fn reference_ok(r: &str) -> bool {
    (1..=100).contains(&r.len())
        && r.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

pub(crate) fn url_ok(url: &str, https_only: bool) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| (!https_only).then(|| url.strip_prefix("http://")).flatten());
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

pub(crate) fn parse_initiate(
    body: &[u8],
    knobs: &Knobs,
    payout: bool,
) -> Result<Initiate, ApiError> {
    let raw: RawInitiate = serde_json::from_slice(body)
        .map_err(|_| ApiError::request("The request body is not a valid JSON object."))?;
    let amount = match &raw.amount {
        None => return Err(ApiError::request("amount is required.")),
        Some(r) if r.get().starts_with('"') => {
            let s: String = serde_json::from_str(r.get())
                .map_err(|_| ApiError::amount("amount is not a valid string."))?;
            bututs(&s, knobs)?
        }
        Some(r)
            if knobs.accept_numeric_amount && r.get().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            bututs(r.get(), knobs)?
        }
        Some(_) => {
            return Err(ApiError::amount(
                "amount must be a string with up to two decimals, e.g. \"100.00\".",
            ));
        }
    };
    match text(&raw.currency) {
        Ok(None) => {}
        Ok(Some(c)) if c == "GMD" => {}
        _ => {
            return Err(ApiError::new(
                400,
                "INVALID_CURRENCY",
                "Only GMD is supported.",
            ));
        }
    }
    let reference = match text(&raw.client_reference) {
        Ok(Some(r)) if reference_ok(&r) => r,
        Ok(None) => return Err(ApiError::request("client_reference is required.")),
        _ => {
            return Err(ApiError::request(
                "client_reference must be 1 to 100 letters, digits, '.', '_' or '-'.",
            ));
        }
    };
    let mobile = if payout {
        let phone_error = || {
            ApiError::new(
                400,
                "INVALID_PHONE",
                "recipient_mobile must be +220 followed by 7 digits.",
            )
        };
        match text(&raw.recipient_mobile) {
            Ok(None) => return Err(ApiError::request("recipient_mobile is required.")),
            Ok(Some(m)) => {
                let digits = m
                    .strip_prefix("+220")
                    .filter(|d| d.len() == 7 && d.bytes().all(|b| b.is_ascii_digit()));
                Some(
                    digits
                        .and_then(|d| d.parse().ok())
                        .ok_or_else(phone_error)?,
                )
            }
            Err(()) => return Err(phone_error()),
        }
    } else {
        None
    };
    let mut urls = [None, None];
    if !payout {
        for (slot, (name, raw)) in urls.iter_mut().zip([
            ("success_url", &raw.success_url),
            ("error_url", &raw.error_url),
        ]) {
            match text(raw) {
                Ok(None) => {}
                Ok(Some(u)) if url_ok(&u, knobs.require_https_urls) => *slot = Some(u),
                _ => {
                    return Err(ApiError::request(format!(
                        "{name} must be an absolute URL."
                    )));
                }
            }
        }
    }
    let [success_url, error_url] = urls;
    Ok(Initiate {
        amount,
        reference,
        mobile,
        success_url,
        error_url,
    })
}

/// Magic amounts (section 10), test keys only.
pub(crate) enum Magic {
    Normal,
    StayPending,
    Fail(FailureCode),
    Error,
}

pub(crate) fn magic(env: Env, amount: i64) -> Magic {
    if env == Env::Live {
        return Magic::Normal;
    }
    match amount {
        20_000 => Magic::StayPending,
        40_000 => Magic::Fail(FailureCode::InsufficientFunds),
        40_300 => Magic::Fail(FailureCode::AccountBlocked),
        42_900 => Magic::Fail(FailureCode::RateLimitExceeded),
        50_000 => Magic::Error,
        _ => Magic::Normal,
    }
}

/// Section 10 order after idempotency: magic 500.00, then magic 400/403/429 in `http` mode.
pub(crate) fn magic_errors(m: &Magic, knobs: &Knobs) -> Result<(), ApiError> {
    match m {
        Magic::Error => Err(ApiError::new(
            500,
            "INTERNAL_ERROR",
            "An internal error occurred.",
        )),
        Magic::Fail(code) if knobs.magic_mode == MagicMode::Http => Err(ApiError::new(
            code.http_status(),
            code.as_str(),
            code.message(),
        )),
        _ => Ok(()),
    }
}

pub(crate) fn duplicate() -> ApiError {
    ApiError::new(
        400,
        "DUPLICATE_REFERENCE",
        "client_reference was already used with different parameters.",
    )
}
