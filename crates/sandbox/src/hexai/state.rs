//! The simulated HPG ledger: transactions in integer bututs, their order, references, the
//! running figures behind balance/stats/chart (definitions pinned in [`contribution`]), and
//! the status transitions that move them.
//!
//! Compact on purpose so a benchmark ledger of millions fits: a transaction's id is derived
//! from its index by an invertible mix (no id map), and generated references are derived from
//! the index too (only references sent through the API are stored as text).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, SecondsFormat, Utc};

/// Milliseconds in a UTC day.
pub const DAY_MS: i64 = 86_400_000;

/// Which ledger: test keys and live keys never share one (section 10 ASSUMPTION).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Env {
    /// `sk_test_…` keys: magic amounts apply.
    Test,
    /// Any other accepted key.
    Live,
}

/// Collection or payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A customer pays the merchant.
    Collection,
    /// The merchant pays a Wave number.
    Payout,
}

impl Kind {
    /// The wire word.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Collection => "COLLECTION",
            Kind::Payout => "PAYOUT",
        }
    }
}

/// HPG's three statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not settled.
    Pending,
    /// Completed.
    Succeeded,
    /// Did not complete.
    Failed,
}

impl Status {
    /// The wire word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
        }
    }
}

/// Why a transaction failed (section 6.4 codes used as `failure_code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureCode {
    /// Magic 400.00.
    InsufficientFunds,
    /// Magic 403.00.
    AccountBlocked,
    /// Magic 429.00.
    RateLimitExceeded,
}

impl FailureCode {
    /// The wire code.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureCode::InsufficientFunds => "INSUFFICIENT_FUNDS",
            FailureCode::AccountBlocked => "ACCOUNT_BLOCKED",
            FailureCode::RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
        }
    }

    /// HTTP status in `magic_mode = http` (section 10).
    pub fn http_status(self) -> u16 {
        match self {
            FailureCode::InsufficientFunds => 400,
            FailureCode::AccountBlocked => 403,
            FailureCode::RateLimitExceeded => 429,
        }
    }

    /// The message that goes with it.
    pub fn message(self) -> &'static str {
        match self {
            FailureCode::InsufficientFunds => "Insufficient funds.",
            FailureCode::AccountBlocked => "The account is blocked.",
            FailureCode::RateLimitExceeded => "Rate limit exceeded.",
        }
    }
}

/// One transaction.
#[derive(Debug, Clone)]
pub struct Tx {
    /// A reference sent through the API; `None` for generated history (derived from index).
    pub reference: Option<Box<str>>,
    /// Collection or payout.
    pub kind: Kind,
    /// Current status.
    pub status: Status,
    /// Set on `FAILED`.
    pub failure: Option<FailureCode>,
    /// Gross amount in bututs.
    pub amount: i64,
    /// Commission in bututs (collections only).
    pub commission: i64,
    /// The 7 digits after `+220` (payouts).
    pub mobile: Option<u32>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// Last change, ms since the epoch.
    pub updated_ms: i64,
    /// What a due timer turns it into.
    pub plan: Option<(Status, Option<FailureCode>)>,
    /// success/error URLs of a collection.
    pub urls: Option<Box<(Option<String>, Option<String>)>>,
}

/// The running figures (sections 5.4/5.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Gross `SUCCEEDED` collections.
    pub collected: i64,
    /// Commission on them.
    pub commissions: i64,
    /// How many.
    pub successful_collections: i64,
    /// `SUCCEEDED` payouts.
    pub paid_out: i64,
    /// How many.
    pub payouts: i64,
    /// `PENDING` transactions, collections and payouts.
    pub pending_count: i64,
    /// Their amounts.
    pub pending_volume: i64,
    /// `PENDING` payouts, held back from the available balance.
    pub pending_payouts: i64,
}

impl Totals {
    /// Adds (`sign` 1) or removes (`sign` -1) a contribution.
    pub fn add(&mut self, o: &Totals, sign: i64) {
        self.collected += sign * o.collected;
        self.commissions += sign * o.commissions;
        self.successful_collections += sign * o.successful_collections;
        self.paid_out += sign * o.paid_out;
        self.payouts += sign * o.payouts;
        self.pending_count += sign * o.pending_count;
        self.pending_volume += sign * o.pending_volume;
        self.pending_payouts += sign * o.pending_payouts;
    }
}

