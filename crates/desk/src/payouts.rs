//! The Payouts view's use-cases: what can be sent from which account, validation as the
//! merchant types, a draft written to the journal before anything is sent, confirmation by
//! retyping the amount, the send itself, status following, cancel, and the journal.

use chrono::Utc;
use paydesk_domain::{
    AccountId, AppError, Currency, ErrorCode, IntentKind, Money, PayoutRequest, ProviderKind,
};
use paydesk_engine::payouts::{
    CashWebDepositForm, HexaiCollectionForm, HexaiPayoutForm, HgCashAccountChoice,
    HgCashCashOutForm, HpayLinkForm, HubcashBilletForm, SaleAction, awaits_link, kind_of, linkable,
    request_currency, request_state,
};
use paydesk_engine::sync::ProviderClient;
use paydesk_store::{PayoutIntent, PayoutState};

use crate::views::{
    HgCashSource, JournalLine, MoneyView, PayoutAccount, PayoutDraft, PayoutForm, PayoutOptions,
    PayoutView, QuoteRequest, QuoteView, SaleActionView, time_text,
};
use crate::{Desk, MERCHANT, lock};

/// The most recent payouts the list shows.
const RECENT: u32 = 100;

impl From<&PayoutIntent> for PayoutView {
    fn from(i: &PayoutIntent) -> Self {
        let kind = kind_of(i);
        PayoutView {
            id: i.id.clone(),
            account: i.account.as_str().to_owned(),
            provider: i.provider,
            summary: serde_json::from_str::<PayoutRequest>(&i.request).map_or_else(
                |_| i.summary.clone(),
                |request| crate::language::summary(&request, crate::language::ui_language()),
            ),
            amount: i.amount.clone(),
            currency: i.currency.clone(),
            reference: i.reference.clone(),
            kind,
            state: i.state,
            request_state: (kind == IntentKind::PaymentRequest).then(|| request_state(i)),
            reason: i.reason.clone(),
            provider_id: i.provider_id.clone(),
            provider_status: i.provider_status.clone(),
            link: i.link.clone(),
            expires_at: i.expires_at.map(time_text),
            send_count: i.send_count,
            created_at: time_text(i.created_at),
            updated_at: time_text(i.updated_at),
            needs_attention: i.state == PayoutState::Unknown || awaits_link(i),
            attention: None,
            linkable: false,
        }
    }
}

/// True for a state whose outcome Paydesk still has to learn or follow.
fn is_open(state: PayoutState) -> bool {
    matches!(
        state,
        PayoutState::Unknown
            | PayoutState::Sending
            | PayoutState::Accepted
            | PayoutState::Processing
    )
}

/// What the merchant should know about an intent whose outcome is open; `served` says whether
/// its account has a connection this desk can check it through.
fn attention(intent: &PayoutIntent, served: bool) -> Option<String> {
    if !is_open(intent.state) {
        return None;
    }
    let provider = intent.provider.display_name();
    if served && awaits_link(intent) {
        Some(format!(
            "{provider} has this payout (it refused its reference {} as already used) but never \
             gave its id, so Paydesk cannot follow it. Find it by that reference in {provider}'s \
             dashboard and link it here by its id. It will not be sent again.",
            intent.reference
        ))
    } else if served {
        (intent.state == PayoutState::Unknown).then(|| {
            format!(
                "Paydesk could not learn the outcome yet and asks {provider} again every minute \
                 by its reference {}. Do not send it again meanwhile.",
                intent.reference
            )
        })
    } else {
        Some(format!(
            "Its account ({}) is not connected in Paydesk (removed, or its credentials cannot \
             be read), so Paydesk cannot check it. Look it up at {provider} by its reference {} \
             before sending it again.",
            intent.account, intent.reference
        ))
    }
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InputInvalid, message).with_field(field)
}

