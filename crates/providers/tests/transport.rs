//! The transport rules, for each of the five clients over real HTTP on 127.0.0.1: a provider
//! that answers with a redirect gets `provider.redirect_refused` and the host it points at
//! receives nothing (no credential either); a reply over 8 MiB, announced or streamed, gets
//! `provider.reply_too_large`; plain `http://` to another machine never gets a client.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use paydesk_domain::{AccountId, AppError, Currency, ErrorCode, ProviderKind, Secret};
use paydesk_providers::cashweb::{CashWebClient, DEFAULT_FIAT_CURRENCY, TransactionQuery};
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::HgCashClient;
use paydesk_providers::hpay::{HpayClient, HpayCredentials, HpayMode};
use paydesk_providers::hubcash::{HubcashClient, KeyEnvironment};
use paydesk_providers::transport::MAX_REPLY_BYTES;
use paydesk_providers::{HistorySource, HttpConfig, ProviderError, RetryPolicy};

/// Each client's credentials: distinctive values, looked for in what the second host got.
const HEXAI_KEY: &str = "sk_live_transport_test_key_0001";
const HG_TOKEN: &str = "cash_7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a";
const HPAY_KEYS: [&str; 3] = [
    "hpay-api-key-transport-0001",
    "hpay-public-key-transport-0001",
    "hpay-secret-key-transport-0001",
];
const CASHWEB_KEY: &str = "cw_live_transport_key_0001";
const HUBCASH_CODE: &str = "hubcash-code-transport-0001";
const HUBCASH_TOKEN: &str = "hubcash-token-transport-0001";

fn every_secret() -> Vec<&'static str> {
    let mut all = vec![
        HEXAI_KEY,
        HG_TOKEN,
        CASHWEB_KEY,
        HUBCASH_CODE,
        HUBCASH_TOKEN,
    ];
    all.extend(HPAY_KEYS);
    all
}

/// One call of one real endpoint per client: the table the tests run through.
const CLIENTS: [ProviderKind; 5] = [
    ProviderKind::Hexai,
    ProviderKind::HgCash,
    ProviderKind::Hpay,
    ProviderKind::CashWeb,
    ProviderKind::Hubcash,
];

fn http() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(20),
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
        },
    }
}

/// Builds `provider`'s client for `base_url`.
fn build(provider: ProviderKind, base_url: &str) -> Result<Client, ProviderError> {
    let account = AccountId::new("transport-test").expect("valid id");
    Ok(match provider {
        ProviderKind::Hexai => Client::Hexai(HexaiClient::new(
            base_url,
            Secret::new(HEXAI_KEY),
            account,
            http(),
        )?),
        ProviderKind::HgCash => Client::HgCash(HgCashClient::new(
            base_url,
            Secret::new(HG_TOKEN),
            account,
            http(),
        )?),
        ProviderKind::Hpay => {
            let keys = HpayCredentials {
                api_key: Secret::new(HPAY_KEYS[0]),
                public_key: Secret::new(HPAY_KEYS[1]),
                secret_key: Secret::new(HPAY_KEYS[2]),
            };
            Client::Hpay(
                HpayClient::new(base_url, keys, HpayMode::Prod, account, http())?
                    .with_pacing(Duration::ZERO),
            )
        }
        ProviderKind::CashWeb => {
            let fiat = Currency::from_code(DEFAULT_FIAT_CURRENCY).expect("known currency");
            Client::CashWeb(CashWebClient::with_config(
                base_url,
                Secret::new(CASHWEB_KEY),
                account,
                fiat,
                http(),
            )?)
        }
        ProviderKind::Hubcash => Client::Hubcash(HubcashClient::new(
            base_url,
            Secret::new(HUBCASH_CODE),
            Secret::new(HUBCASH_TOKEN),
            account,
            KeyEnvironment::Production,
            http(),
        )?),
    })
}

enum Client {
    Hexai(HexaiClient),
    HgCash(HgCashClient),
    Hpay(HpayClient),
    CashWeb(CashWebClient),
    Hubcash(HubcashClient),
}

impl Client {
    /// A history page where the provider has one, else its account list.
    async fn call(&self) -> Result<(), ProviderError> {
        match self {
            Client::Hexai(c) => c.history_page(None).await.map(drop),
            Client::HgCash(c) => c.accounts().await.map(drop),
            Client::Hpay(c) => c.history_page(None).await.map(drop),
            Client::CashWeb(c) => c
                .list_transactions(&TransactionQuery::default())
                .await
                .map(drop),
            Client::Hubcash(c) => c.history_page(None).await.map(drop),
        }
    }
}

/// Calls `provider`'s endpoint at `base_url` and returns the error as the UI would get it.
async fn error_of(provider: ProviderKind, base_url: &str) -> AppError {
    let client = build(provider, base_url).expect("a loopback http address is allowed");
    let error = client.call().await.expect_err("the call must fail");
    assert_eq!(error.provider, provider);
    AppError::from(error)
}

