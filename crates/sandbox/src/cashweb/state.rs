//! The CashWeb simulator's state: transactions, quotes, the idempotency store,
//! the revenue ledger and the webhook outbox, moved forward lazily on the simulator clock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::documented;
use super::model::{
    Extra, HistoryEntry, MERCHANTS, REQUIRED_CONFIRMATIONS, Status, TERMINALS, Tx, at_ms,
    generated_index, id_text, make_id, time_text, units_text,
};
use super::{Knobs, Pair, Partner};
use crate::variance::Variance;
use crate::webhooks::WebhookSender;

/// An executable quote (§3.1).
#[derive(Debug, Clone)]
pub(crate) struct Quote {
    pub partner: u8,
    pub pair: u8,
    pub fiat_amount: Option<Decimal>,
    pub crypto_amount: Option<Decimal>,
    pub adjusted_rate: Decimal,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

/// A stored write answer under an Idempotency-Key (§7).
#[derive(Debug, Clone)]
pub(crate) struct IdemEntry {
    pub payload: String,
    pub created_at: DateTime<Utc>,
    /// `None` while the first request is still being carried out.
    pub response: Option<(u16, Value)>,
    /// When the first request was carried out (simulator clock).
    pub committed_at: Option<DateTime<Utc>>,
}

/// One outbox event (§3.9).
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub id: u128,
    pub event_type: String,
    pub tx: usize,
    pub partner: u8,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub body: Vec<u8>,
}

/// Everything the simulator holds.
pub(crate) struct State {
    pub knobs: Knobs,
    /// The reply profile, read on every request.
    pub variance: Variance,
    pub partners: Vec<Partner>,
    pub pairs: Vec<Pair>,
    pub txs: Vec<Tx>,
    /// How many leading records are generated history.
    pub generated: usize,
    /// `(partner, lower(reference)) -> index`, for transactions created through the API.
    pub by_reference: HashMap<(u8, String), usize>,
    pub quotes: HashMap<String, Quote>,
    pub idempotency: HashMap<(u8, String), IdemEntry>,
    pub events: Vec<Event>,
    /// `(completed ms, id, index)`, ascending.
    pub revenue: Vec<(i64, u128, usize)>,
    /// Live, non-terminal transactions.
    pub active: Vec<usize>,
    pub rng: ChaCha8Rng,
    pub last_id: u128,
    /// `(minute, requests in it)` for the rate-limit knob.
    pub rate_window: (i64, u32),
    pub webhooks: WebhookSender,
}

impl State {
    /// A fresh UUIDv7-shaped id after every earlier one.
    pub fn next_id(&mut self, now: DateTime<Utc>) -> u128 {
        let random: u128 = self.rng.random();
        let id = make_id(now.timestamp_millis(), random);
        let id = if id <= self.last_id {
            self.last_id + 1
        } else {
            id
        };
        self.last_id = id;
        id
    }

    /// A random UUIDv4 text (quote ids).
    pub fn uuid4(&mut self) -> String {
        let mut bytes: [u8; 16] = self.rng.random();
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        id_text(u128::from_be_bytes(bytes))
    }

    /// The index of a transaction by id text, within the partner's scope.
    pub fn find_id(&self, partner: u8, id: &str) -> Option<usize> {
        let id = super::model::parse_id(id)?;
        let index = self.txs.binary_search_by(|t| t.id.cmp(&id)).ok()?;
        (self.txs.get(index)?.partner == partner).then_some(index)
    }

    /// The index of a transaction by reference, case-insensitively, within the partner's scope.
    pub fn find_reference(&self, partner: u8, reference: &str) -> Option<usize> {
        let lower = reference.to_lowercase();
        if let Some(index) = self.by_reference.get(&(partner, lower.clone())) {
            return Some(*index);
        }
        let index = generated_index(&lower).filter(|i| *i < self.generated)?;
        (self.txs.get(index)?.partner == partner).then_some(index)
    }

    /// The status word every read shows: CashWeb's word, or under the unknown-status profile
    /// the unknown word (lowercase, as CashWeb spells its words) for every n-th transaction
    /// created through the API while it is not final; it then moves on as usual.
    pub fn status_word(&self, index: usize) -> String {
        let Some(tx) = self.txs.get(index) else {
            return String::new();
        };
        if !tx.status.is_terminal()
            && let Some(n) = index.checked_sub(self.generated)
            && let Some(word) = self.variance.unknown_word_for(n as u64)
        {
            return word.to_lowercase();
        }
        tx.status.as_str().to_owned()
    }

