//! [`AccountService`]: add, edit, test and remove accounts, keeping the row in SQLite and the
//! credentials in the secret store, and recording each action in the audit log.

use std::sync::Arc;

use paydesk_domain::{AccountId, AppError, ErrorCode, Mode, ProviderKind};
use paydesk_providers::HttpConfig;
use paydesk_store::{NewAccount, Store};
use serde_json::json;

use super::audit::{AUDIT_ACTOR, Action, loggable_url, record};
use super::connection::{ConnectionCheck, check_connection, connection_test_http};
use super::endpoints::check_base_url;
use super::view::AccountView;
use super::{AccountEdit, NewAccountForm, rules};
use crate::credentials::Credentials;
use crate::secrets::SecretStore;

/// The account use-cases over one store and one secret store.
#[derive(Clone)]
pub struct AccountService {
    store: Store,
    secrets: Arc<dyn SecretStore>,
    http: HttpConfig,
    /// The one mode this store's accounts may have (live and sandbox never share a file).
    mode: Option<Mode>,
}

impl std::fmt::Debug for AccountService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountService").finish_non_exhaustive()
    }
}

impl AccountService {
    /// The service; connection tests use [`connection_test_http`].
    pub fn new(store: Store, secrets: Arc<dyn SecretStore>) -> AccountService {
        AccountService {
            store,
            secrets,
            http: connection_test_http(),
            mode: None,
        }
    }

    /// Only accounts of `mode` may be added here or edited into; others are refused, and the
    /// list shows only this mode's accounts.
    pub fn for_mode(mut self, mode: Mode) -> AccountService {
        self.mode = Some(mode);
        self
    }

    /// Refuses an account whose mode is not this service's.
    fn check_mode(&self, mode: Mode) -> Result<(), AppError> {
        match self.mode {
            Some(allowed) if allowed != mode => Err(wrong_mode(mode)),
            _ => Ok(()),
        }
    }

    /// Connection tests with these HTTP settings instead.
    pub fn with_http(mut self, http: HttpConfig) -> AccountService {
        self.http = http;
        self
    }

    /// Every account, by label then id.
    pub async fn list(&self) -> Result<Vec<AccountView>, AppError> {
        let mut views = Vec::new();
        for account in self.store.list_accounts().await? {
            if self.mode.is_some_and(|mode| mode != account.mode) {
                continue;
            }
            views.push(AccountView::of(&self.store, self.secrets.as_ref(), account).await?);
        }
        Ok(views)
    }

    /// One account.
    pub async fn view(&self, id: &AccountId) -> Result<AccountView, AppError> {
        let account = self.store.account(id).await?;
        AccountView::of(&self.store, self.secrets.as_ref(), account).await
    }

    /// Adds an account. Order: shape checks (label, credentials, mode, base URL), then the
    /// connection test when asked, then the row, then the credentials. Nothing is stored when a
    /// check or the test fails; if the credentials cannot be saved, the new row is removed.
    pub async fn add(&self, form: NewAccountForm) -> Result<AccountView, AppError> {
        let mut added = None;
        let outcome = self.try_add(&form, &mut added).await;
        let action = Action {
            actor: AUDIT_ACTOR,
            action: "account.add",
            provider: form.provider,
            account: added.as_ref().map(AccountId::as_str),
            details: json!({
                "label": form.label,
                "mode": form.mode.map(|m| m.as_str()),
                "base_url": loggable_url(form.base_url.as_deref()),
                "tested": form.test_connection,
            }),
        };
        record(&self.store, action, &outcome).await;
        outcome
    }

    async fn try_add(
        &self,
        form: &NewAccountForm,
        added: &mut Option<AccountId>,
    ) -> Result<AccountView, AppError> {
        let label = rules::label(&form.label)?;
        let credentials = form.credentials.credentials(form.provider)?;
        let mode = rules::mode(&credentials, form.mode)?;
        self.check_mode(mode)?;
        let base_url = check_base_url(form.base_url.as_deref())?;
        let url = rules::required_base_url(form.provider, mode, base_url.as_deref())?;
        let id = new_account_id(form.provider)?;
        if form.test_connection {
            check_connection(&credentials, mode, &url, &id, self.http).await?;
        }
        let account = NewAccount {
            id: id.clone(),
            provider: form.provider,
            label,
            mode,
            base_url,
        };
        let created = self.store.create_account(&account).await?;
        if let Err(error) = credentials.save(self.secrets.as_ref(), &id).await {
            self.undo_add(&id).await;
            return Err(error);
        }
        *added = Some(id);
        AccountView::of(&self.store, self.secrets.as_ref(), created).await
    }

    /// Removes what a failed add left behind, as far as possible.
    async fn undo_add(&self, id: &AccountId) {
        if let Err(error) = self.secrets.delete_all(id).await {
            tracing::warn!(account = %id, %error, "could not clear a failed add's secrets");
        }
        if let Err(error) = self.store.delete_account(id).await {
            tracing::warn!(account = %id, %error, "could not remove a failed add's row");
        }
    }

    /// Changes an account's label, mode, base URL or credentials. With `test_connection`, the
    /// edited account is tested first and nothing changes when the test fails.
    pub async fn edit(&self, id: &AccountId, edit: AccountEdit) -> Result<AccountView, AppError> {
        let current = self.store.account(id).await;
        let provider = current.as_ref().map_or(None, |a| Some(a.provider));
        let outcome = match current {
            Ok(current) => self.try_edit(current, &edit).await,
            Err(error) => Err(error.into()),
        };
        if let Some(provider) = provider {
            let action = Action {
                actor: AUDIT_ACTOR,
                action: "account.edit",
                provider,
                account: Some(id.as_str()),
                details: json!({
                    "label": edit.label,
                    "mode": edit.mode.map(|m| m.as_str()),
                    "base_url": edit.base_url.as_ref().map(|url| loggable_url(url.as_deref())),
                    "new_credentials": edit.credentials.is_some(),
                    "tested": edit.test_connection,
                }),
            };
            record(&self.store, action, &outcome).await;
        }
        outcome
    }

