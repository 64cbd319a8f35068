//! CashWeb's side of `PayoutSink`: a deposit request (a "collection request", reference §11)
//! created with the journal's `merchant_reference`, and found again by it after a lost answer,
//! a 409 or any other answer that means "it may already exist" (reference §7).

use paydesk_domain::{CashWebPricing, PayoutRequest, ProviderKind};

use crate::error::{ErrorKind, ProviderError};
use crate::traits::{PayoutReceipt, PayoutSink};

use super::CashWebClient;
use crate::cashweb::assumptions::idempotency_key_for;
use crate::cashweb::wire::CreateTransactionRequest;

const P: ProviderKind = ProviderKind::CashWeb;

fn not_this_provider(request: &PayoutRequest) -> ProviderError {
    ProviderError::new(
        P,
        ErrorKind::Validation,
        format!("a CashWeb account cannot carry out a {request}"),
    )
}

impl PayoutSink for CashWebClient {
    /// Creates the deposit request (a "collection request", §11) with the journal's
    /// `merchant_reference` and the Idempotency-Key derived from it.
    async fn send(&self, request: &PayoutRequest) -> Result<PayoutReceipt, ProviderError> {
        let PayoutRequest::CashWebDeposit {
            account,
            pricing,
            merchant_reference,
            seller_phone,
        } = request
        else {
            return Err(not_this_provider(request));
        };
        if account != self.account() {
            return Err(ProviderError::new(
                P,
                ErrorKind::Validation,
                format!(
                    "the request is for account {account}, not {}",
                    self.account()
                ),
            ));
        }
        let mut body = match pricing {
            CashWebPricing::Quote {
                quote_id, network, ..
            } => CreateTransactionRequest::quote_mode(merchant_reference, quote_id, Some(network)),
            CashWebPricing::Direct {
                fiat_amount,
                crypto_currency,
                network,
            } => {
                if fiat_amount.currency() != self.fiat_currency() {
                    return Err(ProviderError::new(
                        P,
                        ErrorKind::Validation,
                        format!(
                            "this CashWeb account settles in {}, not {}",
                            self.fiat_currency(),
                            fiat_amount.currency()
                        ),
                    ));
                }
                CreateTransactionRequest::direct(
                    merchant_reference,
                    fiat_amount.amount(),
                    crypto_currency,
                    network,
                )
            }
        };
        body.seller_phone = seller_phone.clone();
        let record = self
            .create_transaction(&body, &idempotency_key_for(merchant_reference))
            .await?;
        Ok(record.to_receipt())
    }

    /// `GET /transactions/reference/{merchant_reference}`, read in every plausible shape.
    /// `Ok(None)` only when CashWeb itself says it has no such transaction (its own 404, or a
    /// list without it): then a resend with the same key and body is safe (reference §7).
    async fn find(&self, request: &PayoutRequest) -> Result<Option<PayoutReceipt>, ProviderError> {
        let PayoutRequest::CashWebDeposit {
            merchant_reference, ..
        } = request
        else {
            return Err(not_this_provider(request));
        };
        Ok(self
            .lookup_reference(merchant_reference)
            .await?
            .map(|record| record.to_receipt()))
    }
}
