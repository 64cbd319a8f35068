//! `HpayClient`: the base URL, the three credentials, the session token cache, one async
//! method per endpoint of the reference (§3) and the mapping of HPAY's error envelope into
//! [`ProviderError`].
//!
//! Every call is `POST` with the credentials and the token in the JSON body. The token is
//! cached and renewed proactively at 4/5 of its lifetime (12 of 15 minutes), or at once when a
//! call is refused as an auth failure; the refused call is then retried once (§2.3, §7).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use paydesk_domain::{AccountId, Balance, Currency, Money, ProviderKind, Secret};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::assumptions::{self, PAGE_SIZE};
use super::wire::{
    self, CollectBalance, CollectBalanceRequest, CollectBalanceResponse, Country, CountryRequest,
    CountryResponse, Envelope, FeeQuote, FeesRequest, FeesResponse, GetTokenRequest,
    GetTokenResponse, HistoryEntry, HpayMode, PaymentLink, PaymentRequest, PaymentResponse,
    PaymentStatus, TokenGrant,
};
use crate::error::{ErrorKind, ProviderError};
use crate::exact::JsonNumber;
use crate::http::{Http, HttpConfig, Repeat, Request, Response};
use crate::traits::{BalanceSource, HistoryPage, HistorySource};

const PROVIDER: ProviderKind = ProviderKind::Hpay;

/// A reference scan stops with an error after this many pages (a server that never answers
/// an empty page must not loop forever).
const MAX_SCAN_PAGES: u32 = 100_000;

/// The three static credentials HPAY issues (§2.3).
#[derive(Debug, Clone)]
pub struct HpayCredentials {
    /// `api_key`.
    pub api_key: Secret,
    /// `api_public_key` / `public_key`.
    pub public_key: Secret,
    /// `api_secret_key`: sent to `/getToken/` only.
    pub secret_key: Secret,
}

