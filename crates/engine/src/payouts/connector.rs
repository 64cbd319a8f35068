//! One account's provider client, seen from the payout engine: send a request once, find it
//! again by its reference, read its status, cancel it. Each provider's recovery rule lives
//! here, next to the send it recovers.

use chrono::{Duration, NaiveDate};
use paydesk_domain::PayoutRequest;
use paydesk_providers::cashweb::{CashWebClient, cancel_idempotency_key_for};
use paydesk_providers::hexai::HexaiClient;
use paydesk_providers::hgcash::{HgCashClient, Recovery};
use paydesk_providers::hpay::{HpayClient, NewPayment};
use paydesk_providers::hubcash::{
    HubcashClient, HubcashNewBillet, HubcashNewSale, HubcashStatus, SaleRecord,
};
use paydesk_providers::{ErrorKind, PayoutReceipt, PayoutSink, ProviderError};

/// A provider client for one Paydesk account, as the payout engine uses it.
#[derive(Debug)]
pub enum Connector {
    /// Hexai: Wave payouts.
    Hexai(HexaiClient),
    /// HG.Cash: cash-outs to a CBU/CVU.
    HgCash(HgCashClient),
    /// CashWeb: deposit requests.
    CashWeb(CashWebClient),
    /// HPAY: payment links.
    Hpay(HpayClient),
    /// Hubcash: capture and cancel of sales.
    Hubcash(HubcashClient),
}

/// A provider record found by the id the merchant gave ([`Connector::named`]).
#[derive(Debug, Clone)]
pub struct Named {
    /// Its status.
    pub receipt: PayoutReceipt,
    /// True when the provider's reply showed the payout's own reference; false when it showed
    /// none, and the link rests on the merchant's word.
    pub reference_shown: bool,
}

/// What a look-up by reference found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The provider has it (or, for a capture/cancel, the sale shows it done).
    Found(PayoutReceipt),
    /// The provider says it has no such record: the only answer that permits a resend.
    Absent,
    /// The provider says it has the request but does not name it (HG.Cash refuses the
    /// repeated `externalID` as a duplicate, without an id): it was created, and cannot be
    /// followed until the merchant links it to its id (see `PayoutService::link`).
    Unnamed,
}

impl Connector {
    /// True when a 429 (or a 5xx) can be answered by sending the same request again, because
    /// the provider deduplicates it by its key: Hexai (`client_reference`), HG.Cash
    /// (`externalID`) and CashWeb (`Idempotency-Key`). HPAY and Hubcash have no such key.
    pub fn deduplicates(&self) -> bool {
        matches!(
            self,
            Connector::Hexai(_) | Connector::HgCash(_) | Connector::CashWeb(_)
        )
    }

    /// True where the look-up is a resend of the same request (HG.Cash, which has no look-up
    /// but refuses a repeated `externalID`): a refusal of the request's content (the same body
    /// the first send had) settles the payout as failed.
    pub fn looks_up_by_resending(&self) -> bool {
        matches!(self, Connector::HgCash(_))
    }

    /// Sends the request once. `reference` is the journal's reference (HPAY carries it in the
    /// description, since its API takes none).
    pub async fn send(
        &self,
        request: &PayoutRequest,
        reference: &str,
    ) -> Result<PayoutReceipt, ProviderError> {
        match self {
            Connector::Hexai(c) => c.send(request).await,
            Connector::HgCash(c) => c.send(request).await,
            Connector::CashWeb(c) => c.send(request).await,
            Connector::Hpay(c) => {
                let payment = hpay_payment(request, reference)?;
                // The receipt carries the link's warning (an echoed amount that differs).
                Ok(c.create_payment(&payment).await?.receipt())
            }
            Connector::Hubcash(c) => {
                let record = match request {
                    PayoutRequest::HubcashCapture { sale_id, .. } => c.capture(sale_id).await?,
                    PayoutRequest::HubcashCancel { sale_id, .. } => c.cancel(sale_id).await?,
                    PayoutRequest::HubcashBilletSale {
                        amount,
                        reference,
                        customer_name,
                        customer_document,
                        days_to_pay,
                        ..
                    } => {
                        c.create_sale(&HubcashNewSale::billet(
                            amount.minor_units(),
                            amount.currency().code(),
                            reference,
                            customer_name,
                            customer_document.as_deref(),
                            days_to_pay
                                .map(|days| HubcashNewBillet::for_reference(reference, days)),
                        ))
                        .await?
                    }
                    other => return Err(wrong_form(ProviderKindOf::Hubcash, other)),
                };
                Ok(sale_receipt(&record))
            }
        }
    }

