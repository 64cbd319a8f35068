//! Balance snapshots: what each account held, in each currency, as its provider reported it.

use paydesk_domain::{AccountId, Balance, Money};
use sqlx::sqlite::SqliteRow;

use crate::codec::{currency, from_micros, get, to_micros};
use crate::error::StoreError;
use crate::store::Store;

const TABLE: &str = "balance_snapshots";

fn decode(row: &SqliteRow) -> Result<Balance, StoreError> {
    let account: String = get(row, TABLE, "account_id")?;
    let account = AccountId::new(account).map_err(|e| StoreError::corrupt(TABLE, e.to_string()))?;
    let code: String = get(row, TABLE, "currency")?;
    let currency = currency(TABLE, &code, get(row, TABLE, "scale")?)?;
    let pending: Option<i64> = get(row, TABLE, "pending_minor")?;
    Balance::new(
        account,
        Money::from_minor(get(row, TABLE, "available_minor")?, currency),
        pending.map(|p| Money::from_minor(p, currency)),
        from_micros(TABLE, get(row, TABLE, "as_of")?)?,
    )
    .map_err(|e| StoreError::corrupt(TABLE, e.to_string()))
}

impl Store {
    /// Stores a balance as reported; earlier snapshots are kept.
    pub async fn record_balance(&self, balance: &Balance) -> Result<(), StoreError> {
        let currency = balance.available.currency();
        sqlx::query(
            "INSERT INTO balance_snapshots (account_id, currency, scale, available_minor, \
             pending_minor, as_of) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(balance.account.as_str())
        .bind(currency.code())
        .bind(i64::from(currency.scale()))
        .bind(balance.available.minor_units())
        .bind(balance.pending.map(|p| p.minor_units()))
        .bind(to_micros(balance.as_of))
        .execute(&self.writer)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::UnknownAccount(balance.account.clone())
            }
            _ => StoreError::Database(e),
        })?;
        Ok(())
    }

    /// The latest snapshot (greatest `as_of`, then the last stored) per account and currency,
    /// by account then currency code.
    pub async fn latest_balances(&self) -> Result<Vec<Balance>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY account_id, currency \
             ORDER BY as_of DESC, id DESC) AS position FROM balance_snapshots) \
             WHERE position = 1 ORDER BY account_id, currency",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(decode).collect()
    }

    /// An account's snapshots, newest first, at most `limit` of them (for a balance chart).
    pub async fn balance_history(
        &self,
        account: &AccountId,
        limit: u32,
    ) -> Result<Vec<Balance>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM balance_snapshots WHERE account_id = ? \
             ORDER BY as_of DESC, id DESC LIMIT ?",
        )
        .bind(account.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(decode).collect()
    }
}
