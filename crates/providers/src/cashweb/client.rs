//! The CashWeb Partner API client: base URL, `X-API-KEY`, one method per endpoint (reference
//! §3) and the common traits: history for the sync engine ([`history`]) and deposit requests
//! with recovery by reference ([`payout`]). Errors are read by [`super::errors::error_from`].

mod history;
mod payout;
mod query;

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use paydesk_domain::{AccountId, Currency, Money, ProviderKind, Secret};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use super::assumptions::{DEFAULT_FIAT_CURRENCY, MAX_IN_FLIGHT, is_cashweb_not_found};
use super::errors::error_from;
use super::wire::{
    CreateTransactionRequest, Quote, QuoteRequest, RawPage, ReplayResult, Reply, RevenuePage,
    SimulateRequest, StatusHistory, TransactionPage, TransactionRecord, WebhookEventPage,
    WebhookTelemetry, unreadable,
};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Repeat, Request};

pub use history::HistoryCursor;
pub use query::{RevenueQuery, TransactionQuery, WebhookEventQuery};

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

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::new(P, ErrorKind::Validation, message)
}

impl CashWebClient {
    /// A client for `base_url` (e.g. [`super::DEFAULT_BASE_URL`]) in NGN, default HTTP settings.
    pub fn new(base_url: &str, api_key: Secret, account: AccountId) -> Result<Self, ProviderError> {
        let fiat =
            Currency::from_code(DEFAULT_FIAT_CURRENCY).map_err(|e| invalid(e.to_string()))?;
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
            .map_err(|e| invalid(e.to_string()))
    }

    fn with_key(request: Request, key: &str) -> Result<Request, ProviderError> {
        request
            .header("idempotency-key", key)
            .map_err(|e| invalid(e.to_string()))
    }

    fn json_body<T: serde::Serialize>(
        request: Request,
        body: &T,
    ) -> Result<Request, ProviderError> {
        request.json(body).map_err(|e| invalid(e.to_string()))
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
        let reply = Reply::open(&response.body).ok_or_else(|| {
            unreadable(
                "CashWeb's answer could not be read",
                &"not a JSON object or array",
                &String::from_utf8_lossy(&response.body),
            )
        })?;
        if reply.success == Some(false) {
            let message = reply
                .message
                .unwrap_or_else(|| "CashWeb answered success: false".into());
            return Err(ProviderError::http(
                P,
                ErrorKind::Rejected,
                response.status.as_u16(),
                None,
                message,
            ));
        }
        Ok((reply.data.get().to_owned(), reply.message))
    }

    async fn call_as<T: DeserializeOwned>(
        &self,
        request: Request,
        what: &str,
    ) -> Result<T, ProviderError> {
        let (data, _) = self.call(request).await?;
        serde_json::from_str(&data).map_err(|e| unreadable(what, &e, &data))
    }

    /// `POST /quotes`: an executable quote, valid 120 s. Safe to resend: an unused quote
    /// costs nothing.
    pub async fn create_quote(&self, body: &QuoteRequest) -> Result<Quote, ProviderError> {
        let asked_at = Utc::now();
        let request = Self::json_body(Request::post("/quotes"), body)?.repeat(Repeat::Safe);
        let (data, _) = self.call(request).await?;
        Quote::parse(&data, asked_at)
    }

    /// `POST /transactions` with an `Idempotency-Key`: reserves a deposit address. Resent on
    /// transient failures with the same key and body, which CashWeb answers from its
    /// idempotency store (§7). A 409 (`IDEMPOTENCY_IN_PROGRESS`, `DUPLICATE_MERCHANT_REFERENCE`)
    /// comes back as [`ErrorKind::Conflict`] with CashWeb's code: the transaction may exist, so
    /// the caller looks it up by reference ([`crate::PayoutSink::find`]).
    pub async fn create_transaction(
        &self,
        body: &CreateTransactionRequest,
        idempotency_key: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        let request = Self::with_key(Request::post("/transactions"), idempotency_key)?;
        let request = Self::json_body(request, body)?.repeat(Repeat::Safe);
        let (data, _) = self.call(request).await?;
        let record = TransactionRecord::parse(&data)?.or_reference(&body.merchant_reference);
        if !record.has_id() {
            return Err(unreadable(
                "CashWeb accepted the transaction without naming its id",
                &"no id",
                &data,
            ));
        }
        Ok(record)
    }

