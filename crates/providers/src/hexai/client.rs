//! The HPG client: base URL, the bearer key, one method per endpoint of the reference's
//! section 5, the error mapping of section 3.2/6.4, and Paydesk's traits.

use chrono::Utc;
use paydesk_domain::{
    AccountId, Balance, Mode, Money, PayoutRequest, ProviderKind, Secret, WaveNumber,
};

use super::wire::{
    self, BalanceSummary, CollectionCreated, CollectionRequest, EarningsDay, HexaiErrorEnvelope,
    HexaiPayoutRequest, HexaiTransaction, Stats, TransactionsPage,
};
use super::{
    INITIATE_REPEAT, LIVE_KEY_PREFIX, MAX_PAGE_LIMIT, RECOVERY_SCAN_PAGES, TEST_KEY_PREFIX,
};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Request, Response};
use crate::traits::{BalanceSource, HistoryPage, HistorySource, PayoutReceipt, PayoutSink};

const P: ProviderKind = ProviderKind::Hexai;

/// Which environment a key belongs to (section 2: the key decides, not the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEnvironment {
    /// `sk_test_…`: sandbox, magic amounts apply.
    Test,
    /// `sk_live_…`: real money.
    Live,
    /// Neither prefix (older `hexai_…` keys). ASSUMPTION (section 2): treated as live.
    Unknown,
}

impl KeyEnvironment {
    /// The environment of a key, from its prefix only (section 2 ASSUMPTION).
    pub fn of(key: &str) -> KeyEnvironment {
        if key.starts_with(TEST_KEY_PREFIX) {
            KeyEnvironment::Test
        } else if key.starts_with(LIVE_KEY_PREFIX) {
            KeyEnvironment::Live
        } else {
            KeyEnvironment::Unknown
        }
    }

    /// Sandbox for test keys; live otherwise (the safer label for unknown keys).
    pub fn mode(self) -> Mode {
        match self {
            KeyEnvironment::Test => Mode::Sandbox,
            KeyEnvironment::Live | KeyEnvironment::Unknown => Mode::Live,
        }
    }
}

/// A client for one merchant account at HPG.
#[derive(Debug, Clone)]
pub struct HexaiClient {
    http: Http,
    api_key: Secret,
    account: AccountId,
}

impl HexaiClient {
    /// A client for `base_url` (usually [`super::DEFAULT_BASE_URL`]) with the merchant's key.
    /// Only an empty key is refused (section 2 ASSUMPTION: no length or alphabet check).
    pub fn new(
        base_url: &str,
        api_key: Secret,
        account: AccountId,
        config: HttpConfig,
    ) -> Result<HexaiClient, ProviderError> {
        if api_key.expose().trim().is_empty() {
            return Err(ProviderError::new(
                P,
                ErrorKind::Unauthorized,
                "the Hexai API key is empty",
            ));
        }
        Ok(HexaiClient {
            http: Http::new(P, base_url, config)?,
            api_key,
            account,
        })
    }

    /// The Paydesk account this client stamps on records.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// Test, live or unknown, from the key's prefix.
    pub fn environment(&self) -> KeyEnvironment {
        KeyEnvironment::of(self.api_key.expose())
    }

    fn authorized(&self, request: Request) -> Result<Request, ProviderError> {
        request
            .secret_header(
                "authorization",
                &format!("Bearer {}", self.api_key.expose()),
            )
            .map_err(|e| ProviderError::new(P, ErrorKind::Unauthorized, e.to_string()))
    }

    /// Sends and returns the success payload's JSON text (envelope removed, section 3.1).
    async fn call(&self, request: Request) -> Result<Response, ProviderError> {
        let request = self.authorized(request)?;
        let response = self.http.execute(&request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(error_from(&response))
        }
    }

    /// `POST /collections/initiate` (section 5.1): a Wave checkout URL for the customer.
    pub async fn initiate_collection(
        &self,
        amount: &Money,
        client_reference: &str,
        success_url: Option<&str>,
        error_url: Option<&str>,
    ) -> Result<CollectionCreated, ProviderError> {
        wire::check_reference(client_reference)?;
        let body = CollectionRequest {
            amount: wire::request_amount(amount)?,
            currency: super::CURRENCY.to_owned(),
            client_reference: client_reference.to_owned(),
            success_url: success_url.map(str::to_owned),
            error_url: error_url.map(str::to_owned),
        };
        self.initiate_collection_raw(&body).await
    }

