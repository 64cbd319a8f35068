//! The credentials of each provider: their types, checked for shape when entered, the mode
//! (sandbox or live) they imply where the provider defines one, saving them to and loading
//! them from a [`SecretStore`], and the redacted view the UI gets ([`CredentialStatus`]).
//!
//! Every type here prints its secrets as `***` in `Debug`; none implements `Serialize`.

mod shape;

use std::collections::HashMap;

use paydesk_domain::{AccountId, AppError, ErrorCode, FieldError, Mode, ProviderKind, Secret};
use serde::Serialize;

use crate::secrets::{SecretName, SecretStore};

/// HG.Cash: an account-wide bearer token, and the webhook signing secret if the merchant set
/// one in HG.Cash's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HgCashCredentials {
    token: Secret,
    webhook_secret: Option<Secret>,
}

impl HgCashCredentials {
    /// Checks the token's shape (`cash_` and 64 lowercase hex characters). A blank webhook
    /// secret counts as none.
    pub fn new(
        token: Secret,
        webhook_secret: Option<Secret>,
    ) -> Result<HgCashCredentials, FieldError> {
        Ok(HgCashCredentials {
            token: shape::hgcash_token(&token)?,
            webhook_secret: shape::optional(SecretName::WebhookSecret, webhook_secret.as_ref())?,
        })
    }

    /// The bearer token.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// The webhook signing secret, if configured.
    pub fn webhook_secret(&self) -> Option<&Secret> {
        self.webhook_secret.as_ref()
    }
}

/// HPAY's `mode` body field: which environment its keys were issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HpayMode {
    /// `TEST`: links never charge real cards.
    Test,
    /// `PROD`: real money.
    Prod,
}

impl HpayMode {
    /// `TEST` or `PROD`, as HPAY spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            HpayMode::Test => "TEST",
            HpayMode::Prod => "PROD",
        }
    }

    /// Reads `TEST` or `PROD` (any case, surrounding blanks ignored).
    pub fn parse(text: &str) -> Result<HpayMode, FieldError> {
        match text.trim().to_ascii_uppercase().as_str() {
            "TEST" => Ok(HpayMode::Test),
            "PROD" => Ok(HpayMode::Prod),
            _ => Err(FieldError::new(
                SecretName::Mode.as_str(),
                "must be TEST or PROD",
            )),
        }
    }

    /// Sandbox for `TEST`, live for `PROD`.
    pub fn mode(self) -> Mode {
        match self {
            HpayMode::Test => Mode::Sandbox,
            HpayMode::Prod => Mode::Live,
        }
    }
}

/// HPAY: three static keys, and the mode they were issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HpayCredentials {
    api_key: Secret,
    public_key: Secret,
    secret_key: Secret,
    mode: HpayMode,
}

impl HpayCredentials {
    /// Checks that each key is present and free of blanks (HPAY documents no format).
    pub fn new(
        api_key: Secret,
        public_key: Secret,
        secret_key: Secret,
        mode: HpayMode,
    ) -> Result<HpayCredentials, FieldError> {
        Ok(HpayCredentials {
            api_key: shape::required(SecretName::ApiKey, &api_key)?,
            public_key: shape::required(SecretName::PublicKey, &public_key)?,
            secret_key: shape::required(SecretName::SecretKey, &secret_key)?,
            mode,
        })
    }

    /// `api_key`.
    pub fn api_key(&self) -> &Secret {
        &self.api_key
    }

    /// `api_public_key` (`public_key` on some endpoints).
    pub fn public_key(&self) -> &Secret {
        &self.public_key
    }

    /// `api_secret_key`, sent only to `/getToken/`.
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The mode the keys were issued for.
    pub fn hpay_mode(&self) -> HpayMode {
        self.mode
    }
}

/// Which Hexai environment a secret key opens, read from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HexaiEnvironment {
    /// `sk_test_...`: sandbox, no real money.
    Sandbox,
    /// `sk_live_...`: real money.
    Live,
    /// An older key with neither prefix.
    Unknown,
}

