//! The Accounts view's use-cases: list, add, edit, test and remove accounts. Credentials go
//! straight to the keyring; what comes back says only whether each one is configured.

use paydesk_domain::{AccountId, AppError, ErrorCode};
use paydesk_engine::secrets::SecretName;
use paydesk_engine::{AccountEdit, AccountView, CredentialFields, NewAccountForm};

use crate::Desk;
use crate::views::{
    AccountChanges, AccountForm, AccountInfo, AccountUpdates, ConnectionResult,
    CredentialFieldView, CredentialInput, time_text,
};

fn account_id(id: &str) -> Result<AccountId, AppError> {
    AccountId::new(id).map_err(|e| {
        AppError::new(ErrorCode::AccountNotFound, format!("no such account: {e}")).with_field("id")
    })
}

fn fields(inputs: &[CredentialInput]) -> Result<CredentialFields, AppError> {
    let mut fields = CredentialFields::new();
    for input in inputs {
        let name = SecretName::ALL
            .into_iter()
            .find(|n| n.as_str() == input.field)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::InputInvalid,
                    format!("unknown credential field \"{}\"", input.field),
                )
                .with_field(input.field.clone())
            })?;
        if !input.value.trim().is_empty() {
            fields = fields.with(name, input.value.clone());
        }
    }
    Ok(fields)
}

impl Desk {
    fn info(&self, view: AccountView) -> AccountInfo {
        let webhook_url = self.webhook_url(&view.id);
        AccountInfo {
            updates: if webhook_url.is_some() {
                AccountUpdates::Webhooks
            } else {
                AccountUpdates::Polling
            },
            webhook_url,
            id: view.id.as_str().to_owned(),
            provider: view.provider,
            label: view.label,
            mode: view.mode,
            base_url: view.base_url,
            custom_base_url: view.custom_base_url,
            credentials: view
                .credentials
                .into_iter()
                .map(|c| CredentialFieldView {
                    field: c.field.as_str().to_owned(),
                    required: c.required,
                    configured: c.configured,
                    last4: c.last4,
                })
                .collect(),
            last_sync: view.last_sync.map(time_text),
            last_sync_error: view.last_sync_error,
        }
    }

    /// Every account, once the start is over (on a first launch it makes the sandbox ones).
    pub async fn accounts(&self) -> Result<Vec<AccountInfo>, AppError> {
        self.ready().await;
        let views = self.inner.accounts.list().await?;
        Ok(views.into_iter().map(|v| self.info(v)).collect())
    }

    /// Adds an account (tested first when asked) and connects it.
    pub async fn add_account(&self, form: &AccountForm) -> Result<AccountInfo, AppError> {
        self.ready().await;
        let view = self
            .inner
            .accounts
            .add(NewAccountForm {
                provider: form.provider,
                label: form.label.clone(),
                mode: form.mode,
                base_url: form.base_url.clone().filter(|u| !u.trim().is_empty()),
                credentials: fields(&form.credentials)?,
                test_connection: form.test_connection,
            })
            .await?;
        self.reconnect(&view.id).await;
        self.account_info(&view.id).await
    }

    /// Changes an account and reconnects it.
    pub async fn edit_account(
        &self,
        id: &str,
        changes: &AccountChanges,
    ) -> Result<AccountInfo, AppError> {
        self.ready().await;
        let id = account_id(id)?;
        let credentials = match &changes.credentials {
            Some(inputs) => Some(fields(inputs)?),
            None => None,
        };
        let base_url = changes.base_url.as_ref().map(|url| {
            let url = url.trim();
            (!url.is_empty()).then(|| url.to_owned())
        });
        self.inner
            .accounts
            .edit(
                &id,
                AccountEdit {
                    label: changes.label.clone(),
                    mode: changes.mode,
                    base_url,
                    credentials,
                    test_connection: changes.test_connection,
                },
            )
            .await?;
        self.reconnect(&id).await;
        self.account_info(&id).await
    }

    /// Tests an account's connection with its kept credentials.
    pub async fn test_connection(&self, id: &str) -> Result<ConnectionResult, AppError> {
        self.ready().await;
        let check = self
            .inner
            .accounts
            .test_connection(&account_id(id)?)
            .await?;
        Ok(ConnectionResult {
            provider: check.provider,
            call: check.call.to_owned(),
            summary: check.summary,
        })
    }

    /// Removes an account, its secrets and its connections; its cached history and payout
    /// journal stay for the record.
    ///
    /// An account with payouts that are not final is removed only with
    /// `open_payouts_acknowledged`; without it the answer is `account.has_open_payouts`, whose
    /// message says what happens to them, for the merchant to confirm.
    pub async fn remove_account(
        &self,
        id: &str,
        open_payouts_acknowledged: bool,
    ) -> Result<(), AppError> {
        self.ready().await;
        let id = account_id(id)?;
        if !open_payouts_acknowledged && let Some(notice) = self.open_payouts_notice(&id).await? {
            return Err(AppError::new(ErrorCode::AccountHasOpenPayouts, notice));
        }
        self.inner.accounts.remove(&id).await?;
        self.disconnect(&id);
        Ok(())
    }

    /// What removing `id` does to its payouts that are not final, when it has any.
    async fn open_payouts_notice(&self, id: &AccountId) -> Result<Option<String>, AppError> {
        use paydesk_store::PayoutState as S;
        let open: Vec<_> = self
            .inner
            .store
            .payout_intents_in(&[
                S::Draft,
                S::Confirmed,
                S::Sending,
                S::Accepted,
                S::Processing,
                S::Unknown,
            ])
            .await?
            .into_iter()
            .filter(|i| &i.account == id)
            .collect();
        if open.is_empty() {
            return Ok(None);
        }
        let provider = open[0].provider.display_name();
        Ok(Some(format!(
            "{} payout(s) of this account are not final yet. If you remove it, Paydesk stops \
             following them: their journal stays, they are listed under Payouts as needing \
             attention, and their outcome is for you to check at {provider} by their \
             reference. Drafts can no longer be sent. Payouts on other accounts are not \
             affected.",
            open.len()
        )))
    }

    async fn account_info(&self, id: &AccountId) -> Result<AccountInfo, AppError> {
        Ok(self.info(self.inner.accounts.view(id).await?))
    }

    /// Rebuilds an account's clients after a change and syncs in the background, so a new
    /// account's balance and history show without waiting for the schedule; a failure shows
    /// as a problem.
    async fn reconnect(&self, id: &AccountId) {
        match self.inner.store.account(id).await {
            Ok(account) => match self.connect(&account).await {
                Ok(()) => {
                    let desk = self.clone();
                    let sync = tokio::spawn(async move {
                        if let Err(e) = desk.sync_now().await {
                            tracing::warn!(
                                code = e.code.as_str(),
                                "sync after an account change failed"
                            );
                        }
                    });
                    self.keep_task(sync);
                }
                Err(e) => self.problem(AppError::new(
                    e.code,
                    format!("{} ({}): {}", account.label, account.id, e.message),
                )),
            },
            Err(e) => self.problem(e.into()),
        }
    }
}
