//! What the UI learns about an account: its settings, whether each credential is configured
//! (with the last four characters of long secrets), and where its sync stands. Never a secret.

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, AppError, Mode, ProviderKind};
use paydesk_store::{Account, Store};
use serde::Serialize;

use super::endpoints::effective_base_url;
use crate::credentials::{CredentialStatus, credential_status};
use crate::secrets::SecretStore;

/// One account as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    /// Paydesk's id for it.
    pub id: AccountId,
    /// The provider it is at.
    pub provider: ProviderKind,
    /// The merchant's name for it.
    pub label: String,
    /// Sandbox or live.
    pub mode: Mode,
    /// Where its calls go (its own URL, or the provider's default for the mode); `None` only
    /// for an HPAY account whose URL was never entered.
    pub base_url: Option<String>,
    /// True when `base_url` is the account's own rather than the provider's default.
    pub custom_base_url: bool,
    /// Each credential field: configured or not, and its last four characters.
    pub credentials: Vec<CredentialStatus>,
    /// When its history last synced completely.
    pub last_sync: Option<DateTime<Utc>>,
    /// The last sync failure, in words, until a sync succeeds.
    pub last_sync_error: Option<String>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

impl AccountView {
    /// The view of a stored account, reading its credentials' status from `secrets` and its
    /// sync state from `store`.
    pub async fn of(
        store: &Store,
        secrets: &dyn SecretStore,
        account: Account,
    ) -> Result<AccountView, AppError> {
        let credentials = credential_status(secrets, &account.id, account.provider).await?;
        let sync = store.sync_state(&account.id).await?;
        let (last_sync, last_sync_error) =
            sync.map_or((None, None), |s| (s.last_synced_at, s.last_error));
        Ok(AccountView {
            base_url: effective_base_url(
                account.provider,
                account.mode,
                account.base_url.as_deref(),
            ),
            custom_base_url: account.base_url.is_some(),
            id: account.id,
            provider: account.provider,
            label: account.label,
            mode: account.mode,
            credentials,
            last_sync,
            last_sync_error,
            created_at: account.created_at,
            updated_at: account.updated_at,
        })
    }
}
