//! HTTP for every provider: one shared `reqwest::Client` (rustls, connection pool, no
//! redirects), a timeout per request, and retries with backoff only for requests that are safe
//! to send again. The transport rules themselves (https only, no redirect, capped replies) are
//! in [`crate::transport`].
//!
//! `Http::execute` answers `Ok` for any 1xx, 2xx, 4xx or 5xx status once retries are over, so
//! each provider's client reads its own error envelope; it answers `Err` when no usable answer
//! came, for any redirect (3xx) and for a reply past the cap.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use bytes::Bytes;
use paydesk_domain::ProviderKind;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;

use crate::error::{ErrorKind, ProviderError};
use crate::transport::{self, MAX_REPLY_BYTES, ReadError};

/// Whether a request may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, and writes the provider deduplicates (an idempotency key, a replayed reference).
    Safe,
    /// Writes that could happen twice: never resent here; the engine recovers by lookup.
    /// (A failed TCP connect is still retried: then nothing was sent.)
    Never,
}

/// How often and how patiently to retry safe requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff; it doubles each time.
    pub base_delay: Duration,
    /// The longest backoff, and the longest `Retry-After` we wait for.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// Per-client settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpConfig {
    /// How long one attempt may take, answer included.
    pub timeout: Duration,
    /// Retries of safe requests.
    pub retry: RetryPolicy,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// The one HTTP client of the process: shared connection pool and TLS set-up. It follows no
/// redirect: a 3xx comes back as an answer, which [`Http`] turns into an error, so no
/// credential ever reaches a second host.
pub fn shared_client() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .use_rustls_tls()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(10))
                .pool_idle_timeout(Duration::from_secs(60))
                .user_agent(concat!("Paydesk/", env!("CARGO_PKG_VERSION")))
                .build()
                // Building fails only if the TLS backend cannot start; the fallback still
                // follows no redirect.
                .unwrap_or_else(|_| {
                    reqwest::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .unwrap_or_default()
                })
        })
        .clone()
}

/// One request, described before it is sent (so it can be sent again unchanged).
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Bytes>,
    repeat: Repeat,
}

impl Request {
    /// A request for `path` below the client's base URL (`/client/balance`).
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        let repeat = if method == Method::GET || method == Method::HEAD {
            Repeat::Safe
        } else {
            Repeat::Never
        };
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            repeat,
        }
    }

    /// A GET request (safe to repeat).
    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::GET, path)
    }

    /// A POST request (not repeated unless marked safe).
    pub fn post(path: impl Into<String>) -> Request {
        Request::new(Method::POST, path)
    }

    /// A PUT request (not repeated unless marked safe).
    pub fn put(path: impl Into<String>) -> Request {
        Request::new(Method::PUT, path)
    }

    /// A DELETE request (not repeated unless marked safe).
    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::DELETE, path)
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl ToString) -> Request {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds a header. A value that is not valid header text is an error, not a panic.
    pub fn header(mut self, name: &'static str, value: &str) -> Result<Request, InvalidHeader> {
        let value = HeaderValue::from_str(value).map_err(|_| InvalidHeader(name))?;
        self.headers.insert(HeaderName::from_static(name), value);
        Ok(self)
    }

    /// Adds a header holding a secret: marked sensitive so no debug output shows it.
    pub fn secret_header(self, name: &'static str, value: &str) -> Result<Request, InvalidHeader> {
        let mut request = self.header(name, value)?;
        if let Some(v) = request.headers.get_mut(name) {
            v.set_sensitive(true);
        }
        Ok(request)
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Request, serde_json::Error> {
        self.body = Some(Bytes::from(serde_json::to_vec(body)?));
        self.headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(self)
    }

    /// Sets a raw JSON body (already serialized, e.g. with exact number text).
    pub fn json_text(mut self, body: String) -> Request {
        self.body = Some(Bytes::from(body));
        self.headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        self
    }

    /// Says whether the request may be sent again on a transient failure.
    pub fn repeat(mut self, repeat: Repeat) -> Request {
        self.repeat = repeat;
        self
    }

    /// The path, for logs and errors.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// A header value that cannot be sent (a control character in a key, for instance).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {0} header has characters that cannot be sent")]
pub struct InvalidHeader(pub &'static str);

/// A provider's answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, as received.
    pub body: Bytes,
}

impl Response {
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// What `Retry-After` asks for, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
        let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
        Some(wait.to_std().unwrap_or(Duration::ZERO))
    }

    /// The body as text for error messages (lossy, shortened).
    pub fn body_excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let mut excerpt: String = text.chars().take(200).collect();
        if text.chars().count() > 200 {
            excerpt.push('…');
        }
        excerpt
    }
}

/// A provider's HTTP endpoint: base URL plus settings, over the shared client.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    provider: ProviderKind,
    base_url: String,
    config: HttpConfig,
}

impl Http {
    /// A client for `base_url` (`https://hpg.hexai.gm/api/v1`); paths are appended to it.
    /// Refused unless credentials may travel there ([`transport::check_base_url`]), so an
    /// address edited by hand in the database cannot send them in clear.
    pub fn new(
        provider: ProviderKind,
        base_url: &str,
        config: HttpConfig,
    ) -> Result<Http, ProviderError> {
        transport::check_base_url(base_url).map_err(|refused| {
            ProviderError::new(
                provider,
                ErrorKind::Validation,
                format!("the API address {refused}"),
            )
        })?;
        Ok(Http {
            client: shared_client(),
            provider,
            base_url: base_url.trim_end_matches('/').to_owned(),
            config,
        })
    }