/// Where the client reads the time, for token renewal (tests share the simulator's clock).
pub type NowFn = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A payment link to create with [`HpayClient::create_payment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// The amount, in the account's currency (HPAY takes no currency field, §3.2).
    pub amount: Money,
    /// `product_name`.
    pub product_name: String,
    /// `description`.
    pub description: String,
    /// Paydesk's order reference, written into `description` so orphan links can be matched.
    pub reference: Option<String>,
    /// `notify_url`.
    pub notify_url: String,
    /// `success_url`.
    pub success_url: String,
    /// `cancel_url`.
    pub cancel_url: String,
}

/// Filters for [`HpayClient::payment_history`]; `None` sends an empty value (no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// `statut`.
    pub status: Option<PaymentStatus>,
    /// `date_from` (inclusive).
    pub date_from: Option<NaiveDate>,
    /// `date_to` (inclusive).
    pub date_to: Option<NaiveDate>,
    /// `transaction_id`.
    pub transaction_id: Option<String>,
    /// The offset part of `fetch_limit`.
    pub offset: u64,
    /// The count part of `fetch_limit` (0 means [`PAGE_SIZE`]).
    pub count: u32,
}

struct CachedToken {
    token: Secret,
    renew_at: DateTime<Utc>,
    /// The account currency `/getToken/` reported (`balance.currency`).
    currency: Option<Currency>,
}

/// A client for one HPAY merchant account in one mode.
#[derive(Clone)]
pub struct HpayClient {
    http: Http,
    credentials: Arc<HpayCredentials>,
    mode: HpayMode,
    account: AccountId,
    now: NowFn,
    token: Arc<Mutex<Option<CachedToken>>>,
    pacing: Duration,
    next_call: Arc<Mutex<Option<Instant>>>,
}

impl std::fmt::Debug for HpayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HpayClient")
            .field("base_url", &self.http.base_url())
            .field("mode", &self.mode)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl HpayClient {
    /// A client for `base_url` (operator configuration, no default: U1), stamping `account`
    /// on every record.
    pub fn new(
        base_url: &str,
        credentials: HpayCredentials,
        mode: HpayMode,
        account: AccountId,
        config: HttpConfig,
    ) -> Result<HpayClient, ProviderError> {
        Ok(HpayClient {
            http: Http::new(PROVIDER, base_url, config)?,
            credentials: Arc::new(credentials),
            mode,
            account,
            now: Arc::new(Utc::now),
            token: Arc::new(Mutex::new(None)),
            pacing: assumptions::MIN_REQUEST_INTERVAL,
            next_call: Arc::new(Mutex::new(None)),
        })
    }

    /// Reads the time from `now` instead of the system clock (token renewal, paid times).
    pub fn with_clock(mut self, now: NowFn) -> HpayClient {
        self.now = now;
        self
    }

    /// Keeps at least `interval` between two calls (default
    /// [`assumptions::MIN_REQUEST_INTERVAL`]; the simulators need none).
    pub fn with_pacing(mut self, interval: Duration) -> HpayClient {
        self.pacing = interval;
        self
    }

    /// The account the client stamps on records.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The mode every call is made in.
    pub fn mode(&self) -> HpayMode {
        self.mode
    }

    // -- Endpoints ------------------------------------------------------------------------

    /// `POST /getToken/`: a new session token (also cached for the other calls).
    pub async fn get_token(&self) -> Result<TokenGrant, ProviderError> {
        let mut cache = self.token.lock().await;
        self.fetch_token(&mut cache).await
    }

    /// `POST /payment/`: creates a payment link. Never resent on its own: HPAY has no
    /// idempotency (§7), so a lost answer must be reconciled with [`Self::find_by_reference`].
    pub async fn create_payment(&self, payment: &NewPayment) -> Result<PaymentLink, ProviderError> {
        if !payment.amount.is_positive() {
            return Err(invalid("the amount of a payment link must be positive"));
        }
        for (name, value) in [
            ("product_name", &payment.product_name),
            ("notify_url", &payment.notify_url),
            ("success_url", &payment.success_url),
            ("cancel_url", &payment.cancel_url),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(format!("{name} is required")));
            }
        }
        // HPAY prices a link in the account's currency and takes no currency field (§3.2):
        // refuse to send an amount meant in another currency.
        self.current_token().await?;
        let account_currency = self.token.lock().await.as_ref().and_then(|c| c.currency);
        let asked = payment.amount.currency();
        if let Some(account) = account_currency
            && account != asked
        {
            return Err(invalid(format!(
                "this HPAY account is priced in {}, not {}",
                account.code(),
                asked.code()
            )));
        }
        let description = match &payment.reference {
            Some(reference) => wire::description_with_reference(&payment.description, reference),
            None => payment.description.clone(),
        };
        let (body, raw) = self
            .authed("/payment/", Repeat::Never, |token| {
                to_json(&PaymentRequest {
                    api_key: self.credentials.api_key.expose(),
                    public_key: self.credentials.public_key.expose(),
                    mode: self.mode,
                    amount: JsonNumber(payment.amount.amount()),
                    product_name: &payment.product_name,
                    description: &description,
                    notify_url: &payment.notify_url,
                    success_url: &payment.success_url,
                    cancel_url: &payment.cancel_url,
                    token,
                })
            })
            .await?;
        let wire: PaymentResponse = parse(&body)?;
        let link = PaymentLink::from_wire(wire, &raw).map_err(malformed)?;
        if link.amount != payment.amount {
            return Err(malformed(format!(
                "link {} was created for {}, not the {} asked",
                link.transaction_id, link.amount, payment.amount
            )));
        }
        Ok(link)
    }

    /// `POST /getPaymentHistory/`: one page of payment links, each with its raw JSON.
    pub async fn payment_history(
        &self,
        query: &HistoryQuery,
    ) -> Result<Vec<HistoryEntry>, ProviderError> {
        let day = |d: Option<NaiveDate>| {
            d.map(|d| d.format(assumptions::DATE_FILTER_FORMAT).to_string())
                .unwrap_or_else(|| assumptions::NO_FILTER.to_owned())
        };
        let count = if query.count == 0 {
            PAGE_SIZE
        } else {
            query.count
        };
        let statut = query
            .status
            .as_ref()
            .map(PaymentStatus::as_wire)
            .unwrap_or(assumptions::NO_FILTER);
        let transaction_id = query
            .transaction_id
            .as_deref()
            .unwrap_or(assumptions::NO_FILTER);
        let (body, _) = self
            .authed("/getPaymentHistory/", Repeat::Safe, |token| {
                to_json(&wire::PaymentHistoryRequest {
                    api_key: self.credentials.api_key.expose(),
                    public_key: self.credentials.public_key.expose(),
                    mode: self.mode,
                    statut,
                    date_from: day(query.date_from),
                    date_to: day(query.date_to),
                    fetch_limit: format!("{},{}", query.offset, count),
                    transaction_id,
                    token,
                })
            })
            .await?;
        wire::parse_history(&body).map_err(malformed)
    }

    /// The truth about one link (what a notification only hints at, §5): `None` when HPAY
    /// does not know it.
    pub async fn find_payment(
        &self,
        transaction_id: &str,
    ) -> Result<Option<HistoryEntry>, ProviderError> {
        if transaction_id.trim().is_empty() {
            return Err(invalid("a transaction_id is required"));
        }
        let query = HistoryQuery {
            transaction_id: Some(transaction_id.to_owned()),
            ..HistoryQuery::default()
        };
        match self.payment_history(&query).await {
            Ok(entries) => Ok(entries
                .into_iter()
                .find(|e| e.item.transaction_id == transaction_id)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every link created since `since` whose description carries `reference` (§7: the
    /// orphan check after a `/payment/` whose answer was lost). Pages through the window.
    pub async fn find_by_reference(
        &self,
        reference: &str,
        since: NaiveDate,
    ) -> Result<Vec<HistoryEntry>, ProviderError> {
        let mut found = Vec::new();
        let mut offset = 0u64;
        for _ in 0..MAX_SCAN_PAGES {
            let page = self
                .payment_history(&HistoryQuery {
                    date_from: Some(since),
                    offset,
                    ..HistoryQuery::default()
                })
                .await?;
            if page.is_empty() {
                return Ok(found);
            }
            offset += page.len() as u64;
            found.extend(
                page.into_iter()
                    .filter(|e| e.item.merchant_reference().as_deref() == Some(reference)),
            );
        }
        Err(ProviderError::new(
            PROVIDER,
            ErrorKind::Malformed,
            format!("the history since {since} never ended after {MAX_SCAN_PAGES} pages"),
        ))
    }

    /// `POST /getCollectBalance/`: the main and profit balances.
    pub async fn collect_balance(&self) -> Result<CollectBalance, ProviderError> {
        let (body, _) = self
            .authed("/getCollectBalance/", Repeat::Safe, |token| {
                to_json(&CollectBalanceRequest {
                    api_key: self.credentials.api_key.expose(),
                    api_public_key: self.credentials.public_key.expose(),
                    token,
                    mode: self.mode,
                })
            })
            .await?;
        let wire: CollectBalanceResponse = parse(&body)?;
        CollectBalance::try_from(wire).map_err(malformed)
    }

    /// `POST /getFees/`: converts `amount` of `from_currency` into `to_currency` with fees.
    pub async fn fees(
        &self,
        amount: Decimal,
        from_currency: &str,
        to_currency: &str,
    ) -> Result<FeeQuote, ProviderError> {
        if amount <= Decimal::ZERO {
            return Err(invalid("the amount to convert must be positive"));
        }
        let (body, _) = self
            .authed("/getFees/", Repeat::Safe, |token| {
                to_json(&FeesRequest {
                    api_key: self.credentials.api_key.expose(),
                    api_public_key: self.credentials.public_key.expose(),
                    mode: self.mode,
                    amount: amount.normalize().to_string(),
                    from_currency,
                    to_currency,
                    token,
                })
            })
            .await?;
        let envelope: Envelope = parse(&body)?;
        let wire: FeesResponse = parse(&body)?;
        FeeQuote::from_wire(wire, envelope.message).map_err(malformed)
    }

    /// `POST /getCountry/`: the countries HPAY serves, by ISO code.
    pub async fn countries(&self) -> Result<Vec<Country>, ProviderError> {
        let (body, _) = self
            .authed("/getCountry/", Repeat::Safe, |token| {
                to_json(&CountryRequest {
                    api_key: self.credentials.api_key.expose(),
                    api_public_key: self.credentials.public_key.expose(),
                    mode: self.mode,
                    token,
                })
            })
            .await?;
        let wire: CountryResponse = parse(&body)?;
        let inner = wire.country.envelope();
        if !inner.is_ok() {
            let message = inner.message.clone().unwrap_or_default();
            return Err(business_error(inner.code(), &message));
        }
        wire.country
            .results
            .into_values()
            .map(|c| Country::try_from(c).map_err(malformed))
            .collect()
    }

    // -- Token handling and the envelope --------------------------------------------------

    async fn fetch_token(
        &self,
        cache: &mut Option<CachedToken>,
    ) -> Result<TokenGrant, ProviderError> {
        *cache = None;
        let body = to_json(&GetTokenRequest {
            api_key: self.credentials.api_key.expose(),
            api_public_key: self.credentials.public_key.expose(),
            api_secret_key: self.credentials.secret_key.expose(),
            mode: self.mode,
        })?;
        // Asking for a token twice is harmless (several may coexist, U4).
        let request = Request::post("/getToken/")
            .json_text(body)
            .repeat(Repeat::Safe);
        let (bytes, _) = self.send(&request).await?;
        let wire: GetTokenResponse = parse(&bytes)?;
        let grant = TokenGrant::try_from(wire).map_err(malformed)?;
        let renew_after =
            grant.lifetime * assumptions::RENEW_AT_NUMERATOR / assumptions::RENEW_AT_DENOMINATOR;
        let renew_after =
            chrono::Duration::from_std(renew_after).unwrap_or(chrono::Duration::minutes(12));
        *cache = Some(CachedToken {
            token: grant.token.clone(),
            renew_at: (self.now)() + renew_after,
            currency: grant.main_balance.map(|m| m.currency()),
        });
        Ok(grant)
    }

    async fn current_token(&self) -> Result<Secret, ProviderError> {
        let mut cache = self.token.lock().await;
        if let Some(cached) = cache.as_ref()
            && (self.now)() < cached.renew_at
        {
            return Ok(cached.token.clone());
        }
        Ok(self.fetch_token(&mut cache).await?.token)
    }

    async fn forget_token(&self, refused: &Secret) {
        let mut cache = self.token.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == refused) {
            *cache = None;
        }
    }

    /// Sends a body built around the current token; on an auth failure renews the token and
    /// sends once more. Returns the body bytes and their text.
    async fn authed<F>(
        &self,
        path: &'static str,
        repeat: Repeat,
        build: F,
    ) -> Result<(bytes::Bytes, String), ProviderError>
    where
        F: Fn(&str) -> Result<String, ProviderError>,
    {
        let token = self.current_token().await?;
        let request = Request::post(path)
            .json_text(build(token.expose())?)
            .repeat(repeat);
        match self.send(&request).await {
            Err(e) if e.kind == ErrorKind::Unauthorized && e.http_status == Some(200) => {
                tracing::debug!(path, "HPAY refused the token; renewing it once");
                self.forget_token(&token).await;
                let token = self.current_token().await?;
                let request = Request::post(path)
                    .json_text(build(token.expose())?)
                    .repeat(repeat);
                self.send(&request).await.map(with_text)
            }
            other => other.map(with_text),
        }
    }

    /// One exchange: transport errors, HTTP errors and HPAY's `success:false` envelope.
    async fn send(&self, request: &Request) -> Result<(bytes::Bytes, Envelope), ProviderError> {
        self.pace().await;
        let response = self.http.execute(request).await?;
        if !response.is_success() {
            return Err(http_error(&response));
        }
        let envelope: Envelope = parse(&response.body)?;
        if envelope.is_ok() {
            Ok((response.body, envelope))
        } else {
            Err(business_error(
                envelope.code(),
                envelope.message.as_deref().unwrap_or(""),
            ))
        }
    }

    /// Waits for this call's turn (U15), reserving the next slot before waiting.
    async fn pace(&self) {
        if self.pacing.is_zero() {
            return;
        }
        let wait_until = {
            let mut next = self.next_call.lock().await;
            let now = Instant::now();
            let at = next.map_or(now, |n| n.max(now));
            *next = Some(at + self.pacing);
            at
        };
        tokio::time::sleep_until(wait_until.into()).await;
    }

    // -- History cursor ---------------------------------------------------------------------

    /// The cursor a sync after the first starts from: the trailing [`assumptions::RESCAN_DAYS`]
    /// days before `today`, so `UNPAID -> PAID` flips are seen (§11).
    pub fn rescan_cursor(today: NaiveDate) -> String {
        let from = today - chrono::Duration::days(assumptions::RESCAN_DAYS);
        HistoryCursor {
            from: Some(from),
            offset: 0,
        }
        .to_string()
    }
}

fn with_text((body, _): (bytes::Bytes, Envelope)) -> (bytes::Bytes, String) {
    let text = String::from_utf8_lossy(&body).into_owned();
    (body, text)
}

/// Maps HPAY's `error_code` and `message` to a kind (§3.7). Only the auth-type codes are
/// trusted as numbers; everything else is read from the message.
pub fn classify(code: i64, message: &str) -> ErrorKind {
    let m = message.to_ascii_lowercase();
    let has = |hints: &[&str]| hints.iter().any(|h| m.contains(h));
    if assumptions::AUTH_ERROR_CODES.contains(&code) {
        ErrorKind::Unauthorized
    } else if has(&assumptions::VALIDATION_MESSAGE_HINTS) {
        ErrorKind::Validation
    } else if has(&assumptions::AUTH_MESSAGE_HINTS) {
        ErrorKind::Unauthorized
    } else if has(&assumptions::MODE_MESSAGE_HINTS) {
        ErrorKind::Forbidden
    } else if has(&assumptions::NOT_FOUND_MESSAGE_HINTS) {
        ErrorKind::NotFound
    } else if has(&assumptions::UNAVAILABLE_MESSAGE_HINTS) {
        ErrorKind::Server
    } else {
        ErrorKind::Rejected
    }
}

fn business_error(code: i64, message: &str) -> ProviderError {
    let message = if message.trim().is_empty() {
        format!("HPAY refused the call (error_code {code})")
    } else {
        message.to_owned()
    };
    ProviderError::http(
        PROVIDER,
        classify(code, &message),
        200,
        Some(code.to_string()),
        message,
    )
}

fn http_error(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let envelope = serde_json::from_slice::<Envelope>(&response.body).ok();
    let code = envelope
        .as_ref()
        .and_then(|e| e.error_code)
        .map(|c| c.0.to_string());
    let message = envelope
        .and_then(|e| e.message)
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("HTTP {status}: {}", response.body_excerpt()));
    let mut error = ProviderError::http(
        PROVIDER,
        ProviderError::kind_for_status(status),
        status,
        code,
        message,
    );
    error.retry_after = response.retry_after();
    error
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(malformed)
}

fn to_json<T: serde::Serialize>(body: &T) -> Result<String, ProviderError> {
    serde_json::to_string(body).map_err(|e| {
        ProviderError::new(
            PROVIDER,
            ErrorKind::Validation,
            format!("request not serializable: {e}"),
        )
    })
}

fn malformed(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::malformed(PROVIDER, what)
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::new(PROVIDER, ErrorKind::Validation, message)
}

// -- Traits ---------------------------------------------------------------------------------

impl BalanceSource for HpayClient {
    /// One balance: `main_balance` as available. `profit_balance` is on
    /// [`HpayClient::collect_balance`] for the UI to show beside it.
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let balance = self.collect_balance().await?;
        Ok(vec![balance.to_balance(&self.account, (self.now)())])
    }
}

/// HPAY's history cursor: `"<from>@<offset>"`, where `<from>` is a `yyyy-mm-dd` day sent as
/// `date_from` (or `*` for all history) and `<offset>` the next `fetch_limit` offset.
///
/// `None` starts a full scan (`*@0`). Pages are newest first, so links created during a scan
/// only shift rows down: rows come again (the store dedupes by `transaction_id`), none are
/// skipped. The scan ends on an empty page (the maximum page size is unknown, U9, so a short
/// page does not prove the end). A later sync starts from [`HpayClient::rescan_cursor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCursor {
    /// `date_from`, `None` for all history.
    pub from: Option<NaiveDate>,
    /// The `fetch_limit` offset.
    pub offset: u64,
}

impl std::fmt::Display for HistoryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.from {
            Some(day) => write!(
                f,
                "{}@{}",
                day.format(assumptions::DATE_FILTER_FORMAT),
                self.offset
            ),
            None => write!(f, "*@{}", self.offset),
        }
    }
}

