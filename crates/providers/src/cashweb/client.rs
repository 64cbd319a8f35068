//! The CashWeb Partner API client: base URL, `X-API-KEY`, one method per endpoint (§3) and
//! the error mapping from CashWeb's error wrapper.

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use paydesk_domain::{AccountId, Currency, Money, ProviderKind, Secret};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tokio::sync::Semaphore;

use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Repeat, Request, Response};

use super::ledger::{
    ReplayResult, RevenuePage, SimulateRequest, WebhookEventPage, WebhookTelemetry,
};
use super::query::{RevenueQuery, TransactionQuery, WebhookEventQuery};
use super::wire::{
    CreateTransactionRequest, Envelope, ErrorEnvelope, Quote, QuoteRequest, StatusHistory,
    TransactionPage, TransactionRecord,
};
use super::{DEFAULT_FIAT_CURRENCY, MAX_IN_FLIGHT};

const P: ProviderKind = ProviderKind::CashWeb;

/// A client for one CashWeb partner account.
#[derive(Debug, Clone)]
pub struct CashWebClient {
    http: Http,
    api_key: Secret,
    account: AccountId,
    fiat: Currency,
    /// Shared by clones: at most [`MAX_IN_FLIGHT`] calls at once for this account.
    in_flight: Arc<Semaphore>,
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl CashWebClient {
    /// A client for `base_url` (e.g. [`super::DEFAULT_BASE_URL`]) in NGN, default HTTP settings.
    pub fn new(base_url: &str, api_key: Secret, account: AccountId) -> Result<Self, ProviderError> {
        let fiat = Currency::from_code(DEFAULT_FIAT_CURRENCY)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))?;
        CashWebClient::with_config(base_url, api_key, account, fiat, HttpConfig::default())
    }

    /// A client with the partner's fiat currency and HTTP settings.
    pub fn with_config(
        base_url: &str,
        api_key: Secret,
        account: AccountId,
        fiat: Currency,
        config: HttpConfig,
    ) -> Result<Self, ProviderError> {
        Ok(CashWebClient {
            http: Http::new(P, base_url, config)?,
            api_key,
            account,
            fiat,
            in_flight: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
        })
    }

    /// The Paydesk account stamped on records.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The partner's fiat currency.
    pub fn fiat_currency(&self) -> Currency {
        self.fiat
    }

    fn request(&self, request: Request) -> Result<Request, ProviderError> {
        request
            .secret_header("x-api-key", self.api_key.expose())
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))
    }

    fn with_key(request: Request, key: &str) -> Result<Request, ProviderError> {
        request
            .header("idempotency-key", key)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))
    }

    fn json_body<T: serde::Serialize>(
        request: Request,
        body: &T,
    ) -> Result<Request, ProviderError> {
        request
            .json(body)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))
    }

    /// Sends and returns the raw `data` JSON text and the wrapper's message, or the mapped error.
    async fn call(&self, request: Request) -> Result<(String, Option<String>), ProviderError> {
        let request = self.request(request)?;
        let response = {
            // The semaphore is never closed; without a permit the call still proceeds.
            let _permit = self.in_flight.acquire().await.ok();
            self.http.execute(&request).await?
        };
        if !response.is_success() {
            return Err(error_from(&response));
        }
        let envelope: Envelope<Box<RawValue>> =
            serde_json::from_slice(&response.body).map_err(|e| ProviderError::malformed(P, e))?;
        if envelope.success == Some(false) {
            return Err(ProviderError::http(
                P,
                ErrorKind::Rejected,
                response.status.as_u16(),
                None,
                envelope
                    .message
                    .unwrap_or_else(|| "CashWeb answered success: false".into()),
            ));
        }
        Ok((envelope.data.get().to_owned(), envelope.message))
    }

    async fn call_as<T: DeserializeOwned>(&self, request: Request) -> Result<T, ProviderError> {
        let (data, _) = self.call(request).await?;
        serde_json::from_str(&data).map_err(|e| ProviderError::malformed(P, e))
    }

    async fn call_record(&self, request: Request) -> Result<TransactionRecord, ProviderError> {
        let (data, _) = self.call(request).await?;
        TransactionRecord::parse(&data)
    }

    /// `POST /quotes`: an executable quote, valid 120 s. Safe to resend: an unused quote
    /// costs nothing.
    pub async fn create_quote(&self, body: &QuoteRequest) -> Result<Quote, ProviderError> {
        let request = Self::json_body(Request::post("/quotes"), body)?.repeat(Repeat::Safe);
        self.call_as(request).await
    }

    /// `POST /transactions` with an `Idempotency-Key`: reserves a deposit address. Resent on
    /// transient failures with the same key and body, which CashWeb answers from its
    /// idempotency store (§7).
    pub async fn create_transaction(
        &self,
        body: &CreateTransactionRequest,
        idempotency_key: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        let request = Self::with_key(Request::post("/transactions"), idempotency_key)?;
        let request = Self::json_body(request, body)?.repeat(Repeat::Safe);
        self.call_record(request).await
    }

    /// `GET /transactions/{id}`: the transaction status query.
    pub async fn transaction(&self, id: &str) -> Result<TransactionRecord, ProviderError> {
        self.call_record(Request::get(format!("/transactions/{}", segment(id))))
            .await
    }

    /// `GET /transactions/reference/{merchant_reference}`: recovery after a lost create answer.
    pub async fn transaction_by_reference(
        &self,
        reference: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        if reference.trim().is_empty() {
            return Err(ProviderError::new(
                P,
                ErrorKind::Validation,
                "a merchant_reference is needed to look a transaction up",
            ));
        }
        let path = format!("/transactions/reference/{}", segment(reference));
        self.call_record(Request::get(path)).await
    }

    /// `GET /transactions`: one page, newest first.
    pub async fn list_transactions(
        &self,
        query: &TransactionQuery,
    ) -> Result<TransactionPage, ProviderError> {
        let mut request = Request::get("/transactions").query("limit", query.limit);
        if !query.status.is_empty() {
            let list: Vec<&str> = query.status.iter().map(|s| s.as_str()).collect();
            request = request.query("status", list.join(","));
        }
        for (name, value) in [
            ("merchant_id", &query.merchant_id),
            ("terminal_id", &query.terminal_id),
            ("merchant_reference", &query.merchant_reference),
            ("cursor", &query.cursor),
        ] {
            if let Some(value) = value {
                request = request.query(name, value);
            }
        }
        for (name, value) in [("from", query.from), ("to", query.to)] {
            if let Some(value) = value {
                request = request.query(name, time_text(value));
            }
        }
        let (data, _) = self.call(request).await?;
        TransactionPage::parse(&data)
    }

    /// `GET /transactions/{id}/status-history`.
    pub async fn status_history(&self, id: &str) -> Result<StatusHistory, ProviderError> {
        let path = format!("/transactions/{}/status-history", segment(id));
        self.call_as(Request::get(path)).await
    }

    /// `POST /transactions/{id}/cancel` with an `Idempotency-Key` (safe to resend with it).
    pub async fn cancel_transaction(
        &self,
        id: &str,
        idempotency_key: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        let path = format!("/transactions/{}/cancel", segment(id));
        let request = Self::with_key(Request::post(path), idempotency_key)?.repeat(Repeat::Safe);
        self.call_record(request).await
    }

    /// `GET /revenue`: one page of the partner's revenue ledger.
    pub async fn revenue(&self, query: &RevenueQuery) -> Result<RevenuePage, ProviderError> {
        let mut request = Request::get("/revenue").query("limit", query.limit);
        for (name, value) in [("from", query.from), ("to", query.to)] {
            if let Some(value) = value {
                request = request.query(name, time_text(value));
            }
        }
        for (name, value) in [
            ("token", &query.token),
            ("network", &query.network),
            ("cursor", &query.cursor),
        ] {
            if let Some(value) = value {
                request = request.query(name, value);
            }
        }
        if query.include_summary {
            request = request.query("include_summary", "true");
        }
        let (data, _) = self.call(request).await?;
        RevenuePage::parse(&data)
    }

    /// The partner's earnings over a window, from `/revenue?include_summary=true`.
    ///
    /// A derived figure (ASSUMPTION §11: CashWeb has no balance endpoint), labelled as such
    /// by the caller; it is not a balance that can be paid out.
    pub async fn partner_earnings(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Money, ProviderError> {
        let page = self
            .revenue(&RevenueQuery {
                from: Some(from),
                to: Some(to),
                include_summary: true,
                limit: 1,
                ..RevenueQuery::default()
            })
            .await?;
        let summary = page
            .summary
            .ok_or_else(|| ProviderError::malformed(P, "the revenue summary is missing"))?;
        Money::from_decimal(summary.total_partner_share.0, self.fiat)
            .map_err(|e| ProviderError::malformed(P, e))
    }

    /// `GET /webhooks/events`: one page of the outbox log.
    pub async fn webhook_events(
        &self,
        query: &WebhookEventQuery,
    ) -> Result<WebhookEventPage, ProviderError> {
        let mut request = Request::get("/webhooks/events").query("limit", query.limit);
        for (name, value) in [
            ("transaction_id", &query.transaction_id),
            ("merchant_reference", &query.merchant_reference),
            ("event_type", &query.event_type),
            ("publish_status", &query.publish_status),
            ("cursor", &query.cursor),
        ] {
            if let Some(value) = value {
                request = request.query(name, value);
            }
        }
        for (name, value) in [("from", query.from), ("to", query.to)] {
            if let Some(value) = value {
                request = request.query(name, time_text(value));
            }
        }
        let (data, _) = self.call(request).await?;
        WebhookEventPage::parse(&data)
    }

    /// `GET /webhooks/events/{event_id}`: delivery telemetry.
    pub async fn webhook_event(&self, event_id: &str) -> Result<WebhookTelemetry, ProviderError> {
        let path = format!("/webhooks/events/{}", segment(event_id));
        self.call_as(Request::get(path)).await
    }

    /// `POST /webhooks/events/{event_id}/replay`: requeues the same event. Not resent
    /// automatically (no idempotency is documented for it).
    pub async fn replay_webhook_event(
        &self,
        event_id: &str,
    ) -> Result<ReplayResult, ProviderError> {
        let path = format!("/webhooks/events/{}/replay", segment(event_id));
        self.call_as(Request::post(path)).await
    }

    /// `POST /sandbox/simulate` (staging only): drives a transaction's lifecycle.
    pub async fn sandbox_simulate(
        &self,
        body: &SimulateRequest,
    ) -> Result<TransactionRecord, ProviderError> {
        let request = Self::json_body(Request::post("/sandbox/simulate"), body)?;
        self.call_record(request).await
    }
}

/// Maps a non-2xx answer: the kind from the HTTP status (CashWeb's codes are ASSUMPTIONs,
/// U10), keeping the status, CashWeb's code and message, and `Retry-After`.
pub(super) fn error_from(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let envelope: Option<ErrorEnvelope> = serde_json::from_slice(&response.body).ok();
    let (code, message) = match envelope {
        Some(e) => (e.error.code, e.error.message),
        None => (None, None),
    };
    let message = message.unwrap_or_else(|| {
        format!(
            "HTTP {status} without CashWeb's error wrapper: {}",
            response.body_excerpt()
        )
    });
    let mut error = ProviderError::http(
        P,
        ProviderError::kind_for_status(status),
        status,
        code,
        message,
    );
    error.retry_after = response.retry_after();
    error
}
