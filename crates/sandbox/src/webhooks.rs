//! Signed webhooks sent by the simulators: the same bytes on every retry, retries with backoff
//! on the simulator clock, a delivery log tests can read, and knobs to drop, duplicate,
//! reorder, delay or badly sign deliveries.
//!
//! Deliveries are queued and sent by [`WebhookSender::deliver_due`]; the demo runs a ticker
//! that calls it, tests call it after moving the clock.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::Clock;

/// Computes a provider's signature headers for a body.
pub type Signer = Arc<dyn Fn(&[u8]) -> Vec<(String, String)> + Send + Sync>;

/// Delivery knobs. Chances are in whole percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookKnobs {
    /// Attempts in all before giving up.
    pub max_attempts: u32,
    /// Backoff before retry n (1-based), the last one repeated.
    pub backoff: Vec<Duration>,
    /// How long the receiver may take.
    pub timeout: StdDuration,
    /// Chance an event is never sent.
    pub drop_percent: u32,
    /// Chance an event is sent twice.
    pub duplicate_percent: u32,
    /// Chance an event is held back and sent after the next one.
    pub reorder_percent: u32,
    /// Chance an event is signed over other bytes (a bad signature).
    pub bad_signature_percent: u32,
    /// Delay before the first attempt.
    pub delay: Duration,
}

impl Default for WebhookKnobs {
    fn default() -> Self {
        WebhookKnobs {
            max_attempts: 5,
            backoff: vec![
                Duration::seconds(1),
                Duration::seconds(2),
                Duration::seconds(4),
                Duration::seconds(8),
            ],
            timeout: StdDuration::from_secs(10),
            drop_percent: 0,
            duplicate_percent: 0,
            reorder_percent: 0,
            bad_signature_percent: 0,
            delay: Duration::zero(),
        }
    }
}

/// One attempt at delivering an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When it was made (simulator clock).
    pub at: DateTime<Utc>,
    /// The receiver's status, or `None` when it could not be reached or timed out.
    pub status: Option<u16>,
}

/// An event and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The simulator's id for the event.
    pub event_id: String,
    /// The target URL.
    pub url: String,
    /// The exact bytes sent.
    pub body: Vec<u8>,
    /// The headers sent (signature included).
    pub headers: Vec<(String, String)>,
    /// Attempts so far.
    pub attempts: Vec<Attempt>,
    /// True once a 2xx came back.
    pub delivered: bool,
    /// True when dropped on purpose by a knob.
    pub dropped: bool,
    next_at: Option<DateTime<Utc>>,
}

/// Queues, signs and sends webhooks for one simulator.
#[derive(Clone)]
pub struct WebhookSender(Arc<Mutex<SenderState>>, Clock);

struct SenderState {
    knobs: WebhookKnobs,
    rng: ChaCha8Rng,
    log: Vec<Delivery>,
    held: Option<Delivery>,
}

impl WebhookSender {
    /// A sender on `clock`, chances drawn from `seed`.
    pub fn new(clock: Clock, seed: u64) -> WebhookSender {
        WebhookSender(
            Arc::new(Mutex::new(SenderState {
                knobs: WebhookKnobs::default(),
                rng: ChaCha8Rng::seed_from_u64(seed),
                log: Vec::new(),
                held: None,
            })),
            clock,
        )
    }

    /// Changes the knobs.
    pub fn set_knobs(&self, knobs: WebhookKnobs) {
        self.lock().knobs = knobs;
    }

    /// The knobs in force.
    pub fn knobs(&self) -> WebhookKnobs {
        self.lock().knobs.clone()
    }

    /// Every event queued so far, with its attempts.
    pub fn log(&self) -> Vec<Delivery> {
        self.lock().log.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SenderState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues an event for `url`: signs `body` with `signer` (or, by the bad-signature knob,
    /// over other bytes) and schedules its first attempt.
    pub fn enqueue(&self, event_id: &str, url: &str, body: Vec<u8>, signer: &Signer) {
        let now = self.1.now();
        let mut state = self.lock();
        let knobs = state.knobs.clone();
        let roll = |rng: &mut ChaCha8Rng, percent: u32| rng.random_range(0..100u32) < percent;
        let bad = roll(&mut state.rng, knobs.bad_signature_percent);
        let mut headers = if bad {
            let mut other = body.clone();
            other.extend_from_slice(b" ");
            signer(&other)
        } else {
            signer(&body)
        };
        headers.push(("content-type".into(), "application/json".into()));
        let dropped = roll(&mut state.rng, knobs.drop_percent);
        let delivery = Delivery {
            event_id: event_id.to_owned(),
            url: url.to_owned(),
            body,
            headers,
            attempts: Vec::new(),
            delivered: false,
            dropped,
            next_at: (!dropped).then_some(now + knobs.delay),
        };
        let duplicate = roll(&mut state.rng, knobs.duplicate_percent);
        let reorder = roll(&mut state.rng, knobs.reorder_percent);
        let mut queue = vec![delivery.clone()];
        if duplicate && !dropped {
            queue.push(delivery);
        }
        if reorder && !dropped && state.held.is_none() {
            // Hold it; it goes out right after the next event.
            state.held = queue.pop();
        } else if let Some(held) = state.held.take() {
            queue.push(held);
        }
        state.log.extend(queue);
    }

    /// Sends every attempt that is due on the clock; returns how many were made.
    pub async fn deliver_due(&self) -> usize {
        let now = self.1.now();
        let (due, timeout): (Vec<(usize, Delivery)>, StdDuration) = {
            let state = self.lock();
            let due = state
                .log
                .iter()
                .enumerate()
                .filter(|(_, d)| d.next_at.is_some_and(|at| at <= now))
                .map(|(i, d)| (i, d.clone()))
                .collect();
            (due, state.knobs.timeout)
        };
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        for (index, delivery) in &due {
            let mut request = client.post(&delivery.url).body(delivery.body.clone());
            for (name, value) in &delivery.headers {
                request = request.header(name, value);
            }
            let status = request.send().await.ok().map(|r| r.status().as_u16());
            let mut state = self.lock();
            let knobs = state.knobs.clone();
            if let Some(d) = state.log.get_mut(*index) {
                d.attempts.push(Attempt { at: now, status });
                d.delivered = status.is_some_and(|s| (200..300).contains(&s));
                let made = u32::try_from(d.attempts.len()).unwrap_or(u32::MAX);
                d.next_at = if d.delivered || made >= knobs.max_attempts {
                    None
                } else {
                    let step = usize::try_from(made - 1).unwrap_or(usize::MAX);
                    let wait = knobs
                        .backoff
                        .get(step)
                        .or(knobs.backoff.last())
                        .copied()
                        .unwrap_or_else(|| Duration::seconds(1));
                    Some(now + wait)
                };
            }
        }
        due.len()
    }

    /// Queues the exact bytes and headers of an earlier event again (a manual re-send).
    pub fn resend(&self, event_id: &str) -> bool {
        let now = self.1.now();
        let mut state = self.lock();
        let Some(original) = state.log.iter().find(|d| d.event_id == event_id).cloned() else {
            return false;
        };
        state.log.push(Delivery {
            attempts: Vec::new(),
            delivered: false,
            dropped: false,
            next_at: Some(now),
            ..original
        });
        true
    }

    /// Runs `deliver_due` every `every` of wall time until the returned handle is aborted.
    pub fn spawn_ticker(&self, every: StdDuration) -> tokio::task::JoinHandle<()> {
        let sender = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                sender.deliver_due().await;
            }
        })
    }
}

impl std::fmt::Debug for WebhookSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSender").finish_non_exhaustive()
    }
}
