//! Shared set-up for the CashWeb tests: a simulator on loopback with a manual clock, a client
//! for it, direct-mode deposit requests, the check of a documented refusal, and a tiny webhook
//! receiver.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use paydesk_domain::{AccountId, Currency, Secret};
use paydesk_providers::cashweb::{CashWebClient, CreateTransactionRequest, TransactionRecord};
use paydesk_providers::{ErrorKind, HttpConfig, ProviderError, RetryPolicy};
use paydesk_sandbox::Clock;
use paydesk_sandbox::cashweb::{Config, Running, SANDBOX_API_KEY, Simulator};
use rust_decimal::Decimal;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 12, 12, 0, 0)
        .single()
        .expect("valid time")
}

pub fn ngn() -> Currency {
    Currency::from_code("NGN").expect("known")
}

pub fn account() -> AccountId {
    AccountId::new("cashweb-sandbox").expect("valid")
}

pub fn config(attempts: u32) -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_secs(2),
        },
    }
}

pub fn client_for(running: &Running, key: &str, attempts: u32) -> CashWebClient {
    CashWebClient::with_config(
        &running.base_url,
        Secret::new(key),
        account(),
        ngn(),
        config(attempts),
    )
    .expect("client")
}

pub async fn start_with(change: impl FnOnce(&mut Config)) -> (Running, CashWebClient, Clock) {
    let clock = Clock::manual(start_time());
    let mut config = Config::demo(clock.clone());
    // Tests drive each transaction by hand unless they turn the timed lifecycle on.
    config.knobs.auto_progress = None;
    change(&mut config);
    let running = Simulator::new(config)
        .start(paydesk_sandbox::server::any_loopback_port())
        .await
        .expect("simulator starts");
    let client = client_for(&running, SANDBOX_API_KEY, 3);
    (running, client, clock)
}

pub async fn start() -> (Running, CashWebClient, Clock) {
    start_with(|_| {}).await
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).expect("decimal")
}

/// A refusal with the documented status, kind and code, and a message.
pub fn assert_refused(e: &ProviderError, status: u16, kind: ErrorKind, code: &str) {
    assert_eq!(e.http_status, Some(status), "{e}");
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(e.code.as_deref(), Some(code), "{e}");
    assert!(!e.message.is_empty());
}

/// Creates a direct-mode USDT deposit request (CashWeb derives the crypto amount), which the
/// simulator must accept.
pub async fn create_direct(
    client: &CashWebClient,
    reference: &str,
    fiat_amount: &str,
    network: &str,
    idempotency_key: &str,
) -> TransactionRecord {
    let body = CreateTransactionRequest::direct(reference, dec(fiat_amount), "usdt", network);
    client
        .create_transaction(&body, idempotency_key)
        .await
        .expect("created")
}

/// One request a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A loopback HTTP receiver answering 200 to every POST and keeping what it got.
pub async fn receiver() -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("addr");
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                        continue;
                    };
                    let head = String::from_utf8_lossy(&buf[..end]).to_string();
                    let headers: Vec<(String, String)> = head
                        .lines()
                        .skip(1)
                        .filter_map(|l| l.split_once(':'))
                        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                        .collect();
                    let length: usize = headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    if buf.len() < end + 4 + length {
                        continue;
                    }
                    let body = buf[end + 4..end + 4 + length].to_vec();
                    sink.lock().expect("lock").push(Received { headers, body });
                    let _ = stream
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                        )
                        .await;
                    return;
                }
            });
        }
    });
    (format!("http://{addr}/hooks/cashweb"), got)
}