impl HexaiEnvironment {
    /// The environment a key's prefix names.
    pub fn of_key(key: &Secret) -> HexaiEnvironment {
        if key.expose().starts_with(shape::HEXAI_TEST_PREFIX) {
            HexaiEnvironment::Sandbox
        } else if key.expose().starts_with(shape::HEXAI_LIVE_PREFIX) {
            HexaiEnvironment::Live
        } else {
            HexaiEnvironment::Unknown
        }
    }

    /// The mode Paydesk shows. ASSUMPTION (Hexai reference, section 2): a key of unknown
    /// environment is treated as live, the safer choice.
    pub fn mode(self) -> Mode {
        match self {
            HexaiEnvironment::Sandbox => Mode::Sandbox,
            HexaiEnvironment::Live | HexaiEnvironment::Unknown => Mode::Live,
        }
    }
}

/// Hexai: a secret key whose prefix decides sandbox or live, and the webhook secret set in
/// Hexai's dashboard, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexaiCredentials {
    secret_key: Secret,
    webhook_secret: Option<Secret>,
}

impl HexaiCredentials {
    /// Checks the key is present (any prefix is accepted); a blank webhook secret counts as
    /// none.
    pub fn new(
        secret_key: Secret,
        webhook_secret: Option<Secret>,
    ) -> Result<HexaiCredentials, FieldError> {
        Ok(HexaiCredentials {
            secret_key: shape::hexai_secret_key(&secret_key)?,
            webhook_secret: shape::optional(SecretName::WebhookSecret, webhook_secret.as_ref())?,
        })
    }

    /// The secret key, sent as a bearer token.
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The webhook secret, if configured.
    pub fn webhook_secret(&self) -> Option<&Secret> {
        self.webhook_secret.as_ref()
    }

    /// The environment the key's prefix names.
    pub fn environment(&self) -> HexaiEnvironment {
        HexaiEnvironment::of_key(&self.secret_key)
    }
}

/// CashWeb: the partner API key, and the webhook signing secret, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashWebCredentials {
    api_key: Secret,
    webhook_secret: Option<Secret>,
}

impl CashWebCredentials {
    /// Checks the key is present (CashWeb documents no format); a blank webhook secret counts
    /// as none.
    pub fn new(
        api_key: Secret,
        webhook_secret: Option<Secret>,
    ) -> Result<CashWebCredentials, FieldError> {
        Ok(CashWebCredentials {
            api_key: shape::required(SecretName::ApiKey, &api_key)?,
            webhook_secret: shape::optional(SecretName::WebhookSecret, webhook_secret.as_ref())?,
        })
    }

    /// The `X-API-KEY` value.
    pub fn api_key(&self) -> &Secret {
        &self.api_key
    }

    /// The webhook signing secret, if configured.
    pub fn webhook_secret(&self) -> Option<&Secret> {
        self.webhook_secret.as_ref()
    }
}

/// Hubcash: a code and a token, both secret. Whether they are development or production keys
/// is not visible in them: the merchant says so when adding the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubcashCredentials {
    code: Secret,
    token: Secret,
}

impl HubcashCredentials {
    /// Checks both are present (Hubcash documents no format).
    pub fn new(code: Secret, token: Secret) -> Result<HubcashCredentials, FieldError> {
        Ok(HubcashCredentials {
            code: shape::required(SecretName::Code, &code)?,
            token: shape::required(SecretName::Token, &token)?,
        })
    }

    /// The `X-Hubcash-Code` value.
    pub fn code(&self) -> &Secret {
        &self.code
    }

    /// The `X-Hubcash-Token` value.
    pub fn token(&self) -> &Secret {
        &self.token
    }
}

/// One account's credentials, for whichever provider it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// HG.Cash.
    HgCash(HgCashCredentials),
    /// HPAY.
    Hpay(HpayCredentials),
    /// Hexai.
    Hexai(HexaiCredentials),
    /// CashWeb.
    CashWeb(CashWebCredentials),
    /// Hubcash.
    Hubcash(HubcashCredentials),
}

