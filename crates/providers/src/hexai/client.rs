//! The HPG client: base URL, the bearer key, one method per endpoint of §5, and Paydesk's
//! traits ([`BalanceSource`], [`HistorySource`], [`PayoutSink`]). Error answers are read by
//! [`super::errors::error_from`]; answers by [`super::wire`].

mod paging;

use chrono::Utc;
use paydesk_domain::{
    AccountId, Balance, Mode, Money, PayoutRequest, ProviderKind, Secret, WaveNumber,
};

use self::paging::Position;
use super::assumptions::{
    INITIATE_REPEAT, MAX_PAGE_LIMIT, RECOVERY_SCAN_PAGES, UNPREFIXED_KEY_MODE,
};
use super::errors::error_from;
use super::wire::{
    self, BalanceSummary, CollectionCreated, CollectionRequest, EarningsDay, HexaiPayoutRequest,
    HexaiTransaction, Stats, TransactionsPage,
};
use super::{LIVE_KEY_PREFIX, TEST_KEY_PREFIX};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Request, Response};
use crate::traits::{BalanceSource, HistoryPage, HistorySource, PayoutReceipt, PayoutSink};

const P: ProviderKind = ProviderKind::Hexai;

/// Which environment a key belongs to (§2: the key decides, not the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEnvironment {
    /// `sk_test_…`: sandbox, magic amounts apply.
    Test,
    /// `sk_live_…`: real money.
    Live,
    /// Neither prefix (older `hexai_…` keys), shown as [`UNPREFIXED_KEY_MODE`].
    Unknown,
}

impl KeyEnvironment {
    /// The environment of a key, from its prefix only.
    pub fn of(key: &str) -> KeyEnvironment {
        if key.starts_with(TEST_KEY_PREFIX) {
            KeyEnvironment::Test
        } else if key.starts_with(LIVE_KEY_PREFIX) {
            KeyEnvironment::Live
        } else {
            KeyEnvironment::Unknown
        }
    }

