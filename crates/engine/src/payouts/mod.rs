//! Payouts that are never sent twice and never lost.
//!
//! The flow: a form ([`forms`]) is validated into a [`PayoutRequest`] with a fresh reference;
//! [`PayoutService::create`] writes the intent to the SQLite journal (store migration 0201)
//! BEFORE anything is sent; [`PayoutService::submit`] takes the intent into `sending` with a
//! conditional update (so a double click, a second window or a second process is refused with
//! `payout.in_flight`) and sends it. Every attempt and answer is appended to the journal.
//!
//! An answer that leaves the outcome unknown (timeout, dropped connection, 5xx, unreadable
//! body) is never followed by a blind resend: the request is looked up by its reference
//! ([`Connector::lookup`]), and only the provider's "no such record" permits sending it again,
//! with the same reference. 429s are retried with backoff only where the provider deduplicates
//! by reference. Accepted requests are polled until final ([`PayoutService::poll`]); every
//! change is pushed as a [`PayoutEvent`].
//!
//! [`PayoutService::reconcile`] recovers every intent left in `sending` (by a process that
//! died) or `unknown`; the desk runs it at start-up and then every minute while anything is
//! left. Until an account's own intents are settled, new sends on that account (and on no
//! other) answer `payout.reconciliation_pending`. An intent of an account with no connection
//! (removed, credentials not readable) never holds anything back: it is listed as needing
//! attention ([`PayoutService::needing_attention`]).
//!
//! "Accepted, answer not understood" is never a failure: after a 2xx whose body cannot be
//! read, and after any 409 ("it may already exist"), the intent is looked up by its reference
//! as after a time-out. An intent is `failed` only when the provider clearly says so.
//!
//! An HG.Cash cash-out whose answer was lost, and whose repeated `externalID` HG.Cash refuses
//! as a duplicate without naming it, was created but cannot be followed (HG.Cash documents no
//! look-up by `externalID`): it is `accepted` with [`UNNAMED_REASON`], needs attention, holds
//! nothing back, and is followed once the merchant links it to the id HG.Cash's dashboard
//! shows ([`PayoutService::link`], which checks that id's `externalID`).
//!
//! A payment request (a Hexai collection, a CashWeb deposit address, an HPAY link) shares
//! this journal but not its meaning of "succeeded": made is `accepted` (awaiting payment), it
//! is read again at every sync ([`PayoutService::poll_open`]) and is `succeeded` (paid) only
//! when the provider says the money arrived, `expired` when its window closed unpaid
//! ([`request_state`] gives the merchant's words). A Hubcash capture or cancel succeeds when
//! the provider carried it out. Before a request is made, [`PayoutService::cashweb_quote`]
//! and [`PayoutService::hubcash_sale_action`] read what its rules need from the provider.
//! A signed webhook naming an open intent moves it at once ([`FollowingSink`]).

mod asks;
pub mod connector;
mod drive;
pub mod events;
pub mod forms;
mod poll;
mod pushed;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::Utc;
use paydesk_domain::{
    AccountId, AppError, ErrorCode, IntentKind, PayoutRequest, ProviderKind, RequestState,
};
use paydesk_store::{
    JournalEntry, NewAuditEntry, NewJournalEntry, NewPayoutIntent, PayoutIntent, PayoutState, Store,
};

pub use asks::{CashWebQuote, HgCashSource, request_currency};
pub use connector::{Connector, Lookup, Named};
pub use events::{NoEvents, PayoutEvent, PayoutEventKind, PayoutEvents};
pub use forms::{
    CBU_CHECK_FAILED, CashWebDepositForm, CashWebQuoteChoice, HexaiCollectionForm, HexaiPayoutForm,
    HgCashAccountChoice, HgCashCashOutForm, HpayLinkForm, HubcashBilletForm, HubcashSaleForm,
    SaleAction, new_reference, record_actions, sale_actions,
};
pub use paydesk_store::PayoutState as State;
pub use poll::{NEAR_EXPIRY, near_expiry};
pub use pushed::FollowingSink;

/// Why an accepted intent cannot be followed: the provider has it but never named it.
pub const UNNAMED_REASON: &str = "HG.Cash has this cash-out (it refused its reference as \
     already used) but did not give its id, so Paydesk cannot follow it: find it in HG.Cash's \
     dashboard and link it here by its id";

/// Which way an intent's request moves money, read from its stored request (by its provider
/// when the stored request cannot be read: each provider's forms are of one kind).
pub fn kind_of(intent: &PayoutIntent) -> IntentKind {
    serde_json::from_str::<PayoutRequest>(&intent.request)
        .map(|request| request.kind())
        .unwrap_or(match intent.provider {
            ProviderKind::Hexai | ProviderKind::HgCash => IntentKind::Payout,
            ProviderKind::CashWeb | ProviderKind::Hpay => IntentKind::PaymentRequest,
            ProviderKind::Hubcash => IntentKind::SaleAction,
        })
}

