//! The credentials as the merchant types them into the account form, turned into checked
//! [`Credentials`] (or an `input.invalid` error naming the field, never quoting the value).

use std::collections::BTreeMap;

use paydesk_domain::{AppError, FieldError, ProviderKind, Secret};

use crate::credentials::{
    CashWebCredentials, Credentials, HexaiCredentials, HgCashCredentials, HpayCredentials,
    HpayMode, HubcashCredentials,
};
use crate::secrets::SecretName;

/// The values entered in an account form, by field. `Debug` prints every value as `***`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialFields(BTreeMap<SecretName, Secret>);

impl CredentialFields {
    /// An empty form.
    pub fn new() -> CredentialFields {
        CredentialFields::default()
    }

    /// The form with `value` entered in `field` (replacing what was there).
    pub fn with(mut self, field: SecretName, value: impl Into<String>) -> CredentialFields {
        self.insert(field, Secret::new(value));
        self
    }

    /// Enters `value` in `field`.
    pub fn insert(&mut self, field: SecretName, value: Secret) {
        self.0.insert(field, value);
    }

    /// The value entered in `field`, if any.
    pub fn get(&self, field: SecretName) -> Option<&Secret> {
        self.0.get(&field)
    }

    /// Checks the fields for `provider` and builds its credentials. A field the provider does
    /// not use is refused (it would be silently dropped otherwise); a missing required field
    /// is refused by name.
    pub fn credentials(&self, provider: ProviderKind) -> Result<Credentials, AppError> {
        let allowed = SecretName::for_provider(provider);
        if let Some(extra) = self.0.keys().find(|name| !allowed.contains(name)) {
            return Err(FieldError::new(
                extra.as_str(),
                format!("is not a {} credential", provider.display_name()),
            )
            .into());
        }
        let built = match provider {
            ProviderKind::HgCash => HgCashCredentials::new(
                self.required(SecretName::Token)?,
                self.optional(SecretName::WebhookSecret),
            )
            .map(Credentials::HgCash),
            ProviderKind::Hpay => {
                let mode = self.required(SecretName::Mode)?;
                HpayMode::parse(mode.expose()).and_then(|mode| {
                    HpayCredentials::new(
                        self.required(SecretName::ApiKey)?,
                        self.required(SecretName::PublicKey)?,
                        self.required(SecretName::SecretKey)?,
                        mode,
                    )
                    .map(Credentials::Hpay)
                })
            }
            ProviderKind::Hexai => HexaiCredentials::new(
                self.required(SecretName::SecretKey)?,
                self.optional(SecretName::WebhookSecret),
            )
            .map(Credentials::Hexai),
            ProviderKind::CashWeb => CashWebCredentials::new(
                self.required(SecretName::ApiKey)?,
                self.optional(SecretName::WebhookSecret),
            )
            .map(Credentials::CashWeb),
            ProviderKind::Hubcash => HubcashCredentials::new(
                self.required(SecretName::Code)?,
                self.required(SecretName::Token)?,
            )
            .map(Credentials::Hubcash),
        };
        built.map_err(AppError::from)
    }

    fn required(&self, name: SecretName) -> Result<Secret, FieldError> {
        self.0
            .get(&name)
            .cloned()
            .ok_or_else(|| FieldError::new(name.as_str(), "is required"))
    }

    fn optional(&self, name: SecretName) -> Option<Secret> {
        self.0.get(&name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use paydesk_domain::ErrorCode;

    use super::*;

    #[test]
    fn missing_wrong_and_foreign_fields_are_named() {
        let error = CredentialFields::new()
            .credentials(ProviderKind::Hubcash)
            .expect_err("empty");
        assert_eq!(error.field.as_deref(), Some("code"));

        let error = CredentialFields::new()
            .with(SecretName::Token, "cash_nothex")
            .credentials(ProviderKind::HgCash)
            .expect_err("shape");
        assert_eq!(error.code, ErrorCode::InputInvalid);
        assert_eq!(error.field.as_deref(), Some("token"));
        assert!(!error.message.contains("cash_nothex"));

        let error = CredentialFields::new()
            .with(SecretName::ApiKey, "k")
            .with(SecretName::Code, "c")
            .credentials(ProviderKind::CashWeb)
            .expect_err("foreign field");
        assert_eq!(error.field.as_deref(), Some("code"));

        let error = CredentialFields::new()
            .with(SecretName::ApiKey, "a")
            .with(SecretName::PublicKey, "p")
            .with(SecretName::SecretKey, "s")
            .with(SecretName::Mode, "LIVE")
            .credentials(ProviderKind::Hpay)
            .expect_err("mode");
        assert_eq!(error.field.as_deref(), Some("mode"));
    }

    #[test]
    fn debug_never_shows_values() {
        let fields = CredentialFields::new().with(SecretName::ApiKey, "very-secret-value");
        assert!(!format!("{fields:?}").contains("very-secret-value"));
    }
}