    /// `GET /transactions/{id}`: the transaction status query.
    pub async fn transaction(&self, id: &str) -> Result<TransactionRecord, ProviderError> {
        let (data, _) = self
            .call(Request::get(format!("/transactions/{}", segment(id))))
            .await?;
        Ok(TransactionRecord::parse(&data)?.or_id(id))
    }

    /// `GET /transactions/reference/{merchant_reference}`: recovery after a lost create answer.
    /// An answer listing no transaction is a [`ErrorKind::NotFound`] without a code.
    pub async fn transaction_by_reference(
        &self,
        reference: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        self.by_reference(reference).await?.ok_or_else(|| {
            ProviderError::new(
                P,
                ErrorKind::NotFound,
                "CashWeb lists no transaction with this reference",
            )
        })
    }

    /// The transaction carrying `reference`: `Ok(None)` when CashWeb says it has none (its own
    /// 404, or a list without it), which is what permits a resend with the same key and body.
    pub async fn lookup_reference(
        &self,
        reference: &str,
    ) -> Result<Option<TransactionRecord>, ProviderError> {
        match self.by_reference(reference).await {
            Err(e) if is_cashweb_not_found(&e) => Ok(None),
            other => other,
        }
    }

    async fn by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<TransactionRecord>, ProviderError> {
        if reference.trim().is_empty() {
            return Err(invalid(
                "a merchant_reference is needed to look a transaction up",
            ));
        }
        let path = format!("/transactions/reference/{}", segment(reference));
        let (data, _) = self.call(Request::get(path)).await?;
        pick_by_reference(&data, reference)
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
        let mut history: StatusHistory = self
            .call_as(Request::get(path), "the status history could not be read")
            .await?;
        if history.id.trim().is_empty() {
            history.id = id.to_owned();
        }
        Ok(history)
    }

    /// `POST /transactions/{id}/cancel` with an `Idempotency-Key` (safe to resend with it).
    /// The seed gives no answer body: when the answer is not a whole transaction, the
    /// transaction is read again by id.
    pub async fn cancel_transaction(
        &self,
        id: &str,
        idempotency_key: &str,
    ) -> Result<TransactionRecord, ProviderError> {
        let path = format!("/transactions/{}/cancel", segment(id));
        let request = Self::with_key(Request::post(path), idempotency_key)?.repeat(Repeat::Safe);
        let (data, _) = self.call(request).await?;
        match TransactionRecord::try_parse(&data) {
            Some(record) => Ok(record.or_id(id)),
            None => self.transaction(id).await,
        }
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
        Money::from_decimal(summary.total_partner_share.0, self.fiat).map_err(|_| {
            ProviderError::malformed(P, "the revenue summary does not fit the currency")
        })
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
        self.call_as(
            Request::get(path),
            "the webhook telemetry could not be read",
        )
        .await
    }

    /// `POST /webhooks/events/{event_id}/replay`: requeues the same event. Not resent
    /// automatically (no idempotency is documented for it).
    pub async fn replay_webhook_event(
        &self,
        event_id: &str,
    ) -> Result<ReplayResult, ProviderError> {
        let path = format!("/webhooks/events/{}/replay", segment(event_id));
        self.call_as(Request::post(path), "the replay answer could not be read")
            .await
    }

    /// `POST /sandbox/simulate` (staging only): drives a transaction's lifecycle. When the
    /// answer is not a whole transaction, the transaction is read again by id.
    pub async fn sandbox_simulate(
        &self,
        body: &SimulateRequest,
    ) -> Result<TransactionRecord, ProviderError> {
        let request = Self::json_body(Request::post("/sandbox/simulate"), body)?;
        let (data, _) = self.call(request).await?;
        match TransactionRecord::try_parse(&data) {
            Some(record) => Ok(record.or_id(&body.transaction_id)),
            None => self.transaction(&body.transaction_id).await,
        }
    }
}