    /// Sandbox for test keys, live for live keys, the §2 ASSUMPTION for the others.
    pub fn mode(self) -> Mode {
        match self {
            KeyEnvironment::Test => Mode::Sandbox,
            KeyEnvironment::Live => Mode::Live,
            KeyEnvironment::Unknown => UNPREFIXED_KEY_MODE,
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
    /// Only an empty key is refused.
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

    /// Sends; a 2xx is the answer, anything else the provider's error.
    async fn call(&self, request: Request) -> Result<Response, ProviderError> {
        let request = self.authorized(request)?;
        let response = self.http.execute(&request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(error_from(&response))
        }
    }

    /// `POST /collections/initiate` (§5.1): a Wave checkout URL for the customer.
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
        wire::parse("collection answer", wire::unwrap_success(&response.body)?)
    }

    /// `GET /collections/status/:reference` (§5.2): one transaction by the merchant's
    /// reference (collections, and payouts per the §5.2 ASSUMPTION). The seed shows no answer:
    /// only a status is required, so the amount, type and times may be missing.
    pub async fn transaction_status(
        &self,
        client_reference: &str,
    ) -> Result<HexaiTransaction, ProviderError> {
        wire::check_reference(client_reference)?;
        // The reference's charset needs no percent-encoding in a path segment.
        let request = Request::get(format!("/collections/status/{client_reference}"));
        let response = self.call(request).await?;
        wire::parse_transaction("status answer", wire::unwrap_success(&response.body)?)
    }

    /// `POST /payouts/initiate` (§5.3). `FAILED` with HTTP 200 is an answer, not an error:
    /// the receipt says it.
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

    /// `POST /payouts/initiate` with a body as given (no client-side checks). The seed shows
    /// no answer: a transaction id and a status are all the receipt needs. An amount or
    /// reference the answer echoes differently from the request is kept as the receipt's
    /// warning, never as its outcome.
    pub async fn initiate_payout_raw(
        &self,
        body: &HexaiPayoutRequest,
    ) -> Result<PayoutReceipt, ProviderError> {
        let request = Request::post("/payouts/initiate")
            .json(body)
            .map_err(|e| ProviderError::new(P, ErrorKind::Validation, e.to_string()))?
            .repeat(INITIATE_REPEAT);
        let response = self.call(request).await?;
        let payout =
            wire::parse_transaction("payout answer", wire::unwrap_success(&response.body)?)?;
        let mut receipt = payout.to_receipt()?;
        receipt.warning = echo_warning(&payout, body);
        Ok(receipt)
    }

    /// `GET /client/balance` (§5.4).
    pub async fn balance(&self) -> Result<BalanceSummary, ProviderError> {
        let response = self.call(Request::get("/client/balance")).await?;
        wire::parse_balance(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/stats` (§5.5).
    pub async fn stats(&self) -> Result<Stats, ProviderError> {
        let response = self.call(Request::get("/client/stats")).await?;
        wire::parse_stats(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/earnings-chart` (§5.6), sorted and zero-filled.
    pub async fn earnings_chart(&self) -> Result<Vec<EarningsDay>, ProviderError> {
        let response = self.call(Request::get("/client/earnings-chart")).await?;
        wire::parse_earnings_chart(wire::unwrap_success(&response.body)?)
    }

    /// `GET /client/transactions?page=&limit=` (§5.7), newest first.
    pub async fn transactions(
        &self,
        page: u32,
        limit: u32,
    ) -> Result<TransactionsPage, ProviderError> {
        let request = Request::get("/client/transactions")
            .query("page", page)
            .query("limit", limit);
        let response = self.call(request).await?;
        wire::parse_transactions_page(
            wire::unwrap_success(&response.body)?,
            &self.account,
            Utc::now(),
        )
    }

    /// Recovery step (b) of §9: scans the newest pages for a reference.
    async fn scan_for_reference(
        &self,
        reference: &str,
    ) -> Result<Option<PayoutReceipt>, ProviderError> {
        let mut at = Position::start();
        loop {
            let found = self.transactions(at.page, MAX_PAGE_LIMIT).await?;
            if let Some(t) = found
                .transactions
                .iter()
                .find(|t| t.merchant_reference.as_deref() == Some(reference))
            {
                return wire::parse_transaction("transaction in the list", &t.raw)?
                    .to_receipt()
                    .map(Some);
            }
            let Some(next) = at.next(MAX_PAGE_LIMIT, &found) else {
                return Ok(None);
            };
            if at.page >= RECOVERY_SCAN_PAGES {
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
            at = next;
        }
    }
}

/// What a payout answer echoes differently from the request, in words; `None` when it echoes
/// nothing or the same.
fn echo_warning(payout: &HexaiTransaction, sent: &HexaiPayoutRequest) -> Option<String> {
    let mut notes = Vec::new();
    if let Ok(Some(echoed)) = payout.money()
        && sent
            .amount
            .parse::<rust_decimal::Decimal>()
            .is_ok_and(|asked| asked != echoed.amount())
    {
        notes.push(format!(
            "Hexai answered with {} GMD for a payout of {} GMD",
            echoed.amount_text(),
            sent.amount
        ));
    }
    if let Some(reference) = payout.client_reference.as_deref()
        && reference.trim() != sent.client_reference
    {
        notes.push(format!(
            "Hexai answered with another reference than {}",
            sent.client_reference
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

impl BalanceSource for HexaiClient {
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let summary = self.balance().await?;
        Ok(vec![summary.to_balance(&self.account, Utc::now())?])
    }
}

impl HistorySource for HexaiClient {
    /// Cursor: the next page number (`"3"`, or `"3:<id>"` while walking pages that come
    /// without pagination figures, see `paging`), pages of [`MAX_PAGE_LIMIT`] newest first.
    /// `None` starts at page 1. Pages shift when new transactions arrive (§8), which repeats
    /// rows (upserted by id) but never skips one; a finished walk (`next: None`) restarts from
    /// page 1.
    async fn history_page(&self, cursor: Option<&str>) -> Result<HistoryPage, ProviderError> {
        let at = match cursor {
            None => Position::start(),
            Some(text) => Position::parse(text)?,
        };
        let found = self.transactions(at.page, MAX_PAGE_LIMIT).await?;
        let next = at.next(MAX_PAGE_LIMIT, &found).map(|p| p.to_text());
        Ok(HistoryPage {
            estimated_total: found.pagination.and_then(|p| p.total),
            transactions: found.transactions,
            next,
        })
    }
}

fn not_hexai(request: &PayoutRequest) -> ProviderError {
    ProviderError::new(
        P,
        ErrorKind::Validation,
        format!("Hexai cannot carry out a {} request", request.provider()),
    )
}

/// The reference a Hexai payout or collection is known by.
fn hexai_reference(request: &PayoutRequest) -> Result<&str, ProviderError> {
    match request {
        PayoutRequest::HexaiPayout {
            client_reference, ..
        }
        | PayoutRequest::HexaiCollection {
            client_reference, ..
        } => Ok(client_reference),
        other => Err(not_hexai(other)),
    }
}

impl PayoutSink for HexaiClient {
    async fn send(&self, request: &PayoutRequest) -> Result<PayoutReceipt, ProviderError> {
        match request {
            PayoutRequest::HexaiPayout {
                amount,
                recipient_mobile,
                client_reference,
                ..
            } => {
                self.initiate_payout(amount, recipient_mobile, client_reference)
                    .await
            }
            PayoutRequest::HexaiCollection {
                amount,
                client_reference,
                success_url,
                error_url,
                ..
            } => Ok(self
                .initiate_collection(
                    amount,
                    client_reference,
                    success_url.as_deref(),
                    error_url.as_deref(),
                )
                .await?
                .to_receipt()),
            other => Err(not_hexai(other)),
        }
    }

    /// §9 recovery: the status lookup first, then a scan of the newest history pages (also
    /// when the lookup's answer names no transaction id).
    async fn find(&self, request: &PayoutRequest) -> Result<Option<PayoutReceipt>, ProviderError> {
        let reference = hexai_reference(request)?;
        match self.transaction_status(reference).await {
            Ok(found) => match found.to_receipt() {
                Ok(receipt) => Ok(Some(receipt)),
                Err(unnamed) => match self.scan_for_reference(reference).await? {
                    Some(receipt) => Ok(Some(receipt)),
                    None => Err(unnamed),
                },
            },
            Err(e) if e.kind == ErrorKind::NotFound => self.scan_for_reference(reference).await,
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent() -> HexaiPayoutRequest {
        HexaiPayoutRequest {
            amount: "50.00".into(),
            currency: "GMD".into(),
            recipient_mobile: "+2201234567".into(),
            client_reference: "PD-1".into(),
        }
    }

    fn answer(json: &str) -> HexaiTransaction {
        wire::parse_transaction("payout answer", json).expect("parses")
    }

    #[test]
    fn an_answer_echoing_other_figures_is_a_warning_not_an_outcome() {
        let minimal = answer(r#"{"transaction_id":"tx_1","status":"SUCCESS"}"#);
        assert_eq!(echo_warning(&minimal, &sent()), None);
        let same = answer(
            r#"{"transaction_id":"tx_1","status":"SUCCESS","amount":50,"client_reference":"PD-1"}"#,
        );
        assert_eq!(echo_warning(&same, &sent()), None);
        let other = answer(
            r#"{"transaction_id":"tx_1","status":"SUCCESS","amount_bututs":100,"client_reference":"PD-2"}"#,
        );
        assert_eq!(
            echo_warning(&other, &sent()).as_deref(),
            Some(
                "Hexai answered with 1.00 GMD for a payout of 50.00 GMD; Hexai answered with \
                 another reference than PD-1"
            )
        );
        assert_eq!(
            other.to_receipt().expect("receipt").status,
            paydesk_domain::TransactionStatus::Succeeded
        );
    }
}