    /// The provider.
    pub fn provider(&self) -> ProviderKind {
        self.provider
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends the request, retrying where allowed, and returns the final answer whatever its
    /// status. `Err` means no answer: unreachable, timed out, or the connection broke.
    pub async fn execute(&self, request: &Request) -> Result<Response, ProviderError> {
        let retry = self.config.retry;
        let mut attempt = 1;
        loop {
            let outcome = self.attempt(request).await;
            let wait = match &outcome {
                Ok(response)
                    if should_retry_status(response.status) && request.repeat == Repeat::Safe =>
                {
                    match response.retry_after() {
                        Some(asked) if asked > retry.max_delay => None,
                        Some(asked) => Some(asked),
                        None => Some(backoff(retry, attempt)),
                    }
                }
                Ok(_) => None,
                Err(e) if e.kind == ErrorKind::Unreachable => Some(backoff(retry, attempt)),
                Err(e) if request.repeat == Repeat::Safe && e.is_transient() => {
                    Some(backoff(retry, attempt))
                }
                Err(_) => None,
            };
            match wait {
                Some(wait) if attempt < retry.max_attempts => {
                    tracing::debug!(
                        provider = self.provider.as_str(),
                        path = request.path(),
                        attempt,
                        ?wait,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome,
            }
        }
    }

    async fn attempt(&self, request: &Request) -> Result<Response, ProviderError> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self
            .client
            .request(request.method.clone(), &url)
            .timeout(self.config.timeout)
            .headers(request.headers.clone());
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let started = Instant::now();
        let response = builder
            .send()
            .await
            .map_err(|e| self.transport_error(&e, request))?;
        let status = response.status();
        let what = format!("{} {}", request.method, request.path);
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok());
            return Err(transport::redirect_refused(
                self.provider,
                status,
                response.url(),
                location,
                &what,
            ));
        }
        let headers = response.headers().clone();
        let body = transport::read_capped(response, MAX_REPLY_BYTES)
            .await
            .map_err(|e| match e {
                ReadError::TooLarge => transport::reply_too_large(self.provider, status, &what),
                ReadError::Transport(e) => self.transport_error(&e, request),
            })?;
        tracing::debug!(
            provider = self.provider.as_str(),
            method = %request.method,
            path = request.path(),
            status = status.as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "provider call"
        );
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn transport_error(&self, error: &reqwest::Error, request: &Request) -> ProviderError {
        // Describe the failure without the URL's query, which may carry identifiers.
        let (kind, what) = if error.is_connect() {
            (ErrorKind::Unreachable, "could not connect")
        } else if error.is_timeout() {
            (ErrorKind::Timeout, "no answer in time")
        } else {
            (
                ErrorKind::ConnectionLost,
                "the connection broke before the answer was complete",
            )
        };
        ProviderError::new(
            self.provider,
            kind,
            format!("{what} ({} {})", request.method, request.path),
        )
    }
}

fn should_retry_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Exponential backoff with jitter: between half and all of `base * 2^(attempt-1)`, capped.
fn backoff(policy: RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(policy.max_delay);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let half = exp / 2;
    let jitter_range = u64::try_from(half.as_micros()).unwrap_or(u64::MAX).max(1);
    half + Duration::from_micros(u64::from(nanos) % jitter_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        let first = backoff(policy, 1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let late = backoff(policy, 9);
        assert!(late >= Duration::from_millis(500) && late <= Duration::from_secs(1));
    }

    #[test]
    fn bad_base_urls_are_refused() {
        assert!(Http::new(ProviderKind::Hexai, "ftp://x", HttpConfig::default()).is_err());
        assert!(Http::new(ProviderKind::Hexai, "not a url", HttpConfig::default()).is_err());
        // A row edited by hand to plain http elsewhere never gets a client.
        let clear = Http::new(
            ProviderKind::HgCash,
            "http://dev.hg.cash/api/v1",
            HttpConfig::default(),
        )
        .expect_err("plain http to another host");
        assert_eq!(clear.kind, ErrorKind::Validation);
        assert!(clear.message.contains("dev.hg.cash"), "{}", clear.message);
        assert!(
            Http::new(
                ProviderKind::HgCash,
                "https://dev.hg.cash/api/v1",
                HttpConfig::default()
            )
            .is_ok()
        );
        let ok = Http::new(
            ProviderKind::Hexai,
            "http://127.0.0.1:9/api/v1/",
            HttpConfig::default(),
        );
        assert_eq!(
            ok.map(|h| h.base_url().to_owned()).ok().as_deref(),
            Some("http://127.0.0.1:9/api/v1")
        );
    }

    #[test]
    fn header_values_are_checked() {
        assert!(
            Request::get("/x")
                .header("x-api-key", "bad\nvalue")
                .is_err()
        );
        assert!(
            Request::get("/x")
                .secret_header("x-api-key", "good")
                .is_ok()
        );
    }
}