    /// The transaction as a status query, a lookup by reference or a list shows it under the
    /// reply profile in force.
    pub fn read_json(&self, index: usize) -> Value {
        let full = self.tx_json(index);
        if self.variance.documented_only {
            documented::transaction(&full)
        } else {
            full
        }
    }

    /// The transaction as `GET /transactions/{id}` shows it (§3.3).
    pub fn tx_json(&self, index: usize) -> Value {
        let Some(tx) = self.txs.get(index) else {
            return Value::Null;
        };
        let (crypto, network) = self
            .pairs
            .get(usize::from(tx.pair))
            .map(|p| (p.crypto_currency.as_str(), p.network.as_str()))
            .unwrap_or(("usdt", "trc20"));
        let deposit = tx.deposit();
        let pick = |list: &[&str], i: u8| {
            usize::from(i)
                .checked_sub(1)
                .and_then(|i| list.get(i))
                .map(|s| s.to_string())
        };
        let (merchant_id, terminal_id) = match &tx.extra {
            Some(extra) => (extra.merchant_id.clone(), extra.terminal_id.clone()),
            None => (pick(&MERCHANTS, tx.merchant), pick(&TERMINALS, tx.terminal)),
        };
        json!({
            "id": id_text(tx.id),
            "status": self.status_word(index),
            "network": network,
            "deposit_address": tx.deposit_address(network),
            "expires_at": time_text(at_ms(tx.expires_ms)),
            "rate": units_text(tx.rate_minor, 2, 2),
            "amount": units_text(tx.amount_minor, 2, 2),
            "crypto_amount": units_text(tx.crypto_micro, 6, 2),
            "crypto_currency": crypto,
            "merchant_reference": tx.reference(index),
            "merchant_id": merchant_id,
            "terminal_id": terminal_id,
            "seller_phone": tx.phone(),
            "created_at": time_text(at_ms(tx.created_ms)),
            "updated_at": time_text(at_ms(tx.updated_ms)),
            "deposit_id": deposit.as_ref().map(|d| d.deposit_id.clone()),
            "deposit_status": deposit.as_ref().map(|d| if d.confirmed { "confirmed" } else { "detected" }),
            "confirmations": deposit.as_ref().map(|d| d.confirmations),
            "required_confirmations": deposit.as_ref().map(|_| REQUIRED_CONFIRMATIONS),
            "received_at": deposit.as_ref().map(|d| time_text(d.received_at)),
            "confirmed_at": deposit.as_ref().and_then(|d| d.confirmed_at).map(time_text),
        })
    }

    /// Creates a live transaction and returns its index.
    #[allow(clippy::too_many_arguments)]
    pub fn create(
        &mut self,
        partner: u8,
        pair: u8,
        now: DateTime<Utc>,
        amount_minor: i64,
        crypto_micro: i64,
        rate_minor: i64,
        reference: String,
        merchant_id: Option<String>,
        terminal_id: Option<String>,
        phone: Option<String>,
    ) -> usize {
        let id = self.next_id(now);
        let outcome = self.knobs.force_outcome.take().unwrap_or(Status::Completed);
        let tx = Tx {
            id,
            partner,
            status: Status::AwaitingDeposit,
            pair,
            merchant: 0,
            terminal: 0,
            created_ms: now.timestamp_millis(),
            updated_ms: now.timestamp_millis(),
            expires_ms: (now + self.knobs.deposit_ttl).timestamp_millis(),
            amount_minor,
            crypto_micro,
            rate_minor,
            extra: Some(Box::new(Extra {
                reference: reference.clone(),
                phone,
                deposit: None,
                history: vec![HistoryEntry {
                    changed_at: now,
                    from: None,
                    to: Status::AwaitingDeposit,
                    reason: "transaction:created".into(),
                }],
                outcome,
                completed_at: None,
                merchant_id,
                terminal_id,
                payout_settled: false,
                auto: self.knobs.auto_progress.clone(),
            })),
        };
        self.txs.push(tx);
        let index = self.txs.len() - 1;
        // Without deduplication a reference can be used twice; the lookup finds the first.
        self.by_reference
            .entry((partner, reference.to_lowercase()))
            .or_insert(index);
        self.active.push(index);
        self.emit(index, "transaction.created", now);
        index
    }
}