/// What one transaction adds to the figures, and to which chart day. THE definitions of
/// sections 5.4-5.6 (ASSUMPTION: `total_paid_out` counts on `SUCCEEDED`, pending payouts are
/// reserved, earnings are net collections on their UTC completion day).
pub fn contribution(tx: &Tx) -> (Totals, Option<(i64, i64)>) {
    let mut t = Totals::default();
    let mut day = None;
    match (tx.kind, tx.status) {
        (_, Status::Pending) => {
            t.pending_count = 1;
            t.pending_volume = tx.amount;
            if tx.kind == Kind::Payout {
                t.pending_payouts = tx.amount;
            }
        }
        (Kind::Collection, Status::Succeeded) => {
            t.collected = tx.amount;
            t.commissions = tx.commission;
            t.successful_collections = 1;
            day = Some((tx.updated_ms.div_euclid(DAY_MS), tx.amount - tx.commission));
        }
        (Kind::Payout, Status::Succeeded) => {
            t.paid_out = tx.amount;
            t.payouts = 1;
        }
        (_, Status::Failed) => {}
    }
    (t, day)
}

/// Commission rounded half-up to a whole butut (section 11).
pub fn commission(amount: i64, bps: u32) -> i64 {
    let c = (i128::from(amount) * i128::from(bps) + 5_000) / 10_000;
    i64::try_from(c).unwrap_or(i64::MAX)
}

