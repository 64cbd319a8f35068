//! The rules an account form must meet beyond the credentials' shape: label, mode, base URL.

use paydesk_domain::{AppError, ErrorCode, FieldError, Mode, ProviderKind};

use super::endpoints::{BASE_URL_FIELD, effective_base_url};
use crate::credentials::Credentials;

/// The longest label, in characters.
pub(super) const MAX_LABEL_CHARS: usize = 80;

/// The label, trimmed: 1 to [`MAX_LABEL_CHARS`] characters, no control characters.
pub(super) fn label(text: &str) -> Result<String, AppError> {
    let label = text.trim();
    if label.is_empty() {
        return Err(FieldError::new("label", "is required").into());
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(FieldError::new(
            "label",
            format!("must be at most {MAX_LABEL_CHARS} characters"),
        )
        .into());
    }
    if label.chars().any(char::is_control) {
        return Err(FieldError::new("label", "must not contain control characters").into());
    }
    Ok(label.to_owned())
}

/// The account's mode: what the credentials imply (Hexai, HPAY), else what the merchant chose.
pub(super) fn mode(credentials: &Credentials, chosen: Option<Mode>) -> Result<Mode, AppError> {
    let provider = credentials.provider();
    match (credentials.implied_mode(), chosen) {
        (Some(implied), Some(chosen)) if implied != chosen => Err(FieldError::new(
            "mode",
            format!(
                "{} credentials are {} credentials ({}); enter {} credentials to make a {} \
                 account",
                provider.display_name(),
                implied.as_str(),
                how_implied(provider),
                chosen.as_str(),
                chosen.as_str()
            ),
        )
        .into()),
        (Some(implied), _) => Ok(implied),
        (None, Some(chosen)) => Ok(chosen),
        (None, None) => Err(FieldError::new(
            "mode",
            format!(
                "choose sandbox or live: {} credentials do not say",
                provider.display_name()
            ),
        )
        .into()),
    }
}

fn how_implied(provider: ProviderKind) -> &'static str {
    match provider {
        ProviderKind::Hexai => "the key's sk_test_ or sk_live_ prefix decides",
        ProviderKind::Hpay => "their TEST or PROD mode decides",
        ProviderKind::HgCash | ProviderKind::CashWeb | ProviderKind::Hubcash => {
            "the merchant chooses"
        }
    }
}

/// The URL calls go to, or `input.invalid` on `base_url` when the provider has no default.
pub(super) fn required_base_url(
    provider: ProviderKind,
    mode: Mode,
    own: Option<&str>,
) -> Result<String, AppError> {
    effective_base_url(provider, mode, own).ok_or_else(|| AppError {
        code: ErrorCode::InputInvalid,
        message: format!(
            "{BASE_URL_FIELD}: is required: {} documents no API address; enter the one from \
             your onboarding material",
            provider.display_name()
        ),
        field: Some(BASE_URL_FIELD.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use paydesk_domain::Secret;

    use super::*;
    use crate::credentials::{HexaiCredentials, HgCashCredentials};

    #[test]
    fn labels() {
        assert_eq!(label("  Main  "), Ok("Main".to_owned()));
        assert_eq!(label(" ").map_err(|e| e.field), Err(Some("label".into())));
        assert!(label(&"x".repeat(81)).is_err());
        assert!(label("a\nb").is_err());
    }

    #[test]
    fn modes() {
        let hexai = Credentials::Hexai(
            HexaiCredentials::new(Secret::new("sk_test_abc"), None).expect("shape"),
        );
        assert_eq!(mode(&hexai, None), Ok(Mode::Sandbox));
        assert_eq!(mode(&hexai, Some(Mode::Sandbox)), Ok(Mode::Sandbox));
        let error = mode(&hexai, Some(Mode::Live)).expect_err("conflict");
        assert_eq!(error.field.as_deref(), Some("mode"));

        let hg = Credentials::HgCash(
            HgCashCredentials::new(Secret::new(format!("cash_{}", "a".repeat(64))), None)
                .expect("shape"),
        );
        assert_eq!(mode(&hg, Some(Mode::Live)), Ok(Mode::Live));
        assert!(mode(&hg, None).is_err());
    }

    #[test]
    fn hpay_needs_a_base_url() {
        let error = required_base_url(ProviderKind::Hpay, Mode::Live, None).expect_err("none");
        assert_eq!(error.field.as_deref(), Some("base_url"));
        assert!(
            required_base_url(ProviderKind::Hpay, Mode::Live, Some("https://h.example")).is_ok()
        );
    }
}
