//! A test double: a [`SecretStore`] in a map, which can be told to fail like a missing or
//! locked keyring. Compiled only for tests (`cfg(test)` or the `test-doubles` feature); the
//! app never keeps secrets this way.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use paydesk_domain::{AccountId, AppError, ErrorCode, Secret};

use super::{SecretName, SecretStore, StoreFuture};

/// Secrets in memory, for tests only.
#[derive(Debug, Default)]
pub struct InMemoryStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    secrets: HashMap<(AccountId, SecretName), Secret>,
    failure: Option<ErrorCode>,
}

impl InMemoryStore {
    /// An empty store that works.
    pub fn new() -> InMemoryStore {
        InMemoryStore::default()
    }

    /// From now on every call fails with `code` (e.g. `KeyringLocked`), or works again with
    /// `None`.
    pub fn fail_with(&self, code: Option<ErrorCode>) {
        self.lock().failure = code;
    }

    /// How many secrets are kept, over all accounts.
    pub fn len(&self) -> usize {
        self.lock().secrets.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when a value is kept for (account, name).
    pub fn contains(&self, account: &AccountId, name: SecretName) -> bool {
        self.lock().secrets.contains_key(&(account.clone(), name))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves a usable map behind.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn check(&self) -> Result<MutexGuard<'_, State>, AppError> {
        let state = self.lock();
        match state.failure {
            Some(code) => Err(AppError::new(code, "The test store was told to fail.")),
            None => Ok(state),
        }
    }
}

impl SecretStore for InMemoryStore {
    fn get<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
    ) -> StoreFuture<'a, Option<Secret>> {
        Box::pin(async move {
            let state = self.check()?;
            Ok(state.secrets.get(&(account.clone(), name)).cloned())
        })
    }

    fn set<'a>(
        &'a self,
        account: &'a AccountId,
        name: SecretName,
        secret: &'a Secret,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut state = self.check()?;
            state
                .secrets
                .insert((account.clone(), name), secret.clone());
            Ok(())
        })
    }

    fn delete<'a>(&'a self, account: &'a AccountId, name: SecretName) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut state = self.check()?;
            state.secrets.remove(&(account.clone(), name));
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> AccountId {
        AccountId::new(text).expect("valid id")
    }

    #[tokio::test]
    async fn keeps_replaces_and_forgets() {
        let store = InMemoryStore::new();
        let (a, b) = (id("a"), id("b"));
        assert_eq!(store.get(&a, SecretName::Token).await, Ok(None));
        store
            .set(&a, SecretName::Token, &Secret::new("one"))
            .await
            .expect("set");
        store
            .set(&a, SecretName::Token, &Secret::new("two"))
            .await
            .expect("replace");
        store
            .set(&a, SecretName::WebhookSecret, &Secret::new("hook"))
            .await
            .expect("set");
        store
            .set(&b, SecretName::Token, &Secret::new("other"))
            .await
            .expect("set");
        let got = store.get(&a, SecretName::Token).await.expect("get");
        assert_eq!(got.as_ref().map(Secret::expose), Some("two"));
        store
            .delete(&a, SecretName::Code)
            .await
            .expect("absent is fine");
        store.delete_all(&a).await.expect("delete all");
        assert!(!store.contains(&a, SecretName::Token));
        assert!(!store.contains(&a, SecretName::WebhookSecret));
        assert!(store.contains(&b, SecretName::Token));
        assert_eq!(store.len(), 1);
    }

    #[tokio::test]
    async fn fails_on_request() {
        let store = InMemoryStore::new();
        store.fail_with(Some(ErrorCode::KeyringLocked));
        let error = store
            .get(&id("a"), SecretName::Token)
            .await
            .expect_err("fails");
        assert_eq!(error.code, ErrorCode::KeyringLocked);
        store.fail_with(None);
        assert_eq!(store.get(&id("a"), SecretName::Token).await, Ok(None));
    }
}
