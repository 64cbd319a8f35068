//! Browsing: filters, sort orders, opaque keyset cursors and the SQL that answers one page.
//!
//! Pages are cut by keyset (never OFFSET): each page starts strictly after the last row of the
//! previous one in a total order (`created_at, id` or `currency, amount_minor, id`), so a page
//! costs the same at any depth and rows inserted between pages never shift or repeat others.

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Currency, Direction, ProviderKind, Transaction, TransactionKind, TransactionStatus,
};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteArguments;

use crate::codec::{TRANSACTION_COLUMNS, decode_transaction, to_micros};
use crate::error::StoreError;
use crate::search::{SearchDrive, choose_drive, fts_query};
use crate::store::Store;

/// The largest page [`Store::list_transactions`] returns.
pub const MAX_PAGE: u32 = 1000;

/// Which transactions to show. Every field narrows the set; an empty list or `None` does not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only these providers.
    pub providers: Vec<ProviderKind>,
    /// Only these accounts.
    pub accounts: Vec<AccountId>,
    /// Only money in, or only money out.
    pub direction: Option<Direction>,
    /// Only these kinds.
    pub kinds: Vec<TransactionKind>,
    /// Only these unified statuses.
    pub statuses: Vec<TransactionStatus>,
    /// Only this currency.
    pub currency: Option<Currency>,
    /// Created at or after this time.
    pub created_from: Option<DateTime<Utc>>,
    /// Created strictly before this time.
    pub created_before: Option<DateTime<Utc>>,
    /// Only amounts in this range (which implies its currency).
    pub amount: Option<AmountRange>,
    /// Words to find (see the search module: word prefixes, all words required).
    pub search: Option<String>,
}

/// Gross amounts between two bounds, inclusive, in integer minor units of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountRange {
    /// The currency the bounds are in; only transactions in it match.
    pub currency: Currency,
    /// The smallest amount, in minor units.
    pub min_minor: Option<i64>,
    /// The largest amount, in minor units.
    pub max_minor: Option<i64>,
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest first: `created_at` descending, then internal id descending.
    #[default]
    Newest,
    /// Smallest first, grouped by currency code (A to Z), then internal id.
    AmountAsc,
    /// Largest first, grouped by currency code (Z to A), then internal id descending.
    AmountDesc,
}

/// Where the next page starts: opaque text to hand back unchanged with the same sort.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    /// Wraps text received from a caller; checked when used.
    pub fn new(text: impl Into<String>) -> Cursor {
        Cursor(text.into())
    }

    /// The cursor as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// The rows, in the requested order.
    pub rows: Vec<Transaction>,
    /// Where the next page starts, or `None` when this is the last page.
    pub next: Option<Cursor>,
}

/// A bind value for dynamically built SQL.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
}

/// The position of a row in a sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Time {
        created_at: i64,
        id: i64,
    },
    Amount {
        currency: String,
        amount: i64,
        id: i64,
    },
}

fn encode_cursor(sort: Sort, key: &Key) -> Cursor {
    Cursor(match (sort, key) {
        (_, Key::Time { created_at, id }) => format!("n.{created_at}.{id}"),
        (
            Sort::AmountDesc,
            Key::Amount {
                currency,
                amount,
                id,
            },
        ) => {
            format!("d.{currency}.{amount}.{id}")
        }
        (
            _,
            Key::Amount {
                currency,
                amount,
                id,
            },
        ) => format!("a.{currency}.{amount}.{id}"),
    })
}

fn decode_cursor(sort: Sort, cursor: &Cursor) -> Result<Key, StoreError> {
    let invalid = || StoreError::InvalidCursor(cursor.0.clone());
    let parts: Vec<&str> = cursor.0.split('.').collect();
    let int = |s: &str| s.parse::<i64>().map_err(|_| invalid());
    match (sort, parts.as_slice()) {
        (Sort::Newest, ["n", created_at, id]) => Ok(Key::Time {
            created_at: int(created_at)?,
            id: int(id)?,
        }),
        (Sort::AmountAsc, ["a", currency, amount, id])
        | (Sort::AmountDesc, ["d", currency, amount, id])
            if !currency.is_empty() && currency.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            Ok(Key::Amount {
                currency: (*currency).to_owned(),
                amount: int(amount)?,
                id: int(id)?,
            })
        }
        _ => Err(invalid()),
    }
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The one currency the filter allows, if it names one (directly or through its amount range).
fn single_currency(filter: &Filter) -> Option<Currency> {
    filter.currency.or(filter.amount.map(|a| a.currency))
}

