//! The Hubcash API v1 client: base URL, the `X-Hubcash-Code`/`X-Hubcash-Token` headers, one
//! async method per endpoint of reference section 6, and [`HistorySource`] (the walk itself is
//! in `client/history.rs`). Hubcash has no balance and no payout endpoint, so there is no
//! `BalanceSource` or `PayoutSink` here.
//!
//! Only reads are retried (`GET`): nothing Hubcash documents makes a write safe to resend
//! (reference 10). A sale whose create ended with an unknown outcome is recovered with
//! [`HubcashClient::find_sale_by_ref`]; a capture or cancel with [`HubcashClient::sale`].

use std::sync::Mutex;

use paydesk_domain::{AccountId, ProviderKind, Secret, Transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::assumptions::{self, MAX_ROWS};
use super::errors::{error_from, malformed, unreadable};
use super::wire::{
    self, CurrencyScales, HubcashBrand, HubcashCard, HubcashCardUpdate, HubcashCurrency,
    HubcashMethod, HubcashNewCard, HubcashNewSale, HubcashNotification, HubcashSaleStatus,
    HubcashStatus, SaleRecord, Unreadable, envelope,
};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Request, Response};
use crate::traits::{HistoryPage, HistorySource};

mod history;

pub use super::assumptions::KeyEnvironment;
pub use history::SalesCursor;

/// The production base URL (reference 2). Development keys use it too.
pub const DEFAULT_BASE_URL: &str = "https://api.hubcash.com/v1";
const PROVIDER: ProviderKind = ProviderKind::Hubcash;

/// One page of a list: `offset` rows skipped, `rows` returned at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip, from 0.
    pub offset: u64,
    /// Page size, 1–100.
    pub rows: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            rows: assumptions::DEFAULT_ROWS,
        }
    }
}

/// The filters of `GET /sales` (reference 6.2). Unset filters are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleFilter {
    /// The page.
    pub page: Page,
    /// The merchant's reference.
    pub r#ref: Option<String>,
    /// Currency name.
    pub currency: Option<String>,
    /// Method.
    pub method: Option<HubcashMethod>,
    /// Automatic capture.
    pub capture: Option<bool>,
    /// Status. The seed calls it required: Paydesk's own walks always send it, one status at
    /// a time; leaving it out here asks whatever Hubcash answers without it.
    pub status: Option<HubcashStatus>,
}

/// A Hubcash account's client.
#[derive(Debug)]
pub struct HubcashClient {
    http: Http,
    code: Secret,
    token: Secret,
    account: AccountId,
    environment: KeyEnvironment,
    scales: Mutex<CurrencyScales>,
}

