//! The sandbox accounts a new merchant starts with: one per provider, pointing at the embedded
//! simulators, with the simulators' credentials saved through the secret store.

use paydesk_domain::{AccountId, AppError, Mode, ProviderKind};
use paydesk_store::{NewAccount, Store, StoreError};
use serde_json::json;

use super::audit::{Action, SANDBOX_ACTOR, record};
use super::endpoints::check_base_url;
use super::form::CredentialFields;
use super::view::AccountView;
use crate::credentials::Credentials;
use crate::secrets::{SecretName, SecretStore};

/// Where one provider's simulator answers and the credentials it takes, as whoever runs the
/// simulators (the desk) reports them; the engine itself never starts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulatorEndpoint {
    /// The provider it stands in for.
    pub provider: ProviderKind,
    /// The base URL a client is given (path prefix included).
    pub api_base_url: String,
    /// The credentials, by the names the provider's documents use (`secret key`, `API key`).
    pub credentials: Vec<(&'static str, &'static str)>,
}

/// The fixed id of a provider's sandbox account, e.g. `sandbox-hexai`.
pub fn sandbox_account_id(provider: ProviderKind) -> Result<AccountId, AppError> {
    AccountId::new(format!("sandbox-{}", provider.as_str()))
        .map_err(|e| AppError::internal(format!("sandbox account id: {e}")))
}

/// Makes sure each endpoint has its sandbox account (id [`sandbox_account_id`], mode sandbox,
/// base URL the simulator's) with the simulator's credentials kept. Idempotent: an account
/// already right is left alone (label included, so a merchant's renaming stays); one whose
/// simulator moved to another port is pointed at the new one; credentials are written only
/// when they differ from the kept ones. A sandbox account the merchant removed is created
/// again: call this only when the app runs in sandbox mode.
///
/// Returns the views of the sandbox accounts, in the endpoints' order.
pub async fn ensure_sandbox_accounts(
    store: &Store,
    secrets: &dyn SecretStore,
    endpoints: &[SimulatorEndpoint],
) -> Result<Vec<AccountView>, AppError> {
    let mut views = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        let id = sandbox_account_id(endpoint.provider)?;
        let mut changes = Vec::new();
        let outcome = ensure_one(store, secrets, endpoint, &id, &mut changes).await;
        if outcome.is_err() || !changes.is_empty() {
            let action = Action {
                actor: SANDBOX_ACTOR,
                action: "account.sandbox_ready",
                provider: endpoint.provider,
                account: Some(id.as_str()),
                details: json!({ "base_url": endpoint.api_base_url, "changes": changes }),
            };
            record(store, action, &outcome).await;
        }
        views.push(outcome?);
    }
    Ok(views)
}

async fn ensure_one(
    store: &Store,
    secrets: &dyn SecretStore,
    endpoint: &SimulatorEndpoint,
    id: &AccountId,
    changes: &mut Vec<&'static str>,
) -> Result<AccountView, AppError> {
    let provider = endpoint.provider;
    let credentials = sandbox_credentials(endpoint)?;
    let base_url = check_base_url(Some(&endpoint.api_base_url))?;
    let account = match store.account(id).await {
        Ok(existing) if existing.mode == Mode::Sandbox && existing.base_url == base_url => existing,
        Ok(existing) => {
            changes.push("endpoint");
            store
                .update_account(&NewAccount {
                    id: id.clone(),
                    provider,
                    label: existing.label,
                    mode: Mode::Sandbox,
                    base_url,
                })
                .await?
        }
        Err(StoreError::UnknownAccount(_)) => {
            changes.push("created");
            store
                .create_account(&NewAccount {
                    id: id.clone(),
                    provider,
                    label: format!("{} sandbox", provider.display_name()),
                    mode: Mode::Sandbox,
                    base_url,
                })
                .await?
        }
        Err(error) => return Err(error.into()),
    };
    // Damaged or missing credentials are simply written again.
    let kept = Credentials::load(secrets, id, provider)
        .await
        .ok()
        .flatten();
    if kept.as_ref() != Some(&credentials) {
        changes.push("credentials");
        credentials.save(secrets, id).await?;
    }
    AccountView::of(store, secrets, account).await
}

/// The endpoint's credentials, whose names are the providers' documents' (`secret key`,
/// `API key`, `public key`...): lower case with `_` for blanks, they are Paydesk's field names.
fn sandbox_credentials(endpoint: &SimulatorEndpoint) -> Result<Credentials, AppError> {
    let mut fields = CredentialFields::new();
    for (name, value) in &endpoint.credentials {
        let normalized = name.trim().to_ascii_lowercase().replace(' ', "_");
        let field = SecretName::ALL
            .into_iter()
            .find(|field| field.as_str() == normalized)
            .ok_or_else(|| {
                AppError::internal(format!(
                    "the {} simulator offers a credential '{name}' Paydesk does not know",
                    endpoint.provider.display_name()
                ))
            })?;
        fields = fields.with(field, *value);
    }
    fields.credentials(endpoint.provider)
}
