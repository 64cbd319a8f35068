//! Full-text search: turning what the merchant types into an FTS5 query, and choosing how to
//! combine it with the other filters.
//!
//! The index (`transactions_fts`, external content, kept by triggers) covers the provider id,
//! merchant reference, counterparty name, phone, bank account, card digits and description.
//! Every word typed must match the start of a word in one of those fields: `ORDER-123` finds
//! `ORDER-12345`, `2201` finds `+2201234567`, `mar` finds `María`. Substrings inside a word (the
//! last digits of a phone) are not found.

use sqlx::SqliteConnection;

use crate::error::StoreError;

/// At most this many words of a search are used.
const MAX_TERMS: usize = 8;

/// A search matching at most this many rows is answered from the search index (look the
/// matches up, filter and sort them); a broader one walks the sorted browse index and keeps
/// rows that are among the matches, so a page never sorts tens of thousands of rows.
const FEW_MATCHES: i64 = 4000;

/// The FTS5 query for the merchant's text: each word a quoted prefix, all words required.
/// `None` when the text holds no word to search for.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .take(MAX_TERMS)
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// How a query with a search is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchDrive {
    /// Few matches: start from the search index.
    FromMatches,
    /// Many matches: walk the browse index, test membership.
    FromBrowseIndex,
}

/// A search, planned: how the listing is driven, and the condition (with its one bound text)
/// that keeps a row among the matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchPlan {
    pub(crate) drive: SearchDrive,
    pub(crate) condition: &'static str,
    pub(crate) value: String,
}

/// Membership through the search index itself (the listing evaluates the search again).
const IN_MATCHES: &str =
    "t.id IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?)";

/// Membership in the matches already found (a JSON array of row ids).
const IN_IDS: &str = "t.id IN (SELECT value FROM json_each(?))";

/// The matches' count and ids (comma-separated), all of them.
const ALL_MATCHES: &str = "SELECT count(*), group_concat(rowid) FROM transactions_fts \
    WHERE transactions_fts MATCH ?";

/// The same, stopping after `FEW_MATCHES + 1`.
const FIRST_MATCHES: &str = "SELECT count(*), group_concat(rowid) FROM \
    (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ? LIMIT ?)";

/// Whether `query` holds a word part of one or two letters or digits (`7` in `hubcash_7`,
/// `5` in `ORD-5-00999`): the search index then gathers every word starting with it before it
/// returns its first match, so a search stopped early costs as much as a full one.
fn gathers_widely(query: &str) -> bool {
    query
        .split(|c: char| !c.is_alphanumeric())
        .any(|part| (1..=2).contains(&part.chars().count()))
}

/// Plans the search `query` (an FTS5 query from [`fts_query`]), evaluating it once: the ids
/// found are reused by the listing, except for a broad search that stops early, which the
/// listing evaluates again rather than carry hundreds of thousands of ids.
pub(crate) async fn plan_search(
    conn: &mut SqliteConnection,
    query: String,
) -> Result<SearchPlan, StoreError> {
    let complete = gathers_widely(&query);
    let (matches, ids): (i64, Option<String>) = if complete {
        sqlx::query_as(ALL_MATCHES)
            .bind(&query)
            .fetch_one(conn)
            .await?
    } else {
        sqlx::query_as(FIRST_MATCHES)
            .bind(&query)
            .bind(FEW_MATCHES + 1)
            .fetch_one(conn)
            .await?
    };
    let drive = if matches <= FEW_MATCHES {
        SearchDrive::FromMatches
    } else {
        SearchDrive::FromBrowseIndex
    };
    Ok(if complete || drive == SearchDrive::FromMatches {
        SearchPlan {
            drive,
            condition: IN_IDS,
            value: format!("[{}]", ids.unwrap_or_default()),
        }
    } else {
        SearchPlan {
            drive,
            condition: IN_MATCHES,
            value: query,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("- ?"), None);
        assert_eq!(fts_query("ORDER-123"), Some("\"ORDER-123\"*".into()));
        assert_eq!(
            fts_query("maria \"x OR y"),
            Some("\"maria\"* \"\"\"x\"* \"OR\"* \"y\"*".into())
        );
    }
}
