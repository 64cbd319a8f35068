//! Where the merchant's provider credentials are kept: the [`SecretStore`] trait, addressed by
//! (account, secret name), with the OS keyring behind it in the app ([`KeyringStore`]) and an
//! in-memory double for tests ([`InMemoryStore`]).
//!
//! Secrets live only in the keyring and in memory, as [`Secret`]s that print as `***`. Nothing
//! in this module writes a secret's text into an error, a log line or a panic message.

mod keyring;
#[cfg(any(test, feature = "test-doubles"))]
mod memory;

use std::future::Future;
use std::pin::Pin;

use paydesk_domain::{AccountId, AppError, ProviderKind, Secret};
use serde::Serialize;

pub use self::keyring::KeyringStore;
#[cfg(feature = "test-doubles")]
pub use self::keyring::lock_session_keyring;
#[cfg(any(test, feature = "test-doubles"))]
pub use self::memory::InMemoryStore;

/// The future a [`SecretStore`] call returns: boxed, so `dyn SecretStore` works.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

/// The name of one value kept for an account. The keyring entry's user is
/// `<account id>/<name>`, e.g. `hexai-main/secret_key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretName {
    /// A bearer or API token (HG.Cash token, Hubcash token).
    Token,
    /// The secret a provider signs its webhooks with.
    WebhookSecret,
    /// An API key (HPAY `api_key`, CashWeb `X-API-KEY`).
    ApiKey,
    /// HPAY's `api_public_key`.
    PublicKey,
    /// A secret key (HPAY `api_secret_key`, Hexai `sk_...` key).
    SecretKey,
    /// Hubcash's `X-Hubcash-Code`.
    Code,
    /// HPAY's `TEST`/`PROD` mode. Not a secret, but kept beside the keys it was issued for, so
    /// the keys and their mode are always read together.
    Mode,
}

impl SecretName {
    /// Every name any provider uses; removing an account deletes all of them.
    pub const ALL: [SecretName; 7] = [
        SecretName::Token,
        SecretName::WebhookSecret,
        SecretName::ApiKey,
        SecretName::PublicKey,
        SecretName::SecretKey,
        SecretName::Code,
        SecretName::Mode,
    ];

    /// The name as stored and as the UI's form fields say it: `token`, `webhook_secret`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            SecretName::Token => "token",
            SecretName::WebhookSecret => "webhook_secret",
            SecretName::ApiKey => "api_key",
            SecretName::PublicKey => "public_key",
            SecretName::SecretKey => "secret_key",
            SecretName::Code => "code",
            SecretName::Mode => "mode",
        }
    }

    /// The names a provider's credentials use, in the order its form shows them.
    pub fn for_provider(provider: ProviderKind) -> &'static [SecretName] {
        match provider {
            ProviderKind::HgCash => &[SecretName::Token, SecretName::WebhookSecret],
            ProviderKind::Hpay => &[
                SecretName::ApiKey,
                SecretName::PublicKey,
                SecretName::SecretKey,
                SecretName::Mode,
            ],
            ProviderKind::Hexai => &[SecretName::SecretKey, SecretName::WebhookSecret],
            ProviderKind::CashWeb => &[SecretName::ApiKey, SecretName::WebhookSecret],
            ProviderKind::Hubcash => &[SecretName::Code, SecretName::Token],
        }
    }

    /// False for the values kept beside the secrets that are not secret themselves (HPAY's
    /// mode): the UI's redacted view skips them.
    pub fn is_secret(self) -> bool {
        self != SecretName::Mode
    }
}

/// Keeps secrets by (account, name). Every call may fail with `keyring.unavailable` or
/// `keyring.locked`; none blocks the async runtime or hangs.
///
/// Calls return boxed futures rather than being `async fn`s so the app can hold an
/// `Arc<dyn SecretStore>`.
pub trait SecretStore: Send + Sync {
    /// The secret, or `None` when none is kept under that name.
    fn get<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
    ) -> StoreFuture<'a, Option<Secret>>;

    /// Keeps `secret` under that name, replacing any earlier value.
    fn set<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
        secret: &'a Secret,
    ) -> StoreFuture<'a, ()>;

    /// Forgets the value under that name; nothing kept is not an error.
    fn delete<'a>(&'a self, account: &'a AccountId, name: SecretName) -> StoreFuture<'a, ()>;

    /// Forgets every value any provider keeps for the account (used when an account is
    /// removed). Stops at the first failure, which it returns.
    fn delete_all<'a>(&'a self, account: &'a AccountId) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            for name in SecretName::ALL {
                self.delete(account, name).await?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_name_is_in_all_and_names_are_distinct() {
        for provider in ProviderKind::ALL {
            for name in SecretName::for_provider(provider) {
                assert!(SecretName::ALL.contains(name), "{name:?} missing from ALL");
            }
        }
        let mut texts: Vec<&str> = SecretName::ALL.iter().map(|n| n.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), SecretName::ALL.len());
    }

    #[test]
    fn names_serialize_as_their_text() {
        for name in SecretName::ALL {
            assert_eq!(
                serde_json::to_string(&name).expect("serializes"),
                format!("\"{}\"", name.as_str())
            );
        }
    }
}
