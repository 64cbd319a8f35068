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

pub(crate) async fn choose_drive(
    conn: &mut SqliteConnection,
    query: &str,
) -> Result<SearchDrive, StoreError> {
    let matches: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT 1 FROM transactions_fts WHERE transactions_fts MATCH ? LIMIT ?)",
    )
    .bind(query)
    .bind(FEW_MATCHES + 1)
    .fetch_one(conn)
    .await?;
    Ok(if matches <= FEW_MATCHES {
        SearchDrive::FromMatches
    } else {
        SearchDrive::FromBrowseIndex
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
