//! The HG.Cash client: base URL, bearer token, one method per endpoint of the reference's §3,
//! and the traits HG.Cash supports (balances, cash-outs). A cash-out carries the `transfer`
//! type's `typeID` from the reference data (seed), looked up once per client
//! ([`transfer_type`]).

mod transfer_type;

use chrono::Utc;
use paydesk_domain::{AccountId, Balance, PayoutRequest, Secret};

use crate::error::{ErrorKind, ProviderError};
use crate::http::{Http, HttpConfig, Repeat, Request, Response};
use crate::traits::{BalanceSource, PayoutReceipt, PayoutSink};

use self::transfer_type::{TransferType, TransferTypeCache};
use super::assumptions;
use super::errors::{envelope_of, error_from, error_of};
use super::wire::{
    self, AccountBalance, AccountList, CreateTransactionRequest, CreatedTransaction, PROVIDER,
    ReferenceId, ReferenceList, TransactionStatusResponse,
};

/// A client for one HG.Cash API token (one Paydesk account, possibly several HG.Cash
/// accounts).
#[derive(Debug, Clone)]
pub struct HgCashClient {
    http: Http,
    token: Secret,
    account: AccountId,
    webhook_url: Option<String>,
    transfer_type: TransferTypeCache,
}

/// What a recovery by re-sending (§7) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The re-send created the request now (the first attempt never arrived).
    Created(PayoutReceipt),
    /// The request existed already (409 `DUPLICATE_EXTERNAL_ID`). `existing` is its current
    /// status when the answer named its id (`details.existingId`, simulator only);
    /// otherwise the payout is "submitted, id unknown" until its request webhook arrives.
    AlreadySubmitted {
        /// The earlier request's status, when its id is known.
        existing: Option<PayoutReceipt>,
    },
}

impl HgCashClient {
    /// A client for `base_url` (e.g. `https://hg.cash/api/v1`) with the account's API token
    /// (`cash_` + 64 hex), stamping records with the Paydesk `account`.
    pub fn new(
        base_url: &str,
        token: Secret,
        account: AccountId,
        config: HttpConfig,
    ) -> Result<HgCashClient, ProviderError> {
        Ok(HgCashClient {
            http: Http::new(PROVIDER, base_url, config)?,
            token,
            account,
            webhook_url: None,
            transfer_type: TransferTypeCache::default(),
        })
    }

    /// Sends `webhookUrl` on every cash-out, overriding the dashboard's default URL (§5.1).
    pub fn with_webhook_url(mut self, url: impl Into<String>) -> HgCashClient {
        self.webhook_url = Some(url.into());
        self
    }

