//! Fault knobs every simulator shares: latency, error statuses, 429 with `Retry-After`,
//! hanging, failing *after* the write was committed (the "unknown outcome" a payout must
//! survive), dropped connections and malformed bodies.
//!
//! Rules are aimed at one endpoint (`"POST /api/v1/payouts/initiate"`, axum's matched path)
//! or at all, and fire for the next N calls, by seeded chance, or always. One axum middleware
//! ([`layer`]) applies them, rendering error bodies in the provider's own envelope.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a rule does to a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer late, by a time drawn between `min` and `max`.
    Latency {
        /// Shortest delay.
        min: Duration,
        /// Longest delay.
        max: Duration,
    },
    /// Answer this status with the provider's error envelope, without touching state.
    Status {
        /// HTTP status.
        status: u16,
        /// The provider's error code to put in the envelope.
        code: String,
        /// The message to put in the envelope.
        message: String,
    },
    /// Answer 429 (with `Retry-After` when given), without touching state.
    RateLimit {
        /// Seconds for the `Retry-After` header.
        retry_after_secs: Option<u64>,
    },
    /// Never answer (until the hang limit); tests client timeouts.
    Hang,
    /// Carry the request out, then fail to answer it properly.
    AfterCommit(AfterCommit),
    /// Carry the request out, then answer a damaged body.
    Malformed(Malformed),
}

/// How a committed request fails to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterCommit {
    /// Answer 500 in the provider's envelope.
    ServerError,
    /// Break the connection in the middle of the answer.
    Drop,
    /// Never answer.
    Hang,
}

/// How a body is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// The first half of the real body.
    Truncated,
    /// An HTML error page instead of JSON.
    NotJson,
    /// An empty body.
    Empty,
}

/// When a rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// For the next N matching calls, then the rule is spent.
    Next(u32),
    /// With this chance per matching call, in parts per million (seeded, so repeatable).
    PerMillion(u32),
    /// On every matching call.
    Always,
}

impl Trigger {
    /// A chance in whole percent.
    pub fn percent(p: u32) -> Trigger {
        Trigger::PerMillion(p.min(100) * 10_000)
    }
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// `"METHOD /matched/path"`, or `None` for every endpoint.
    pub endpoint: Option<String>,
    /// What happens.
    pub action: FaultAction,
    /// When.
    pub trigger: Trigger,
}

impl FaultRule {
    /// A rule for one endpoint.
    pub fn on(endpoint: &str, action: FaultAction, trigger: Trigger) -> FaultRule {
        FaultRule {
            endpoint: Some(endpoint.to_owned()),
            action,
            trigger,
        }
    }

    /// A rule for every endpoint.
    pub fn everywhere(action: FaultAction, trigger: Trigger) -> FaultRule {
        FaultRule {
            endpoint: None,
            action,
            trigger,
        }
    }
}

/// A fault that fired, for tests to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiredFault {
    /// The endpoint it hit.
    pub endpoint: String,
    /// What it did.
    pub action: FaultAction,
}

/// A simulator's fault rules (shared, cheap to clone).
#[derive(Debug, Clone)]
pub struct Faults(Arc<Mutex<FaultState>>);

#[derive(Debug)]
struct FaultState {
    rules: Vec<FaultRule>,
    rng: ChaCha8Rng,
    fired: Vec<FiredFault>,
    hang_limit: Duration,
}

/// What fired for one call.
#[derive(Debug, Default)]
struct Drawn {
    latency: Option<Duration>,
    before: Option<FaultAction>,
    after: Option<FaultAction>,
}

impl Faults {
    /// No rules; chances drawn from `seed`.
    pub fn new(seed: u64) -> Faults {
        Faults(Arc::new(Mutex::new(FaultState {
            rules: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            fired: Vec::new(),
            hang_limit: Duration::from_secs(120),
        })))
    }

