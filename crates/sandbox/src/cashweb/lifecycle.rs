//! The CashWeb transaction lifecycle in the simulator (§4.1, §9.2): transitions with history
//! and webhooks, deposit windows closing and the timed progression, applied lazily on the
//! clock.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::AutoProgress;
use super::model::{Deposit, HistoryEntry, REQUIRED_CONFIRMATIONS, Status, at_ms};
use super::state::State;

impl State {
    /// Moves a live transaction to `to` at `at`, with a history entry and, when `event` is
    /// given, a webhook. Returns false when the transaction is not live.
    pub fn transition(
        &mut self,
        index: usize,
        to: Status,
        at: DateTime<Utc>,
        reason: &str,
        event: Option<&str>,
    ) -> bool {
        let Some(tx) = self.txs.get_mut(index) else {
            return false;
        };
        let Some(extra) = tx.extra.as_mut() else {
            return false;
        };
        extra.history.push(HistoryEntry {
            changed_at: at,
            from: Some(tx.status),
            to,
            reason: reason.to_owned(),
        });
        tx.status = to;
        tx.updated_ms = at.timestamp_millis();
        if to == Status::Completed && extra.completed_at.is_none() {
            extra.completed_at = Some(at);
            let row = (at.timestamp_millis(), tx.id, index);
            let position = self.revenue.partition_point(|r| *r < row);
            self.revenue.insert(position, row);
        }
        if let Some(event) = event {
            self.emit(index, event, at);
        }
        true
    }

