//! `GET /client/transactions` (§5.7): the seed shows no answer, so the list is read as a bare
//! array or from an object holding it (under `data`, `transactions`, `items` or `results`, also
//! nested), with or without pagination figures beside it or in a `pagination`/`meta` block.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Transaction};
use serde_json::value::RawValue;

use super::super::assumptions::{
    LIMIT_FIELDS, LIST_DEPTH, LIST_KEYS, PAGE_FIELDS, PAGINATION_KEYS, TOTAL_FIELDS,
    TOTAL_PAGES_FIELDS,
};
use super::read::{bad, log_unreadable};
use super::transaction::parse_transaction;
use crate::error::ProviderError;

/// The pagination figures a page came with; each may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HexaiPagination {
    /// This page (1-based).
    pub page: Option<u64>,
    /// Items per page.
    pub limit: Option<u64>,
    /// Items in all.
    pub total: Option<u64>,
    /// Pages in all.
    pub total_pages: Option<u64>,
}

impl HexaiPagination {
    /// How many pages there are: given, or worked out from the total and the page size.
    pub fn pages(&self) -> Option<u64> {
        self.total_pages.or_else(|| match (self.total, self.limit) {
            (Some(total), Some(limit)) if limit > 0 => Some(total.div_ceil(limit)),
            _ => None,
        })
    }

    fn is_empty(&self) -> bool {
        *self == HexaiPagination::default()
    }
}

/// One page of `GET /client/transactions`, mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionsPage {
    /// The transactions, newest first, raw JSON kept.
    pub transactions: Vec<Transaction>,
    /// The pagination figures, when the answer gave any.
    pub pagination: Option<HexaiPagination>,
}

type Object<'a> = BTreeMap<String, &'a RawValue>;

/// A whole number given as a JSON number or as digits in a string.
fn whole_number(raw: &RawValue) -> Option<u64> {
    raw.get().trim().trim_matches('"').parse().ok()
}

fn figure(object: &Object<'_>, names: &[&str]) -> Option<u64> {
    names
        .iter()
        .find_map(|name| object.get(*name).and_then(|raw| whole_number(raw)))
}

fn pagination_in(object: &Object<'_>) -> HexaiPagination {
    let read = |o: &Object<'_>| HexaiPagination {
        page: figure(o, &PAGE_FIELDS),
        limit: figure(o, &LIMIT_FIELDS),
        total: figure(o, &TOTAL_FIELDS),
        total_pages: figure(o, &TOTAL_PAGES_FIELDS),
    };
    PAGINATION_KEYS
        .iter()
        .filter_map(|key| object.get(*key))
        .filter_map(|raw| serde_json::from_str::<Object<'_>>(raw.get()).ok())
        .map(|block| read(&block))
        .find(|p| !p.is_empty())
        .unwrap_or_else(|| read(object))
}

/// Finds the list in `json`: its items' raw texts and the figures found nearest to it.
fn find_list(json: &str, depth: usize) -> Option<(Vec<&RawValue>, HexaiPagination)> {
    let text = json.trim_start();
    if text.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
        return Some((items, HexaiPagination::default()));
    }
    if text == "null" {
        return Some((Vec::new(), HexaiPagination::default()));
    }
    if !text.starts_with('{') || depth == 0 {
        return None;
    }
    let object: Object<'_> = serde_json::from_str(text).ok()?;
    let around = pagination_in(&object);
    LIST_KEYS
        .iter()
        .filter_map(|key| object.get(*key))
        .find_map(|inner| find_list(inner.get(), depth - 1))
        .map(|(items, inner)| (items, if inner.is_empty() { around } else { inner }))
}

/// Reads the payload of a transactions page (the envelope already removed). `read_at` dates
/// items that carry no time (§3.4 ASSUMPTION).
pub fn parse_transactions_page(
    json: &str,
    account: &AccountId,
    read_at: DateTime<Utc>,
) -> Result<TransactionsPage, ProviderError> {
    let Some((items, pagination)) = find_list(json, LIST_DEPTH) else {
        log_unreadable("transactions page", &"no list of transactions in it", json);
        return Err(bad("the transactions page holds no list of transactions"));
    };
    let transactions = items
        .iter()
        .enumerate()
        .map(|(n, raw)| {
            parse_transaction("transaction in the list", raw.get())
                .and_then(|t| t.to_transaction(account, read_at))
                .map_err(|e| {
                    bad(format!(
                        "transaction {} of the page: {}",
                        n + 1,
                        e.message.trim_start_matches("unreadable answer: ")
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TransactionsPage {
        transactions,
        pagination: (!pagination.is_empty()).then_some(pagination),
    })
}