    /// Adds a rule.
    pub fn add(&self, rule: FaultRule) {
        self.lock().rules.push(rule);
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// How long a hang lasts at most (so servers can still shut down).
    pub fn set_hang_limit(&self, limit: Duration) {
        self.lock().hang_limit = limit;
    }

    /// Every fault fired so far.
    pub fn fired(&self) -> Vec<FiredFault> {
        self.lock().fired.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn draw(&self, endpoint: &str) -> (Drawn, Duration) {
        let mut state = self.lock();
        let state = &mut *state;
        let mut drawn = Drawn::default();
        for rule in state.rules.iter_mut() {
            if rule.endpoint.as_deref().is_some_and(|e| e != endpoint) {
                continue;
            }
            let fires = match &mut rule.trigger {
                Trigger::Always => true,
                Trigger::Next(0) => false,
                Trigger::Next(n) => {
                    *n -= 1;
                    true
                }
                Trigger::PerMillion(p) => state.rng.random_range(0..1_000_000u32) < *p,
            };
            if !fires {
                continue;
            }
            match &rule.action {
                FaultAction::Latency { min, max } => {
                    let span = max.saturating_sub(*min).as_micros();
                    let extra = if span == 0 {
                        0
                    } else {
                        state
                            .rng
                            .random_range(0..=u64::try_from(span).unwrap_or(u64::MAX))
                    };
                    drawn.latency = Some(*min + Duration::from_micros(extra));
                }
                FaultAction::Status { .. } | FaultAction::RateLimit { .. } | FaultAction::Hang => {
                    drawn.before.get_or_insert(rule.action.clone());
                }
                FaultAction::AfterCommit(_) | FaultAction::Malformed(_) => {
                    drawn.after.get_or_insert(rule.action.clone());
                }
            }
            state.fired.push(FiredFault {
                endpoint: endpoint.to_owned(),
                action: rule.action.clone(),
            });
        }
        state.rules.retain(|r| r.trigger != Trigger::Next(0));
        (drawn, state.hang_limit)
    }
}

/// Renders an error in the provider's own envelope: `(status, code, message) -> Response`.
pub type ErrorRenderer = Arc<dyn Fn(StatusCode, &str, &str) -> Response + Send + Sync>;

#[derive(Clone)]
struct FaultContext {
    faults: Faults,
    render: ErrorRenderer,
}

/// Wraps a simulator's router with its fault rules.
pub fn layer(router: Router, faults: Faults, render: ErrorRenderer) -> Router {
    router.layer(middleware::from_fn_with_state(
        FaultContext { faults, render },
        apply,
    ))
}

async fn apply(
    State(ctx): State<FaultContext>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let path = matched
        .as_ref()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let endpoint = format!("{} {}", request.method(), path);
    let (drawn, hang_limit) = ctx.faults.draw(&endpoint);
    if let Some(latency) = drawn.latency {
        tokio::time::sleep(latency).await;
    }
    match drawn.before {
        Some(FaultAction::Status {
            status,
            code,
            message,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (ctx.render)(status, &code, &message);
        }
        Some(FaultAction::RateLimit { retry_after_secs }) => {
            let mut response = (ctx.render)(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMIT_EXCEEDED",
                "Too many requests, slow down.",
            );
            if let Some(secs) = retry_after_secs {
                response
                    .headers_mut()
                    .insert("retry-after", HeaderValue::from(secs));
            }
            return response;
        }
        Some(FaultAction::Hang) => {
            tokio::time::sleep(hang_limit).await;
            return (ctx.render)(StatusCode::GATEWAY_TIMEOUT, "TIMEOUT", "Gave up.");
        }
        _ => {}
    }
    let response = next.run(request).await;
    match drawn.after {
        Some(FaultAction::AfterCommit(AfterCommit::ServerError)) => (ctx.render)(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "An internal error occurred.",
        ),
        Some(FaultAction::AfterCommit(AfterCommit::Drop)) => dropped_connection(),
        Some(FaultAction::AfterCommit(AfterCommit::Hang)) => {
            tokio::time::sleep(hang_limit).await;
            response
        }
        Some(FaultAction::Malformed(kind)) => malformed(response, kind).await,
        _ => response,
    }
}

/// A 200 whose body breaks off: the client sees the connection fail mid-answer.
pub fn dropped_connection() -> Response {
    let stream = futures::stream::once(async {
        Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection dropped by fault knob",
        ))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

async fn malformed(response: Response, kind: Malformed) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let damaged: bytes::Bytes = match kind {
        Malformed::Truncated => bytes.slice(..bytes.len() / 2),
        Malformed::NotJson => {
            parts
                .headers
                .insert("content-type", HeaderValue::from_static("text/html"));
            bytes::Bytes::from_static(b"<html><body><h1>502 Bad Gateway</h1></body></html>")
        }
        Malformed::Empty => bytes::Bytes::new(),
    };
    parts.headers.remove("content-length");
    Response::from_parts(parts, Body::from(damaged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_n_rules_are_spent() {
        let faults = Faults::new(7);
        faults.add(FaultRule::on(
            "POST /pay",
            FaultAction::Hang,
            Trigger::Next(2),
        ));
        assert!(faults.draw("GET /pay").0.before.is_none());
        assert!(faults.draw("POST /pay").0.before.is_some());
        assert!(faults.draw("POST /pay").0.before.is_some());
        assert!(faults.draw("POST /pay").0.before.is_none());
        assert_eq!(faults.fired().len(), 2);
    }

    #[test]
    fn chances_are_seeded() {
        let count = |seed| {
            let faults = Faults::new(seed);
            faults.add(FaultRule::everywhere(
                FaultAction::AfterCommit(AfterCommit::Drop),
                Trigger::percent(30),
            ));
            (0..1000)
                .filter(|_| faults.draw("GET /x").0.after.is_some())
                .count()
        };
        assert_eq!(count(1), count(1));
        let n = count(1);
        assert!((200..400).contains(&n), "{n}");
    }
}
