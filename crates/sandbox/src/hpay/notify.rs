//! Paying a link, by hand or when its auto-pay time comes, and the `payment.paid`
//! notification it sends (§5), prepared under the state lock and sent after it.

use super::SimMode;
use super::render;
use super::state::State;

/// A notification to send once the state lock is released.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub url: String,
    pub transaction_id: String,
    pub body: Vec<u8>,
}

impl State {
    /// Pays the links whose auto-pay time has come; returns their notifications.
    pub(crate) fn apply_due(&mut self, now: i64) -> Vec<Outgoing> {
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.auto_pay)
            .into_iter()
            .partition(|(at, _, _)| *at <= now);
        self.auto_pay = later;
        due.into_iter()
            .filter_map(|(_, mode, id)| self.pay(mode, &id, now))
            .collect()
    }

    /// Marks a link paid and prepares its notification (§5: the history item plus
    /// `"event": "payment.paid"`). `None` when unknown or paid already.
    pub(crate) fn pay(&mut self, mode: SimMode, id: &str, now: i64) -> Option<Outgoing> {
        if !self.book_mut(mode).pay(id, now)? {
            return None;
        }
        let payment = self.book(mode).get(id)?;
        let url = payment.urls.as_ref().map(|u| u.notify.clone())?;
        let body = render::notification(self, mode, payment);
        Some(Outgoing {
            url,
            transaction_id: id.to_owned(),
            body,
        })
    }
}