    /// Applies every transition due at `now`: deposit windows closing and, for transactions
    /// created with auto-progress, the timed lifecycle (§9.2).
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let active = std::mem::take(&mut self.active);
        let mut still = Vec::with_capacity(active.len());
        for index in active {
            self.advance(index, now);
            // A completed transaction on the timed lifecycle still owes its payout.settled.
            let pending = self.txs.get(index).is_some_and(|t| {
                !t.status.is_terminal()
                    || (t.status == Status::Completed
                        && t.extra
                            .as_ref()
                            .is_some_and(|e| e.auto.is_some() && !e.payout_settled))
            });
            if pending {
                still.push(index);
            }
        }
        self.active = still;
        let cutoff = now - Duration::hours(24);
        self.idempotency.retain(|_, e| e.created_at > cutoff);
        self.quotes.retain(|_, q| q.expires_at > cutoff);
    }

    fn advance(&mut self, index: usize, now: DateTime<Utc>) {
        let Some(tx) = self.txs.get(index) else {
            return;
        };
        let auto: Option<AutoProgress> = self.knobs_auto_for(index);
        let created = at_ms(tx.created_ms);
        let expires = at_ms(tx.expires_ms);
        let Some(plan) = auto else {
            if matches!(tx.status, Status::AwaitingDeposit | Status::Pending) && now >= expires {
                self.transition(
                    index,
                    Status::Expired,
                    expires,
                    "deposit:window_closed",
                    Some("transaction.expired"),
                );
            }
            return;
        };
        let outcome = tx.extra.as_ref().map_or(Status::Completed, |e| e.outcome);
        let detected_at = created + plan.seller_pays_after;
        // The seller pays only inside the window, unless the outcome is a forced expiry.
        if outcome == Status::Expired || detected_at >= expires {
            if tx.status == Status::AwaitingDeposit && now >= expires {
                self.transition(
                    index,
                    Status::Expired,
                    expires,
                    "deposit:window_closed",
                    Some("transaction.expired"),
                );
            }
            return;
        }
        let confirmed_at =
            detected_at + plan.confirmation_every * (REQUIRED_CONFIRMATIONS as i32 - 1);
        let filled_at = confirmed_at + plan.step;
        let done_at = filled_at + plan.step;
        let settled_at = done_at + plan.step;
        if tx.status == Status::AwaitingDeposit && now >= detected_at {
            self.detect(index, detected_at, None, None);
        }
        if self.status(index) == Some(Status::DepositConfirming) {
            let elapsed = (now.min(confirmed_at) - detected_at).num_milliseconds();
            let every = plan.confirmation_every.num_milliseconds().max(1);
            let count = 1 + u32::try_from(elapsed / every).unwrap_or(0);
            self.set_confirmations(index, count.min(REQUIRED_CONFIRMATIONS));
            if now >= confirmed_at {
                self.confirm(index, confirmed_at);
            }
        }
        if self.status(index) == Some(Status::SellingCrypto) && now >= filled_at {
            self.transition(index, Status::OrderFilled, filled_at, "order:filled", None);
        }
        if self.status(index) == Some(Status::OrderFilled) && now >= done_at {
            match outcome {
                Status::Failed => {
                    self.transition(
                        index,
                        Status::Failed,
                        done_at,
                        "order:failed",
                        Some("transaction.failed"),
                    );
                }
                Status::Refunded => {
                    self.transition(
                        index,
                        Status::Refunded,
                        done_at,
                        "ops:refunded",
                        Some("transaction.refunded"),
                    );
                }
                // Every other planned outcome settles as completed.
                Status::Pending
                | Status::AwaitingDeposit
                | Status::DepositConfirming
                | Status::SellingCrypto
                | Status::OrderFilled
                | Status::Completed
                | Status::Expired
                | Status::Cancelled => {
                    self.transition(
                        index,
                        Status::Completed,
                        done_at,
                        "order:settled",
                        Some("transaction.completed"),
                    );
                }
            }
        }
        if self.status(index) == Some(Status::Completed) && now >= settled_at {
            self.settle(index, settled_at);
        }
    }

    fn knobs_auto_for(&self, index: usize) -> Option<AutoProgress> {
        let tx = self.txs.get(index)?;
        let extra = tx.extra.as_ref()?;
        extra.auto.clone()
    }

    /// The status of a record.
    pub fn status(&self, index: usize) -> Option<Status> {
        self.txs.get(index).map(|t| t.status)
    }

    /// A deposit is seen: `deposit_confirming` with one confirmation.
    pub fn detect(
        &mut self,
        index: usize,
        at: DateTime<Utc>,
        deposit_id: Option<String>,
        hash: Option<String>,
    ) {
        let id = self.rng.random::<u64>() & 0xffff_ffff_ffff;
        if let Some(extra) = self.txs.get_mut(index).and_then(|t| t.extra.as_mut()) {
            match extra.deposit.as_mut() {
                Some(existing) => {
                    if let Some(hash) = hash {
                        existing.blockchain_hash = Some(hash);
                    }
                }
                None => {
                    extra.deposit = Some(Deposit {
                        deposit_id: deposit_id.unwrap_or_else(|| format!("dep_{id:012x}")),
                        confirmed: false,
                        confirmations: 1,
                        received_at: at,
                        confirmed_at: None,
                        blockchain_hash: hash,
                    });
                }
            }
        }
        if self.status(index) == Some(Status::DepositConfirming) {
            self.emit(index, "deposit.detected", at);
        } else {
            self.transition(
                index,
                Status::DepositConfirming,
                at,
                "deposit:detected",
                Some("deposit.detected"),
            );
        }
    }

    fn set_confirmations(&mut self, index: usize, count: u32) {
        if let Some(dep) = self
            .txs
            .get_mut(index)
            .and_then(|t| t.extra.as_mut())
            .and_then(|e| e.deposit.as_mut())
        {
            dep.confirmations = dep.confirmations.max(count);
        }
    }

    /// The deposit reaches its confirmations: `selling_crypto`.
    pub fn confirm(&mut self, index: usize, at: DateTime<Utc>) {
        if let Some(dep) = self
            .txs
            .get_mut(index)
            .and_then(|t| t.extra.as_mut())
            .and_then(|e| e.deposit.as_mut())
        {
            dep.confirmed = true;
            dep.confirmations = REQUIRED_CONFIRMATIONS;
            dep.confirmed_at = Some(at);
        }
        self.transition(
            index,
            Status::SellingCrypto,
            at,
            "deposit:confirmed",
            Some("deposit.confirmed"),
        );
    }

    /// Emits `payout.settled` once for a completed transaction.
    pub fn settle(&mut self, index: usize, at: DateTime<Utc>) {
        let Some(extra) = self.txs.get_mut(index).and_then(|t| t.extra.as_mut()) else {
            return;
        };
        if extra.payout_settled {
            return;
        }
        extra.payout_settled = true;
        self.emit(index, "payout.settled", at);
    }
}