    /// Finds the request again by its reference after an unknown outcome.
    ///
    /// HG.Cash has no look-up: its recovery re-sends the same `externalID`, which HG.Cash
    /// refuses to carry out twice (409), so it can create the cash-out at most once.
    pub async fn lookup(
        &self,
        request: &PayoutRequest,
        reference: &str,
        since: NaiveDate,
    ) -> Result<Lookup, ProviderError> {
        match self {
            Connector::Hexai(c) => Ok(c.find(request).await?.map_or(Lookup::Absent, Lookup::Found)),
            Connector::CashWeb(c) => {
                Ok(c.find(request).await?.map_or(Lookup::Absent, Lookup::Found))
            }
            Connector::HgCash(c) => match c.recover(request).await? {
                Recovery::Created(receipt) => Ok(Lookup::Found(receipt)),
                Recovery::AlreadySubmitted {
                    existing: Some(receipt),
                } => Ok(Lookup::Found(receipt)),
                Recovery::AlreadySubmitted { existing: None } => Ok(Lookup::Unnamed),
            },
            Connector::Hpay(c) => {
                let found = c
                    .find_by_reference(reference, since - Duration::days(1))
                    .await?;
                match found.as_slice() {
                    [] => Ok(Lookup::Absent),
                    [one] => Ok(Lookup::Found(one.receipt())),
                    many => Err(ProviderError::new(
                        paydesk_domain::ProviderKind::Hpay,
                        ErrorKind::Conflict,
                        format!("{} HPAY links carry reference {reference}", many.len()),
                    )),
                }
            }
            Connector::Hubcash(c) if matches!(request, PayoutRequest::HubcashBilletSale { .. }) => {
                Ok(c.find_sale_by_ref(reference)
                    .await?
                    .map_or(Lookup::Absent, |record| {
                        Lookup::Found(sale_receipt(&record))
                    }))
            }
            Connector::Hubcash(c) => {
                let (sale_id, done) = match request {
                    PayoutRequest::HubcashCapture { sale_id, .. } => (sale_id, HubcashStatus::Done),
                    PayoutRequest::HubcashCancel { sale_id, .. } => {
                        (sale_id, HubcashStatus::Canceled)
                    }
                    other => return Err(wrong_form(ProviderKindOf::Hubcash, other)),
                };
                let record = c.sale(sale_id).await?;
                if record.sale.known_status() == Some(done) {
                    Ok(Lookup::Found(sale_receipt(&record)))
                } else {
                    Ok(Lookup::Absent)
                }
            }
        }
    }

    /// The current status of an accepted request, for polling. `None` where there is nothing
    /// to follow (Hubcash actions) or nothing to follow it by yet.
    pub async fn status(
        &self,
        request: &PayoutRequest,
        provider_id: Option<&str>,
    ) -> Result<Option<PayoutReceipt>, ProviderError> {
        match self {
            Connector::Hexai(c) => c.find(request).await,
            Connector::HgCash(c) => match provider_id {
                Some(id) => Ok(Some(c.transaction_status(id).await?.to_receipt())),
                None => Ok(None),
            },
            // A deposit request is read again by its reference until it is paid or expires.
            Connector::CashWeb(c) => c.find(request).await,
            // A link is read again by its id until HPAY lists it as paid.
            Connector::Hpay(c) => match provider_id {
                Some(id) => Ok(c.find_payment(id).await?.map(|entry| entry.receipt())),
                None => Ok(None),
            },
            // A billet is read again by its sale id until it is paid or expires; a capture or
            // cancel is done when the provider answers.
            Connector::Hubcash(c) => match (request, provider_id) {
                (PayoutRequest::HubcashBilletSale { .. }, Some(id)) => {
                    Ok(Some(sale_receipt(&c.sale(id).await?)))
                }
                _ => Ok(None),
            },
        }
    }