impl std::str::FromStr for HistoryCursor {
    type Err = ProviderError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            invalid(format!(
                "'{text}' is not an HPAY history cursor (<day|*>@<offset>)"
            ))
        };
        let (from, offset) = text.split_once('@').ok_or_else(bad)?;
        let offset = offset.parse::<u64>().map_err(|_| bad())?;
        let from = if from == "*" {
            None
        } else {
            Some(
                NaiveDate::parse_from_str(from, assumptions::DATE_FILTER_FORMAT)
                    .map_err(|_| bad())?,
            )
        };
        Ok(HistoryCursor { from, offset })
    }
}

impl HistorySource for HpayClient {
    /// One page of up to [`PAGE_SIZE`] links from the cursor (see [`HistoryCursor`]).
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let cursor = match cursor {
            Some(text) => text.parse::<HistoryCursor>()?,
            None => HistoryCursor {
                from: None,
                offset: 0,
            },
        };
        let entries = self
            .payment_history(&HistoryQuery {
                date_from: cursor.from,
                offset: cursor.offset,
                count: PAGE_SIZE,
                ..HistoryQuery::default()
            })
            .await?;
        let observed_at = (self.now)();
        let transactions = entries
            .iter()
            .map(|e| e.to_transaction(&self.account, observed_at))
            .collect::<Result<Vec<_>, _>>()
            .map_err(malformed)?;
        let next = (!entries.is_empty()).then(|| {
            HistoryCursor {
                offset: cursor.offset + entries.len() as u64,
                ..cursor
            }
            .to_string()
        });
        Ok(HistoryPage {
            transactions,
            next,
            estimated_total: None,
        })
    }
}