/// The `WHERE` conditions (on alias `t`) for every filter but the search.
fn filter_conditions(filter: &Filter) -> Result<(Vec<String>, Vec<Value>), StoreError> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    let mut list = |column: &str, items: Vec<String>, conditions: &mut Vec<String>| {
        if !items.is_empty() {
            conditions.push(format!("t.{column} IN ({})", placeholders(items.len())));
            values.extend(items.into_iter().map(Value::Text));
        }
    };
    list(
        "provider",
        filter
            .providers
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
        &mut conditions,
    );
    list(
        "account_id",
        filter
            .accounts
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        &mut conditions,
    );
    list(
        "direction",
        filter
            .direction
            .iter()
            .map(|d| d.as_str().to_owned())
            .collect(),
        &mut conditions,
    );
    list(
        "kind",
        filter.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        &mut conditions,
    );
    list(
        "status",
        filter
            .statuses
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        &mut conditions,
    );
    let currency = match (filter.currency, filter.amount.map(|a| a.currency)) {
        (Some(a), Some(b)) if a != b => {
            return Err(StoreError::InvalidFilter(format!(
                "the amount range is in {b} but the currency filter is {a}"
            )));
        }
        (a, b) => a.or(b),
    };
    list(
        "currency",
        currency.iter().map(|c| c.code().to_owned()).collect(),
        &mut conditions,
    );
    if let Some(from) = filter.created_from {
        conditions.push("t.created_at >= ?".into());
        values.push(Value::Int(to_micros(from)));
    }
    if let Some(before) = filter.created_before {
        conditions.push("t.created_at < ?".into());
        values.push(Value::Int(to_micros(before)));
    }
    if let Some(range) = filter.amount {
        if let Some(min) = range.min_minor {
            conditions.push("t.amount_minor >= ?".into());
            values.push(Value::Int(min));
        }
        if let Some(max) = range.max_minor {
            conditions.push("t.amount_minor <= ?".into());
            values.push(Value::Int(max));
        }
    }
    Ok((conditions, values))
}

/// A complete `SELECT` over the filtered set in the sort order, with its binds.
pub(crate) struct Select {
    pub(crate) sql: String,
    pub(crate) values: Vec<Value>,
}

impl Select {
    pub(crate) fn arguments(&self) -> sqlx::query::Query<'_, sqlx::Sqlite, SqliteArguments<'_>> {
        let mut query = sqlx::query(&self.sql);
        for value in &self.values {
            query = match value {
                Value::Int(i) => query.bind(*i),
                Value::Text(s) => query.bind(s.as_str()),
            };
        }
        query
    }
}

/// Builds the query for `filter` in `sort` order, starting after `after`, at most `limit` rows.
///
/// The plan is pinned with `INDEXED BY` rather than left to statistics: walking the covering
/// browse index in sort order answers every filter combination without a sort step, and its
/// cost is bounded by how many index entries the page skips, never by the page's depth.
pub(crate) async fn build_select(
    conn: &mut SqliteConnection,
    filter: &Filter,
    sort: Sort,
    after: Option<&Cursor>,
    limit: Option<u32>,
    columns: &str,
) -> Result<Select, StoreError> {
    let (mut conditions, mut values) = filter_conditions(filter)?;
    let search = filter.search.as_deref().and_then(fts_query);
    let drive = match &search {
        Some(query) => Some(choose_drive(conn, query).await?),
        None => None,
    };
    if let Some(query) = search {
        conditions.push(
            "t.id IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?)".into(),
        );
        values.push(Value::Text(query));
    }
    if let Some(cursor) = after {
        match decode_cursor(sort, cursor)? {
            Key::Time { created_at, id } => {
                conditions.push("(t.created_at, t.id) < (?, ?)".into());
                values.extend([Value::Int(created_at), Value::Int(id)]);
            }
            Key::Amount {
                currency,
                amount,
                id,
            } => {
                let op = if sort == Sort::AmountDesc { "<" } else { ">" };
                if single_currency(filter).is_some_and(|c| c.code() == currency) {
                    // SQLite seeks on `currency = ? AND (amount_minor, id) > (?, ?)` but not on
                    // an equality plus a three-column row value.
                    conditions.push(format!("(t.amount_minor, t.id) {op} (?, ?)"));
                    values.extend([Value::Int(amount), Value::Int(id)]);
                } else {
                    conditions.push(format!("(t.currency, t.amount_minor, t.id) {op} (?, ?, ?)"));
                    values.extend([Value::Text(currency), Value::Int(amount), Value::Int(id)]);
                }
            }
        }
    }
    let (index, order) = match sort {
        Sort::Newest => ("transactions_by_time", "t.created_at DESC, t.id DESC"),
        Sort::AmountAsc => ("transactions_by_amount", "t.currency, t.amount_minor, t.id"),
        Sort::AmountDesc => (
            "transactions_by_amount",
            "t.currency DESC, t.amount_minor DESC, t.id DESC",
        ),
    };
    // One status other than `succeeded` (which most rows have) is a small slice of the
    // history: walk that slice in time order instead of skipping through all of it.
    let index = match filter.statuses.as_slice() {
        [status] if sort == Sort::Newest && *status != TransactionStatus::Succeeded => {
            "transactions_by_status_time"
        }
        _ => index,
    };
    let source = match drive {
        Some(SearchDrive::FromMatches) => "transactions t NOT INDEXED".to_owned(),
        Some(SearchDrive::FromBrowseIndex) | None => format!("transactions t INDEXED BY {index}"),
    };
    let mut sql = format!("SELECT {columns} FROM {source}");
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(order);
    if let Some(limit) = limit {
        sql.push_str(" LIMIT ?");
        values.push(Value::Int(i64::from(limit)));
    }
    Ok(Select { sql, values })
}