/// What the UI may know about one stored value: whether it is there and, for long enough
/// secrets, its last four characters. Never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialStatus {
    /// The form field (`token`, `api_key`, `webhook_secret`...).
    pub field: SecretName,
    /// False for optional values such as webhook secrets.
    pub required: bool,
    /// True when a value is kept.
    pub configured: bool,
    /// The last four characters, for secrets of 12 characters or more.
    pub last4: Option<String>,
}

impl Credentials {
    /// The provider these credentials are for.
    pub fn provider(&self) -> ProviderKind {
        match self {
            Credentials::HgCash(_) => ProviderKind::HgCash,
            Credentials::Hpay(_) => ProviderKind::Hpay,
            Credentials::Hexai(_) => ProviderKind::Hexai,
            Credentials::CashWeb(_) => ProviderKind::CashWeb,
            Credentials::Hubcash(_) => ProviderKind::Hubcash,
        }
    }

    /// The mode the credentials themselves imply: Hexai by its key's prefix, HPAY by its
    /// `mode`. `None` for providers whose credentials do not say (HG.Cash and CashWeb differ by
    /// host, Hubcash by what the merchant declares).
    pub fn implied_mode(&self) -> Option<Mode> {
        match self {
            Credentials::Hpay(hpay) => Some(hpay.mode.mode()),
            Credentials::Hexai(hexai) => Some(hexai.environment().mode()),
            Credentials::HgCash(_) | Credentials::CashWeb(_) | Credentials::Hubcash(_) => None,
        }
    }

    /// The redacted view of these credentials, one row per secret field.
    pub fn status(&self) -> Vec<CredentialStatus> {
        let values = self.values();
        secret_fields(self.provider())
            .map(|name| status_row(self.provider(), name, values.get(&name)))
            .collect()
    }

    /// Keeps these credentials for `account`, replacing what was kept; an optional value left
    /// out (a webhook secret) is deleted. Values are written one by one: if the keyring fails
    /// midway, the error is returned and saving again repairs the account.
    pub async fn save<S>(&self, store: &S, account: &AccountId) -> Result<(), AppError>
    where
        S: SecretStore + ?Sized,
    {
        let values = self.values();
        for &name in SecretName::for_provider(self.provider()) {
            match values.get(&name) {
                Some(secret) => store.set(account, name, secret).await?,
                None => store.delete(account, name).await?,
            }
        }
        tracing::info!(account = %account, provider = self.provider().as_str(), "credentials saved");
        Ok(())
    }

    /// The credentials kept for `account` at `provider`; `None` when nothing is kept. Values
    /// that are incomplete or no longer pass the shape rules are an `input.invalid` error
    /// naming the field to enter again.
    pub async fn load<S>(
        store: &S,
        account: &AccountId,
        provider: ProviderKind,
    ) -> Result<Option<Credentials>, AppError>
    where
        S: SecretStore + ?Sized,
    {
        let mut kept = HashMap::new();
        for &name in SecretName::for_provider(provider) {
            if let Some(secret) = store.get(account, name).await? {
                kept.insert(name, secret);
            }
        }
        if kept.is_empty() {
            return Ok(None);
        }
        let saved = Saved {
            provider,
            account,
            kept,
        };
        saved.credentials().map(Some)
    }

