//! The Hubcash simulator's in-memory state: sales, saved cards, notifications, the due timers
//! of the sale lifecycle (reference 7.4), and the ids that look like Hubcash's.
//!
//! Records are compact (times as `u32` Unix seconds, generated buyers as seed numbers) so a
//! million-sale history stays in a few hundred megabytes. Lifecycle timers are applied lazily:
//! every request first runs `State::advance` (in `lifecycle.rs`) up to the clock's `now`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Knobs;
pub use super::kinds::{Action, Method, Outcome, Status};
use crate::variance::Variance;

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
    /// `Ref`, when the merchant gave one.
    pub reference: Option<String>,
    /// `SoftDescriptor`, when the merchant gave one (otherwise the company name).
    pub soft_descriptor: Option<String>,
    /// Reversals.
    pub rollback: Vec<Rollback>,
}

/// A sale's audit trail, held inline: the longest path (1, 2, 3, 7, then 6) has 5 entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct History {
    entries: [(Action, Ts); 6],
    len: u8,
}

impl History {
    /// A trail with its first entry.
    pub fn new(first: (Action, Ts)) -> History {
        let mut entries = [(Action::DataReceived, 0); 6];
        entries[0] = first;
        History { entries, len: 1 }
    }

    /// Adds an entry (beyond the longest path, the last slot is overwritten).
    pub fn push(&mut self, entry: (Action, Ts)) {
        let last = self.entries.len() - 1;
        let at = usize::from(self.len).min(last);
        if let Some(slot) = self.entries.get_mut(at) {
            *slot = entry;
        }
        self.len = u8::try_from((at + 1).min(self.entries.len())).unwrap_or(1);
    }

    /// The entries, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &(Action, Ts)> {
        self.entries.iter().take(usize::from(self.len))
    }

    /// The latest entry.
    pub fn last(&self) -> Option<&(Action, Ts)> {
        self.iter().last()
    }
}

/// One sale.
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    /// `DateAdded`.
    pub added: Ts,
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
    /// Audit trail.
    pub history: History,
    /// Rare or merchant-given data: `Ref`, `SoftDescriptor`, reversals, echoed objects.
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

impl Sale {
    /// The rare-data box, created on first use.
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }
}

/// The mutable state behind one simulator.
#[derive(Debug)]
pub struct State {
    /// Behaviour switches.
    pub knobs: Knobs,
    /// The reply profile, read on every request.
    pub variance: Variance,
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
        let given = sale.extra.as_ref().and_then(|e| e.reference.as_ref());
        match (given, sale.buyer) {
            (Some(given), _) => Some(std::borrow::Cow::Borrowed(given.as_str())),
            (None, Some(_)) => Some(std::borrow::Cow::Owned(format!("ORD-{:07}", index + 1))),
            (None, None) => None,
        }
    }

    /// Whether a sale's `Ref` is `wanted`, without building generated references.
    pub fn reference_is(&self, index: usize, wanted: &str) -> bool {
        let Some(sale) = self.sales.get(index) else {
            return false;
        };
        match (
            sale.extra.as_ref().and_then(|e| e.reference.as_ref()),
            sale.buyer,
        ) {
            (Some(given), _) => given == wanted,
            (None, Some(_)) => wanted.strip_prefix("ORD-").is_some_and(|n| {
                n.parse::<usize>().ok() == Some(index + 1) && n == format!("{:07}", index + 1)
            }),
            (None, None) => false,
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
}
