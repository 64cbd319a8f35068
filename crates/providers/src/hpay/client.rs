//! `HpayClient`: the base URL, the three credentials, one async method per endpoint of the
//! reference (§3), and the common traits HPAY has: [`BalanceSource`] and [`HistorySource`]
//! (no payout endpoint exists, U14). The session token (`client/session.rs`) and the history
//! walk with its cursor (`client/history.rs`) are children of this file.
//!
//! Every call is `POST` with the credentials and the token in the JSON body. The token is
//! cached and renewed proactively at 4/5 of its lifetime (12 of 15 minutes), or at once when a
//! call is refused as an auth failure; the refused call is then retried once (§2.3, §7).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use paydesk_domain::{AccountId, Balance, Money, ProviderKind, Secret};
use rust_decimal::Decimal;
use tokio::sync::Mutex;

use super::assumptions::{self, PAGE_SIZE};
use super::errors::{business_error, error_from, invalid, malformed, read, unreadable};
use super::wire::{
    self, CollectBalance, CollectBalanceRequest, CollectBalanceResponse, Country, CountryRequest,
    CountryResponse, Envelope, FeeQuote, FeesRequest, FeesResponse, HistoryEntry, HpayMode,
    PaymentLink, PaymentRequest, PaymentResponse, PaymentStatus, TokenGrant,
};
use crate::error::{ErrorKind, ProviderError};
use crate::exact::JsonNumber;
use crate::http::{Http, HttpConfig, Repeat, Request};
use crate::traits::{BalanceSource, HistoryPage, HistorySource, offset_after};

mod history;
mod session;

pub use history::HistoryCursor;
use session::CachedToken;

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
    /// `statut`. The seed allows only `UNPAID` or `PAID`: Paydesk's own reads always send
    /// one of them; `None` sends `""`, which HPAY does not document.
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

    /// The time on the client's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.now)()
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
    /// An answer that echoes another amount than the one asked for (the seed's own example
    /// pair: 14900 sent, `"100"` returned) still names a link that exists: it is returned
    /// with [`PaymentLink::warning`] saying both amounts, never as a failure.
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
        let wire: PaymentResponse = read("/payment/", &body)?;
        let link = PaymentLink::from_wire(wire, &raw, payment.amount).map_err(malformed)?;
        if let Some(warning) = &link.warning {
            tracing::warn!(provider = "hpay", link = %link.transaction_id, warning, "payment link created with a warning");
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
        wire::parse_history(&body).map_err(|e| {
            unreadable(
                "HPAY's payment history cannot be read",
                &e.to_string(),
                &body,
            )
        })
    }

    /// The truth about one link (what a notification only hints at, §5): asked with each
    /// documented `statut` in turn (never `""`), `None` when HPAY lists it under neither.
    pub async fn find_payment(
        &self,
        transaction_id: &str,
    ) -> Result<Option<HistoryEntry>, ProviderError> {
        if transaction_id.trim().is_empty() {
            return Err(invalid("a transaction_id is required"));
        }
        for status in history::walk_order() {
            let query = HistoryQuery {
                status: Some(status),
                transaction_id: Some(transaction_id.to_owned()),
                ..HistoryQuery::default()
            };
            match self.payment_history(&query).await {
                Ok(entries) => {
                    if let Some(found) = entries
                        .into_iter()
                        .find(|e| e.item.transaction_id == transaction_id)
                    {
                        return Ok(Some(found));
                    }
                }
                // "Not found" under one statut may only mean "not in that list".
                Err(e) if e.kind == ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Every link created since `since` whose description carries `reference` (§7: the
    /// orphan check after a `/payment/` whose answer was lost). Pages through the window, once
    /// per documented `statut`.
    pub async fn find_by_reference(
        &self,
        reference: &str,
        since: NaiveDate,
    ) -> Result<Vec<HistoryEntry>, ProviderError> {
        let mut found: Vec<HistoryEntry> = Vec::new();
        for status in history::walk_order() {
            let mut offset = 0u64;
            let mut ended = false;
            for _ in 0..MAX_SCAN_PAGES {
                let page = self
                    .payment_history(&HistoryQuery {
                        status: Some(status.clone()),
                        date_from: Some(since),
                        offset,
                        ..HistoryQuery::default()
                    })
                    .await?;
                if page.is_empty() {
                    ended = true;
                    break;
                }
                offset = offset_after(PROVIDER, offset, page.len())?;
                found.extend(
                    page.into_iter()
                        .filter(|e| e.item.merchant_reference().as_deref() == Some(reference)),
                );
            }
            if !ended {
                return Err(ProviderError::new(
                    PROVIDER,
                    ErrorKind::Malformed,
                    format!("the history since {since} never ended after {MAX_SCAN_PAGES} pages"),
                ));
            }
        }
        // A link paid during the scan is listed twice: keep its last reading.
        found.reverse();
        let mut seen = std::collections::HashSet::new();
        found.retain(|e| seen.insert(e.item.transaction_id.clone()));
        found.reverse();
        Ok(found)
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
        let wire: CollectBalanceResponse = read("/getCollectBalance/", &body)?;
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
        let envelope: Envelope = read("/getFees/", &body)?;
        let wire: FeesResponse = read("/getFees/", &body)?;
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
        let wire: CountryResponse = read("/getCountry/", &body)?;
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

    /// One exchange: transport errors, HTTP errors and HPAY's `success:false` envelope
    /// (all read by [`error_from`]). Returns the body of a successful answer.
    async fn send(&self, request: &Request) -> Result<bytes::Bytes, ProviderError> {
        self.pace().await;
        let response = self.http.execute(request).await?;
        match error_from(&response) {
            Some(error) => Err(error),
            None => Ok(response.body),
        }
    }
}

fn with_text(body: bytes::Bytes) -> (bytes::Bytes, String) {
    let text = String::from_utf8_lossy(&body).into_owned();
    (body, text)
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

impl BalanceSource for HpayClient {
    /// One balance: `main_balance` as available. `profit_balance` is on
    /// [`HpayClient::collect_balance`] for the UI to show beside it.
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let balance = self.collect_balance().await?;
        Ok(vec![balance.to_balance(self.account(), self.now())])
    }
}

/// The walk of every link, `UNPAID` then `PAID` (see [`HistoryCursor`]).
impl HistorySource for HpayClient {
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        history::page(self, cursor).await
    }
}
