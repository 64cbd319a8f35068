//! The SQL behind a listing: filter conditions, the index each query walks, and the page or
//! stream it reads.

use paydesk_domain::{Currency, TransactionStatus};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteArguments;

use crate::codec::{TRANSACTION_COLUMNS, decode_transaction, to_micros};
use crate::error::StoreError;
use crate::listing::{
    Cursor, Filter, Key, MAX_PAGE, Page, Sort, decode_cursor, encode_cursor, key_of,
};
use crate::search::{SearchDrive, fts_query, plan_search};
use crate::store::Store;

/// A bind value for dynamically built SQL.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
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

/// The condition of the partial index `transactions_by_status_time`, as its migration states it.
const STATUS_INDEX_CONDITION: &str = "status <> 'succeeded'";

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
    let drive = match filter.search.as_deref().and_then(fts_query) {
        Some(query) => {
            let plan = plan_search(conn, query).await?;
            conditions.push(plan.condition.to_owned());
            values.push(Value::Text(plan.value));
            Some(plan.drive)
        }
        None => None,
    };
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
    // That index holds only the rows not `succeeded` (migration 0601); SQLite uses a partial
    // index only when the query states the index's own condition word for word.
    let index = match filter.statuses.as_slice() {
        [status] if sort == Sort::Newest && *status != TransactionStatus::Succeeded => {
            conditions.push(STATUS_INDEX_CONDITION.to_owned());
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