/// Everything a server received: method, path, headers and body as text.
type Seen = Arc<Mutex<Vec<String>>>;

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{address}")
}

async fn record(seen: &Seen, request: Request) {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut text = format!("{} {}\n", parts.method, parts.uri);
    for (name, value) in &parts.headers {
        text.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    text.push_str(&String::from_utf8_lossy(&body));
    seen.lock().expect("lock").push(text);
}

/// Server B: answers 200 `{}` to anything, and keeps what it got.
async fn second_host() -> (String, Seen) {
    async fn answer(State(seen): State<Seen>, request: Request) -> &'static str {
        record(&seen, request).await;
        "{}"
    }
    let seen = Seen::default();
    let router = Router::new().fallback(answer).with_state(seen.clone());
    (serve(router).await, seen)
}

/// Server A: answers every request with `307 Location: <to><same path>`, and keeps it.
async fn redirecting_host(to: String) -> (String, Seen) {
    #[derive(Clone)]
    struct Redirect {
        to: String,
        seen: Seen,
    }
    async fn answer(State(state): State<Redirect>, request: Request) -> Response {
        let location = format!("{}{}", state.to, request.uri());
        record(&state.seen, request).await;
        (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response()
    }
    let seen = Seen::default();
    let state = Redirect {
        to,
        seen: seen.clone(),
    };
    let router = Router::new().fallback(answer).with_state(state);
    (serve(router).await, seen)
}

/// A valid-looking JSON array just over the cap.
fn oversized_body() -> Vec<u8> {
    let row = br#"{"id":"tx_000000","amount":"100.00","currency":"GMD","status":"SUCCESS"},"#;
    let mut body = b"[".to_vec();
    while body.len() <= MAX_REPLY_BYTES + 1024 * 1024 {
        body.extend_from_slice(row);
    }
    body.pop();
    body.push(b']');
    body
}

/// A server answering 200 with [`oversized_body`]: with its `Content-Length`, or streamed in
/// 64 KiB pieces without one (so only reading can tell).
async fn oversized_host(streamed: bool) -> String {
    async fn sized() -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            oversized_body(),
        )
            .into_response()
    }
    async fn chunked() -> Response {
        let pieces: Vec<Result<Bytes, std::io::Error>> = oversized_body()
            .chunks(64 * 1024)
            .map(|piece| Ok(Bytes::copy_from_slice(piece)))
            .collect();
        let body = Body::from_stream(futures::stream::iter(pieces));
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
    let router = if streamed {
        Router::new().fallback(chunked)
    } else {
        Router::new().fallback(sized)
    };
    serve(router).await
}

#[tokio::test]
async fn a_redirect_is_refused_and_the_second_host_receives_nothing() {
    for provider in CLIENTS {
        let (second, second_seen) = second_host().await;
        let (first, first_seen) = redirecting_host(second.clone()).await;
        let error = error_of(provider, &format!("{first}/api/v1")).await;

        assert_eq!(
            error.code,
            ErrorCode::ProviderRedirectRefused,
            "{provider}: {error:?}"
        );
        let second_host = second.trim_start_matches("http://");
        assert!(
            error.message.contains(second_host),
            "{provider}: the message names the host it tried to send us to: {}",
            error.message
        );
        assert_eq!(
            first_seen.lock().expect("lock").len(),
            1,
            "{provider}: the provider's own host got the call once, not retried"
        );
        let reached = second_seen.lock().expect("lock").clone();
        for secret in every_secret() {
            assert!(
                !reached.iter().any(|r| r.contains(secret)),
                "{provider}: a credential reached the second host"
            );
        }
        assert!(
            reached.is_empty(),
            "{provider}: the second host received {} request(s)",
            reached.len()
        );
    }
}

#[tokio::test]
async fn a_reply_over_eight_mib_is_refused_whether_announced_or_streamed() {
    for streamed in [false, true] {
        let host = oversized_host(streamed).await;
        for provider in CLIENTS {
            let error = error_of(provider, &format!("{host}/api/v1")).await;
            assert_eq!(
                error.code,
                ErrorCode::ProviderReplyTooLarge,
                "{provider} (streamed: {streamed}): {error:?}"
            );
            assert!(error.message.contains("8 MiB"), "{}", error.message);
        }
    }
}

#[tokio::test]
async fn plain_http_to_another_machine_gets_no_client() {
    for provider in CLIENTS {
        for url in ["http://example.com/api/v1", "http://192.168.1.20:8080/api"] {
            let Err(error) = build(provider, url) else {
                panic!("{provider}: a client was built for {url}");
            };
            assert!(
                error.message.contains("must use https://"),
                "{}",
                error.message
            );
        }
        assert!(
            build(provider, "https://example.com/api/v1").is_ok(),
            "{provider}"
        );
    }
}
