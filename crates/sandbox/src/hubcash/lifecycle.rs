//! The sale lifecycle of reference 7.4 on the simulator's clock, and the capture/cancel
//! rules of 7.3: status changes with their dates, `History` entries and one notification
//! each; due steps kept as timers and applied lazily by [`State::advance`].

use super::state::{
    Action, History, Method, Notification, Outcome, Rollback, Sale, State, Status, Ts,
};

fn secs(d: chrono::Duration) -> Ts {
    u32::try_from(d.num_seconds().max(0)).unwrap_or(u32::MAX)
}

impl State {
    /// Adds a sale in 1 Processed and schedules its first automatic step.
    pub fn insert_sale(&mut self, mut sale: Sale, at: Ts) -> usize {
        sale.added = at;
        sale.status = Status::Processed;
        sale.updated = Some(at);
        sale.history = History::new((Action::DataReceived, at));
        let index = self.sales.len();
        self.sales.push(sale);
        self.notify(index, Status::Processed, at);
        self.schedule(index, at.saturating_add(secs(self.knobs.processing_delay)));
        index
    }

    fn schedule(&mut self, index: usize, at: Ts) {
        if let Ok(i) = u32::try_from(index) {
            self.timers.insert((at, i));
        }
    }

    /// Moves a sale to `status` at `at`: dates, history and one notification.
    pub fn set_status(&mut self, index: usize, status: Status, action: Action, at: Ts) {
        let Some(sale) = self.sales.get_mut(index) else {
            return;
        };
        sale.status = status;
        sale.updated = Some(at);
        sale.history.push((action, at));
        self.notify(index, status, at);
    }

    fn notify(&mut self, sale: usize, status: Status, at: Ts) {
        let Ok(sale) = u32::try_from(sale) else {
            return;
        };
        let index = u32::try_from(self.notifications.len()).unwrap_or(u32::MAX);
        self.notifications.push(Notification {
            sale,
            status,
            added: at,
            updated: at,
            last_code: 0,
        });
        if self.notify_url.is_some() {
            self.outbox.push((at, index, 0));
        }
    }

    /// Runs every lifecycle step due at or before `now`, in time order.
    pub fn advance(&mut self, now: Ts) {
        while let Some(&(due, index)) = self.timers.first() {
            if due > now {
                break;
            }
            self.timers.remove(&(due, index));
            if let Ok(i) = usize::try_from(index) {
                self.step(i, due);
            }
        }
    }

    /// One automatic lifecycle step (reference 7.4).
    fn step(&mut self, index: usize, at: Ts) {
        let Some(sale) = self.sales.get(index) else {
            return;
        };
        let (status, method, outcome, capture) =
            (sale.status, sale.method, sale.outcome, sale.capture);
        let knobs = self.knobs.clone();
        match (method, status) {
            (Method::Credit | Method::Debit, Status::Processed) => {
                self.set_status(index, Status::Analyzing, Action::AnalysisStarted, at);
                self.schedule(index, at.saturating_add(secs(knobs.analysis_delay)));
            }
            (Method::Credit | Method::Debit, Status::Analyzing) => {
                self.finish_analysis(index, outcome, capture, at);
            }
            (Method::Credit | Method::Debit, Status::Capturing) => {
                // Only scheduled when a capture window is set: the authorization is voided.
                if let Some(sale) = self.sales.get_mut(index) {
                    sale.canceled = Some(at);
                }
                self.set_status(index, Status::Canceled, Action::AuthorizationExpired, at);
            }
            (Method::Billet, Status::Processed) => {
                if let Some(billet) = self.sales.get_mut(index).and_then(|s| s.billet.as_mut()) {
                    billet.issued = true;
                }
                self.set_status(index, Status::WaitingPayment, Action::BilletIssued, at);
                self.schedule_billet(index, at);
            }
            (Method::Billet, Status::WaitingPayment) => {
                let expiry = self.billet_expiry(index);
                if expiry.is_some_and(|e| e <= at) {
                    self.expire_billet(index, at);
                } else {
                    self.pay_billet(index, at);
                }
            }
            // Nothing is due from these: card sales never wait for a billet payment, billets
            // are never analyzed or captured, and final statuses stay final.
            (
                Method::Credit | Method::Debit,
                Status::WaitingPayment | Status::Fail | Status::Canceled | Status::Done,
            )
            | (
                Method::Billet,
                Status::Analyzing
                | Status::Capturing
                | Status::Fail
                | Status::Canceled
                | Status::Done,
            ) => {}
        }
    }

    /// Ends a card sale's fraud analysis.
    pub fn finish_analysis(&mut self, index: usize, outcome: Outcome, capture: bool, at: Ts) {
        let level = u8::try_from(index % 60 + 5).unwrap_or(50);
        match outcome {
            Outcome::Hold => {}
            Outcome::Approve => {
                if let Some(sale) = self.sales.get_mut(index) {
                    sale.analyze = Some((level, true));
                    if capture {
                        sale.captured = Some(at);
                    }
                }
                if capture {
                    self.set_status(index, Status::Done, Action::ApprovedCaptured, at);
                } else {
                    self.set_status(index, Status::Capturing, Action::Authorized, at);
                    if let Some(window) = self.knobs.capture_window {
                        self.schedule(index, at.saturating_add(secs(window)));
                    }
                }
            }
            Outcome::Decline => {
                if let Some(sale) = self.sales.get_mut(index) {
                    sale.analyze = Some((level, true));
                }
                self.set_status(index, Status::Fail, Action::Declined, at);
            }
            Outcome::Deny => {
                if let Some(sale) = self.sales.get_mut(index) {
                    sale.analyze = Some((level.saturating_add(30), false));
                }
                self.set_status(index, Status::Fail, Action::Denied, at);
            }
        }
    }

