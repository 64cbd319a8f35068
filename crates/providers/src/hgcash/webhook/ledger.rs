//! HG.Cash history, built from webhooks (§1, §6, §11): HG.Cash has no list endpoint, so the
//! verified webhooks *are* the history. This ledger applies the receiver rules of §5.5:
//! verify, dedupe (`(kind, id, status)` for requests, `id` for movements), keep the raw body,
//! and move a status only forward (a terminal status never goes back).
//!
//! It lives in memory; the engine persists what it yields through [`HistorySource`].

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use paydesk_domain::{AccountId, Secret, Transaction, TransactionStatus};

use crate::error::{ErrorKind, ProviderError};
use crate::traits::{HistoryPage, HistorySource};

use super::super::wire::{PROVIDER, RequestState};
use super::{WebhookEvent, parse, verify_any};

/// What applying one webhook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// A record seen for the first time.
    New,
    /// A known record moved forward.
    Updated,
    /// The same event again (a duplicate delivery or a manual re-send).
    Duplicate,
    /// An older status arriving late (out of order): kept out.
    Stale,
}

/// Records per history page.
pub const PAGE_SIZE: usize = 500;

#[derive(Debug, Default)]
struct State {
    seen: HashSet<String>,
    index: HashMap<String, usize>,
    entries: Vec<(u64, Transaction)>,
    seq: u64,
}

/// The local ledger of one Paydesk HG.Cash account, fed by its webhooks.
#[derive(Debug)]
pub struct WebhookLedger {
    account: AccountId,
    state: Mutex<State>,
}

/// Lifecycle order (§4.1): PENDING, AWAITING_REVIEW, PROCESSING, then a terminal status.
/// A record only moves to the same or a later rank.
fn rank(tx: &Transaction) -> u8 {
    match tx.status {
        TransactionStatus::Pending => 0,
        TransactionStatus::Processing
            if RequestState::of(&tx.provider_status) == RequestState::AwaitingReview =>
        {
            1
        }
        TransactionStatus::Processing | TransactionStatus::Unknown => 2,
        TransactionStatus::Succeeded
        | TransactionStatus::Failed
        | TransactionStatus::Cancelled
        | TransactionStatus::Expired
        | TransactionStatus::Refunded => 3,
    }
}

impl WebhookLedger {
    /// An empty ledger for the Paydesk `account`.
    pub fn new(account: AccountId) -> WebhookLedger {
        WebhookLedger {
            account,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Verifies, parses and applies one delivery. With no secret configured the header is
    /// not required (§5.2: HG.Cash signs only when a secret is set); with secrets, a missing
    /// or wrong signature is refused as `Unauthorized`.
    pub fn receive(
        &self,
        secrets: &[Secret],
        raw_body: &[u8],
        signature: Option<&str>,
        received_at: DateTime<Utc>,
    ) -> Result<Applied, ProviderError> {
        if !secrets.is_empty() {
            let ok = signature.is_some_and(|s| verify_any(secrets, raw_body, s));
            if !ok {
                return Err(ProviderError::new(
                    PROVIDER,
                    ErrorKind::Unauthorized,
                    "webhook signature does not match",
                ));
            }
        }
        let event = parse(raw_body)?;
        self.apply(&event, received_at)
    }

    /// Applies one parsed event.
    pub fn apply(
        &self,
        event: &WebhookEvent,
        received_at: DateTime<Utc>,
    ) -> Result<Applied, ProviderError> {
        let tx = event.to_transaction(&self.account, received_at)?;
        let mut state = self.lock();
        if !state.seen.insert(event.dedup_key()) {
            return Ok(Applied::Duplicate);
        }
        state.seq += 1;
        let seq = state.seq;
        let key = event.record_key();
        let Some(&at) = state.index.get(&key) else {
            let at = state.entries.len();
            state.entries.push((seq, tx));
            state.index.insert(key, at);
            return Ok(Applied::New);
        };
        let Some((entry_seq, old)) = state.entries.get_mut(at) else {
            return Ok(Applied::Stale);
        };
        let forward = !old.status.is_terminal() && rank(&tx) >= rank(old);
        if !forward {
            return Ok(Applied::Stale);
        }
        let created_at = old.created_at.min(tx.created_at);
        let updated_at = old.updated_at.max(tx.updated_at);
        *old = Transaction {
            created_at,
            updated_at,
            ..tx
        };
        *entry_seq = seq;
        Ok(Applied::Updated)
    }

    /// Every record, oldest first.
    pub fn transactions(&self) -> Vec<Transaction> {
        let mut all: Vec<Transaction> =
            self.lock().entries.iter().map(|(_, t)| t.clone()).collect();
        all.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then(a.provider_id.cmp(&b.provider_id))
        });
        all
    }

    /// The cash-out whose `externalID` is `reference`, once its request webhook has come.
    pub fn find_by_reference(&self, reference: &str) -> Option<Transaction> {
        self.lock()
            .entries
            .iter()
            .map(|(_, t)| t)
            .find(|t| t.merchant_reference.as_deref() == Some(reference))
            .cloned()
    }

    /// The watermark after everything applied so far (`seq:N`), to resume from later.
    pub fn cursor(&self) -> String {
        format!("seq:{}", self.lock().seq)
    }
}

fn parse_cursor(cursor: Option<&str>) -> Result<u64, ProviderError> {
    match cursor {
        None => Ok(0),
        Some(text) => text
            .strip_prefix("seq:")
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| {
                ProviderError::new(
                    PROVIDER,
                    ErrorKind::Validation,
                    format!("'{text}' is not an HG.Cash ledger cursor"),
                )
            }),
    }
}

impl HistorySource for WebhookLedger {
    /// The records that changed after the cursor `seq:N` (N = the ledger's change counter;
    /// `None` = from the start), in change order, [`PAGE_SIZE`] at a time. `next` is
    /// `seq:M` (the last change on the page) while more remain; after the last page, resume
    /// later from [`WebhookLedger::cursor`].
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let after = parse_cursor(cursor)?;
        let state = self.lock();
        let mut changed: Vec<&(u64, Transaction)> = state
            .entries
            .iter()
            .filter(|(seq, _)| *seq > after)
            .collect();
        changed.sort_by_key(|(seq, _)| *seq);
        let more = changed.len() > PAGE_SIZE;
        let page: Vec<&(u64, Transaction)> = changed.into_iter().take(PAGE_SIZE).collect();
        let next = match page.last() {
            Some((seq, _)) if more => Some(format!("seq:{seq}")),
            _ => None,
        };
        Ok(HistoryPage {
            transactions: page.into_iter().map(|(_, t)| t.clone()).collect(),
            next,
            estimated_total: None,
        })
    }
}
