//! The Hubcash simulator's in-memory state: sales, saved cards, notifications, the due timers
//! of the sale lifecycle (reference 7.4), and the ids that look like Hubcash's.
//!
//! Records are compact (times as `u32` Unix seconds, generated buyers as seed numbers) so a
//! million-sale history stays in a few hundred megabytes. Lifecycle timers are applied lazily:
//! every request first runs [`State::advance`] up to the clock's `now`.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::Knobs;

/// Unix seconds (valid to 2106).
pub type Ts = u32;

/// Clock time into [`Ts`].
pub fn ts(time: DateTime<Utc>) -> Ts {
    u32::try_from(time.timestamp().max(0)).unwrap_or(u32::MAX)
}

/// [`Ts`] into a date.
pub fn time_of(t: Ts) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::from(t), 0).unwrap_or_default()
}

fn secs(d: Duration) -> Ts {
    u32::try_from(d.num_seconds().max(0)).unwrap_or(u32::MAX)
}

/// A sale method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Credit card.
    Credit,
    /// Debit card.
    Debit,
    /// Billet.
    Billet,
}

impl Method {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Credit => "Credit",
            Method::Debit => "Debit",
            Method::Billet => "Billet",
        }
    }

    /// Case-sensitive, as Hubcash reads it.
    pub fn parse(text: &str) -> Option<Method> {
        match text {
            "Credit" => Some(Method::Credit),
            "Debit" => Some(Method::Debit),
            "Billet" => Some(Method::Billet),
            _ => None,
        }
    }
}

/// A sale status, 1–7 (reference 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 1
    Processed = 1,
    /// 2
    Analyzing = 2,
    /// 3
    Capturing = 3,
    /// 4
    WaitingPayment = 4,
    /// 5
    Fail = 5,
    /// 6
    Canceled = 6,
    /// 7
    Done = 7,
}

impl Status {
    /// The wire number.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// From the wire number.
    pub fn from_code(code: u64) -> Option<Status> {
        Some(match code {
            1 => Status::Processed,
            2 => Status::Analyzing,
            3 => Status::Capturing,
            4 => Status::WaitingPayment,
            5 => Status::Fail,
            6 => Status::Canceled,
            7 => Status::Done,
            _ => return None,
        })
    }
}

/// How a card sale's analysis ends: simulator-only triggers on the card's last 4 digits
/// (reference 12, ASSUMPTION, not a Hubcash feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Any other digits: approved.
    Approve,
    /// `0002`: declined by the operator.
    Decline,
    /// `0003`: stays in 2 Analyzing until the control API resolves it.
    Hold,
    /// `0004`: denied by fraud analysis.
    Deny,
}

impl Outcome {
    /// The outcome for a card's last 4 digits.
    pub fn for_last4(last4: &str) -> Outcome {
        match last4 {
            "0002" => Outcome::Decline,
            "0003" => Outcome::Hold,
            "0004" => Outcome::Deny,
            _ => Outcome::Approve,
        }
    }
}

/// A `History` entry's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 1
    DataReceived,
    /// 2
    AnalysisStarted,
    /// 3
    Authorized,
    /// 7 (auto-capture)
    ApprovedCaptured,
    /// 5 (operator)
    Declined,
    /// 5 (fraud)
    Denied,
    /// 4
    BilletIssued,
    /// 7 (billet)
    BilletPaid,
    /// 5/6 (billet unpaid at due date)
    BilletExpired,
    /// 7 (capture call)
    Captured,
    /// 6 (cancel call)
    Canceled,
    /// 6 (cancel of a Done card sale)
    Reversed,
    /// 6 (control API)
    ChargedBack,
    /// 6 (capture window passed)
    AuthorizationExpired,
}

impl Action {
    /// The `History.Action` text (reference 7.4 where it names one).
    pub fn text(self) -> &'static str {
        match self {
            Action::DataReceived => "Data received",
            Action::AnalysisStarted => "Fraud analysis started",
            Action::Authorized => "Authorized, waiting for capture",
            Action::ApprovedCaptured => "Approved and captured",
            Action::Declined => "Declined by the operator",
            Action::Denied => "Denied by fraud analysis",
            Action::BilletIssued => "Billet issued",
            Action::BilletPaid => "Billet paid",
            Action::BilletExpired => "Billet expired",
            Action::Captured => "Captured",
            Action::Canceled => "Canceled",
            Action::Reversed => "Reversed",
            Action::ChargedBack => "Chargeback",
            Action::AuthorizationExpired => "Authorization expired",
        }
    }
}