/// `*_gmd` text from bututs: two decimals, `.`, no separators.
pub fn gmd_text(bututs: i64) -> String {
    let sign = if bututs < 0 { "-" } else { "" };
    let abs = bututs.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// ISO 8601 UTC with `Z`, whole seconds (section 3.4 ASSUMPTION).
pub fn iso(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub use super::ids::IdCodec;

// ---- the ledger -----------------------------------------------------------------------------

/// A status change that deserves a webhook.
#[derive(Debug, Clone)]
pub struct Change {
    /// The transaction.
    pub index: u32,
}

/// One environment's ledger.
#[derive(Debug)]
pub struct Ledger {
    /// Test or live.
    pub env: Env,
    /// Transactions by index.
    pub txs: Vec<Tx>,
    /// Indices sorted by (created, id), oldest first.
    pub order: Vec<u32>,
    /// References sent through the API.
    pub by_ref: HashMap<Box<str>, u32>,
    /// The opening balance knob, bututs.
    pub opening: i64,
    /// Running figures.
    pub totals: Totals,
    /// Net earnings and count per UTC day number.
    pub days: BTreeMap<i64, (i64, i64)>,
    /// Due settlements: (when, index).
    pub timers: BTreeSet<(i64, u32)>,
    /// Id codec.
    pub ids: IdCodec,
}

const GENERATED_COLLECTION: &str = "ORD-";
const GENERATED_PAYOUT: &str = "OUT-";

impl Ledger {
    /// An empty ledger.
    pub fn new(env: Env, opening: i64, id_key: u64) -> Ledger {
        Ledger {
            env,
            txs: Vec::new(),
            order: Vec::new(),
            by_ref: HashMap::new(),
            opening,
            totals: Totals::default(),
            days: BTreeMap::new(),
            timers: BTreeSet::new(),
            ids: IdCodec::new(id_key),
        }
    }

    /// What can be paid out now: opening + net collections - paid out - pending payouts.
    pub fn available(&self) -> i64 {
        let t = &self.totals;
        self.opening + t.collected - t.commissions - t.paid_out - t.pending_payouts
    }

    /// A transaction's reference.
    pub fn reference(&self, index: u32) -> String {
        match self.txs.get(index as usize) {
            Some(Tx {
                reference: Some(r), ..
            }) => r.to_string(),
            Some(tx) => {
                let prefix = match tx.kind {
                    Kind::Collection => GENERATED_COLLECTION,
                    Kind::Payout => GENERATED_PAYOUT,
                };
                format!("{prefix}{:08}", index + 1)
            }
            None => String::new(),
        }
    }

    /// The transaction holding a reference.
    pub fn find_reference(&self, reference: &str) -> Option<u32> {
        if let Some(i) = self.by_ref.get(reference) {
            return Some(*i);
        }
        let digits = reference
            .strip_prefix(GENERATED_COLLECTION)
            .or_else(|| reference.strip_prefix(GENERATED_PAYOUT))?;
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let index = digits.parse::<u32>().ok()?.checked_sub(1)?;
        (self.txs.get(index as usize)?.reference.is_none() && self.reference(index) == reference)
            .then_some(index)
    }

    /// The transaction with an id.
    pub fn find_id(&self, id: &str) -> Option<u32> {
        self.ids
            .index(id)
            .filter(|i| (*i as usize) < self.txs.len())
    }

    /// Adds a transaction (figures, order, reference, timer).
    pub fn insert(&mut self, tx: Tx, settle_at: Option<i64>) -> u32 {
        let index = u32::try_from(self.txs.len()).unwrap_or(u32::MAX);
        let (t, day) = contribution(&tx);
        self.totals.add(&t, 1);
        self.add_day(day, 1);
        let created = tx.created_ms;
        // A reference used again (the no-dedup profile) keeps naming its first record.
        if let Some(r) = &tx.reference {
            self.by_ref.entry(r.clone()).or_insert(index);
        }
        self.txs.push(tx);
        let id = self.ids.id(index);
        let at = self.order.partition_point(|other| {
            let o = self.txs.get(*other as usize).map_or(0, |t| t.created_ms);
            o < created || (o == created && self.ids.id(*other) <= id)
        });
        self.order.insert(at, index);
        if let Some(when) = settle_at {
            self.timers.insert((when, index));
        }
        index
    }

    /// Adds or removes a chart-day contribution.
    pub fn add_day(&mut self, day: Option<(i64, i64)>, sign: i64) {
        if let Some((d, net)) = day {
            let e = self.days.entry(d).or_insert((0, 0));
            e.0 += sign * net;
            e.1 += sign;
        }
    }

    /// Moves a `PENDING` transaction to a final status. False when it was not pending.
    pub fn settle(
        &mut self,
        index: u32,
        status: Status,
        failure: Option<FailureCode>,
        now_ms: i64,
    ) -> bool {
        let Some(tx) = self.txs.get(index as usize) else {
            return false;
        };
        if tx.status != Status::Pending || status == Status::Pending {
            return false;
        }
        let (old, old_day) = contribution(tx);
        self.totals.add(&old, -1);
        self.add_day(old_day, -1);
        if let Some(tx) = self.txs.get_mut(index as usize) {
            tx.status = status;
            tx.failure = if status == Status::Failed {
                failure
            } else {
                None
            };
            tx.updated_ms = now_ms.max(tx.created_ms);
            tx.plan = None;
        }
        if let Some(tx) = self.txs.get(index as usize) {
            let (new, new_day) = contribution(tx);
            self.totals.add(&new, 1);
            self.add_day(new_day, 1);
        }
        true
    }

    /// Applies every timer due at `now_ms`; returns the changes.
    pub fn apply_due(&mut self, now_ms: i64) -> Vec<Change> {
        let mut changes = Vec::new();
        while let Some(&(at, index)) = self.timers.first() {
            if at > now_ms {
                break;
            }
            self.timers.pop_first();
            let plan = self.txs.get(index as usize).and_then(|t| t.plan);
            if let Some((status, failure)) = plan
                && self.settle(index, status, failure, at)
            {
                changes.push(Change { index });
            }
        }
        changes
    }

    /// The webhook body (section 7): the seed's fields, `amount` as a GMD number with two
    /// decimals, `failure_code` only on `FAILED` (ASSUMPTION; left out when `documented_only`).
    pub fn webhook_body(
        &self,
        index: u32,
        failed_event_name: &str,
        documented_only: bool,
    ) -> Option<Vec<u8>> {
        let tx = self.txs.get(index as usize)?;
        let event = match tx.status {
            Status::Pending => return None,
            Status::Succeeded => "transaction.completed",
            Status::Failed => failed_event_name,
        };
        let failure = match tx.failure {
            Some(code) if tx.status == Status::Failed && !documented_only => {
                format!(r#","failure_code":"{}""#, code.as_str())
            }
            _ => String::new(),
        };
        // Every string here is from a safe charset (ids, validated references, fixed words),
        // but the event name is a knob: quote it through serde.
        let event = serde_json::to_string(event).ok()?;
        Some(
            format!(
                r#"{{"event":{event},"transaction":{{"id":"{}","client_reference":"{}","type":"{}","amount":{},"status":"{}"{failure}}}}}"#,
                self.ids.id(index),
                self.reference(index),
                tx.kind.as_str(),
                gmd_text(tx.amount),
                tx.status.as_str(),
            )
            .into_bytes(),
        )
    }
}

/// `+220` and the 7 digits.
pub fn mobile_text(digits: u32) -> String {
    format!("+220{digits:07}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_text_and_commission() {
        assert_eq!(gmd_text(450050), "4500.50");
        assert_eq!(gmd_text(5), "0.05");
        assert_eq!(commission(10000, 200), 200);
        assert_eq!(commission(25, 200), 1); // 0.5 rounds half-up
        assert_eq!(commission(24, 200), 0);
    }
}
