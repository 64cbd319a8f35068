//! The HG.Cash simulator's state: users and their accounts, cash-out requests and their
//! state machine on the clock (§4.1, §9.2), balances that move, and the webhooks each change
//! emits. Transitions are lazy: every call applies what is due at `clock.now()` first.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::variance::Variance;

use super::data::{self, MovementDirection, MovementRecord};
use super::record::{CashOutRecord, RequestStatus};
use super::{AccountConfig, Knobs, UserConfig};

/// One account in the simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    /// Its settings and current figures (`balance`, `pending_fees`, `status` move).
    pub config: AccountConfig,
    /// Index of the owning user.
    pub user: usize,
}

impl AccountState {
    /// `balance - pendingFees`.
    pub fn net_balance(&self) -> Decimal {
        self.config.balance - self.config.pending_fees
    }
}

/// A webhook the state wants sent: owning user, URL override, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Index of the user whose settings (URL, secret) apply.
    pub user: usize,
    /// The per-request URL, overriding the user's default.
    pub url: Option<String>,
    /// The body.
    pub body: String,
}

/// Everything the simulator holds.
#[derive(Debug)]
pub struct State {
    /// Users (tokens, webhook settings).
    pub users: Vec<UserConfig>,
    /// Accounts of every user.
    pub accounts: Vec<AccountState>,
    /// Cash-out requests, in creation order.
    pub requests: Vec<CashOutRecord>,
    /// Movements made while running (cash-ins, completed cash-outs).
    pub movements: Vec<MovementRecord>,
    /// Behaviour knobs.
    pub knobs: Knobs,
    /// The reply profile (documented-only, unknown status words, no deduplication,
    /// HG.Cash's quirk), read on every request.
    pub variance: Variance,
    /// Draws for ids and outcomes.
    pub rng: ChaCha8Rng,
    /// Calls per token inside the last minute (for `rate_limit_per_min`).
    pub calls: Vec<(usize, DateTime<Utc>)>,
    /// Webhooks waiting to be queued by the simulator.
    pub outbox: Vec<Outgoing>,
    /// Events queued so far (names deliveries `evt_<n>`).
    pub events: u64,
}

/// `floor2`, `round2`: money to cents.
pub fn floor2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)
}