/// The transaction carrying `reference` in a lookup answer, in every plausible shape: the
/// transaction itself, `{"transaction": {...}}`, or a list of them (bare or in a page). A list
/// without it is `None`; two transactions with it are a conflict.
fn pick_by_reference(
    data: &str,
    reference: &str,
) -> Result<Option<TransactionRecord>, ProviderError> {
    let record = if let Some(page) = RawPage::parse(data) {
        let records = page
            .items
            .iter()
            .map(|raw| TransactionRecord::parse(raw.get()))
            .collect::<Result<Vec<_>, _>>()?;
        let carries = |r: &TransactionRecord| {
            r.wire
                .merchant_reference
                .as_deref()
                .is_some_and(|own| own.trim().eq_ignore_ascii_case(reference.trim()))
        };
        let mut matching: Vec<TransactionRecord> =
            if records.len() == 1 && records.iter().all(|r| r.wire.merchant_reference.is_none()) {
                // One transaction that names no reference: the lookup's own answer.
                records
            } else {
                records.into_iter().filter(carries).collect()
            };
        match matching.len() {
            0 => return Ok(None),
            1 => matching.remove(0),
            many => {
                return Err(ProviderError::new(
                    P,
                    ErrorKind::Conflict,
                    format!("{many} CashWeb transactions carry reference {reference}"),
                ));
            }
        }
    } else {
        #[derive(serde::Deserialize)]
        struct Holder {
            transaction: Box<serde_json::value::RawValue>,
        }
        match serde_json::from_str::<Holder>(data) {
            Ok(holder) => TransactionRecord::parse(holder.transaction.get())?,
            Err(_) => TransactionRecord::parse(data)?,
        }
    };
    let record = record.or_reference(reference);
    if !record.has_id() {
        return Err(unreadable(
            "the transaction found by reference names no id",
            &"no id",
            data,
        ));
    }
    Ok(Some(record))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSQ_DOCUMENTED: &str = r#"{"id":"tx-1","status":"AWAITING_DEPOSIT","crypto_currency":"usdt","crypto_amount":"100.00","rate":"1615.00","amount":"161500.00","created_at":"2026-02-12T12:00:00Z","updated_at":"2026-02-12T12:00:00Z","deposit_id":null,"deposit_status":null,"confirmations":null,"required_confirmations":null,"received_at":null,"confirmed_at":null}"#;

    #[test]
    fn a_lookup_answer_is_found_in_every_plausible_shape() {
        let shapes = [
            TSQ_DOCUMENTED.to_owned(),
            format!(r#"{{"transaction":{TSQ_DOCUMENTED}}}"#),
            format!("[{TSQ_DOCUMENTED}]"),
            format!(r#"{{"data":[{TSQ_DOCUMENTED}],"next_cursor":null}}"#),
            format!(r#"{{"items":[{TSQ_DOCUMENTED}]}}"#),
            format!(r#"{{"data":{{"data":[{TSQ_DOCUMENTED}],"has_more":false}}}}"#),
            TSQ_DOCUMENTED.replace(
                r#""id":"tx-1","#,
                r#""id":"tx-1","merchant_reference":"PD-7","#,
            ),
        ];
        for shape in shapes {
            let found = pick_by_reference(&shape, "pd-7")
                .expect(&shape)
                .expect("found");
            assert_eq!(found.wire.id, "tx-1", "{shape}");
            assert_eq!(found.wire.amount.0.to_string(), "161500.00");
            assert!(found.wire.merchant_reference.is_some());
            assert_eq!(
                found.to_receipt().status,
                paydesk_domain::TransactionStatus::Pending
            );
        }
    }

    #[test]
    fn a_lookup_list_without_the_reference_is_none_and_two_are_a_conflict() {
        assert_eq!(pick_by_reference("[]", "pd-7").expect("reads"), None);
        let other = TSQ_DOCUMENTED.replace(
            r#""id":"tx-1","#,
            r#""id":"tx-1","merchant_reference":"other","#,
        );
        assert_eq!(
            pick_by_reference(&format!("[{other}]"), "pd-7").expect("reads"),
            None
        );
        let mine = TSQ_DOCUMENTED.replace(
            r#""id":"tx-1","#,
            r#""id":"tx-1","merchant_reference":"pd-7","#,
        );
        let e = pick_by_reference(&format!("[{mine},{mine}]"), "pd-7").expect_err("two");
        assert_eq!(e.kind, ErrorKind::Conflict);
        let no_id = TSQ_DOCUMENTED.replace(r#""id":"tx-1","#, "");
        let e = pick_by_reference(&no_id, "pd-7").expect_err("no id");
        assert_eq!(e.kind, ErrorKind::Malformed);
        assert!(!e.message.contains('{'), "{}", e.message);
    }
}
