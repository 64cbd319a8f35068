//! The simulator-only controls (§9.2, not HG.Cash endpoints): knobs, the reply profile,
//! tokens, account status and figures, forcing or cancelling requests, cash-ins, history and
//! deliveries.

use rust_decimal::Decimal;

use crate::variance::Variance;

use super::Simulator;
use super::config::{CashIn, Knobs, SimError};
use super::data::{self, MovementDirection, MovementRecord};
use super::record::{CashOutRecord, RequestStatus};
use super::state::{self, AccountState};

impl Simulator {
    /// The knobs in force.
    pub fn knobs(&self) -> Knobs {
        self.lock().knobs.clone()
    }

    /// Replaces the knobs.
    pub fn set_knobs(&self, knobs: Knobs) {
        self.lock().knobs = knobs;
    }

    /// The reply profile in force.
    pub fn variance(&self) -> Variance {
        self.lock().variance.clone()
    }

    /// Replaces the reply profile; it applies from the next request (and the next webhook
    /// built). `documented_only`: the seed's lower-case status words (`processing`, `done`,
    /// `failed`), create and status answers `{id, status}`, reference data items `{id,
    /// name}`, webhooks and accounts without the reference's optional fields.
    /// `unknown_status`: the chosen cash-outs (by creation order) read as the unknown word
    /// while not final. `no_dedup`: a repeated `externalID` makes a second cash-out instead
    /// of 409 `DUPLICATE_EXTERNAL_ID`. [`crate::Quirk::HgCashEmptyReferenceData`]: both
    /// reference-data endpoints answer the seed's example, `{"success": true, "data": [{},
    /// {}, {}]}`.
    pub fn set_variance(&self, variance: Variance) {
        self.lock().variance = variance;
    }

