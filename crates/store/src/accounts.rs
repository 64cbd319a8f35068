//! The merchant's accounts at the providers: a label, a mode and an endpoint. Never a secret:
//! credentials live in the OS keyring, and a base URL carrying a user or password is refused.

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Mode, ProviderKind};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;

use crate::codec::{from_micros, get, to_micros};
use crate::error::StoreError;
use crate::store::Store;

/// An account as the merchant configures it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// Paydesk's id for it.
    pub id: AccountId,
    /// The provider it is at.
    pub provider: ProviderKind,
    /// The merchant's name for it, e.g. "Hexai main".
    pub label: String,
    /// Sandbox or live.
    pub mode: Mode,
    /// The API's base URL when it is not the provider's default (never with credentials).
    pub base_url: Option<String>,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Paydesk's id for it.
    pub id: AccountId,
    /// The provider it is at.
    pub provider: ProviderKind,
    /// The merchant's name for it.
    pub label: String,
    /// Sandbox or live.
    pub mode: Mode,
    /// The API's base URL, if not the provider's default.
    pub base_url: Option<String>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

const TABLE: &str = "accounts";

fn check_base_url(url: Option<&str>) -> Result<(), StoreError> {
    let Some(url) = url else { return Ok(()) };
    let authority = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = authority.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(StoreError::InvalidInput(
            "a base URL must not carry a user name or password".into(),
        ));
    }
    Ok(())
}

fn decode(row: &SqliteRow) -> Result<Account, StoreError> {
    let id: String = get(row, TABLE, "id")?;
    let id = AccountId::new(id).map_err(|e| StoreError::corrupt(TABLE, e.to_string()))?;
    let provider: String = get(row, TABLE, "provider")?;
    let provider = provider
        .parse()
        .map_err(|_| StoreError::corrupt(TABLE, format!("provider '{provider}'")))?;
    let mode: String = get(row, TABLE, "mode")?;
    let mode = [Mode::Sandbox, Mode::Live]
        .into_iter()
        .find(|m| m.as_str() == mode)
        .ok_or_else(|| StoreError::corrupt(TABLE, format!("mode '{mode}'")))?;
    Ok(Account {
        id,
        provider,
        label: get(row, TABLE, "label")?,
        mode,
        base_url: get(row, TABLE, "base_url")?,
        created_at: from_micros(TABLE, get(row, TABLE, "created_at")?)?,
        updated_at: from_micros(TABLE, get(row, TABLE, "updated_at")?)?,
    })
}

impl Store {
    /// Adds an account; refused if the id is taken.
    pub async fn create_account(&self, account: &NewAccount) -> Result<Account, StoreError> {
        check_base_url(account.base_url.as_deref())?;
        let now = to_micros(Utc::now());
        let result = sqlx::query(
            "INSERT INTO accounts (id, provider, label, mode, base_url, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(account.id.as_str())
        .bind(account.provider.as_str())
        .bind(&account.label)
        .bind(account.mode.as_str())
        .bind(&account.base_url)
        .bind(now)
        .bind(now)
        .execute(&self.writer)
        .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::DuplicateAccount(account.id.clone()));
        }
        self.account(&account.id).await
    }

    /// Changes an account's label, mode or base URL. Its provider cannot change.
    pub async fn update_account(&self, account: &NewAccount) -> Result<Account, StoreError> {
        check_base_url(account.base_url.as_deref())?;
        let current = self.account(&account.id).await?;
        if current.provider != account.provider {
            return Err(StoreError::InvalidInput(format!(
                "account {} is at {}; its provider cannot change",
                account.id, current.provider
            )));
        }
        sqlx::query(
            "UPDATE accounts SET label = ?, mode = ?, base_url = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&account.label)
        .bind(account.mode.as_str())
        .bind(&account.base_url)
        .bind(to_micros(Utc::now()))
        .bind(account.id.as_str())
        .execute(&self.writer)
        .await?;
        self.account(&account.id).await
    }

    /// One account, or [`StoreError::UnknownAccount`].
    pub async fn account(&self, id: &AccountId) -> Result<Account, StoreError> {
        let row = sqlx::query("SELECT * FROM accounts WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.reader)
            .await?;
        match row {
            Some(row) => decode(&row),
            None => Err(StoreError::UnknownAccount(id.clone())),
        }
    }

    /// Every account, by label then id.
    pub async fn list_accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query("SELECT * FROM accounts ORDER BY label, id")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(decode).collect()
    }

    /// Removes an account with everything cached for it (transactions, history, balances,
    /// sync state). The audit log keeps its entries.
    pub async fn delete_account(&self, id: &AccountId) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let result = sqlx::query("DELETE FROM accounts WHERE id = ?")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::UnknownAccount(id.clone()));
        }
        // Ids of deleted rows may be handed out again: new rows above the remaining maximum
        // must still be folded into the search index and totals.
        sqlx::query(
            "UPDATE derived_state SET folded_through = min(folded_through, \
             (SELECT coalesce(max(id), 0) FROM transactions)) WHERE id = 1",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_refused() {
        assert!(check_base_url(Some("https://api.example.com/v1")).is_ok());
        assert!(check_base_url(Some("https://api.example.com/v1?to=a@b")).is_ok());
        assert!(check_base_url(Some("https://user:pw@api.example.com")).is_err());
        assert!(check_base_url(None).is_ok());
    }
}
