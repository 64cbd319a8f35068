//! Where each provider's API lives: the one table of default base URLs per mode, taken from
//! the references in `shared/providers/*.md`, and the rules a merchant's own base URL must
//! meet (an address of the embedded simulators is one).

use paydesk_domain::{AppError, ErrorCode, Mode, ProviderKind};
use paydesk_providers::transport;

/// One provider's default API base URLs, by mode. `None`: the provider documents none, so the
/// merchant must enter one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultBaseUrls {
    /// The provider.
    pub provider: ProviderKind,
    /// Live (real money).
    pub live: Option<&'static str>,
    /// Sandbox (test keys or the provider's test host).
    pub sandbox: Option<&'static str>,
}

/// Every provider's documented base URLs, in one place.
///
/// - Hexai (reference section 2): one host for both; the key's `sk_test_`/`sk_live_` prefix
///   decides the environment.
/// - HG.Cash (section 2): production `https://hg.cash/api/v1`, development documented as
///   `http://dev.hg.cash/api/v1`. ASSUMPTION: the same host over `https://`, since Paydesk sends
///   no credential in clear to another machine (`paydesk_providers::transport`), test
///   credentials included.
/// - HPAY (section 2.1, U1): no host is documented; both modes share one host and the `mode`
///   body field (`TEST`/`PROD`) selects. ASSUMPTION: the merchant enters the URL from HPAY's
///   onboarding material.
/// - CashWeb (section 2, U1): production `api.cashweb.cash`, staging `dev.cashweb.cash`.
/// - Hubcash (section 2): one endpoint serves development and production keys alike.
pub const DEFAULT_BASE_URLS: [DefaultBaseUrls; 5] = [
    DefaultBaseUrls {
        provider: ProviderKind::Hexai,
        live: Some("https://hpg.hexai.gm/api/v1"),
        sandbox: Some("https://hpg.hexai.gm/api/v1"),
    },
    DefaultBaseUrls {
        provider: ProviderKind::HgCash,
        live: Some("https://hg.cash/api/v1"),
        sandbox: Some("https://dev.hg.cash/api/v1"),
    },
    DefaultBaseUrls {
        provider: ProviderKind::Hpay,
        live: None,
        sandbox: None,
    },
    DefaultBaseUrls {
        provider: ProviderKind::CashWeb,
        live: Some("https://api.cashweb.cash/api/v1/partner"),
        sandbox: Some("https://dev.cashweb.cash/api/v1/partner"),
    },
    DefaultBaseUrls {
        provider: ProviderKind::Hubcash,
        live: Some("https://api.hubcash.com/v1"),
        sandbox: Some("https://api.hubcash.com/v1"),
    },
];

/// The documented base URL of `provider` in `mode`, if it has one.
pub fn default_base_url(provider: ProviderKind, mode: Mode) -> Option<&'static str> {
    let row = DEFAULT_BASE_URLS
        .iter()
        .find(|row| row.provider == provider)?;
    match mode {
        Mode::Live => row.live,
        Mode::Sandbox => row.sandbox,
    }
}

/// The URL an account's calls go to: its own, or the provider's default for its mode.
pub fn effective_base_url(provider: ProviderKind, mode: Mode, own: Option<&str>) -> Option<String> {
    own.map(str::to_owned)
        .or_else(|| default_base_url(provider, mode).map(str::to_owned))
}

/// Checks a base URL the merchant entered and returns it tidied (blanks and a trailing `/`
/// removed); a blank entry means "the provider's default" (`None`).
///
/// Rules: `https://` (plain `http://` only for this machine, in either mode: the transport
/// rule of [`paydesk_providers::transport::check_base_url`], which every client applies again
/// when it is built), a host, no user name or password, no query or fragment.
pub fn check_base_url(url: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let url = url.trim_end_matches('/');
    let (_, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("must start with https://"))?;
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() {
        return Err(invalid("has no host"));
    }
    if authority.contains('@') {
        return Err(invalid("must not carry a user name or password"));
    }
    if rest.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            "must be a plain address without spaces, query or fragment",
        ));
    }
    transport::check_base_url(url).map_err(|refused| invalid(&refused.to_string()))?;
    Ok(Some(url.to_owned()))
}

fn invalid(rule: &str) -> AppError {
    AppError {
        code: ErrorCode::InputInvalid,
        message: format!("base_url: {rule}"),
        field: Some(BASE_URL_FIELD.to_owned()),
    }
}

/// The form field of the base URL.
pub(crate) const BASE_URL_FIELD: &str = "base_url";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_one_row() {
        for provider in ProviderKind::ALL {
            let rows = DEFAULT_BASE_URLS
                .iter()
                .filter(|row| row.provider == provider)
                .count();
            assert_eq!(rows, 1, "{provider}");
        }
    }

    #[test]
    fn documented_defaults_by_mode() {
        assert_eq!(
            default_base_url(ProviderKind::HgCash, Mode::Sandbox),
            Some("https://dev.hg.cash/api/v1")
        );
        // Every default meets the transport rule the clients apply.
        for row in DEFAULT_BASE_URLS {
            for url in [row.live, row.sandbox].into_iter().flatten() {
                assert_eq!(check_base_url(Some(url)), Ok(Some(url.to_owned())), "{url}");
            }
        }
        assert_eq!(
            default_base_url(ProviderKind::CashWeb, Mode::Live),
            Some("https://api.cashweb.cash/api/v1/partner")
        );
        assert_eq!(default_base_url(ProviderKind::Hpay, Mode::Live), None);
        assert_eq!(
            effective_base_url(
                ProviderKind::Hexai,
                Mode::Live,
                Some("http://127.0.0.1:9/x")
            ),
            Some("http://127.0.0.1:9/x".to_owned())
        );
    }

    #[test]
    fn base_url_rules() {
        let ok = |url: &str| check_base_url(Some(url)).expect("accepted");
        assert_eq!(
            ok(" https://hpay.example/api/ "),
            Some("https://hpay.example/api".to_owned())
        );
        assert_eq!(
            ok("http://127.0.0.1:4100/api/v1"),
            Some("http://127.0.0.1:4100/api/v1".to_owned())
        );
        assert!(ok("http://localhost:4100").is_some());
        assert!(ok("http://[::1]:4100/api").is_some());
        assert_eq!(check_base_url(Some("  ")), Ok(None));
        for bad in [
            "ftp://x.example",
            "hpay.example",
            "https://",
            "https://u:p@x.example",
            "https://x.example/?k=1",
            "http://dev.example/api",
            "http://api.example",
            "http://192.168.1.20:8080",
        ] {
            let error = check_base_url(Some(bad)).expect_err(bad);
            assert_eq!(error.code, ErrorCode::InputInvalid, "{bad}");
            assert_eq!(error.field.as_deref(), Some("base_url"), "{bad}");
        }
        let error = check_base_url(Some("http://api.example")).expect_err("http");
        assert!(
            error.message.starts_with("base_url: must use https://")
                && error.message.contains("api.example"),
            "{}",
            error.message
        );
    }
}
