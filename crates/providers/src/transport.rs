//! The transport rules every provider call obeys, each in one place:
//!
//! - credentials go to `https://` addresses only; plain `http://` is allowed for this machine
//!   alone (`127.0.0.0/8`, `localhost`, `[::1]`, where the simulators and test servers run),
//!   whatever the account's mode: a provider's own test environment is reached over https too
//!   ([`check_base_url`], used by the account forms and again by every client's HTTP layer);
//! - no redirect is ever followed: a 3xx answer is an error naming where the provider tried to
//!   send Paydesk, and nothing is sent there ([`redirect_refused`]);
//! - no reply is read past [`MAX_REPLY_BYTES`]: the body is read piece by piece and the read
//!   stops at the cap ([`read_capped`]).

use std::fmt;
use std::net::IpAddr;

use bytes::{Bytes, BytesMut};
use paydesk_domain::ProviderKind;
use reqwest::StatusCode;
use url::{Host, Url};

use crate::error::{ErrorKind, ProviderError};

/// The largest reply (or history page) Paydesk reads from a provider: 8 MiB.
pub const MAX_REPLY_BYTES: usize = 8 * 1024 * 1024;

/// Why credentials may not be sent to a base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlRefused {
    /// Not a web address at all.
    Unreadable(String),
    /// Neither `https://` nor `http://`.
    Scheme(String),
    /// Plain `http://` to a host that is not this machine.
    PlainHttp(String),
}

impl fmt::Display for BaseUrlRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseUrlRefused::Unreadable(why) => write!(f, "is not a web address ({why})"),
            BaseUrlRefused::Scheme(scheme) => {
                write!(f, "must start with https://, not {scheme}://")
            }
            BaseUrlRefused::PlainHttp(host) => write!(
                f,
                "must use https://: plain http:// would send the credentials unencrypted to \
                 {host} (http:// is allowed only for this machine: 127.0.0.1, localhost or [::1])"
            ),
        }
    }
}

impl std::error::Error for BaseUrlRefused {}

/// Checks that credentials may be sent to `base_url`: `https://`, or `http://` to a loopback
/// host. Returns the parsed address.
pub fn check_base_url(base_url: &str) -> Result<Url, BaseUrlRefused> {
    let url = Url::parse(base_url).map_err(|e| BaseUrlRefused::Unreadable(e.to_string()))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if url.host().is_some_and(|h| is_loopback(&h)) => Ok(url),
        "http" => Err(BaseUrlRefused::PlainHttp(host_of(&url))),
        other => Err(BaseUrlRefused::Scheme(other.to_owned())),
    }
}

/// True for this machine: any `127.x.y.z`, `::1` (also written as `::ffff:127.x.y.z`), and
/// the name `localhost`.
pub fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).to_canonical().is_loopback(),
    }
}

/// The host (and port, when one is given) of `url`, shortened for a message.
fn host_of(url: &Url) -> String {
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "an address without a host".to_owned(),
    };
    if host.chars().count() > 100 {
        let mut short: String = host.chars().take(100).collect();
        short.push('…');
        short
    } else {
        host
    }
}

/// The error for a 3xx answer to `what` (`GET /client/balance`), sent to `requested`:
/// `location` is the answer's `Location` header, if any. Names the host only (a path or query
/// may carry identifiers).
pub fn redirect_refused(
    provider: ProviderKind,
    status: StatusCode,
    requested: &Url,
    location: Option<&str>,
    what: &str,
) -> ProviderError {
    let target = location
        .and_then(|l| requested.join(l).ok())
        .map(|to| host_of(&to))
        .unwrap_or_else(|| "an address it did not give".to_owned());
    let mut error = ProviderError::new(
        provider,
        ErrorKind::RedirectRefused,
        format!(
            "the API tried to send Paydesk to {target} instead of answering ({what}); Paydesk \
             never follows a provider elsewhere, so nothing was sent there. Check the account's \
             API address with {}",
            provider.display_name()
        ),
    );
    error.http_status = Some(status.as_u16());
    error
}

/// The error for a reply past [`MAX_REPLY_BYTES`] to `what`.
pub fn reply_too_large(provider: ProviderKind, status: StatusCode, what: &str) -> ProviderError {
    let mut error = ProviderError::new(
        provider,
        ErrorKind::ReplyTooLarge,
        format!(
            "the reply to {what} was larger than {} MiB, more than Paydesk reads from a \
             provider; nothing of it was used",
            MAX_REPLY_BYTES / (1024 * 1024)
        ),
    );
    error.http_status = Some(status.as_u16());
    error
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// It is longer than the cap allowed.
    TooLarge,
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// Reads `response`'s body piece by piece, stopping as soon as it passes `limit` bytes (at
/// once when its announced length does).
pub async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, ReadError> {
    if response
        .content_length()
        .is_some_and(|announced| announced > limit as u64)
    {
        return Err(ReadError::TooLarge);
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_plain_http_on_this_machine_only() {
        for ok in [
            "https://api.example.com/v1",
            "http://127.0.0.1:4100/api",
            "http://127.8.9.10/api",
            "http://localhost:9",
            "http://LOCALHOST/x",
            "http://[::1]:4100/api",
            "http://[::ffff:127.0.0.1]:9",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for (bad, host) in [
            ("http://example.com", "example.com"),
            ("http://dev.hg.cash/api/v1", "dev.hg.cash"),
            ("http://10.0.0.5:8080/api", "10.0.0.5:8080"),
            ("http://128.0.0.1/", "128.0.0.1"),
            ("http://[::2]/", "[::2]"),
            ("http://localhost.example.com/", "localhost.example.com"),
            ("http://127.0.0.1.example.com/", "127.0.0.1.example.com"),
        ] {
            assert_eq!(
                check_base_url(bad),
                Err(BaseUrlRefused::PlainHttp(host.to_owned())),
                "{bad}"
            );
        }
        assert!(matches!(
            check_base_url("ftp://x.example"),
            Err(BaseUrlRefused::Scheme(_))
        ));
        assert!(matches!(
            check_base_url("not a url"),
            Err(BaseUrlRefused::Unreadable(_))
        ));
        let message = check_base_url("http://example.com")
            .expect_err("plain")
            .to_string();
        assert!(message.contains("example.com") && message.contains("https://"));
    }

    #[test]
    fn a_redirect_names_the_host_only() {
        let from = Url::parse("https://api.example.com/v1/client/balance").expect("url");
        let error = redirect_refused(
            ProviderKind::Hexai,
            StatusCode::TEMPORARY_REDIRECT,
            &from,
            Some("http://evil.example:8080/steal?key=secret-id"),
            "GET /client/balance",
        );
        assert_eq!(error.kind, ErrorKind::RedirectRefused);
        assert_eq!(error.http_status, Some(307));
        assert!(
            error.message.contains("evil.example:8080"),
            "{}",
            error.message
        );
        assert!(!error.message.contains("secret-id"), "{}", error.message);
        let relative = redirect_refused(
            ProviderKind::Hexai,
            StatusCode::FOUND,
            &from,
            Some("/elsewhere"),
            "GET /x",
        );
        assert!(relative.message.contains("api.example.com"));
        let none = redirect_refused(
            ProviderKind::Hexai,
            StatusCode::FOUND,
            &from,
            None,
            "GET /x",
        );
        assert!(none.message.contains("an address it did not give"));
    }
}