    /// Every value to keep, by name; optional values that are not configured are absent.
    fn values(&self) -> HashMap<SecretName, Secret> {
        let mut values = HashMap::new();
        let mut put = |name, secret: Option<&Secret>| {
            if let Some(secret) = secret {
                values.insert(name, secret.clone());
            }
        };
        match self {
            Credentials::HgCash(c) => {
                put(SecretName::Token, Some(&c.token));
                put(SecretName::WebhookSecret, c.webhook_secret.as_ref());
            }
            Credentials::Hpay(c) => {
                put(SecretName::ApiKey, Some(&c.api_key));
                put(SecretName::PublicKey, Some(&c.public_key));
                put(SecretName::SecretKey, Some(&c.secret_key));
                put(SecretName::Mode, Some(&Secret::new(c.mode.as_str())));
            }
            Credentials::Hexai(c) => {
                put(SecretName::SecretKey, Some(&c.secret_key));
                put(SecretName::WebhookSecret, c.webhook_secret.as_ref());
            }
            Credentials::CashWeb(c) => {
                put(SecretName::ApiKey, Some(&c.api_key));
                put(SecretName::WebhookSecret, c.webhook_secret.as_ref());
            }
            Credentials::Hubcash(c) => {
                put(SecretName::Code, Some(&c.code));
                put(SecretName::Token, Some(&c.token));
            }
        }
        values
    }
}

/// The redacted view of what is kept for `account` at `provider`, read field by field, so it
/// also describes incomplete credentials.
pub async fn credential_status<S>(
    store: &S,
    account: &AccountId,
    provider: ProviderKind,
) -> Result<Vec<CredentialStatus>, AppError>
where
    S: SecretStore + ?Sized,
{
    let mut rows = Vec::new();
    for name in secret_fields(provider) {
        let kept = store.get(account, name).await?;
        rows.push(status_row(provider, name, kept.as_ref()));
    }
    Ok(rows)
}

/// The fields of a provider that hold secrets (HPAY's mode does not).
fn secret_fields(provider: ProviderKind) -> impl Iterator<Item = SecretName> {
    SecretName::for_provider(provider)
        .iter()
        .copied()
        .filter(|name| name.is_secret())
}

/// Webhook secrets are optional: a merchant who receives no webhooks has none.
fn is_required(name: SecretName) -> bool {
    name != SecretName::WebhookSecret
}

fn status_row(
    provider: ProviderKind,
    name: SecretName,
    secret: Option<&Secret>,
) -> CredentialStatus {
    debug_assert!(SecretName::for_provider(provider).contains(&name));
    CredentialStatus {
        field: name,
        required: is_required(name),
        configured: secret.is_some(),
        last4: secret.and_then(Secret::last4),
    }
}

/// What the store held for one account, being turned back into [`Credentials`].
struct Saved<'a> {
    provider: ProviderKind,
    account: &'a AccountId,
    kept: HashMap<SecretName, Secret>,
}

impl Saved<'_> {
    fn credentials(&self) -> Result<Credentials, AppError> {
        let built = match self.provider {
            ProviderKind::HgCash => HgCashCredentials::new(
                self.required(SecretName::Token)?,
                self.optional(SecretName::WebhookSecret),
            )
            .map(Credentials::HgCash),
            ProviderKind::Hpay => {
                let (api_key, public_key, secret_key, mode) = (
                    self.required(SecretName::ApiKey)?,
                    self.required(SecretName::PublicKey)?,
                    self.required(SecretName::SecretKey)?,
                    self.required(SecretName::Mode)?,
                );
                HpayMode::parse(mode.expose())
                    .and_then(|mode| HpayCredentials::new(api_key, public_key, secret_key, mode))
                    .map(Credentials::Hpay)
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
        built.map_err(|error| self.damaged(&error))
    }

    fn required(&self, name: SecretName) -> Result<Secret, AppError> {
        self.kept.get(&name).cloned().ok_or_else(|| {
            self.invalid(
                name.as_str(),
                format!("{} is missing from the keyring", name.as_str()),
            )
        })
    }

    fn optional(&self, name: SecretName) -> Option<Secret> {
        self.kept.get(&name).cloned()
    }

    fn damaged(&self, error: &FieldError) -> AppError {
        self.invalid(error.field, error.to_string())
    }

    fn invalid(&self, field: &str, what: String) -> AppError {
        AppError {
            code: ErrorCode::InputInvalid,
            message: format!(
                "The saved {} credentials of account {} are incomplete or damaged ({what}). \
                 Enter them again.",
                self.provider.display_name(),
                self.account
            ),
            field: Some(field.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests;