/// Where a payment request stands, from its journal state: made and not paid yet is
/// awaiting payment; paid only when the provider said so.
pub fn request_state(intent: &PayoutIntent) -> RequestState {
    match intent.state {
        State::Draft | State::Confirmed | State::Sending => RequestState::Created,
        State::Accepted | State::Processing => RequestState::AwaitingPayment,
        State::Succeeded => RequestState::Paid,
        State::Failed => RequestState::Failed,
        State::Cancelled => RequestState::Cancelled,
        State::Expired => RequestState::Expired,
        State::Refunded => RequestState::Refunded,
        State::Unknown => RequestState::Unknown,
    }
}

/// True for an intent the provider accepted without naming it: nothing follows it until the
/// merchant links it ([`PayoutService::link`]).
pub fn awaits_link(intent: &PayoutIntent) -> bool {
    intent.provider_id.is_none()
        && matches!(intent.state, State::Accepted | State::Processing)
        && intent.provider == paydesk_domain::ProviderKind::HgCash
}

/// True for an intent the merchant may link to a provider id by hand: an HG.Cash cash-out
/// with no id yet that is accepted, processing or unknown.
pub fn linkable(intent: &PayoutIntent) -> bool {
    intent.provider_id.is_none()
        && matches!(
            intent.state,
            State::Accepted | State::Processing | State::Unknown
        )
        && intent.provider == paydesk_domain::ProviderKind::HgCash
}

/// The journal line saying the merchant sent to a CBU/CVU that fails its check digits, for a
/// request made with "Send anyway"; `None` for any other request.
fn check_digits_override(request: &PayoutRequest, actor: &str) -> Option<NewJournalEntry> {
    let PayoutRequest::HgCashCashOut {
        destination,
        check_digits_overridden: true,
        ..
    } = request
    else {
        return None;
    };
    Some(NewJournalEntry {
        actor: actor.to_owned(),
        event: "check_digits_overridden".into(),
        note: Some(format!(
            "The CBU/CVU {} fails its check digits; the merchant overrode the warning with \
             'Send anyway'.",
            destination.number()
        )),
        ..Default::default()
    })
}

/// How patient the engine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutSettings {
    /// How long one send (all of the HTTP layer's own retries included) may hold an intent;
    /// after that a reconciler may take it over. Keep it above the client's timeout times its
    /// attempts.
    pub lease: Duration,
    /// Sends and look-ups for one intent before it is left `unknown`.
    pub max_rounds: u32,
    /// The first backoff between rounds; it doubles.
    pub backoff_base: Duration,
    /// The longest backoff.
    pub backoff_max: Duration,
    /// The first wait between two status polls; it doubles.
    pub poll_first: Duration,
    /// The longest wait between two polls.
    pub poll_max: Duration,
    /// Polls before [`PayoutService::poll`] gives up for now (the intent stays accepted).
    pub poll_limit: u32,
}

impl Default for PayoutSettings {
    fn default() -> Self {
        PayoutSettings {
            lease: Duration::from_secs(180),
            max_rounds: 6,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(30),
            poll_limit: 40,
        }
    }
}

/// What a reconciliation pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReconcileReport {
    /// Intents whose outcome is now known.
    pub recovered: u32,
    /// Intents still `unknown` (their reason says why).
    pub still_unknown: u32,
    /// Intents another live process is sending (their lease has not ended).
    pub held_elsewhere: u32,
    /// Intents of accounts this service has no connector for (removed, not connected, or of
    /// the other mode): left as they are and shown as needing attention. They hold back new
    /// payouts on their own account only (see `ensure_reconciled`), never on the others.
    pub unserved: u32,
}

impl ReconcileReport {
    /// True when nothing is left to reconcile on the accounts this service serves.
    pub fn is_clean(&self) -> bool {
        self.still_unknown == 0 && self.held_elsewhere == 0
    }
}

/// The payout use-cases over the journal and the accounts' connectors.
pub struct PayoutService {
    store: Store,
    connectors: RwLock<HashMap<AccountId, Arc<Connector>>>,
    events: Arc<dyn PayoutEvents>,
    settings: PayoutSettings,
    /// This process's lease owner name.
    owner: String,
}

impl std::fmt::Debug for PayoutService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayoutService")
            .field("accounts", &self.accounts())
            .field("settings", &self.settings)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

impl PayoutService {
    /// A service over `store`, pushing events to `events`. Sends on an account with intents
    /// left `unknown` or in a dead process's `sending` are refused until
    /// [`PayoutService::reconcile`] has settled them.
    pub fn new(store: Store, events: Arc<dyn PayoutEvents>, settings: PayoutSettings) -> Self {
        PayoutService {
            store,
            connectors: RwLock::new(HashMap::new()),
            events,
            settings,
            owner: format!("paydesk-{}", uuid::Uuid::new_v4()),
        }
    }