impl HubcashClient {
    /// A client for `base_url` with the account's code and token, both checked by
    /// [`assumptions::credential_is_usable`].
    pub fn new(
        base_url: &str,
        code: Secret,
        token: Secret,
        account: AccountId,
        environment: KeyEnvironment,
        config: HttpConfig,
    ) -> Result<HubcashClient, ProviderError> {
        if !assumptions::credential_is_usable(code.expose())
            || !assumptions::credential_is_usable(token.expose())
        {
            return Err(ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                "the Hubcash code and token must both be given",
            ));
        }
        Ok(HubcashClient {
            http: Http::new(PROVIDER, base_url, config)?,
            code,
            token,
            account,
            environment,
            scales: Mutex::new(CurrencyScales::default()),
        })
    }

    /// The account this client stamps on transactions.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// Whether the account holds development or production keys (as the merchant said).
    pub fn environment(&self) -> KeyEnvironment {
        self.environment
    }

    // ---- cards (reference 6.1) ----

    /// `GET /cards/{CardId}`.
    pub async fn card(&self, card_id: &str) -> Result<HubcashCard, ProviderError> {
        let request = Request::get(format!("/cards/{}", segment(card_id)));
        let wrapped: envelope::Card<HubcashCard> = self.call(request).await?;
        Ok(wrapped.card)
    }

    /// `PUT /cards/{CardId}`: replaces the editable fields.
    pub async fn update_card(
        &self,
        card_id: &str,
        card: &HubcashCardUpdate,
    ) -> Result<HubcashCard, ProviderError> {
        let request = self.with_body(
            Request::put(format!("/cards/{}", segment(card_id))),
            &envelope::Card { card },
        )?;
        let wrapped: envelope::Card<HubcashCard> = self.call(request).await?;
        Ok(wrapped.card)
    }

    /// `DELETE /cards/{CardId}`. The success text is ignored (reference unknown 23).
    pub async fn delete_card(&self, card_id: &str) -> Result<(), ProviderError> {
        let request = Request::delete(format!("/cards/{}", segment(card_id)));
        self.send(request).await.map(|_| ())
    }

    /// `GET /cards/document/{document}`: the cards saved under a holder's document.
    pub async fn cards_by_document(
        &self,
        document: &str,
        page: Page,
    ) -> Result<Vec<HubcashCard>, ProviderError> {
        let request = paged(
            Request::get(format!("/cards/document/{}", segment(document))),
            page,
        );
        let wrapped: envelope::Cards = self.call(request).await?;
        Ok(wrapped.cards)
    }

    /// `POST /cards` (201). Not idempotent: a resend saves a second card.
    pub async fn create_card(&self, card: &HubcashNewCard) -> Result<HubcashCard, ProviderError> {
        let request = self.with_body(Request::post("/cards"), &envelope::Card { card })?;
        let wrapped: envelope::Card<HubcashCard> = self.call(request).await?;
        Ok(wrapped.card)
    }

    // ---- sales (reference 6.2) ----

    /// `GET /sales` with filters, newest first.
    pub async fn sales(&self, filter: &SaleFilter) -> Result<Vec<SaleRecord>, ProviderError> {
        let mut request = paged(Request::get("/sales"), filter.page);
        if let Some(r) = &filter.r#ref {
            request = request.query("Ref", r);
        }
        if let Some(c) = &filter.currency {
            request = request.query("Currency", c);
        }
        if let Some(m) = filter.method {
            request = request.query("Method", m.as_str());
        }
        if let Some(c) = filter.capture {
            request = request.query("Capture", c);
        }
        if let Some(s) = filter.status {
            request = request.query("Status", s.code());
        }
        let response = self.send(request).await?;
        let mut records = wire::parse_sales_body(&response.body)
            .map_err(|e| unreadable("GET /sales", &response.body, &e))?;
        if let Some(asked) = filter.status {
            // The schema does not require `Status` on a sale: in a list asked for one status,
            // a sale without it is in that status (assumptions::NO_STATUS_WORD).
            for record in records.iter_mut().filter(|r| r.sale.status.is_none()) {
                record.sale.status = Some(HubcashSaleStatus::Known(asked));
            }
        }
        Ok(records)
    }

    /// `GET /sales/{SaleId}`.
    pub async fn sale(&self, sale_id: &str) -> Result<SaleRecord, ProviderError> {
        self.sale_call(Request::get(format!("/sales/{}", segment(sale_id))))
            .await
    }

    /// `PUT /sales/capture/{SaleId}`: captures the full amount of a sale in 3 Capturing.
    /// Not repeated on failure: on an unknown outcome, read the sale.
    pub async fn capture(&self, sale_id: &str) -> Result<SaleRecord, ProviderError> {
        self.sale_call(Request::put(format!("/sales/capture/{}", segment(sale_id))))
            .await
    }

    /// `PUT /sales/cancel/{SaleId}`: cancels (or, for a Done card sale, reverses) a sale.
    /// Not repeated on failure: on an unknown outcome, read the sale.
    pub async fn cancel(&self, sale_id: &str) -> Result<SaleRecord, ProviderError> {
        self.sale_call(Request::put(format!("/sales/cancel/{}", segment(sale_id))))
            .await
    }

    /// `POST /sales` (201). Never resent: on an unknown outcome use
    /// [`HubcashClient::find_sale_by_ref`] with the sale's `Ref`.
    pub async fn create_sale(&self, sale: &HubcashNewSale) -> Result<SaleRecord, ProviderError> {
        let request = self.with_body(Request::post("/sales"), &envelope::Sale { sale })?;
        self.sale_call(request).await
    }

    /// Finds the newest sale with this `Ref` (reference 10): asks `GET /sales?Ref=…` once per
    /// documented status, always sending `Status` (the seed marks it required; a provider that
    /// answers without it with an empty list must not make a lost sale look absent), each list
    /// paged to its end. `None` only when no status list holds the `Ref`.
    pub async fn find_sale_by_ref(
        &self,
        reference: &str,
    ) -> Result<Option<SaleRecord>, ProviderError> {
        let mut found: Vec<SaleRecord> = Vec::new();
        for status in history::walk_order() {
            let mut offset = 0u64;
            loop {
                let filter = SaleFilter {
                    page: Page {
                        offset,
                        rows: MAX_ROWS,
                    },
                    r#ref: Some(reference.to_owned()),
                    status: Some(status),
                    ..SaleFilter::default()
                };
                let page = self.sales(&filter).await?;
                let read = page.len();
                // A server that ignores the Ref filter still cannot hand back another sale.
                found.extend(
                    page.into_iter()
                        .filter(|r| r.sale.r#ref.as_deref() == Some(reference)),
                );
                if read == 0 || read < MAX_ROWS as usize {
                    break;
                }
                offset = crate::traits::offset_after(PROVIDER, offset, read)?;
            }
        }
        // A sale that moved during the walk is read twice: keep its last reading.
        found.reverse();
        let mut seen = std::collections::HashSet::new();
        found.retain(|r| seen.insert(r.sale.sale_id.clone()));
        // Newest first: Hubcash's ids begin with their creation time (reference 3).
        found.sort_by(|a, b| b.sale.sale_id.cmp(&a.sale.sale_id));
        Ok(found.into_iter().next())
    }

    // ---- helpers (reference 6.3) ----

    /// `GET /currencies`; also teaches the client each currency's `DecimalPlace`.
    pub async fn currencies(&self) -> Result<Vec<HubcashCurrency>, ProviderError> {
        let wrapped: envelope::Currencies = self.call(Request::get("/currencies")).await?;
        let mut scales = self.scales.lock().unwrap_or_else(|e| e.into_inner());
        for c in &wrapped.currencies {
            scales.learn(&c.name, c.decimal_place);
        }
        Ok(wrapped.currencies)
    }

    /// `GET /brands`.
    pub async fn brands(&self) -> Result<Vec<HubcashBrand>, ProviderError> {
        let wrapped: envelope::Brands = self.call(Request::get("/brands")).await?;
        Ok(wrapped.brands)
    }

    /// `GET /brands/{number}`: the brand for a card's first digits (send at most 6).
    pub async fn brand_by_number(&self, first_digits: &str) -> Result<HubcashBrand, ProviderError> {
        let request = Request::get(format!("/brands/{}", segment(first_digits)));
        let wrapped: envelope::Brand = self.call(request).await?;
        Ok(wrapped.brand)
    }

    // ---- notifications (reference 6.4 and 8) ----

    /// `GET /notifications/{NotificationId}`.
    pub async fn notification(&self, id: &str) -> Result<HubcashNotification, ProviderError> {
        let request = Request::get(format!("/notifications/{}", segment(id)));
        let wrapped: envelope::Notification = self.call(request).await?;
        Ok(wrapped.notification)
    }

    /// `PUT /notifications/{NotificationId}`: one new delivery attempt to the configured URL;
    /// the answer carries its result in `LastResponseCode`.
    pub async fn resend_notification(
        &self,
        id: &str,
    ) -> Result<HubcashNotification, ProviderError> {
        let request = Request::put(format!("/notifications/{}", segment(id)));
        let wrapped: envelope::Notification = self.call(request).await?;
        Ok(wrapped.notification)
    }

    /// `GET /notifications`, newest first: Paydesk's change feed.
    pub async fn notifications(
        &self,
        page: Page,
    ) -> Result<Vec<HubcashNotification>, ProviderError> {
        let wrapped: envelope::Notifications = self
            .call(paged(Request::get("/notifications"), page))
            .await?;
        Ok(wrapped.notifications)
    }

    // ---- domain ----

    /// A sale as a unified transaction. An unknown currency is looked up once in
    /// `GET /currencies` for its `DecimalPlace`.
    pub async fn transaction(&self, record: &SaleRecord) -> Result<Transaction, ProviderError> {
        let known = self.scales().resolve(&record.sale.currency).is_ok();
        if !known {
            self.currencies().await?;
        }
        wire::to_transaction(record, &self.account, &self.scales()).map_err(malformed)
    }

    fn scales(&self) -> CurrencyScales {
        self.scales
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    // ---- plumbing ----

    fn authed(&self, request: Request) -> Result<Request, ProviderError> {
        let invalid = |e: crate::http::InvalidHeader| {
            ProviderError::new(PROVIDER, ErrorKind::Validation, e.to_string())
        };
        request
            .secret_header("x-hubcash-code", self.code.expose())
            .and_then(|r| r.secret_header("x-hubcash-token", self.token.expose()))
            .and_then(|r| r.header("content-type", "application/json"))
            .map_err(invalid)
    }

    fn with_body<T: Serialize>(
        &self,
        request: Request,
        body: &T,
    ) -> Result<Request, ProviderError> {
        request.json(body).map_err(|e| {
            ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                format!("the request cannot be written: {e}"),
            )
        })
    }

    async fn send(&self, request: Request) -> Result<Response, ProviderError> {
        let request = self.authed(request)?;
        let response = self.http.execute(&request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(error_from(&response))
        }
    }

    async fn call<T: DeserializeOwned>(&self, request: Request) -> Result<T, ProviderError> {
        let endpoint = request.path().to_owned();
        let response = self.send(request).await?;
        serde_json::from_slice(&response.body).map_err(|e| {
            let problem = Unreadable::new("the answer is not what Hubcash documents", e);
            unreadable(&endpoint, &response.body, &problem)
        })
    }

    async fn sale_call(&self, request: Request) -> Result<SaleRecord, ProviderError> {
        let endpoint = request.path().to_owned();
        let response = self.send(request).await?;
        wire::parse_sale_body(&response.body).map_err(|e| unreadable(&endpoint, &response.body, &e))
    }
}

fn paged(request: Request, page: Page) -> Request {
    request
        .query("offset", page.offset)
        .query("rows", page.rows)
}

/// A path segment, percent-encoded (a document `223.112.333/112` stays one segment).
fn segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The walk of every sale, one documented status at a time (see [`SalesCursor`]).
impl HistorySource for HubcashClient {
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        history::page(self, cursor).await
    }
}
