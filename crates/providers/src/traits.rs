//! What Paydesk asks of a provider, whatever the provider: balances, history page by page,
//! and payouts with look-up by reference. Each provider implements the traits its API allows
//! (the last section of each reference in shared/providers says which).

use std::future::Future;

use paydesk_domain::{Balance, PayoutRequest, ProviderKind, Transaction, TransactionStatus};

use crate::error::ProviderError;

/// Reads an account's balances.
pub trait BalanceSource {
    /// Every balance of the account (one per currency), with the time the provider gave them.
    fn balances(&self) -> impl Future<Output = Result<Vec<Balance>, ProviderError>> + Send;
}

/// One page of history and where to continue.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPage {
    /// The transactions on this page, mapped to the unified form (raw JSON kept).
    pub transactions: Vec<Transaction>,
    /// Where the next page starts; `None` when this page was the last one.
    pub next: Option<String>,
    /// How many records the provider says there are in all, where it says.
    pub estimated_total: Option<u64>,
}

/// Where the next page starts after `read` rows from `offset`, for providers paging by offset
/// (HPAY, Hubcash): an error, never an overflow, however many rows a provider sends.
pub fn offset_after(
    provider: ProviderKind,
    offset: u64,
    read: usize,
) -> Result<u64, ProviderError> {
    u64::try_from(read)
        .ok()
        .and_then(|read| offset.checked_add(read))
        .ok_or_else(|| {
            ProviderError::malformed(provider, "the history offset passed its largest value")
        })
}

/// Reads history page by page from a resumable cursor.
///
/// The cursor is an opaque text each provider defines (a page number, CashWeb's cursor, an
/// offset, a date watermark): the engine stores it with the page's rows in one transaction
/// and passes it back to resume exactly there.
pub trait HistorySource {
    /// The page at `cursor` (`None`: the first page).
    fn history_page(
        &self,
        cursor: Option<&str>,
    ) -> impl Future<Output = Result<HistoryPage, ProviderError>> + Send;
}

/// What a provider said about a payout, a cash-out or a created payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutReceipt {
    /// The provider's id for it.
    pub provider_id: String,
    /// The unified status.
    pub status: TransactionStatus,
    /// The provider's own status word.
    pub provider_status: String,
    /// Why it failed, in the provider's words, when it did.
    pub failure_reason: Option<String>,
    /// Something the provider said that Paydesk records beside the outcome without changing
    /// it (an HPAY link whose echoed amount differs from the one asked for).
    pub warning: Option<String>,
    /// A link to hand to the customer (HPAY checkout URL, CashWeb deposit address...).
    pub link: Option<String>,
    /// Until when the customer can pay, where the provider says (a CashWeb deposit window).
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The provider's answer as received.
    pub raw: String,
}

/// Sends payouts and finds them again by reference.
pub trait PayoutSink {
    /// Sends the request once. A `ProviderError` whose `outcome_unknown()` is true means it
    /// may have been carried out: recover with [`PayoutSink::find`], never by sending again.
    fn send(
        &self,
        request: &PayoutRequest,
    ) -> impl Future<Output = Result<PayoutReceipt, ProviderError>> + Send;

    /// Looks the request up by its reference. `Ok(None)` only when the provider says it has
    /// no such record, which is what permits a resend with the same reference.
    fn find(
        &self,
        request: &PayoutRequest,
    ) -> impl Future<Output = Result<Option<PayoutReceipt>, ProviderError>> + Send;
}