/// The outbound fee on `amount` at `rate`, rounded half away from zero to cents (ASSUMPTION U11).
pub fn fee(amount: Decimal, rate: Decimal) -> Decimal {
    (amount * rate).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl State {
    /// The user of a bearer token, unless revoked.
    pub fn user_of(&self, token: &str) -> Option<usize> {
        if self.knobs.revoked_tokens.iter().any(|t| t == token) {
            return None;
        }
        self.users.iter().position(|u| u.token == token)
    }

    /// An account of `user`, by id.
    pub fn account_of(&mut self, user: usize, id: &str) -> Option<&mut AccountState> {
        self.accounts
            .iter_mut()
            .find(|a| a.user == user && a.config.id == id)
    }

    /// A request of `user`, by id.
    pub fn request_of(&self, user: usize, id: &str) -> Option<&CashOutRecord> {
        self.requests.iter().find(|r| r.user == user && r.id == id)
    }

    fn notify(&mut self, index: usize) {
        if let Some(r) = self.requests.get(index) {
            let out = Outgoing {
                user: r.user,
                url: r.webhook_url.clone(),
                body: r.webhook_body(&self.variance),
            };
            self.outbox.push(out);
        }
    }

    /// Moves request `index` to `status` at `at`: balances follow (§9.2 balance effect) and a
    /// webhook is emitted.
    pub fn transition(&mut self, index: usize, status: RequestStatus, at: DateTime<Utc>) {
        let Some(r) = self.requests.get_mut(index) else {
            return;
        };
        if r.status.is_terminal() || r.status == status {
            return;
        }
        r.status = status;
        r.updated_at = at;
        let (account_id, user, reserved) = (r.account_id.clone(), r.user, r.amount + r.fee);
        match status {
            RequestStatus::Error | RequestStatus::Cancelled => {
                if let Some(a) = self.account_of(user, &account_id) {
                    a.config.balance += reserved;
                }
            }
            RequestStatus::Done => self.book_cash_out(index, at),
            RequestStatus::Pending | RequestStatus::AwaitingReview | RequestStatus::Processing => {}
        }
        self.notify(index);
    }

    fn book_cash_out(&mut self, index: usize, at: DateTime<Utc>) {
        let Some(r) = self.requests.get(index).cloned() else {
            return;
        };
        let Some(account) = self.accounts.iter().find(|a| a.config.id == r.account_id) else {
            return;
        };
        let code = data::coelsa(&mut self.rng);
        let movement = MovementRecord {
            id: data::uuid(&mut self.rng),
            external_id: format!("E-{code}-{}", data::local_date(at).replace('T', " ")),
            amount: r.amount,
            direction: MovementDirection::Outbound,
            status: "hecha".to_owned(),
            kind: "outbound".to_owned(),
            account_id: r.account_id.clone(),
            at,
            from_name: r
                .from_name
                .clone()
                .or_else(|| Some(account.config.name.clone())),
            to_name: r.to_name.clone(),
            from_cbu: Some(account.config.number.clone()),
            to_cbu: r.to_cbu.clone().or_else(|| r.to_cvu.clone()),
            from_cuit: r.from_cuit.clone(),
            to_cuit: r.to_cuit.clone(),
            coelsa_code: Some(code),
        };
        self.outbox.push(Outgoing {
            user: r.user,
            url: r.webhook_url.clone(),
            body: movement.webhook_body_as(&self.variance),
        });
        self.movements.push(movement);
    }

    /// Applies every transition due at `now` (§4.1 timing: PENDING → PROCESSING after
    /// `processing_after`, → DONE/ERROR after `done_after` more).
    pub fn advance(&mut self, now: DateTime<Utc>) {
        for index in 0..self.requests.len() {
            while let Some(r) = self.requests.get(index) {
                let before = r.status;
                let step = match r.status {
                    RequestStatus::Pending => {
                        let at = r.created_at + self.knobs.processing_after;
                        let review = self
                            .knobs
                            .review_threshold
                            .is_some_and(|threshold| r.amount >= threshold);
                        let cancel = r
                            .forced
                            .as_ref()
                            .is_some_and(|f| f.status == RequestStatus::Cancelled);
                        // §4.1: a cancellation happens before execution, never from PROCESSING.
                        let next = if cancel {
                            RequestStatus::Cancelled
                        } else if review {
                            RequestStatus::AwaitingReview
                        } else {
                            RequestStatus::Processing
                        };
                        (at <= now).then_some((next, at))
                    }
                    RequestStatus::Processing => {
                        let at = r.updated_at + self.knobs.done_after;
                        (at <= now).then(|| (self.outcome(index), at))
                    }
                    // Waits for a decision through the control API.
                    RequestStatus::AwaitingReview
                    | RequestStatus::Done
                    | RequestStatus::Error
                    | RequestStatus::Cancelled => None,
                };
                let Some((status, at)) = step else {
                    break;
                };
                self.transition(index, status, at);
                // A pinned outcome that is not a change must not spin here.
                if self.requests.get(index).map(|r| r.status) == Some(before) {
                    break;
                }
            }
        }
    }

    fn outcome(&mut self, index: usize) -> RequestStatus {
        let forced = self.requests.get(index).and_then(|r| r.forced.clone());
        let (status, code, message) = match forced {
            Some(f) => (f.status, f.error_code, f.error_message),
            None => {
                let fail = self.rng.random_range(0..100u32) < self.knobs.destination_error_percent;
                if fail {
                    (
                        RequestStatus::Error,
                        Some("DESTINATION_ERROR".to_owned()),
                        Some("Insufficient funds on destination account".to_owned()),
                    )
                } else {
                    (RequestStatus::Done, None, None)
                }
            }
        };
        if let Some(r) = self.requests.get_mut(index)
            && status == RequestStatus::Error
        {
            r.error_code = code.or_else(|| Some("DESTINATION_ERROR".to_owned()));
            r.error_message =
                message.or_else(|| Some("Destination rejected the transfer".to_owned()));
        }
        status
    }

    /// Records a call of `user` at `now`; `Some(retry_after_secs)` when over the limit.
    pub fn rate_limited(&mut self, user: usize, now: DateTime<Utc>) -> Option<u64> {
        let limit = self.knobs.rate_limit_per_min?;
        let window = now - Duration::minutes(1);
        self.calls.retain(|(_, at)| *at > window);
        let mine: Vec<DateTime<Utc>> = self
            .calls
            .iter()
            .filter(|(u, _)| *u == user)
            .map(|(_, at)| *at)
            .collect();
        if mine.len() >= usize::try_from(limit).unwrap_or(usize::MAX) {
            let oldest = mine.iter().min().copied().unwrap_or(now);
            let wait = (oldest + Duration::minutes(1) - now).num_seconds().max(1);
            return Some(u64::try_from(wait).unwrap_or(1));
        }
        self.calls.push((user, now));
        None
    }
}