fn account_id(text: &str) -> Result<AccountId, AppError> {
    AccountId::new(text).map_err(|_| invalid("account", "choose the Paydesk account"))
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// `text` as a QR code in SVG (medium error correction, with its quiet zone).
fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| AppError::internal(format!("the link does not fit a QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// What the confirmation step shows: exactly what will be sent.
pub(crate) fn lines(
    request: &PayoutRequest,
    label: &str,
    language: crate::Language,
) -> Vec<(String, String)> {
    let w = language.words();
    let mut lines = vec![
        (
            w.provider.to_owned(),
            request.provider().display_name().to_owned(),
        ),
        (w.account.to_owned(), label.to_owned()),
    ];
    let mut push = |name: &str, value: String| lines.push((name.to_owned(), value));
    match request {
        PayoutRequest::HexaiPayout {
            amount,
            recipient_mobile,
            client_reference,
            ..
        } => {
            push(w.amount, amount.to_string());
            push(w.wave_number, recipient_mobile.as_str().to_owned());
            push(w.reference, client_reference.clone());
        }
        PayoutRequest::HubcashBilletSale {
            amount,
            reference,
            customer_name,
            customer_document,
            description,
            days_to_pay,
            ..
        } => {
            push(w.amount, amount.to_string());
            push(w.paid_by, w.paid_by_billet.to_owned());
            push(w.customer, customer_name.clone());
            if let Some(document) = customer_document {
                push("CPF/CNPJ", document.clone());
            }
            push(w.description_for, description.clone());
            if let Some(days) = days_to_pay {
                push(w.payable_for, w.payable_days(*days));
            }
            push(w.reference, reference.clone());
        }
        PayoutRequest::HexaiCollection {
            amount,
            client_reference,
            success_url,
            error_url,
            ..
        } => {
            push(w.amount, amount.to_string());
            push(w.paid_by, w.paid_by_wave.to_owned());
            push(
                w.after_paying,
                success_url
                    .clone()
                    .unwrap_or_else(|| w.hexai_default_page.to_owned()),
            );
            push(
                w.after_failure,
                error_url
                    .clone()
                    .unwrap_or_else(|| w.hexai_default_page.to_owned()),
            );
            push(w.reference, client_reference.clone());
        }
        PayoutRequest::HgCashCashOut {
            source_account_id,
            amount,
            destination,
            check_digits_overridden,
            to_name,
            to_cuit,
            concept,
            external_id,
            ..
        } => {
            push(w.from_hgcash, source_account_id.clone());
            push(w.amount, amount.to_string());
            push(w.to_cbu, destination.number().to_owned());
            if *check_digits_overridden {
                push(w.check_digits, w.check_digits_overridden.to_owned());
            }
            if let Some(name) = to_name {
                push(w.recipient, name.clone());
            }
            if let Some(cuit) = to_cuit {
                push(w.recipient_cuit, cuit.as_str().to_owned());
            }
            if let Some(concept) = concept {
                push(w.concept, concept.clone());
            }
            push(w.external_id, external_id.clone());
        }
        PayoutRequest::CashWebDeposit {
            pricing,
            merchant_reference,
            ..
        } => {
            match pricing {
                paydesk_domain::CashWebPricing::Quote {
                    quote_id,
                    expires_at,
                    fiat_amount,
                    crypto_amount,
                    crypto_currency,
                    network,
                } => {
                    if let Some(fiat) = fiat_amount {
                        push(w.amount, fiat.to_string());
                    }
                    if let (Some(crypto), Some(coin)) = (crypto_amount, crypto_currency) {
                        push(
                            w.seller_deposits,
                            w.on_network(
                                &format!("{crypto} {}", coin.to_uppercase()),
                                &network.to_uppercase(),
                            ),
                        );
                    }
                    push(w.quote, quote_id.clone());
                    push(w.quote_valid_until, time_text(*expires_at));
                }
                paydesk_domain::CashWebPricing::Direct {
                    fiat_amount,
                    crypto_currency,
                    network,
                } => {
                    push(w.amount, fiat_amount.to_string());
                    push(
                        w.paid_in,
                        w.on_network(&crypto_currency.to_uppercase(), &network.to_uppercase()),
                    );
                }
            }
            push(w.merchant_reference, merchant_reference.clone());
            push(w.deposit_expires, w.thirty_minutes.to_owned());
        }
        PayoutRequest::HpayPaymentLink {
            amount,
            product_name,
            description,
            ..
        } => {
            push(w.amount, amount.to_string());
            push(w.product, product_name.clone());
            push(w.description, description.clone());
        }
        PayoutRequest::HubcashCapture { sale_id, .. } => {
            push(w.action, w.capture_whole.to_owned());
            push(w.sale, sale_id.clone());
        }
        PayoutRequest::HubcashCancel { sale_id, .. } => {
            push(w.action, w.cancel_sale.to_owned());
            push(w.sale, sale_id.clone());
        }
    }
    lines
}

impl Desk {
    fn connected(
        &self,
        account: &AccountId,
        provider: ProviderKind,
    ) -> Result<std::sync::Arc<ProviderClient>, AppError> {
        let client = self.client(account).ok_or_else(|| {
            AppError::new(
                ErrorCode::AccountNotFound,
                format!("account {account} is not connected (see Accounts)"),
            )
            .with_field("account")
        })?;
        if client.provider() != provider {
            return Err(invalid(
                "account",
                format!(
                    "account {account} is not a {} account",
                    provider.display_name()
                ),
            ));
        }
        Ok(client)
    }

    /// The account's latest stored balance in its main currency, read live when none is
    /// stored yet.
    async fn balance_of(&self, account: &AccountId) -> Result<Option<Money>, AppError> {
        let stored = self.inner.store.latest_balances().await?;
        if let Some(balance) = stored.into_iter().find(|b| &b.account == account) {
            return Ok(Some(balance.available));
        }
        let Some(client) = self.client(account) else {
            return Ok(None);
        };
        match client.balances().await {
            Some(Ok(balances)) => {
                for balance in &balances {
                    self.inner.store.record_balance(balance).await?;
                }
                Ok(balances.into_iter().next().map(|b| b.available))
            }
            Some(Err(e)) => Err(e.into()),
            None => Ok(None),
        }
    }

    /// The merchant's HG.Cash accounts behind a Paydesk account, read live.
    async fn hgcash_sources(&self, account: &AccountId) -> Result<Vec<HgCashSource>, AppError> {
        self.connected(account, ProviderKind::HgCash)?;
        let sources = self.inner.payouts.hgcash_sources(account).await?;
        Ok(sources
            .into_iter()
            .map(|s| HgCashSource {
                id: s.id,
                name: s.name,
                alias: s.alias,
                currency: s.currency,
                available: s.available.as_ref().map(MoneyView::from),
            })
            .collect())
    }

    /// Why an account has no connection, in the merchant's words.
    fn not_connected_because(&self, account: &AccountId) -> String {
        match lock(&self.inner.not_connected).get(account) {
            Some(why) => format!("not connected: {why}"),
            None => "not connected yet: Paydesk is still reading its credentials".to_owned(),
        }
    }

    /// Why a connected account's balance could not be read: a provider that cannot be reached
    /// is said to be unreachable, with its last error and when Paydesk tries again, never
    /// taken for a credentials problem.
    fn unreachable_because(&self, error: &AppError) -> String {
        if error.code != ErrorCode::ProviderUnavailable {
            return error.message.clone();
        }
        let again = match *self.inner.sync_every.borrow() {
            Some(every) => format!(
                "Paydesk tries again at {} (it checks every {} min)",
                time_text(Utc::now() + chrono::Duration::from_std(every).unwrap_or_default()),
                every.as_secs().div_ceil(60)
            ),
            None => "Paydesk tries again when you sync".to_owned(),
        };
        format!(
            "the provider cannot be reached just now ({}); {again}",
            error.message
        )
    }

    /// Which accounts can send what, with the balances the forms check against.
    pub async fn payout_options(&self) -> Result<PayoutOptions, AppError> {
        self.ready().await;
        let mut accounts = Vec::new();
        for account in self.inner.store.list_accounts().await? {
            let connected = self.client(&account.id).is_some();
            let mut entry = PayoutAccount {
                id: account.id.as_str().to_owned(),
                label: account.label.clone(),
                provider: account.provider,
                mode: account.mode,
                currency: String::new(),
                scale: 2,
                available: None,
                sources: Vec::new(),
                unavailable: (!connected).then(|| self.not_connected_because(&account.id)),
                held_because: self.inner.payouts.held_because(&account.id).await?,
            };
            if connected {
                let looked_up = match account.provider {
                    ProviderKind::HgCash => self.hgcash_sources(&account.id).await.map(|s| {
                        entry.sources = s;
                        None
                    }),
                    ProviderKind::Hexai | ProviderKind::Hpay => self.balance_of(&account.id).await,
                    // Neither reports a balance Paydesk can show before a payout: the
                    // currency only.
                    ProviderKind::CashWeb | ProviderKind::Hubcash => {
                        request_currency(account.provider).map(|c| Some(Money::zero(c)))
                    }
                };
                match looked_up {
                    Ok(Some(money)) => {
                        entry.currency = money.currency().code().to_owned();
                        entry.scale = money.currency().scale();
                        if matches!(account.provider, ProviderKind::Hexai | ProviderKind::Hpay) {
                            entry.available = Some(MoneyView::from(&money));
                        }
                    }
                    Ok(None) => {
                        if let Some(source) = entry.sources.first() {
                            entry.currency.clone_from(&source.currency);
                        }
                    }
                    Err(e) => entry.unavailable = Some(self.unreachable_because(&e)),
                }
            }
            accounts.push(entry);
        }
        let needing_attention = self.inner.payouts.needing_attention().await?.len();
        Ok(PayoutOptions {
            accounts,
            needing_attention: u32::try_from(needing_attention).unwrap_or(u32::MAX),
        })
    }

    /// Checks a form into the request it would send. Reads the provider only where the rule
    /// needs the current state (an HG.Cash account list, a Hubcash sale's status).
    pub async fn validate_payout(&self, form: &PayoutForm) -> Result<PayoutRequest, AppError> {
        self.ready().await;
        match form {
            PayoutForm::Hexai {
                account,
                amount,
                recipient_mobile,
            } => {
                let account = account_id(account)?;
                self.connected(&account, ProviderKind::Hexai)?;
                let balance = self.balance_of(&account).await?.ok_or_else(|| {
                    invalid(
                        "amount",
                        "the balance has not been read yet: sync, then try again",
                    )
                })?;
                HexaiPayoutForm {
                    account,
                    amount: amount.clone(),
                    recipient_mobile: recipient_mobile.clone(),
                }
                .validate(&balance)
            }
            PayoutForm::HubcashBillet {
                account,
                amount,
                customer_name,
                customer_document,
                description,
                days_to_pay,
            } => {
                let id = account_id(account)?;
                self.connected(&id, ProviderKind::Hubcash)?;
                HubcashBilletForm {
                    account: Some(id),
                    amount: amount.clone(),
                    customer_name: customer_name.clone(),
                    customer_document: customer_document.clone(),
                    description: description.clone(),
                    days_to_pay: days_to_pay.clone(),
                }
                .validate(request_currency(ProviderKind::Hubcash)?)
            }
            PayoutForm::HexaiCollection {
                account,
                amount,
                success_url,
                error_url,
            } => {
                let account = account_id(account)?;
                self.connected(&account, ProviderKind::Hexai)?;
                HexaiCollectionForm {
                    account,
                    amount: amount.clone(),
                    success_url: success_url.clone(),
                    error_url: error_url.clone(),
                }
                .validate(request_currency(ProviderKind::Hexai)?)
            }
            PayoutForm::HgCash {
                account,
                source_account_id,
                amount,
                to_cbu,
                to_cvu,
                to_name,
                to_cuit,
                concept,
                send_anyway,
            } => {
                let id = account_id(account)?;
                let form = HgCashCashOutForm {
                    account: Some(id.clone()),
                    source_account_id: source_account_id.clone(),
                    amount: amount.clone(),
                    to_cbu: text(to_cbu),
                    to_cvu: text(to_cvu),
                    from_name: None,
                    to_name: text(to_name),
                    to_cuit: text(to_cuit),
                    concept: text(concept),
                    send_anyway: *send_anyway,
                };
                self.connected(&id, ProviderKind::HgCash)?;
                let choices: Vec<HgCashAccountChoice> = self
                    .inner
                    .payouts
                    .hgcash_sources(&id)
                    .await?
                    .into_iter()
                    .filter_map(|s| {
                        Currency::from_code(&s.currency)
                            .ok()
                            .map(|currency| HgCashAccountChoice { id: s.id, currency })
                    })
                    .collect();
                form.validate(&choices)
            }
            PayoutForm::CashWeb {
                account,
                quote_id,
                fiat_amount,
                crypto_currency,
                network,
            } => {
                let id = account_id(account)?;
                self.connected(&id, ProviderKind::CashWeb)?;
                let quote = match text(quote_id) {
                    Some(quote_id) => Some(
                        lock(&self.inner.quotes)
                            .get(&quote_id)
                            .cloned()
                            .ok_or_else(|| {
                                invalid("quoteId", "unknown quote: ask for a new quote")
                            })?,
                    ),
                    None => None,
                };
                let fiat = request_currency(ProviderKind::CashWeb)?;
                CashWebDepositForm {
                    account: Some(id),
                    quote,
                    fiat_amount: text(fiat_amount),
                    crypto_currency: text(crypto_currency),
                    network: text(network),
                    seller_phone: None,
                }
                .validate(fiat, Utc::now())
            }
            PayoutForm::Hpay {
                account,
                amount,
                product_name,
                description,
                notify_url,
                success_url,
                cancel_url,
            } => {
                let id = account_id(account)?;
                self.connected(&id, ProviderKind::Hpay)?;
                let currency = self
                    .balance_of(&id)
                    .await?
                    .map(|m| m.currency())
                    .ok_or_else(|| {
                        invalid(
                            "account",
                            "the account's currency is not known yet: sync, then try again",
                        )
                    })?;
                HpayLinkForm {
                    account: Some(id),
                    amount: amount.clone(),
                    product_name: product_name.clone(),
                    description: description.clone(),
                    notify_url: notify_url.clone(),
                    success_url: success_url.clone(),
                    cancel_url: cancel_url.clone(),
                }
                .validate(currency)
            }
            PayoutForm::HubcashSale {
                account,
                sale_id,
                action,
            } => {
                let id = account_id(account)?;
                self.connected(&id, ProviderKind::Hubcash)?;
                let action = match action {
                    SaleActionView::Capture => SaleAction::Capture,
                    SaleActionView::Cancel => SaleAction::Cancel,
                };
                self.inner
                    .payouts
                    .hubcash_sale_action(&id, sale_id, action)
                    .await
            }
        }
    }

    /// Validates a form and writes it to the journal as a draft. Nothing is sent.
    pub async fn prepare_payout(&self, form: &PayoutForm) -> Result<PayoutDraft, AppError> {
        self.ready().await;
        let request = self.validate_payout(form).await?;
        let label = self
            .inner
            .store
            .account(request.account())
            .await
            .map(|a| a.label)
            .unwrap_or_else(|_| request.account().as_str().to_owned());
        let intent = self.inner.payouts.create(&request, false, MERCHANT).await?;
        Ok(PayoutDraft {
            id: intent.id.clone(),
            lines: lines(&request, &label, crate::language::ui_language()),
            amount: request.amount().map(MoneyView::from),
            reference: intent.reference,
        })
    }

    /// The merchant confirms a draft by retyping its amount; it is then sent once, and
    /// followed until final in the background: a payout, and a payment request whose
    /// provider's webhooks do not reach Paydesk, by polling with backoff; a request whose
    /// signed webhooks do (a sandbox Hexai collection, a CashWeb deposit) waits for them, and
    /// every sync reads it anyway. Returns where it stands after the send.
    pub async fn confirm_payout(
        &self,
        draft_id: &str,
        typed_amount: Option<&str>,
    ) -> Result<PayoutView, AppError> {
        self.ready().await;
        let intent = self.inner.payouts.intent(draft_id).await?;
        if let (Some(amount), Some(code)) = (&intent.amount, &intent.currency) {
            let currency = Currency::from_code(code)?;
            let expected = Money::parse(amount, currency)?;
            let typed = typed_amount.map(str::trim).unwrap_or_default();
            let matches = Money::parse(typed, currency)
                .map(|t| t == expected)
                .unwrap_or(false);
            if !matches {
                return Err(invalid(
                    "typedAmount",
                    format!(
                        "the amount typed does not match the payout's {} {code}: nothing was sent",
                        expected.amount_text()
                    ),
                ));
            }
        }
        if matches!(intent.state, PayoutState::Draft | PayoutState::Confirmed) {
            // A live payout is sent only on the merchant's yes in the native dialog.
            self.confirm_live(&intent).await?;
        }
        if intent.state == PayoutState::Draft {
            self.inner.payouts.confirm(draft_id, MERCHANT).await?;
        }
        let sent = self.inner.payouts.submit(draft_id, MERCHANT).await?;
        let pushed = kind_of(&sent) == IntentKind::PaymentRequest
            && self.inner.receiver.accounts().contains(&sent.account);
        if matches!(sent.state, PayoutState::Accepted | PayoutState::Processing) && !pushed {
            let desk = self.clone();
            let id = sent.id.clone();
            let task = tokio::spawn(async move {
                if let Err(e) = desk.inner.payouts.poll(&id).await {
                    tracing::warn!(
                        intent = id.as_str(),
                        code = e.code.as_str(),
                        "payout poll failed"
                    );
                }
            });
            self.keep_task(task);
        }
        Ok(PayoutView::from(&sent))
    }

    /// Cancels a payout where its provider allows it (CashWeb deposit requests).
    pub async fn cancel_payout(&self, id: &str) -> Result<PayoutView, AppError> {
        self.ready().await;
        let intent = self.inner.payouts.cancel(id, MERCHANT).await?;
        Ok(PayoutView::from(&intent))
    }

    /// Links an HG.Cash cash-out Paydesk cannot follow to the id the merchant found in
    /// HG.Cash's dashboard (the engine checks that id first).
    pub async fn link_payout(&self, id: &str, provider_id: &str) -> Result<PayoutView, AppError> {
        self.ready().await;
        let intent = self.inner.payouts.link(id, provider_id, MERCHANT).await?;
        let served = self.inner.payouts.serves(&intent.account);
        Ok(PayoutView {
            attention: attention(&intent, served),
            linkable: served && linkable(&intent),
            ..PayoutView::from(&intent)
        })
    }

    /// The most recent payouts (money going out), newest first.
    pub async fn payouts(&self) -> Result<Vec<PayoutView>, AppError> {
        self.recent_intents(IntentKind::Payout.forms()).await
    }

    /// The most recent payment requests and sale actions (money coming in), newest first.
    pub async fn payment_requests(&self) -> Result<Vec<PayoutView>, AppError> {
        let forms: Vec<&str> = [IntentKind::PaymentRequest, IntentKind::SaleAction]
            .into_iter()
            .flat_map(|kind| kind.forms().iter().copied())
            .collect();
        self.recent_intents(&forms).await
    }

    async fn recent_intents(&self, forms: &[&str]) -> Result<Vec<PayoutView>, AppError> {
        let listed = self
            .inner
            .store
            .list_payout_intents(None, RECENT, forms)
            .await?;
        let mut intents = Vec::with_capacity(listed.len());
        for intent in listed {
            // A request near its end is read again first; if that read fails, the list shows
            // what is known and the next sync tries again.
            match self
                .inner
                .payouts
                .refresh_if_near_expiry(intent.clone())
                .await
            {
                Ok(fresh) => intents.push(fresh),
                Err(e) => {
                    tracing::warn!(intent = %intent.id, error = %e, "could not read a request near its end again");
                    intents.push(intent);
                }
            }
        }
        Ok(intents
            .iter()
            .map(|intent| {
                let served = self.inner.payouts.serves(&intent.account);
                PayoutView {
                    needs_attention: intent.state == PayoutState::Unknown
                        || awaits_link(intent)
                        || (!served && is_open(intent.state)),
                    attention: attention(intent, served),
                    linkable: served && linkable(intent),
                    ..PayoutView::from(intent)
                }
            })
            .collect())
    }

    /// The QR code of a request's link (an HPAY checkout URL, a CashWeb deposit address), as
    /// SVG, for the payer to scan.
    pub async fn request_qr(&self, id: &str) -> Result<String, AppError> {
        let intent = self.inner.payouts.intent(id).await?;
        let link = intent
            .link
            .filter(|l| !l.trim().is_empty())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::InputInvalid,
                    "this request has no link or address to show as a QR code yet",
                )
            })?;
        qr_svg(&link)
    }

    /// One payout's journal, oldest first.
    pub async fn payout_journal(&self, id: &str) -> Result<Vec<JournalLine>, AppError> {
        let entries = self.inner.payouts.journal(id).await?;
        Ok(entries
            .into_iter()
            .map(|e| JournalLine {
                at: time_text(e.at),
                actor: e.actor,
                event: e.event,
                from_state: e.from_state,
                to_state: e.to_state,
                sent: e.sent,
                answer: e.answer,
                http_status: e.http_status,
                note: e.note,
            })
            .collect())
    }

    /// Asks CashWeb for a quote (executable for 120 s); the engine reads it, the desk keeps
    /// it for the form that will use it.
    pub async fn cashweb_quote(&self, request: &QuoteRequest) -> Result<QuoteView, AppError> {
        self.ready().await;
        let id = account_id(&request.account)?;
        self.connected(&id, ProviderKind::CashWeb)?;
        let quote = self
            .inner
            .payouts
            .cashweb_quote(
                &id,
                &request.fiat_amount,
                &request.crypto_currency,
                &request.network,
            )
            .await?;
        let choice = quote.choice;
        {
            // A quote an hour past its validity is no longer asked about (a form still holding
            // it is told it expired either way); a desk open all day keeps only recent ones.
            let mut quotes = lock(&self.inner.quotes);
            let forgotten = chrono::Utc::now() - chrono::Duration::hours(1);
            quotes.retain(|_, q| q.expires_at > forgotten);
            quotes.insert(choice.quote_id.clone(), choice.clone());
        }
        let fiat = choice
            .fiat_amount
            .ok_or_else(|| AppError::internal("a quote without its fiat amount"))?;
        Ok(QuoteView {
            quote_id: choice.quote_id.clone(),
            fiat_amount: MoneyView::from(&fiat),
            crypto_amount: choice
                .crypto_amount
                .map(|c| c.to_string())
                .unwrap_or_default(),
            crypto_currency: choice.crypto_currency.clone().unwrap_or_default(),
            network: choice.network.clone(),
            rate: quote.rate.map(|r| r.to_string()).unwrap_or_default(),
            expires_at: time_text(choice.expires_at),
        })
    }
}