    /// Makes payouts of `account` go through `connector` (replacing its previous one, e.g.
    /// after its credentials changed).
    pub fn add_account(&self, account: AccountId, connector: Connector) {
        self.connectors_mut().insert(account, Arc::new(connector));
    }

    /// Stops payouts of `account` (it was removed). Its journal stays.
    pub fn remove_account(&self, account: &AccountId) {
        self.connectors_mut().remove(account);
    }

    /// The accounts payouts can go through.
    pub fn accounts(&self) -> Vec<AccountId> {
        let mut accounts: Vec<AccountId> = self
            .connectors
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        accounts.sort();
        accounts
    }

    /// True when payouts of `account` have a connection.
    pub fn serves(&self, account: &AccountId) -> bool {
        self.connectors
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains_key(account)
    }

    fn connectors_mut(
        &self,
    ) -> std::sync::RwLockWriteGuard<'_, HashMap<AccountId, Arc<Connector>>> {
        self.connectors
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes a validated request to the journal as a `draft` (the merchant has not confirmed
    /// yet) or, with `confirmed`, ready to send. Nothing is sent.
    pub async fn create(
        &self,
        request: &PayoutRequest,
        confirmed: bool,
        actor: &str,
    ) -> Result<PayoutIntent, AppError> {
        let id = uuid::Uuid::new_v4().to_string();
        self.create_with_id(&id, request, confirmed, actor).await
    }

    /// [`PayoutService::create`] under the caller's id for the intent, so that a create
    /// repeated after a crash or a resent command finds the intent it made the first time
    /// (returned unchanged) instead of making a second one.
    pub async fn create_with_id(
        &self,
        id: &str,
        request: &PayoutRequest,
        confirmed: bool,
        actor: &str,
    ) -> Result<PayoutIntent, AppError> {
        if let Some(existing) = self.store.payout_intent(id).await? {
            return Ok(existing);
        }
        let connector = self.connector(request.account())?;
        if connector.provider() != request.provider() {
            return Err(AppError::internal(format!(
                "account {} is not at {}",
                request.account(),
                request.provider().display_name()
            )));
        }
        // HPAY takes no reference and a Hubcash sale may see a capture then a cancel: both
        // get a Paydesk reference of their own.
        let reference = match request {
            PayoutRequest::HpayPaymentLink { .. }
            | PayoutRequest::HubcashCapture { .. }
            | PayoutRequest::HubcashCancel { .. } => new_reference(),
            other => other
                .reference()
                .map(str::to_owned)
                .ok_or_else(|| AppError::internal("the request has no reference"))?,
        };
        let amount = request.amount();
        let intent = NewPayoutIntent {
            id: id.to_owned(),
            account: request.account().clone(),
            provider: request.provider(),
            reference,
            request: serde_json::to_string(request)
                .map_err(|e| AppError::internal(e.to_string()))?,
            summary: request.to_string(),
            currency: amount.map(|m| m.currency().code().to_owned()),
            amount: amount.map(|m| m.amount_text()),
            state: if confirmed {
                PayoutState::Confirmed
            } else {
                PayoutState::Draft
            },
            created_by: actor.to_owned(),
        };
        let stored = match self.store.insert_payout_intent(&intent).await {
            Ok(stored) => stored,
            // Another window or process made it at the same moment.
            Err(e) => match self.store.payout_intent(id).await? {
                Some(existing) => return Ok(existing),
                None => return Err(e.into()),
            },
        };
        if let Some(entry) = check_digits_override(request, actor) {
            self.store.append_payout_journal(id, &entry).await?;
        }
        self.announce(&stored, actor).await;
        Ok(stored)
    }

    /// The merchant confirms a draft; it may then be sent.
    pub async fn confirm(&self, intent_id: &str, actor: &str) -> Result<PayoutIntent, AppError> {
        let entry = paydesk_store::NewJournalEntry {
            actor: actor.to_owned(),
            event: "confirmed".into(),
            ..Default::default()
        };
        let changed = self
            .store
            .transition_payout(
                intent_id,
                &[PayoutState::Draft],
                None,
                None,
                PayoutState::Confirmed,
                &Default::default(),
                &entry,
            )
            .await?;
        match changed {
            Some(intent) => {
                self.announce(&intent, actor).await;
                Ok(intent)
            }
            None => Err(self.refusal(intent_id, "confirmed").await),
        }
    }

    /// One intent.
    pub async fn intent(&self, intent_id: &str) -> Result<PayoutIntent, AppError> {
        self.store
            .payout_intent(intent_id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::InputInvalid, "no such payout"))
    }