    async fn try_edit(
        &self,
        current: paydesk_store::Account,
        edit: &AccountEdit,
    ) -> Result<AccountView, AppError> {
        let provider = current.provider;
        let label = match &edit.label {
            Some(label) => rules::label(label)?,
            None => current.label.clone(),
        };
        let new_credentials = match &edit.credentials {
            Some(fields) => Some(fields.credentials(provider)?),
            None => None,
        };
        // The credentials the edited account will use: the new ones, or the kept ones when
        // the mode or the test needs them.
        let needs_kept = new_credentials.is_none()
            && (edit.test_connection || edit.mode.is_some() && implies_mode(provider));
        let kept = if needs_kept {
            Some(self.kept_credentials(&current.id, provider).await?)
        } else {
            None
        };
        let credentials = new_credentials.as_ref().or(kept.as_ref());
        let mode = match credentials {
            Some(credentials) => rules::mode(credentials, edit.mode.or(Some(current.mode)))
                .or_else(|error| match edit.mode {
                    // The new credentials decide the mode when the merchant did not ask.
                    None => rules::mode(credentials, None),
                    Some(_) => Err(error),
                })?,
            None => edit.mode.unwrap_or(current.mode),
        };
        self.check_mode(mode)?;
        let base_url = match &edit.base_url {
            Some(url) => check_base_url(url.as_deref())?,
            None if mode != current.mode => None,
            // A kept address saved under older rules must meet today's before anything saves.
            None => check_base_url(current.base_url.as_deref())?,
        };
        let url = rules::required_base_url(provider, mode, base_url.as_deref())?;
        if edit.test_connection {
            let credentials = credentials.ok_or_else(no_credentials)?;
            check_connection(credentials, mode, &url, &current.id, self.http).await?;
        }
        if let Some(credentials) = &new_credentials {
            credentials.save(self.secrets.as_ref(), &current.id).await?;
        }
        let updated = self
            .store
            .update_account(&NewAccount {
                id: current.id.clone(),
                provider,
                label,
                mode,
                base_url,
            })
            .await?;
        AccountView::of(&self.store, self.secrets.as_ref(), updated).await
    }

    async fn kept_credentials(
        &self,
        id: &AccountId,
        provider: ProviderKind,
    ) -> Result<Credentials, AppError> {
        Credentials::load(self.secrets.as_ref(), id, provider)
            .await?
            .ok_or_else(no_credentials)
    }

    /// Tests a saved account with its kept credentials.
    pub async fn test_connection(&self, id: &AccountId) -> Result<ConnectionCheck, AppError> {
        let account = self.store.account(id).await?;
        let outcome = async {
            let credentials = self.kept_credentials(id, account.provider).await?;
            let url = rules::required_base_url(
                account.provider,
                account.mode,
                account.base_url.as_deref(),
            )?;
            check_connection(&credentials, account.mode, &url, id, self.http).await
        }
        .await;
        let action = Action {
            actor: AUDIT_ACTOR,
            action: "account.test_connection",
            provider: account.provider,
            account: Some(id.as_str()),
            details: json!({ "mode": account.mode.as_str() }),
        };
        record(&self.store, action, &outcome).await;
        outcome
    }

    /// Removes an account: its secrets first (if the keyring refuses, the account stays and
    /// the merchant can try again, so no secret is ever left without an account to remove it
    /// through), then its row with its transactions, balances and sync state.
    pub async fn remove(&self, id: &AccountId) -> Result<(), AppError> {
        let account = self.store.account(id).await?;
        let outcome = async {
            self.secrets.delete_all(id).await?;
            self.store.delete_account(id).await?;
            Ok(())
        }
        .await;
        let action = Action {
            actor: AUDIT_ACTOR,
            action: "account.remove",
            provider: account.provider,
            account: Some(id.as_str()),
            details: json!({ "label": account.label, "mode": account.mode.as_str() }),
        };
        record(&self.store, action, &outcome).await;
        outcome
    }
}

/// An account of the other mode, in the merchant's words.
fn wrong_mode(mode: Mode) -> AppError {
    let message = match mode {
        Mode::Sandbox => {
            "these are test credentials (a sandbox account): switch to SANDBOX to add or keep \
             it there; live and sandbox accounts are never mixed"
        }
        Mode::Live => {
            "these are live credentials (real money): switch to LIVE to add or keep it there; \
             live and sandbox accounts are never mixed"
        }
    };
    AppError::new(ErrorCode::InputInvalid, message).with_field("mode")
}

/// Hexai and HPAY: the credentials decide the mode.
fn implies_mode(provider: ProviderKind) -> bool {
    matches!(provider, ProviderKind::Hexai | ProviderKind::Hpay)
}

fn no_credentials() -> AppError {
    AppError {
        code: ErrorCode::InputInvalid,
        message: "No credentials are kept for this account; enter them again.".into(),
        field: Some("credentials".into()),
    }
}

/// A fresh id: the provider and 12 random hex digits, e.g. `hexai-3f9c0a1b2d4e`.
fn new_account_id(provider: ProviderKind) -> Result<AccountId, AppError> {
    let random = uuid::Uuid::new_v4().simple().to_string();
    let suffix = random.get(..12).unwrap_or(&random);
    AccountId::new(format!("{}-{suffix}", provider.as_str()))
        .map_err(|e| AppError::internal(format!("account id: {e}")))
}
