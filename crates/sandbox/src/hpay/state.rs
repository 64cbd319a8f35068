//! The HPAY simulator's state: per-mode books of payment links with their balances, the
//! session tokens, and the operations the routes and the control API share. Times are Unix
//! seconds on the simulator's clock.

use std::collections::HashMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::data;
use super::{Knobs, SimMode};
use crate::variance::Variance;

/// A payment link's status (§4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `UNPAID`.
    Unpaid,
    /// `PAID`.
    Paid,
}

impl Status {
    /// HPAY's word.
    pub fn as_wire(self) -> &'static str {
        match self {
            Status::Unpaid => "UNPAID",
            Status::Paid => "PAID",
        }
    }
}

/// The product and description of a link: composed on demand for generated ones (so a
/// million records stay small), stored as given for created ones.
#[derive(Debug, Clone)]
pub(crate) enum PaymentText {
    Generated {
        product: u8,
        customer: u8,
        order: u32,
    },
    /// `(product_name, description)`, boxed so generated records stay small.
    Given(Box<(String, String)>),
}

impl PaymentText {
    pub(crate) fn product(&self) -> String {
        match self {
            PaymentText::Generated { product, .. } => data::PRODUCTS
                .get(usize::from(*product))
                .map(|p| p.0.to_owned())
                .unwrap_or_default(),
            PaymentText::Given(given) => given.0.clone(),
        }
    }

    pub(crate) fn description(&self) -> String {
        match self {
            PaymentText::Generated {
                product,
                customer,
                order,
            } => {
                let what = data::PRODUCTS
                    .get(usize::from(*product))
                    .map(|p| p.1)
                    .unwrap_or_default();
                let who = data::CUSTOMERS
                    .get(usize::from(*customer))
                    .copied()
                    .unwrap_or_default();
                format!("{what} — commande n° {order}, client {who}")
            }
            PaymentText::Given(given) => given.1.clone(),
        }
    }
}

/// The merchant's URLs on a created link.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    pub notify: String,
    pub success: String,
    pub cancel: String,
}

/// One payment link.
#[derive(Debug, Clone)]
pub(crate) struct Payment {
    pub id: String,
    /// Minor units of the account currency.
    pub amount: i64,
    pub fees: i64,
    pub status: Status,
    pub created: i64,
    pub paid_at: Option<i64>,
    pub text: PaymentText,
    pub urls: Option<Box<Urls>>,
}

impl Payment {
    pub(crate) fn profit(&self) -> i64 {
        self.amount - self.fees
    }
}

/// One mode's links (oldest first) and balances (minor units).
#[derive(Debug, Default)]
pub(crate) struct Book {
    payments: Vec<Payment>,
    index: HashMap<String, usize>,
    pub main_balance: i64,
    pub profit_balance: i64,
}