/// The card of a sale, in the 5.1 form only (no number, no security code is ever kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleCard {
    /// A saved card (index into the cards).
    Saved(u32),
    /// A generated history card, rendered from seed numbers.
    Generated {
        /// Buyer seed number (name, document, phone).
        buyer: u32,
        /// Index into the brand table.
        brand: u8,
        /// Last four digits.
        last4: u16,
        /// Expiry month.
        exp_month: u8,
        /// Expiry year.
        exp_year: u16,
    },
}

/// A billet's settings and slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Billet {
    /// The slip number.
    pub our_number: u64,
    /// Printed instructions.
    pub instructions: Vec<String>,
    /// Days until expiry.
    pub expires_in: u32,
    /// Set when issued (status 4).
    pub issued: bool,
}

/// A reversal record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollback {
    /// Why.
    pub reason: &'static str,
    /// Remarks.
    pub obs: &'static str,
    /// When.
    pub at: Ts,
}

/// What the merchant sent that the simulator only echoes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// `Consumer`.
    pub consumer: Option<Value>,
    /// `BillingAddress`.
    pub billing: Option<Value>,
    /// `ShippingAddress`.
    pub shipping: Option<Value>,
    /// `Items`.
    pub items: Option<Value>,
}

/// One sale.
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    /// `DateAdded`.
    pub added: Ts,
    /// `Ref`.
    pub reference: Option<String>,
    /// `SoftDescriptor` (None: the company name).
    pub soft_descriptor: Option<String>,
    /// Cents.
    pub amount: i64,
    /// Installments when `Quota` is true.
    pub quota_qty: Option<u8>,
    /// Index into the currencies.
    pub currency: u8,
    /// Method.
    pub method: Method,
    /// Automatic capture.
    pub capture: bool,
    /// Status.
    pub status: Status,
    /// `DateCanceled`.
    pub canceled: Option<Ts>,
    /// `DateCaptured`.
    pub captured: Option<Ts>,
    /// `DateReversed`.
    pub reversed: Option<Ts>,
    /// `DateUpdated`.
    pub updated: Option<Ts>,
    /// Card sales.
    pub card: Option<SaleCard>,
    /// Billet sales.
    pub billet: Option<Box<Billet>>,
    /// Fraud analysis: level and approval.
    pub analyze: Option<(u8, bool)>,
    /// Reversals.
    pub rollback: Vec<Rollback>,
    /// Audit trail.
    pub history: Vec<(Action, Ts)>,
    /// Echoed request data.
    pub extra: Option<Box<Extra>>,
    /// A generated buyer (history data), rendered as `Consumer`.
    pub buyer: Option<u32>,
    /// How the analysis ends.
    pub outcome: Outcome,
}

/// A saved card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Saved at.
    pub added: Ts,
    /// Brand name.
    pub brand: String,
    /// Holder.
    pub holder_name: String,
    /// Document as given.
    pub document: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Last four digits.
    pub last4: String,
    /// `mm`.
    pub exp_month: String,
    /// `yyyy`.
    pub exp_year: String,
    /// Deleted cards answer 404 and cannot be used.
    pub deleted: bool,
}

/// One notification (reference 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notification {
    /// The sale (index).
    pub sale: u32,
    /// The status it led to, frozen.
    pub status: Status,
    /// `DateAdded`.
    pub added: Ts,
    /// `DateUpdated`.
    pub updated: Ts,
    /// `LastResponseCode` (0: no answer or no URL).
    pub last_code: u16,
}

/// One delivery attempt, for tests to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// The notification's id.
    pub notification_id: String,
    /// The URL posted to.
    pub url: String,
    /// The body sent.
    pub body: String,
    /// The code received (0: none).
    pub code: u16,
    /// When (simulator clock).
    pub at: DateTime<Utc>,
    /// True for a manual resend.
    pub resend: bool,
}

/// A currency served by `GET /currencies`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyDef {
    /// Name (`"BRL"`).
    pub name: String,
    /// Left symbol.
    pub symbol_left: String,
    /// Decimal places.
    pub decimal_place: u32,
}

/// Which record an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A sale.
    Sale = 1,
    /// A card.
    Card = 2,
    /// A notification.
    Notification = 3,
    /// A currency.
    Currency = 4,
}