    /// The Paydesk account this client speaks for.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    fn authorized(&self, request: Request) -> Result<Request, ProviderError> {
        let request = request
            .header("accept", "application/json")
            .map_err(|e| ProviderError::new(PROVIDER, ErrorKind::Validation, e.to_string()))?;
        request
            .secret_header("authorization", &format!("Bearer {}", self.token.expose()))
            .map_err(|_| {
                ProviderError::new(
                    PROVIDER,
                    ErrorKind::Unauthorized,
                    "the API token has characters that cannot be sent",
                )
            })
    }

    async fn call(&self, request: Request) -> Result<Response, ProviderError> {
        let request = self.authorized(request)?;
        let response = self.http.execute(&request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(error_from(&response))
        }
    }

    /// `GET /accounts`: every account of the token, with balances and status.
    pub async fn accounts(&self) -> Result<AccountList, ProviderError> {
        let response = self.call(Request::get("/accounts")).await?;
        wire::parse_account_list(&response.body)
    }

    /// `GET /account/{id}/balance`: one account's balance (404: not this user's account).
    pub async fn account_balance(&self, account_id: &str) -> Result<AccountBalance, ProviderError> {
        let id = path_id(account_id)?;
        let response = self
            .call(Request::get(format!("/account/{id}/balance")))
            .await?;
        wire::parse_account_balance(&response.body)
    }

    /// `POST /transactions`: creates a cash-out request with `body` exactly as given. Never
    /// resent automatically (§3.8): after an unknown outcome use [`HgCashClient::recover`].
    pub async fn create_transaction(
        &self,
        body: &CreateTransactionRequest,
    ) -> Result<CreatedTransaction, ProviderError> {
        let request = Request::post("/transactions")
            .json(body)
            .map_err(|e| ProviderError::new(PROVIDER, ErrorKind::Validation, e.to_string()))?
            .repeat(Repeat::Never);
        let response = self.call(request).await?;
        wire::parse_created(&response.body)
    }

    /// `GET /transaction/{id}/status`: a cash-out request's status.
    pub async fn transaction_status(
        &self,
        id: &str,
    ) -> Result<TransactionStatusResponse, ProviderError> {
        let id = path_id(id)?;
        let response = self
            .call(Request::get(format!("/transaction/{id}/status")))
            .await?;
        wire::parse_status(&response.body)
    }

    /// `GET /transaction-statuses`: reference data (the token is always sent, U15).
    pub async fn transaction_statuses(&self) -> Result<ReferenceList, ProviderError> {
        let response = self.call(Request::get("/transaction-statuses")).await?;
        wire::parse_reference_list(&response.body)
    }

    /// `GET /transaction-types`: reference data.
    pub async fn transaction_types(&self) -> Result<ReferenceList, ProviderError> {
        let response = self.call(Request::get("/transaction-types")).await?;
        wire::parse_reference_list(&response.body)
    }

    /// The `typeID` a cash-out carries: the `transfer` type's id (seed, Reference Data),
    /// read once per client. `None` when the reference data names no `transfer` type with an
    /// id, or when it could not be read this time (asked again next time); see
    /// [`assumptions::TYPE_ID_REQUIRED`].
    pub async fn transfer_type_id(&self) -> Result<Option<ReferenceId>, ProviderError> {
        let found = match self.transfer_type.get() {
            Some(known) => known,
            None => match self.transaction_types().await {
                Ok(list) => {
                    let found = list
                        .id_named(assumptions::TRANSFER_TYPE_NAME)
                        .cloned()
                        .map_or(TransferType::Unnamed, TransferType::Id);
                    if self.transfer_type.remember(found.clone()) && found == TransferType::Unnamed
                    {
                        tracing::warn!(
                            types = list.data.len(),
                            "HG.Cash's transaction types name no 'transfer' type with an id; \
                             cash-outs are sent without typeID"
                        );
                    }
                    found
                }
                Err(e) => {
                    if assumptions::TYPE_ID_REQUIRED {
                        return Err(e);
                    }
                    tracing::warn!(
                        error = %e,
                        "HG.Cash's transaction types could not be read; this cash-out is sent \
                         without typeID and the next one asks again"
                    );
                    return Ok(None);
                }
            },
        };
        match found {
            TransferType::Id(id) => Ok(Some(id)),
            TransferType::Unnamed if assumptions::TYPE_ID_REQUIRED => Err(ProviderError::new(
                PROVIDER,
                ErrorKind::Validation,
                "HG.Cash's reference data names no 'transfer' type; the cash-out was not sent",
            )),
            TransferType::Unnamed => Ok(None),
        }
    }

    /// The create body for a Paydesk cash-out: its fields, this client's `webhookUrl`, and
    /// the `transfer` `typeID`.
    pub async fn cash_out_body(
        &self,
        request: &PayoutRequest,
    ) -> Result<CreateTransactionRequest, ProviderError> {
        let body = CreateTransactionRequest::from_payout(request, self.webhook_url.as_deref())?;
        Ok(body.with_type_id(self.transfer_type_id().await?))
    }

    /// The recovery of §7 after an unknown outcome: re-sends the *same* body with the *same*
    /// `externalID` once. HG.Cash refuses a second request with that `externalID` on the
    /// account, so this can never create a second cash-out.
    pub async fn recover(&self, request: &PayoutRequest) -> Result<Recovery, ProviderError> {
        let body = self.cash_out_body(request).await?;
        let http_request = self.authorized(
            Request::post("/transactions")
                .json(&body)
                .map_err(|e| ProviderError::new(PROVIDER, ErrorKind::Validation, e.to_string()))?
                .repeat(Repeat::Never),
        )?;
        let response = self.http.execute(&http_request).await?;
        if response.is_success() {
            return Ok(Recovery::Created(
                wire::parse_created(&response.body)?.to_receipt(),
            ));
        }
        let status = response.status.as_u16();
        let envelope = envelope_of(status, &response.body);
        let duplicate = status == 409
            && envelope
                .as_ref()
                .and_then(|e| e.code.as_deref())
                .is_some_and(|c| c == "DUPLICATE_EXTERNAL_ID");
        if !duplicate {
            let mut error = error_of(status, envelope);
            error.retry_after = response.retry_after();
            return Err(error);
        }
        let existing_id = envelope.and_then(|e| e.details).and_then(|d| d.existing_id);
        let existing = match existing_id {
            Some(id) => Some(self.transaction_status(&id).await?.to_receipt()),
            None => None,
        };
        Ok(Recovery::AlreadySubmitted { existing })
    }
}

/// An id placed in a path: uuid-like text only, so it can never change the path.
fn path_id(id: &str) -> Result<&str, ProviderError> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(id)
    } else {
        Err(ProviderError::new(
            PROVIDER,
            ErrorKind::Validation,
            format!(
                "'{}' is not an HG.Cash id",
                id.chars().take(40).collect::<String>()
            ),
        ))
    }
}

impl BalanceSource for HgCashClient {
    /// `GET /accounts`, `netBalance` summed per currency over the token's accounts.
    async fn balances(&self) -> Result<Vec<Balance>, ProviderError> {
        let list = self.accounts().await?;
        wire::balances_of(&list, &self.account, Utc::now())
    }
}

impl PayoutSink for HgCashClient {
    async fn send(&self, request: &PayoutRequest) -> Result<PayoutReceipt, ProviderError> {
        let body = self.cash_out_body(request).await?;
        Ok(self.create_transaction(&body).await?.to_receipt())
    }

    /// HG.Cash has no look-up by `externalID` (§7, §11): this always answers an error that
    /// says so. Recover with [`HgCashClient::recover`] (same body, same `externalID`), or by
    /// [`HgCashClient::transaction_status`] once the id is known from a request webhook.
    async fn find(&self, request: &PayoutRequest) -> Result<Option<PayoutReceipt>, ProviderError> {
        Err(ProviderError::new(
            PROVIDER,
            ErrorKind::Rejected,
            format!(
                "HG.Cash cannot look up a cash-out by reference ({}); resend it with the same \
                 externalID or wait for its webhook",
                request.reference().unwrap_or("none")
            ),
        ))
    }
}
