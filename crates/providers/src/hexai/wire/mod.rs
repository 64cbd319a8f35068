//! HPG's JSON as its API spells it (§3-§6), and its conversions into Paydesk's domain types.
//! Amounts arrive as integer bututs next to GMD strings (and as a JSON number in webhooks);
//! they become `Money` here and nowhere else, never through `f64`. The status mapping is
//! `From<&HexaiStatus> for TransactionStatus` ([`status`]).
//!
//! - [`read`]: the envelope, parsing with errors in a few words, bututs next to GMD text;
//! - [`status`]: status and type words;
//! - [`requests`]: the initiate bodies;
//! - [`transaction`]: one transaction (list item, status lookup, payout answer) and the
//!   collection answer;
//! - [`page`]: the transactions list, whatever shape it comes in;
//! - [`figures`]: balance, stats and the earnings chart.

pub mod figures;
pub mod page;
pub mod read;
pub mod requests;
pub mod status;
pub mod transaction;

pub use figures::{
    BalanceSummary, EarningsDay, Stats, parse_balance, parse_earnings_chart, parse_stats,
};
pub use page::{HexaiPagination, TransactionsPage, parse_transactions_page};
pub use read::{gmd, parse, unwrap_success};
pub use requests::{CollectionRequest, HexaiPayoutRequest, check_reference, request_amount};
pub use status::{HexaiStatus, HexaiType};
pub use transaction::{CollectionCreated, HexaiTransaction, parse_transaction};

#[cfg(test)]
mod tests;