impl Book {
    pub(crate) fn reserve(&mut self, n: usize) {
        self.payments.reserve(n);
        self.index.reserve(n);
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Appends a link (never older than the newest one: the clock only moves forward) and
    /// credits the balances when it is already paid.
    pub(crate) fn push(&mut self, mut payment: Payment) {
        if let Some(last) = self.payments.last() {
            payment.created = payment.created.max(last.created);
        }
        if payment.status == Status::Paid {
            self.credit(payment.amount, payment.profit());
        }
        self.index.insert(payment.id.clone(), self.payments.len());
        self.payments.push(payment);
    }

    fn credit(&mut self, amount: i64, profit: i64) {
        // ASSUMPTION (U11): main_balance collects the gross amount, profit_balance the net.
        self.main_balance = self.main_balance.saturating_add(amount);
        self.profit_balance = self.profit_balance.saturating_add(profit);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Payment> {
        self.index.get(id).and_then(|i| self.payments.get(*i))
    }

    pub(crate) fn all(&self) -> &[Payment] {
        &self.payments
    }

    /// A link's place in creation order.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Marks a link paid at `now`; `false` when it was paid already (PAID is terminal).
    pub(crate) fn pay(&mut self, id: &str, now: i64) -> Option<bool> {
        let index = *self.index.get(id)?;
        let payment = self.payments.get_mut(index)?;
        if payment.status == Status::Paid {
            return Some(false);
        }
        payment.status = Status::Paid;
        payment.paid_at = Some(now);
        let (amount, profit) = (payment.amount, payment.profit());
        self.credit(amount, profit);
        Some(true)
    }

    /// Links created in `[from, to)` (Unix seconds), newest first, matching `status`, after
    /// skipping `offset`; at most `count`.
    pub(crate) fn query(
        &self,
        from: i64,
        to: i64,
        status: Option<Status>,
        offset: usize,
        count: usize,
    ) -> Vec<&Payment> {
        let lo = self.payments.partition_point(|p| p.created < from);
        let hi = self.payments.partition_point(|p| p.created < to);
        let window = self.payments.get(lo..hi.max(lo)).unwrap_or_default();
        match status {
            // Slice iterators skip in O(1): deep pages of a million links stay cheap.
            None => window.iter().rev().skip(offset).take(count).collect(),
            Some(s) => window
                .iter()
                .rev()
                .filter(|p| p.status == s)
                .skip(offset)
                .take(count)
                .collect(),
        }
    }
}

/// HPAY's fee on an amount: `fee_rate` of it, rounded to the currency's minor unit.
pub(crate) fn fee_for(amount: i64, fee_rate: Decimal) -> i64 {
    Decimal::from(amount)
        .checked_mul(fee_rate)
        .and_then(|f| f.round().to_i64())
        .unwrap_or(0)
}

/// A session token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenRecord {
    pub mode: SimMode,
    pub issued: i64,
}

/// The merchant the simulator serves (the same keys in both modes).
#[derive(Debug, Clone)]
pub(crate) struct Merchant {
    pub api_key: String,
    pub public_key: String,
    pub secret_key: String,
    pub company: String,
    pub contact: String,
    pub currency: String,
    pub scale: u32,
}

/// Everything the simulator holds.
#[derive(Debug)]
pub(crate) struct State {
    pub merchant: Merchant,
    pub books: [Book; 2],
    pub tokens: HashMap<String, TokenRecord>,
    pub tokens_issued: u64,
    pub knobs: Knobs,
    /// The reply profile, read on every request.
    pub variance: Variance,
    pub rng: ChaCha8Rng,
    /// Links to pay automatically: (due, mode, id).
    pub auto_pay: Vec<(i64, SimMode, String)>,
    /// Where `checkout_url`s point.
    pub checkout_base: String,
    /// True when the configuration chose `checkout_base` (start() then keeps it).
    pub checkout_fixed: bool,
}

impl State {
    pub(crate) fn book(&self, mode: SimMode) -> &Book {
        match mode {
            SimMode::Test => &self.books[0],
            SimMode::Prod => &self.books[1],
        }
    }

    pub(crate) fn book_mut(&mut self, mode: SimMode) -> &mut Book {
        match mode {
            SimMode::Test => &mut self.books[0],
            SimMode::Prod => &mut self.books[1],
        }
    }

    /// Issues a token at `now`.
    pub(crate) fn issue_token(&mut self, mode: SimMode, now: i64) -> String {
        let mut token = data::token(&mut self.rng);
        while self.tokens.contains_key(&token) {
            token = data::token(&mut self.rng);
        }
        self.tokens
            .insert(token.clone(), TokenRecord { mode, issued: now });
        self.tokens_issued += 1;
        token
    }

    /// The token's record when it is known and younger than the TTL at `now`.
    pub(crate) fn live_token(&self, token: &str, now: i64) -> Option<TokenRecord> {
        let ttl = i64::try_from(self.knobs.token_ttl_s).unwrap_or(i64::MAX);
        self.tokens
            .get(token)
            .copied()
            .filter(|t| now < t.issued.saturating_add(ttl))
    }

    /// Rolls a chance in whole percent.
    pub(crate) fn roll(&mut self, percent: u32) -> bool {
        percent > 0 && self.rng.random_range(0..100u32) < percent
    }

    /// A fresh transaction id, unique in both books.
    pub(crate) fn new_transaction_id(&mut self) -> String {
        loop {
            let id = data::transaction_id(&mut self.rng);
            if !self.books.iter().any(|b| b.contains(&id)) {
                return id;
            }
        }
    }

    /// Finds a link in either book.
    pub(crate) fn find(&self, id: &str) -> Option<(SimMode, &Payment)> {
        [SimMode::Test, SimMode::Prod]
            .into_iter()
            .find_map(|m| self.book(m).get(id).map(|p| (m, p)))
    }
}