    /// One intent, or `None` when there is no intent with this id.
    pub async fn intent_if_any(&self, intent_id: &str) -> Result<Option<PayoutIntent>, AppError> {
        Ok(self.store.payout_intent(intent_id).await?)
    }

    /// An intent's journal, oldest first: who did what, when, what was sent and answered.
    pub async fn journal(&self, intent_id: &str) -> Result<Vec<JournalEntry>, AppError> {
        Ok(self.store.payout_journal(intent_id).await?)
    }

    /// Why new payouts on `account` are held, when they are: intents of that account left
    /// `unknown`, or in `sending` by a process that died, wait for a reconciliation.
    pub async fn held_because(&self, account: &AccountId) -> Result<Option<String>, AppError> {
        let pending = self
            .store
            .payouts_awaiting_reconciliation(account, Utc::now())
            .await?;
        Ok((pending > 0).then(|| {
            format!(
                "{pending} earlier payout(s) on this account are being checked with the provider; \
                 new payouts on this account are allowed once that is done (other accounts are \
                 not held)"
            )
        }))
    }

    /// Intents whose outcome is open (`unknown`, accepted or processing, or `sending` by a
    /// process that died) on accounts this service has no connection for, and accepted ones
    /// the provider never named ([`awaits_link`]): nothing can settle or follow them here, so
    /// they are shown as needing attention and hold nothing back.
    pub async fn needing_attention(&self) -> Result<Vec<PayoutIntent>, AppError> {
        let now = Utc::now();
        Ok(self
            .store
            .payout_intents_in(&[
                PayoutState::Sending,
                PayoutState::Unknown,
                PayoutState::Accepted,
                PayoutState::Processing,
            ])
            .await?
            .into_iter()
            .filter(|i| !self.serves(&i.account) || awaits_link(i))
            .filter(|i| i.state != PayoutState::Sending || i.lease_until.is_none_or(|t| t < now))
            .collect())
    }

    /// True when an intent of an account this service serves is left for a reconciliation
    /// pass (the desk's schedule asks before each pass).
    pub async fn reconciliation_due(&self) -> Result<bool, AppError> {
        let now = Utc::now();
        for account in self.accounts() {
            if self
                .store
                .payouts_awaiting_reconciliation(&account, now)
                .await?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn connector(&self, account: &AccountId) -> Result<Arc<Connector>, AppError> {
        let connectors = self
            .connectors
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        connectors.get(account).cloned().ok_or_else(|| {
            AppError::new(
                ErrorCode::AccountNotFound,
                format!("no payout connection for account {account}"),
            )
        })
    }

    /// Tells the shell (events) and the merchant's audit log about a state change.
    async fn announce(&self, intent: &PayoutIntent, actor: &str) {
        self.events
            .emit(PayoutEvent::of(PayoutEventKind::StateChanged, intent));
        if intent.state.is_terminal() {
            self.events
                .emit(PayoutEvent::of(PayoutEventKind::TerminalReached, intent));
        }
        let entry = NewAuditEntry {
            actor: actor.to_owned(),
            action: format!("payout.{}", intent.state),
            details: serde_json::json!({
                "intent_id": intent.id,
                "account": intent.account.as_str(),
                "provider": intent.provider.as_str(),
                "reference": intent.reference,
                "summary": intent.summary,
                "provider_id": intent.provider_id,
                "provider_status": intent.provider_status,
                "reason": intent.reason,
            }),
        };
        // The journal already holds the change; a failed audit line must not undo it.
        if let Err(e) = self.store.append_audit(&entry).await {
            tracing::warn!(intent = intent.id.as_str(), error = %e, "audit log entry not written");
        }
    }

    async fn ensure_reconciled(&self, account: &AccountId) -> Result<(), AppError> {
        match self.held_because(account).await? {
            Some(why) => Err(AppError::new(ErrorCode::PayoutReconciliationPending, why)),
            None => Ok(()),
        }
    }

    /// The error for an intent that is not in the state an action needs.
    async fn refusal(&self, intent_id: &str, action: &str) -> AppError {
        match self.store.payout_intent(intent_id).await {
            Ok(Some(intent)) => match intent.state {
                PayoutState::Sending => AppError::new(
                    ErrorCode::PayoutInFlight,
                    "This payout is already being sent.",
                ),
                PayoutState::Draft => AppError::new(
                    ErrorCode::InputInvalid,
                    format!("This payout must be confirmed before it is {action}."),
                ),
                other => AppError::new(
                    ErrorCode::PayoutInFlight,
                    format!("This payout was already sent (it is {other}); it cannot be {action}."),
                ),
            },
            Ok(None) => AppError::new(ErrorCode::InputInvalid, "no such payout"),
            Err(e) => e.into(),
        }
    }
}
