//! The CashWeb simulator's state and lifecycle: transactions, quotes, the idempotency store,
//! the revenue ledger and the webhook outbox, moved forward lazily on the simulator clock.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::model::{
    Deposit, Extra, HistoryEntry, MERCHANTS, REQUIRED_CONFIRMATIONS, Status, TERMINALS, Tx, at_ms,
    generated_index, id_text, make_id, time_text, units_text,
};
use super::{AutoProgress, Knobs, Pair, Partner};
use crate::webhooks::{Signer, WebhookSender};

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
            "status": tx.status.as_str(),
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

    /// Records a webhook event in the outbox and queues its signed delivery.
    pub fn emit(&mut self, index: usize, event_type: &str, at: DateTime<Utc>) {
        let id = self.next_id(at);
        let partner = self.txs.get(index).map_or(0, |t| t.partner);
        let body = json!({
            "id": id_text(id),
            "event_type": event_type,
            "created_at": time_text(at),
            "data": self.tx_json(index),
        })
        .to_string()
        .into_bytes();
        self.events.push(Event {
            id,
            event_type: event_type.to_owned(),
            tx: index,
            partner,
            created_at: at,
            updated_at: at,
            body: body.clone(),
        });
        self.deliver(id, event_type, body, partner, at);
    }

    /// Queues a signed delivery of an event's body (first send or replay).
    pub fn deliver(
        &self,
        id: u128,
        event_type: &str,
        body: Vec<u8>,
        partner: u8,
        at: DateTime<Utc>,
    ) {
        let Some(url) = self.knobs.webhook_url.clone() else {
            return;
        };
        let secret = self
            .partners
            .get(usize::from(partner))
            .map(|p| p.webhook_secret.clone())
            .unwrap_or_default();
        let stamp = if self.knobs.webhook_stale_timestamp {
            at - Duration::seconds(3600)
        } else {
            at
        };
        let signer = signer(secret, stamp.timestamp().to_string(), event_type.to_owned());
        self.webhooks.enqueue(&id_text(id), &url, body, &signer);
    }

    /// Applies every transition due at `now`: deposit windows closing and, for transactions
    /// created with auto-progress, the timed lifecycle (§9.2).
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let active = std::mem::take(&mut self.active);
        let mut still = Vec::with_capacity(active.len());
        for index in active {
            self.advance(index, now);
            if self.txs.get(index).is_some_and(|t| !t.status.is_terminal()) {
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
                _ => {
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
            self.emit(index, "payout.settled", settled_at);
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
                auto: self.knobs.auto_progress.clone(),
            })),
        };
        self.txs.push(tx);
        let index = self.txs.len() - 1;
        self.by_reference
            .insert((partner, reference.to_lowercase()), index);
        self.active.push(index);
        self.emit(index, "transaction.created", now);
        index
    }
}

/// The §5.2 signature headers for one event: `X-CW-Webhook-Timestamp` (unix seconds) and
/// `X-CW-Webhook-Signature` = hex HMAC-SHA256 of `"<timestamp>.<event_type>.<hex sha256(body)>"`.
pub fn signer(secret: String, timestamp: String, event_type: String) -> Signer {
    std::sync::Arc::new(move |body: &[u8]| {
        vec![
            ("X-CW-Webhook-Timestamp".to_owned(), timestamp.clone()),
            (
                "X-CW-Webhook-Signature".to_owned(),
                signature(secret.as_bytes(), &timestamp, &event_type, body),
            ),
        ]
    })
}

/// The §5.2 signature.
pub fn signature(secret: &[u8], timestamp: &str, event_type: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let body_hash = hex::encode(Sha256::digest(body));
    let signing = format!("{timestamp}.{event_type}.{body_hash}");
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(signing.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}
