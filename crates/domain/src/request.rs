//! Which way a request moves money, and the lifecycle of a payment request (money coming in:
//! a Hexai Wave collection, a CashWeb deposit address, an HPAY payment link): created, awaiting payment, then paid,
//! expired, cancelled, failed or refunded, as the provider says.

use serde::{Deserialize, Serialize};

use crate::payout::PayoutRequest;
use crate::transaction::TransactionStatus;

/// What a request asks the provider to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IntentKind {
    /// Money going out: a Hexai Wave payout, an HG.Cash cash-out.
    Payout,
    /// Money asked for: a Hexai Wave collection, a CashWeb deposit address, an HPAY link.
    PaymentRequest,
    /// An action on a card sale already made (Hubcash capture or cancel).
    SaleAction,
}

impl IntentKind {
    /// The `form` tags of [`PayoutRequest`] of this kind, as stored in the journal.
    pub fn forms(self) -> &'static [&'static str] {
        match self {
            IntentKind::Payout => &["hexai_payout", "hg_cash_cash_out"],
            IntentKind::PaymentRequest => &[
                "hexai_collection",
                "cash_web_deposit",
                "hpay_payment_link",
                "hubcash_billet_sale",
            ],
            IntentKind::SaleAction => &["hubcash_capture", "hubcash_cancel"],
        }
    }
}

impl PayoutRequest {
    /// Which way the request moves money.
    pub fn kind(&self) -> IntentKind {
        match self {
            PayoutRequest::HexaiPayout { .. } | PayoutRequest::HgCashCashOut { .. } => {
                IntentKind::Payout
            }
            PayoutRequest::HexaiCollection { .. }
            | PayoutRequest::CashWebDeposit { .. }
            | PayoutRequest::HpayPaymentLink { .. }
            | PayoutRequest::HubcashBilletSale { .. } => IntentKind::PaymentRequest,
            PayoutRequest::HubcashCapture { .. } | PayoutRequest::HubcashCancel { .. } => {
                IntentKind::SaleAction
            }
        }
    }
}

/// Where a payment request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Written to the journal; the provider has not answered yet.
    Created,
    /// The provider made it (a link, an address); nobody has paid yet, or the payment is
    /// being confirmed.
    AwaitingPayment,
    /// The money arrived: the provider says so.
    Paid,
    /// Nobody paid within the provider's window.
    Expired,
    /// Cancelled before it was paid.
    Cancelled,
    /// The provider says it failed.
    Failed,
    /// Paid, then given back.
    Refunded,
    /// The outcome is not known (the provider could not be asked, or used a word Paydesk does
    /// not know); Paydesk keeps asking.
    Unknown,
}

impl RequestState {
    /// The request's state for what the provider says of it. A word Paydesk does not know is
    /// never final.
    pub fn from_status(status: TransactionStatus) -> RequestState {
        match status {
            TransactionStatus::Pending | TransactionStatus::Processing => {
                RequestState::AwaitingPayment
            }
            TransactionStatus::Succeeded => RequestState::Paid,
            TransactionStatus::Failed => RequestState::Failed,
            TransactionStatus::Cancelled => RequestState::Cancelled,
            TransactionStatus::Expired => RequestState::Expired,
            TransactionStatus::Refunded => RequestState::Refunded,
            TransactionStatus::Unknown => RequestState::Unknown,
        }
    }

    /// True when nothing follows.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RequestState::Paid
                | RequestState::Expired
                | RequestState::Cancelled
                | RequestState::Failed
                | RequestState::Refunded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_provider_saying_paid_is_paid() {
        for status in TransactionStatus::ALL {
            let state = RequestState::from_status(status);
            assert_eq!(
                state == RequestState::Paid,
                status == TransactionStatus::Succeeded,
                "{status:?}"
            );
            assert_eq!(
                state.is_final(),
                !matches!(
                    status,
                    TransactionStatus::Pending
                        | TransactionStatus::Processing
                        | TransactionStatus::Unknown
                ),
                "{status:?}"
            );
        }
    }

    #[test]
    fn each_kind_names_the_forms_the_journal_stores() {
        let account = crate::AccountId::new("a").expect("id");
        let money = |code: &str| {
            crate::Money::parse("1", crate::Currency::from_code(code).expect("currency"))
                .expect("amount")
        };
        let requests = [
            PayoutRequest::HexaiPayout {
                account: account.clone(),
                amount: money("GMD"),
                recipient_mobile: crate::WaveNumber::parse("+2201234567").expect("wave"),
                client_reference: "r".into(),
            },
            PayoutRequest::HexaiCollection {
                account: account.clone(),
                amount: money("GMD"),
                client_reference: "r".into(),
                success_url: None,
                error_url: None,
            },
            PayoutRequest::HgCashCashOut {
                account: account.clone(),
                source_account_id: "s".into(),
                amount: money("ARS"),
                destination: crate::BankDestination::Cbu("1".repeat(22)),
                check_digits_overridden: false,
                from_name: None,
                to_name: None,
                to_cuit: None,
                concept: None,
                external_id: "r".into(),
            },
            PayoutRequest::CashWebDeposit {
                account: account.clone(),
                pricing: crate::CashWebPricing::Direct {
                    fiat_amount: money("NGN"),
                    crypto_currency: "usdt".into(),
                    network: "trc20".into(),
                },
                merchant_reference: "r".into(),
                seller_phone: None,
            },
            PayoutRequest::HubcashBilletSale {
                account: account.clone(),
                amount: money("BRL"),
                reference: "r".into(),
                customer_name: "Ana".into(),
                customer_document: None,
                description: "d".into(),
                days_to_pay: Some(7),
            },
            PayoutRequest::HubcashCapture {
                account: account.clone(),
                sale_id: "s".into(),
            },
            PayoutRequest::HubcashCancel {
                account: account.clone(),
                sale_id: "s".into(),
            },
            PayoutRequest::HpayPaymentLink {
                account,
                amount: money("XOF"),
                product_name: "p".into(),
                description: "d".into(),
                notify_url: "https://example.org/n".into(),
                success_url: "https://example.org/s".into(),
                cancel_url: "https://example.org/c".into(),
            },
        ];
        for request in requests {
            let json = serde_json::to_value(&request).expect("json");
            let form = json["form"].as_str().expect("form tag");
            assert!(request.kind().forms().contains(&form), "{form}");
        }
    }
}