    /// Sets a user's default webhook URL (by token).
    pub fn set_webhook_url(&self, token: &str, url: Option<String>) -> Result<(), SimError> {
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.token == token)
            .ok_or_else(|| SimError("no such token".into()))?;
        user.webhook_url = url;
        Ok(())
    }

    /// Sets (or clears) a user's signing secret (by token).
    pub fn set_signing_secret(&self, token: &str, secret: Option<String>) -> Result<(), SimError> {
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.token == token)
            .ok_or_else(|| SimError("no such token".into()))?;
        user.signing_secret = secret;
        Ok(())
    }

    /// Makes a valid token answer 401 (`token_revoked`).
    pub fn revoke_token(&self, token: &str) {
        self.lock().knobs.revoked_tokens.push(token.to_owned());
    }

    /// Every account, with current figures.
    pub fn accounts(&self) -> Vec<AccountState> {
        self.tick();
        self.lock().accounts.clone()
    }

    /// Sets an account's status (`Operativa`, `Bloqueada`, `Cerrada`).
    pub fn set_account_status(&self, id: &str, status: &str) -> Result<(), SimError> {
        self.with_account(id, |a| a.config.status = status.to_owned())
    }

    /// Sets an account's balance and pending fees.
    pub fn set_account_balance(
        &self,
        id: &str,
        balance: Decimal,
        pending_fees: Decimal,
    ) -> Result<(), SimError> {
        self.with_account(id, |a| {
            a.config.balance = balance;
            a.config.pending_fees = pending_fees;
        })
    }

    fn with_account(
        &self,
        id: &str,
        change: impl FnOnce(&mut AccountState),
    ) -> Result<(), SimError> {
        let mut state = self.lock();
        let account = state
            .accounts
            .iter_mut()
            .find(|a| a.config.id == id)
            .ok_or_else(|| SimError(format!("no account {id}")))?;
        change(account);
        Ok(())
    }

    /// Every cash-out request, in creation order, with due transitions applied.
    pub fn requests(&self) -> Vec<CashOutRecord> {
        self.tick();
        self.lock().requests.clone()
    }

    /// Forces a request to a status (`POST /_sim/requests/{id}/status`); balances and
    /// webhooks follow as for a natural change. A terminal request does not move.
    pub fn set_request_status(
        &self,
        id: &str,
        status: RequestStatus,
        error_code: Option<String>,
        error_message: Option<String>,
    ) -> Result<(), SimError> {
        let now = self.0.clock.now();
        {
            let mut state = self.lock();
            state.advance(now);
            let index = state
                .requests
                .iter()
                .position(|r| r.id == id)
                .ok_or_else(|| SimError(format!("Transaction request not found: {id}")))?;
            if let Some(r) = state.requests.get_mut(index)
                && status == RequestStatus::Error
            {
                r.error_code = error_code.or_else(|| Some("DESTINATION_ERROR".into()));
                r.error_message =
                    error_message.or_else(|| Some("Destination rejected the transfer".into()));
            }
            state.transition(index, status, now);
        }
        self.flush_outbox();
        Ok(())
    }

    /// Cancels a request (HG.Cash-side cancellation; emits the webhook).
    pub fn cancel_request(&self, id: &str) -> Result<(), SimError> {
        self.set_request_status(id, RequestStatus::Cancelled, None, None)
    }

    /// Credits an account and emits an `Inbound` movement webhook (`status: "hecha"`).
    pub fn cash_in(&self, account_id: &str, cash_in: CashIn) -> Result<MovementRecord, SimError> {
        if cash_in.amount <= Decimal::ZERO || cash_in.amount.normalize().scale() > 2 {
            return Err(SimError(
                "amount must be positive with at most 2 decimals".into(),
            ));
        }
        let now = self.0.clock.now();
        let movement = {
            let mut state = self.lock();
            let index = state
                .accounts
                .iter()
                .position(|a| a.config.id == account_id)
                .ok_or_else(|| SimError(format!("no account {account_id}")))?;
            let code = cash_in
                .coelsa_code
                .clone()
                .unwrap_or_else(|| data::coelsa(&mut state.rng));
            let id = data::uuid(&mut state.rng);
            let Some(account) = state.accounts.get_mut(index) else {
                return Err(SimError(format!("no account {account_id}")));
            };
            account.config.balance += cash_in.amount;
            let user = account.user;
            let movement = MovementRecord {
                id,
                external_id: format!("E-{code}-{}", data::local_date(now).replace('T', " ")),
                amount: cash_in.amount,
                direction: MovementDirection::Inbound,
                status: "hecha".into(),
                kind: "inbound".into(),
                account_id: account_id.to_owned(),
                at: now,
                from_name: cash_in.from_name,
                to_name: Some(account.config.company_name.clone()),
                from_cbu: cash_in.from_cbu,
                to_cbu: Some(account.config.number.clone()),
                from_cuit: cash_in.from_cuit,
                to_cuit: Some(account.config.company_cuit.clone()),
                coelsa_code: Some(code),
            };
            let body = movement.webhook_body_as(&state.variance);
            state.outbox.push(state::Outgoing {
                user,
                url: None,
                body,
            });
            state.movements.push(movement.clone());
            movement
        };
        self.flush_outbox();
        Ok(movement)
    }

    /// A cash-in from a random Argentine sender (demo mode's scheduler).
    pub fn random_cash_in(&self, account_id: &str) -> Result<MovementRecord, SimError> {
        let cash_in = {
            let mut state = self.lock();
            let rng = &mut state.rng;
            CashIn {
                amount: data::amount(rng),
                from_name: Some(data::person(rng)),
                from_cbu: Some(data::cbu(rng)),
                from_cuit: Some(data::cuit(rng)),
                coelsa_code: None,
            }
        };
        self.cash_in(account_id, cash_in)
    }

    /// Movements made while running (cash-ins, completed cash-outs), oldest first.
    pub fn movements(&self) -> Vec<MovementRecord> {
        self.tick();
        self.lock().movements.clone()
    }

    /// How many generated history records there are.
    pub fn history_len(&self) -> usize {
        if self.0.history_merchant.is_some() {
            self.0.history_size
        } else {
            0
        }
    }

    /// Generated history record `index` (oldest first), or `None` past the end.
    pub fn history_movement(&self, index: usize) -> Option<MovementRecord> {
        let merchant = self.0.history_merchant.as_ref()?;
        (index < self.0.history_size).then(|| {
            data::history_movement(
                self.0.seed,
                self.0.history_size,
                index,
                self.0.history_end,
                merchant,
            )
        })
    }

    /// Queues the movement webhooks of history records `range` to the first user's webhook
    /// URL, as HG.Cash would have pushed them (sandbox mode's initial fill).
    pub fn emit_history(&self, range: std::ops::Range<usize>) -> usize {
        let mut count = 0;
        {
            let mut state = self.lock();
            for index in range {
                let Some(m) = self.history_movement(index) else {
                    break;
                };
                let body = m.webhook_body_as(&state.variance);
                state.outbox.push(state::Outgoing {
                    user: 0,
                    url: None,
                    body,
                });
                count += 1;
            }
        }
        self.flush_outbox();
        count
    }
}