fn key_of(sort: Sort, id: i64, t: &Transaction) -> Key {
    match sort {
        Sort::Newest => Key::Time {
            created_at: to_micros(t.created_at),
            id,
        },
        Sort::AmountAsc | Sort::AmountDesc => Key::Amount {
            currency: t.amount.currency().code().to_owned(),
            amount: t.amount.minor_units(),
            id,
        },
    }
}

impl Store {
    /// One page of the transactions matching `filter`, in `sort` order, starting after
    /// `after` (the previous page's [`Page::next`]; `None` for the first page). `limit` is
    /// clamped to 1..=1000.
    ///
    /// Walking the pages visits every matching row exactly once, even while new rows are
    /// stored between pages (those sorting before the cursor are not shown in this walk).
    pub async fn list_transactions(
        &self,
        filter: &Filter,
        sort: Sort,
        after: Option<&Cursor>,
        limit: u32,
    ) -> Result<Page, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let mut conn = self.reader.acquire().await?;
        let select = build_select(
            &mut conn,
            filter,
            sort,
            after,
            Some(limit + 1),
            TRANSACTION_COLUMNS,
        )
        .await?;
        let rows = select.arguments().fetch_all(&mut *conn).await?;
        let mut decoded = rows
            .iter()
            .map(decode_transaction)
            .collect::<Result<Vec<_>, _>>()?;
        let more = decoded.len() > limit as usize;
        decoded.truncate(limit as usize);
        let next = match decoded.last() {
            Some((id, t)) if more => Some(encode_cursor(sort, &key_of(sort, *id, t))),
            _ => None,
        };
        Ok(Page {
            rows: decoded.into_iter().map(|(_, t)| t).collect(),
            next,
        })
    }

    /// How many transactions the cache holds.
    pub async fn transaction_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
            .fetch_one(&self.reader)
            .await?;
        u64::try_from(count).map_err(|_| StoreError::corrupt("transactions", "negative count"))
    }

    /// The query plan SQLite chooses for a page, as `EXPLAIN QUERY PLAN` details (for checks
    /// and benchmarks).
    pub async fn explain_list(
        &self,
        filter: &Filter,
        sort: Sort,
        after: Option<&Cursor>,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.reader.acquire().await?;
        let mut select = build_select(
            &mut conn,
            filter,
            sort,
            after,
            Some(51),
            TRANSACTION_COLUMNS,
        )
        .await?;
        select.sql = format!("EXPLAIN QUERY PLAN {}", select.sql);
        let rows = select.arguments().fetch_all(&mut *conn).await?;
        rows.iter()
            .map(|r| crate::codec::get::<String>(r, "plan", "detail"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_other_sorts() {
        let key = Key::Time {
            created_at: 1_700_000_000_000_000,
            id: 42,
        };
        let c = encode_cursor(Sort::Newest, &key);
        assert_eq!(decode_cursor(Sort::Newest, &c).ok(), Some(key));
        assert!(decode_cursor(Sort::AmountAsc, &c).is_err());
        let key = Key::Amount {
            currency: "USDT".into(),
            amount: -5,
            id: 7,
        };
        let c = encode_cursor(Sort::AmountDesc, &key);
        assert_eq!(decode_cursor(Sort::AmountDesc, &c).ok(), Some(key));
        assert!(decode_cursor(Sort::AmountAsc, &c).is_err());
        assert!(decode_cursor(Sort::Newest, &Cursor::new("n.1")).is_err());
        assert!(decode_cursor(Sort::AmountAsc, &Cursor::new("a.U'S.1.2")).is_err());
    }
}