    /// `POST /collections/initiate` with a body as given (no client-side checks).
    pub async fn initiate_collection_raw(
        &self,
        body: &CollectionRequest,
    ) -> Result<CollectionCreated, ProviderError> {
        let request = Request::post("/collections/initiate")
            .json(body)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))?
            .repeat(INITIATE_REPEAT);
        let response = self.call(request).await?;
        wire::parse("collection", wire::unwrap_success(&response.body)?)
    }

    /// `GET /collections/status/:reference` (section 5.2): one transaction by the merchant's
    /// reference (collections, and payouts per the section 5.2 ASSUMPTION).
    pub async fn transaction_status(
        &self,
        client_reference: &str,
    ) -> Result<(HexaiTransaction, paydesk_domain::Transaction), ProviderError> {
        wire::check_reference(client_reference)?;
        // The reference's charset needs no percent-encoding in a path segment.
        let request = Request::get(format!("/collections/status/{client_reference}"));
        let response = self.call(request).await?;
        wire::parse_transaction(wire::unwrap_success(&response.body)?, &self.account)
    }

    /// `POST /payouts/initiate` (section 5.3). `FAILED` with HTTP 200 is an answer, not an
    /// error: the receipt says it.
    pub async fn initiate_payout(
        &self,
        amount: &Money,
        recipient: &WaveNumber,
        client_reference: &str,
    ) -> Result<PayoutReceipt, ProviderError> {
        wire::check_reference(client_reference)?;
        let body = HexaiPayoutRequest {
            amount: wire::request_amount(amount)?,
            currency: super::CURRENCY.to_owned(),
            recipient_mobile: recipient.as_str().to_owned(),
            client_reference: client_reference.to_owned(),
        };
        self.initiate_payout_raw(&body).await
    }

    /// `POST /payouts/initiate` with a body as given (no client-side checks).
    pub async fn initiate_payout_raw(
        &self,
        body: &HexaiPayoutRequest,
    ) -> Result<PayoutReceipt, ProviderError> {
        let request = Request::post("/payouts/initiate")
            .json(body)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))?
            .repeat(INITIATE_REPEAT);
        let response = self.call(request).await?;
        let json = wire::unwrap_success(&response.body)?;
        let payout: HexaiTransaction = wire::parse("payout", json)?;
        payout.to_receipt(json)
    }

    /// `GET /client/balance` (section 5.4).
    pub async fn balance(&self) -> Result<BalanceSummary, ProviderError> {
        let response = self.call(Request::get("/client/balance")).await?;
        wire::parse_balance(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/stats` (section 5.5).
    pub async fn stats(&self) -> Result<Stats, ProviderError> {
        let response = self.call(Request::get("/client/stats")).await?;
        wire::parse_stats(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/earnings-chart` (section 5.6), sorted and zero-filled.
    pub async fn earnings_chart(&self) -> Result<Vec<EarningsDay>, ProviderError> {
        let response = self.call(Request::get("/client/earnings-chart")).await?;
        wire::parse_earnings_chart(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/transactions?page=&limit=` (section 5.7), newest first.
    pub async fn transactions(
        &self,
        page: u32,
        limit: u32,
    ) -> Result<TransactionsPage, ProviderError> {
        let request = Request::get("/client/transactions")
            .query("page", page)
            .query("limit", limit);
        let response = self.call(request).await?;
        wire::parse_transactions_page(wire::unwrap_success(&response.body)?, &self.account)
    }

    /// Recovery step (b) of section 9: scans the newest pages for a reference.
    async fn scan_for_reference(
        &self,
        reference: &str,
    ) -> Result<Option<PayoutReceipt>, ProviderError> {
        let mut page = 1;
        loop {
            let found = self.transactions(page, MAX_PAGE_LIMIT).await?;
            if let Some(t) = found
                .transactions
                .iter()
                .find(|t| t.merchant_reference.as_deref() == Some(reference))
            {
                let wire: HexaiTransaction = wire::parse("transaction", &t.raw)?;
                return wire.to_receipt(&t.raw).map(Some);
            }
            if u64::from(page) >= found.pagination.total_pages || found.transactions.is_empty() {
                return Ok(None);
            }
            if page >= RECOVERY_SCAN_PAGES {
                return Err(ProviderError::new(
                    P,
                    ErrorKind::Rejected,
                    format!(
                        "reference {reference} is unknown to the status lookup and not among the \
                         newest {} transactions; it cannot be proven absent",
                        u64::from(RECOVERY_SCAN_PAGES) * u64::from(MAX_PAGE_LIMIT)
                    ),
                ));
            }
            page += 1;
        }
    }
}

/// Maps an HTTP error answer: the HTTP status decides the kind, `error.code` refines special
/// cases and is kept verbatim with the message (section 6.4 client rule).
pub fn error_from(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let envelope: HexaiErrorEnvelope = serde_json::from_slice(&response.body).unwrap_or_default();
    let (code, message) = envelope.code_and_message();
    let kind = match code.as_deref() {
        Some("INSUFFICIENT_BALANCE") | Some("INSUFFICIENT_FUNDS") => ErrorKind::InsufficientFunds,
        Some("DUPLICATE_REFERENCE") => ErrorKind::Conflict,
        Some("ACCOUNT_BLOCKED") => ErrorKind::Forbidden,
        _ => ProviderError::kind_for_status(status),
    };
    // A 2xx never reaches here; any other status with a `RATE_LIMIT_EXCEEDED` code is a 429.
    let kind = if status == 429 {
        ErrorKind::RateLimited
    } else {
        kind
    };
    let message = message.unwrap_or_else(|| {
        if response.body.is_empty() {
            format!("HTTP {status} with no body")
        } else {
            format!("HTTP {status}: {}", response.body_excerpt())
        }
    });
    let mut error = ProviderError::http(P, kind, status, code, message);
    error.retry_after = response.retry_after();
    error
}

impl BalanceSource for HexaiClient {
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let summary = self.balance().await?;
        Ok(vec![summary.to_balance(&self.account, Utc::now())?])
    }
}

impl HistorySource for HexaiClient {
    /// Cursor: the next page number as decimal text (`"3"`), pages of
    /// [`MAX_PAGE_LIMIT`] newest first. `None` starts at page 1. Pages shift when new
    /// transactions arrive (section 8), which repeats rows (upserted by id) but never skips
    /// one; a finished walk (`next: None`) restarts from page 1.
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let page = match cursor {
            None => 1,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| {
                    ProviderError::new(
                        P,
                        ErrorKind::Validation,
                        format!("'{text}' is not a Hexai history cursor (a page number)"),
                    )
                })?,
        };
        let found = self.transactions(page, MAX_PAGE_LIMIT).await?;
        let more = u64::from(page) < found.pagination.total_pages && !found.transactions.is_empty();
        let next = match more {
            true => Some(page.checked_add(1).ok_or_else(|| {
                ProviderError::malformed(P, "the history claims more pages than can be read")
            })?),
            false => None,
        };
        Ok(HistoryPage {
            transactions: found.transactions,
            next: next.map(|p| p.to_string()),
            estimated_total: Some(found.pagination.total),
        })
    }
}

fn hexai_payout(request: &PayoutRequest) -> Result<(&Money, &WaveNumber, &str), ProviderError> {
    match request {
        PayoutRequest::HexaiPayout {
            amount,
            recipient_mobile,
            client_reference,
            ..
        } => Ok((amount, recipient_mobile, client_reference)),
        other => Err(ProviderError::new(
            P,
            ErrorKind::Validation,
            format!("Hexai cannot carry out a {} request", other.provider()),
        )),
    }
}

impl PayoutSink for HexaiClient {
    async fn send(&self, request: &PayoutRequest) -> Result<PayoutReceipt, ProviderError> {
        let (amount, recipient, reference) = hexai_payout(request)?;
        self.initiate_payout(amount, recipient, reference).await
    }

    /// Section 9 recovery: the status lookup first, then a scan of the newest history pages.
    async fn find(&self, request: &PayoutRequest) -> Result<Option<PayoutReceipt>, ProviderError> {
        let (_, _, reference) = hexai_payout(request)?;
        match self.transaction_status(reference).await {
            Ok((wire, transaction)) => wire.to_receipt(&transaction.raw).map(Some),
            Err(e) if e.kind == ErrorKind::NotFound => self.scan_for_reference(reference).await,
            Err(e) => Err(e),
        }
    }
}
