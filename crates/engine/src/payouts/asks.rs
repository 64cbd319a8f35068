//! What a request's rules need from the provider before it is made: a CashWeb quote (the
//! crypto a fiat amount buys, executable for 120 s), the HG.Cash accounts a cash-out can
//! leave from, the state of a Hubcash sale an action is asked on, and each provider's
//! currency. The desk only maps these to views.

use paydesk_domain::{AccountId, AppError, Currency, Money, PayoutRequest, ProviderKind};
use paydesk_providers::cashweb::wire::QuoteRequest;
use rust_decimal::Decimal;

use super::PayoutService;
use super::connector::Connector;
use super::forms::{CashWebQuoteChoice, HubcashSaleForm, SaleAction, amount, invalid};

/// The currency a provider's payouts and payment requests are made in (CashWeb: the
/// partner's settlement currency, ASSUMPTION cashweb.md section 8).
pub fn request_currency(provider: ProviderKind) -> Result<Currency, AppError> {
    let code = match provider {
        ProviderKind::Hexai => paydesk_providers::hexai::CURRENCY,
        ProviderKind::CashWeb => paydesk_providers::cashweb::DEFAULT_FIAT_CURRENCY,
        ProviderKind::Hubcash => paydesk_providers::hubcash::CURRENCY,
        ProviderKind::HgCash => "ARS",
        ProviderKind::Hpay => "XOF",
    };
    Ok(Currency::from_code(code)?)
}

/// One of the merchant's HG.Cash accounts a cash-out can leave from, as HG.Cash lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HgCashSource {
    /// HG.Cash's account id.
    pub id: String,
    /// Its name, where HG.Cash gives one.
    pub name: Option<String>,
    /// Its CBU/CVU alias, where HG.Cash gives one.
    pub alias: Option<String>,
    /// Its currency code, as HG.Cash writes it.
    pub currency: String,
    /// Its balance, when its currency is one Paydesk knows.
    pub available: Option<Money>,
}

/// A CashWeb quote as the merchant is shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashWebQuote {
    /// What a deposit request made from it carries (id, network, expiry, fiat and crypto).
    pub choice: CashWebQuoteChoice,
    /// The executable rate (fiat per coin), when CashWeb gave one.
    pub rate: Option<Decimal>,
}

impl PayoutService {
    /// Asks CashWeb for a quote for `fiat_amount` (in the partner's settlement currency)
    /// paid in `crypto_currency` on `network`. The crypto it buys is the fiat at the quote's
    /// executable rate, in the coin's scale (ASSUMPTION U13: a fiat-mode quote's `amount`
    /// echoes the fiat).
    pub async fn cashweb_quote(
        &self,
        account: &AccountId,
        fiat_amount: &str,
        crypto_currency: &str,
        network: &str,
    ) -> Result<CashWebQuote, AppError> {
        let fiat = Currency::from_code(paydesk_providers::cashweb::DEFAULT_FIAT_CURRENCY)?;
        let amount = amount("fiat_amount", fiat_amount, fiat)?;
        let crypto = crypto_currency.trim().to_ascii_lowercase();
        let network = network.trim().to_ascii_lowercase();
        if crypto.is_empty() {
            return Err(invalid("crypto_currency", "choose the stablecoin"));
        }
        if network.is_empty() {
            return Err(invalid("network", "choose the network"));
        }
        let connector = self.connector(account)?;
        let Connector::CashWeb(client) = connector.as_ref() else {
            return Err(invalid("account", "choose a CashWeb account"));
        };
        let quote = client
            .create_quote(&QuoteRequest {
                crypto_currency: crypto.clone(),
                network: network.clone(),
                crypto_amount: None,
                fiat_amount: Some(amount.amount_text()),
            })
            .await?;
        Ok(CashWebQuote {
            choice: CashWebQuoteChoice {
                quote_id: quote.quote_id.clone(),
                network,
                expires_at: quote.expires_at,
                fiat_amount: Some(amount),
                crypto_amount: quote.crypto_amount_for(amount.amount()),
                crypto_currency: Some(crypto),
            },
            rate: quote.adjusted_rate.map(|r| r.0),
        })
    }

    /// The merchant's HG.Cash accounts behind a Paydesk account, read from HG.Cash now.
    pub async fn hgcash_sources(&self, account: &AccountId) -> Result<Vec<HgCashSource>, AppError> {
        let connector = self.connector(account)?;
        let Connector::HgCash(client) = connector.as_ref() else {
            return Err(invalid("account", "choose an HG.Cash account"));
        };
        let list = client.accounts().await?;
        Ok(list
            .data
            .into_iter()
            .map(|a| HgCashSource {
                available: Currency::from_code(&a.currency)
                    .ok()
                    .and_then(|currency| Money::from_decimal(a.balance.0, currency).ok()),
                id: a.id,
                name: a.name,
                alias: a.alias,
                currency: a.currency,
            })
            .collect())
    }

    /// Checks a capture or cancel of a Hubcash sale against the sale's state as Hubcash shows
    /// it now: refused before anything is sent when the state does not allow it.
    pub async fn hubcash_sale_action(
        &self,
        account: &AccountId,
        sale_id: &str,
        action: SaleAction,
    ) -> Result<PayoutRequest, AppError> {
        let sale_id = sale_id.trim();
        if sale_id.is_empty() {
            return Err(invalid("sale_id", "enter the sale's id"));
        }
        let connector = self.connector(account)?;
        let Connector::Hubcash(client) = connector.as_ref() else {
            return Err(invalid("account", "choose a Hubcash account"));
        };
        let record = client.sale(sale_id).await.map_err(|e| {
            let error = AppError::from(e);
            AppError::new(error.code, format!("sale {sale_id}: {}", error.message))
                .with_field("sale_id")
        })?;
        let status = record.status().map_err(AppError::internal)?;
        HubcashSaleForm {
            account: account.clone(),
            sale_id: sale_id.to_owned(),
            action,
        }
        .validate(status, record.sale.method)
    }
}
