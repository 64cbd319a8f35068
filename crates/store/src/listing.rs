//! What a listing asks for: filters, sort orders, opaque cursors and the page it gets back.
//!
//! Pages are cut by keyset (never OFFSET): each page starts strictly after the last row of the
//! previous one in a total order (`created_at, id` or `currency, amount_minor, id`), so a page
//! costs the same at any depth and rows inserted between pages never shift or repeat others.

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Currency, Direction, ProviderKind, Transaction, TransactionKind, TransactionStatus,
};
use serde::{Deserialize, Serialize};

use crate::codec::to_micros;
use crate::error::StoreError;

/// The largest page `Store::list_transactions` returns.
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

/// The position of a row in a sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
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

pub(crate) fn encode_cursor(sort: Sort, key: &Key) -> Cursor {
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

pub(crate) fn decode_cursor(sort: Sort, cursor: &Cursor) -> Result<Key, StoreError> {
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

pub(crate) fn key_of(sort: Sort, id: i64, t: &Transaction) -> Key {
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