/// A 24-hex id shaped like a MongoDB ObjectId: 4 bytes of creation time, then the record's
/// kind and index (ASSUMPTION, reference 3: ids are opaque to clients).
pub fn object_id(at: Ts, kind: IdKind, index: u32) -> String {
    format!("{at:08x}{:02x}{:06x}{index:08x}", kind as u8, 0x5ad5_u32)
}

/// The index an id names, if it is of `kind`; the caller checks the time part.
pub fn parse_id(id: &str, kind: IdKind) -> Option<(Ts, u32)> {
    if id.len() != 24
        || !id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    let at = u32::from_str_radix(id.get(0..8)?, 16).ok()?;
    let k = u8::from_str_radix(id.get(8..10)?, 16).ok()?;
    let index = u32::from_str_radix(id.get(16..24)?, 16).ok()?;
    (k == kind as u8).then_some((at, index))
}

/// The mutable state behind one simulator.
#[derive(Debug)]
pub struct State {
    /// Behaviour switches.
    pub knobs: Knobs,
    /// Sales, in creation order.
    pub sales: Vec<Sale>,
    /// Saved cards.
    pub cards: Vec<Card>,
    /// Notifications, in creation order.
    pub notifications: Vec<Notification>,
    /// Due lifecycle steps: (when, sale index).
    pub timers: BTreeSet<(Ts, u32)>,
    /// The merchant's notification URL.
    pub notify_url: Option<String>,
    /// Notifications waiting for an automatic delivery: (due, notification index, attempt).
    pub outbox: Vec<(Ts, u32, u32)>,
    /// Every delivery attempt.
    pub deliveries: Vec<DeliveryRecord>,
    /// The next generated billet number.
    pub next_our_number: u64,
    /// Currencies.
    pub currencies: Vec<CurrencyDef>,
    /// The company name (default `SoftDescriptor`).
    pub company: String,
}

impl State {
    /// The sale an id names.
    pub fn sale_index(&self, id: &str) -> Option<usize> {
        let (at, index) = parse_id(id, IdKind::Sale)?;
        let i = usize::try_from(index).ok()?;
        (self.sales.get(i)?.added == at).then_some(i)
    }

    /// The (not deleted) card an id names.
    pub fn card_index(&self, id: &str) -> Option<usize> {
        let (at, index) = parse_id(id, IdKind::Card)?;
        let i = usize::try_from(index).ok()?;
        let card = self.cards.get(i)?;
        (card.added == at && !card.deleted).then_some(i)
    }

    /// The notification an id names.
    pub fn notification_index(&self, id: &str) -> Option<usize> {
        let (at, index) = parse_id(id, IdKind::Notification)?;
        let i = usize::try_from(index).ok()?;
        (self.notifications.get(i)?.added == at).then_some(i)
    }

    /// A sale's `Ref`: the one given, or for generated history `ORD-<n>`.
    pub fn reference(&self, index: usize) -> Option<std::borrow::Cow<'_, str>> {
        let sale = self.sales.get(index)?;
        match (&sale.reference, sale.buyer) {
            (Some(given), _) => Some(std::borrow::Cow::Borrowed(given.as_str())),
            (None, Some(_)) => Some(std::borrow::Cow::Owned(format!("ORD-{:07}", index + 1))),
            (None, None) => None,
        }
    }

    /// A sale's id.
    pub fn sale_id(&self, index: usize) -> String {
        let added = self.sales.get(index).map(|s| s.added).unwrap_or(0);
        object_id(
            added,
            IdKind::Sale,
            u32::try_from(index).unwrap_or(u32::MAX),
        )
    }

    /// A card's id.
    pub fn card_id(&self, index: usize) -> String {
        let added = self.cards.get(index).map(|c| c.added).unwrap_or(0);
        object_id(
            added,
            IdKind::Card,
            u32::try_from(index).unwrap_or(u32::MAX),
        )
    }

    /// A notification's id.
    pub fn notification_id(&self, index: usize) -> String {
        let added = self.notifications.get(index).map(|n| n.added).unwrap_or(0);
        object_id(
            added,
            IdKind::Notification,
            u32::try_from(index).unwrap_or(u32::MAX),
        )
    }

    /// Adds a sale in 1 Processed and schedules its first automatic step.
    pub fn insert_sale(&mut self, mut sale: Sale, at: Ts) -> usize {
        sale.added = at;
        sale.status = Status::Processed;
        sale.updated = Some(at);
        sale.history = vec![(Action::DataReceived, at)];
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
            _ => {}
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
            _ => Err("Sale is not waiting for capture"),
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
                sale.rollback.push(Rollback {
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
                sale.rollback.push(Rollback {
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