    /// The request the provider knows by `provider_id`, for the merchant's link of an unnamed
    /// HG.Cash cash-out ([`Lookup::Unnamed`]) to the id HG.Cash's dashboard shows. A status
    /// that carries another `externalID` is refused; one that carries none (HG.Cash's status
    /// reply is not documented) is returned with `reference_shown` false.
    pub async fn named(
        &self,
        request: &PayoutRequest,
        provider_id: &str,
    ) -> Result<Named, ProviderError> {
        let provider = self.provider();
        let refuse = |message: String| ProviderError::new(provider, ErrorKind::Validation, message);
        let (Connector::HgCash(c), PayoutRequest::HgCashCashOut { external_id, .. }) =
            (self, request)
        else {
            return Err(refuse(format!(
                "{} payouts are found by their reference; there is nothing to link by hand",
                provider.display_name()
            )));
        };
        let status = c.transaction_status(provider_id.trim()).await?;
        let theirs = status.external_id.as_deref().map(str::trim);
        match theirs {
            Some(theirs) if !theirs.is_empty() && !theirs.eq_ignore_ascii_case(external_id) => {
                Err(refuse(format!(
                    "HG.Cash cash-out {} is another payout (its reference is {theirs}, this \
                     payout's is {external_id})",
                    status.id
                )))
            }
            _ => Ok(Named {
                reference_shown: theirs.is_some_and(|t| !t.is_empty()),
                receipt: status.to_receipt(),
            }),
        }
    }

    /// Cancels an accepted request where the provider allows it (CashWeb, with an
    /// `Idempotency-Key` derived from the transaction id).
    pub async fn cancel(&self, provider_id: &str) -> Result<PayoutReceipt, ProviderError> {
        match self {
            Connector::CashWeb(c) => Ok(c
                .cancel_transaction(provider_id, &cancel_idempotency_key_for(provider_id))
                .await?
                .to_receipt()),
            Connector::Hexai(_)
            | Connector::HgCash(_)
            | Connector::Hpay(_)
            | Connector::Hubcash(_) => Err(ProviderError::new(
                self.provider(),
                ErrorKind::Conflict,
                "this provider offers no cancel for it",
            )),
        }
    }

    /// The provider.
    pub fn provider(&self) -> paydesk_domain::ProviderKind {
        use paydesk_domain::ProviderKind;
        match self {
            Connector::Hexai(_) => ProviderKind::Hexai,
            Connector::HgCash(_) => ProviderKind::HgCash,
            Connector::CashWeb(_) => ProviderKind::CashWeb,
            Connector::Hpay(_) => ProviderKind::Hpay,
            Connector::Hubcash(_) => ProviderKind::Hubcash,
        }
    }
}

enum ProviderKindOf {
    Hubcash,
    Hpay,
}

fn wrong_form(of: ProviderKindOf, request: &PayoutRequest) -> ProviderError {
    let provider = match of {
        ProviderKindOf::Hubcash => paydesk_domain::ProviderKind::Hubcash,
        ProviderKindOf::Hpay => paydesk_domain::ProviderKind::Hpay,
    };
    ProviderError::new(
        provider,
        ErrorKind::Validation,
        format!("{} cannot carry out a {request}", provider.display_name()),
    )
}

fn hpay_payment(request: &PayoutRequest, reference: &str) -> Result<NewPayment, ProviderError> {
    match request {
        PayoutRequest::HpayPaymentLink {
            amount,
            product_name,
            description,
            notify_url,
            success_url,
            cancel_url,
            ..
        } => Ok(NewPayment {
            amount: *amount,
            product_name: product_name.clone(),
            description: description.clone(),
            reference: Some(reference.to_owned()),
            notify_url: notify_url.clone(),
            success_url: success_url.clone(),
            cancel_url: cancel_url.clone(),
        }),
        other => Err(wrong_form(ProviderKindOf::Hpay, other)),
    }
}

fn sale_receipt(record: &SaleRecord) -> PayoutReceipt {
    // An undocumented status (or none) is Unknown, never final, with the word kept.
    record.receipt()
}
