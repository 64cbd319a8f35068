//! The simulator's control API (section 11; in-process Rust calls, not part of HPG): settle
//! by hand, re-send a webhook, read records and balances for tests to compare with.

use chrono::{DateTime, Utc};

use super::profile;
use super::state::{self, Ledger, Status};
use super::{Env, Inner, Outcome, SimTransaction, Simulator};

impl Simulator {
    fn locate(inner: &mut Inner, reference_or_id: &str) -> Option<(Env, u32)> {
        [Env::Test, Env::Live].into_iter().find_map(|env| {
            let ledger = inner.ledger(env);
            ledger
                .find_reference(reference_or_id)
                .or_else(|| ledger.find_id(reference_or_id))
                .map(|i| (env, i))
        })
    }

    /// Settles a `PENDING` transaction (by reference or id) now; false if none is pending.
    /// Sends its webhook.
    pub fn settle(&self, reference_or_id: &str, outcome: Outcome) -> bool {
        let now_ms = self.0.clock.now().timestamp_millis();
        let mut inner = self.lock();
        self.apply_due(&mut inner);
        let Some((env, index)) = Self::locate(&mut inner, reference_or_id) else {
            return false;
        };
        let (status, failure) = match outcome {
            Outcome::Succeeded => (Status::Succeeded, None),
            Outcome::Failed(code) => (Status::Failed, code),
        };
        let done = inner.ledger(env).settle(index, status, failure, now_ms);
        if done {
            self.notify(&mut inner, env, index);
        }
        done
    }

    /// Queues the current final-status webhook of a transaction again (same bytes when it was
    /// sent before). False when it is unknown or still pending.
    pub fn resend_webhook(&self, reference_or_id: &str) -> bool {
        let mut inner = self.lock();
        let Some((env, index)) = Self::locate(&mut inner, reference_or_id) else {
            return false;
        };
        let ledger = inner.ledger(env);
        let Some(tx) = ledger.txs.get(index as usize) else {
            return false;
        };
        if tx.status == Status::Pending {
            return false;
        }
        let event_id = format!("{}:{}", ledger.ids.id(index), tx.status.as_str());
        if self.0.webhooks.resend(&event_id) {
            return true;
        }
        self.notify(&mut inner, env, index);
        inner.knobs.webhook_url.is_some()
    }

    fn view(ledger: &Ledger, index: u32) -> Option<SimTransaction> {
        let tx = ledger.txs.get(index as usize)?;
        let time = |ms| DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();
        Some(SimTransaction {
            id: ledger.ids.id(index),
            client_reference: ledger.reference(index),
            kind: tx.kind,
            status: tx.status,
            failure_code: tx.failure,
            amount_bututs: tx.amount,
            commission_bututs: tx.commission,
            recipient_mobile: tx.mobile.map(state::mobile_text),
            created_at: time(tx.created_ms),
            updated_at: time(tx.updated_ms),
        })
    }

    /// Every transaction of a ledger, newest first (the listing's order).
    pub fn records(&self, env: Env) -> Vec<SimTransaction> {
        let mut inner = self.lock();
        self.apply_due(&mut inner);
        let ledger = inner.ledger(env);
        ledger
            .order
            .iter()
            .rev()
            .filter_map(|i| Self::view(ledger, *i))
            .collect()
    }

    /// One transaction by reference or id, from either ledger.
    pub fn record(&self, reference_or_id: &str) -> Option<SimTransaction> {
        let mut inner = self.lock();
        self.apply_due(&mut inner);
        let (env, index) = Self::locate(&mut inner, reference_or_id)?;
        Self::view(inner.ledger(env), index)
    }

    /// The status word every read shows now for a transaction (by reference or id), under the
    /// reply profile in force: `SUCCESS` for a settled one under documented-only, the unknown
    /// word for a pending one the unknown-status profile picked.
    pub fn shown_status(&self, reference_or_id: &str) -> Option<String> {
        let mut inner = self.lock();
        self.apply_due(&mut inner);
        let variance = inner.variance.clone();
        let (env, index) = Self::locate(&mut inner, reference_or_id)?;
        let tx = inner.ledger(env).txs.get(index as usize)?;
        Some(profile::shown_status(&variance, index, tx).into_owned())
    }

    /// The available balance of a ledger, bututs.
    pub fn available_bututs(&self, env: Env) -> i64 {
        let mut inner = self.lock();
        self.apply_due(&mut inner);
        inner.ledger(env).available()
    }

    /// How many transactions a ledger holds.
    pub fn len(&self, env: Env) -> usize {
        self.lock().ledger(env).txs.len()
    }

    /// True when a ledger holds no transaction.
    pub fn is_empty(&self, env: Env) -> bool {
        self.len(env) == 0
    }
}