    /// When an unpaid billet expires: the day after its due date (`DateAdded` + `ExpiresIn`
    /// days, reference 5.8 ASSUMPTION), at 00:00 UTC.
    pub fn billet_expiry(&self, index: usize) -> Option<Ts> {
        let sale = self.sales.get(index)?;
        let billet = sale.billet.as_ref()?;
        let day = i64::from(sale.added) / 86_400;
        let expiry = (day + i64::from(billet.expires_in) + 1) * 86_400;
        u32::try_from(expiry).ok()
    }

    fn schedule_billet(&mut self, index: usize, issued_at: Ts) {
        let expiry = self.billet_expiry(index);
        let pay = self
            .knobs
            .billet_auto_pay_after
            .map(|d| issued_at.saturating_add(secs(d)));
        let due = match (expiry, pay) {
            (Some(e), Some(p)) => Some(e.min(p)),
            (e, p) => e.or(p),
        };
        if let Some(due) = due {
            self.schedule(index, due);
        }
    }

    /// Marks a waiting billet paid (→ 7).
    pub fn pay_billet(&mut self, index: usize, at: Ts) -> bool {
        if self.sales.get(index).map(|s| s.status) != Some(Status::WaitingPayment) {
            return false;
        }
        if let Some(sale) = self.sales.get_mut(index) {
            sale.captured = Some(at);
        }
        self.set_status(index, Status::Done, Action::BilletPaid, at);
        true
    }

    /// Expires a waiting billet (→ 5, or 6 by the knob).
    pub fn expire_billet(&mut self, index: usize, at: Ts) -> bool {
        if self.sales.get(index).map(|s| s.status) != Some(Status::WaitingPayment) {
            return false;
        }
        let status = if self.knobs.billet_expiry_status == 6 {
            if let Some(sale) = self.sales.get_mut(index) {
                sale.canceled = Some(at);
            }
            Status::Canceled
        } else {
            Status::Fail
        };
        self.set_status(index, status, Action::BilletExpired, at);
        true
    }

    /// `PUT /sales/capture`: only from 3 (reference 7.3).
    pub fn capture(&mut self, index: usize, at: Ts) -> Result<(), &'static str> {
        match self.sales.get(index).map(|s| s.status) {
            Some(Status::Capturing) => {
                self.timers
                    .retain(|(_, i)| usize::try_from(*i).ok() != Some(index));
                if let Some(sale) = self.sales.get_mut(index) {
                    sale.captured = Some(at);
                }
                self.set_status(index, Status::Done, Action::Captured, at);
                Ok(())
            }
            Some(
                Status::Processed
                | Status::Analyzing
                | Status::WaitingPayment
                | Status::Fail
                | Status::Canceled
                | Status::Done,
            )
            | None => Err("Sale is not waiting for capture"),
        }
    }

    /// `PUT /sales/cancel`: from 1–4, and from 7 for card sales as a reversal (reference 7.3).
    pub fn cancel(&mut self, index: usize, at: Ts) -> Result<(), &'static str> {
        const REFUSED: &str = "Sale cannot be canceled in its current status";
        let Some(sale) = self.sales.get(index) else {
            return Err(REFUSED);
        };
        let action = match (sale.status, sale.method) {
            (
                Status::Processed | Status::Analyzing | Status::Capturing | Status::WaitingPayment,
                _,
            ) => Action::Canceled,
            (Status::Done, Method::Credit | Method::Debit) => Action::Reversed,
            (Status::Done, Method::Billet) | (Status::Fail | Status::Canceled, _) => {
                return Err(REFUSED);
            }
        };
        self.timers
            .retain(|(_, i)| usize::try_from(*i).ok() != Some(index));
        if let Some(sale) = self.sales.get_mut(index) {
            sale.canceled = Some(at);
            if action == Action::Reversed {
                sale.reversed = Some(at);
                sale.extra_mut().rollback.push(Rollback {
                    reason: "Merchant requested",
                    obs: "",
                    at,
                });
            }
        }
        self.set_status(index, Status::Canceled, action, at);
        Ok(())
    }

    /// Control API: a chargeback on a Done card sale (reference 7.3 ASSUMPTION).
    pub fn charge_back(&mut self, index: usize, at: Ts) -> bool {
        let ok = self
            .sales
            .get(index)
            .is_some_and(|s| s.status == Status::Done && s.method != Method::Billet);
        if ok {
            if let Some(sale) = self.sales.get_mut(index) {
                sale.canceled = Some(at);
                sale.reversed = Some(at);
                sale.extra_mut().rollback.push(Rollback {
                    reason: "Chargeback",
                    obs: "",
                    at,
                });
            }
            self.set_status(index, Status::Canceled, Action::ChargedBack, at);
        }
        ok
    }
}
