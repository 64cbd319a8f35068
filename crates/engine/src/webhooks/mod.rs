//! The local webhook receiver: providers (or their sandbox simulators) POST status changes to
//! `http://<address>/webhooks/<account id>`; each delivery is checked against that account's
//! webhook secret with the provider's own signature rule, deduplicated by the provider's event
//! key, and handed to a [`DeliverySink`] that records it.
//!
//! - Hexai (`wave-signature`), HG.Cash (`X-HG-Webhook-Signature`) and CashWeb
//!   (`X-CW-Webhook-*`) sign their webhooks; HPAY and Hubcash do not, so their notifications
//!   are not accepted here (their clients poll instead).
//! - A bad or missing signature is answered 401 and nothing is recorded.
//! - Reordering is the sink's business: a delivery carries the state it reports, and the sink
//!   never lets an older, less final status replace a final one (see [`status_rank`]).
//! - For HG.Cash this is the only source of inbound history (hgcash.md section 11): its
//!   deliveries carry a full unified [`Transaction`].
//!
//! The receiver serves only the accounts it is given. By default ([`ReceiverSettings`]) it
//! takes sandbox accounts and refuses live ones: receiving live webhooks means exposing a
//! port, which the merchant must choose to do.

mod routes;
mod verify;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, AppError, Mode, ProviderKind, Secret, Transaction, TransactionStatus,
};

pub use verify::{Verdict, verify_and_parse};

/// Where the receiver listens and which accounts it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiverSettings {
    /// The address to listen on (loopback by default; port 0 picks a free one).
    pub address: SocketAddr,
    /// Whether live accounts' webhooks are received too (off by default).
    pub accept_live: bool,
}

impl Default for ReceiverSettings {
    fn default() -> Self {
        ReceiverSettings {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            accept_live: false,
        }
    }
}

/// An account the receiver accepts deliveries for.
#[derive(Debug, Clone)]
pub struct WebhookRoute {
    /// The Paydesk account (the last path segment of the URL).
    pub account: AccountId,
    /// Its provider, which decides the signature rule.
    pub provider: ProviderKind,
    /// The account's webhook secret.
    pub secret: Secret,
}

/// A delivery whose signature checked out.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedDelivery {
    /// The account it is for.
    pub account: AccountId,
    /// Its provider.
    pub provider: ProviderKind,
    /// The provider's deduplication key for the event (same key, same event).
    pub dedup_key: String,
    /// When Paydesk received it.
    pub received_at: DateTime<Utc>,
    /// The body exactly as received.
    pub body: String,
    /// The transaction state it reports, mapped to the unified form, where it carries one
    /// complete enough (HG.Cash always; CashWeb when the event embeds the transaction).
    pub transaction: Option<Transaction>,
    /// The provider's transaction id and the status it reports, for a hint-only event
    /// (Hexai's carry too little to stand alone as a record).
    pub status_hint: Option<(String, TransactionStatus)>,
    /// Why it failed, in the provider's words, when a hint-only event says (Hexai's
    /// `failure_code`).
    pub failure_reason: Option<String>,
}

/// What a delivery says about one provider record: its id, the unified status, the
/// provider's own word and, for a failure, its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct PushedStatus {
    /// The provider's id for the record.
    pub provider_id: String,
    /// The unified status.
    pub status: TransactionStatus,
    /// The provider's status word, as sent.
    pub provider_status: String,
    /// Why it failed, when the delivery says.
    pub failure_reason: Option<String>,
}

impl VerifiedDelivery {
    /// The record and status this delivery reports, when it reports one: the full record
    /// (HG.Cash, CashWeb with the transaction embedded) or the hint (Hexai, whose dedup key
    /// `<transaction id>:<STATUS>` ends with the provider's word).
    pub fn pushed_status(&self) -> Option<PushedStatus> {
        if let Some(record) = &self.transaction {
            return Some(PushedStatus {
                provider_id: record.provider_id.clone(),
                status: record.status,
                provider_status: record.provider_status.clone(),
                failure_reason: self.failure_reason.clone(),
            });
        }
        let (provider_id, status) = self.status_hint.as_ref()?;
        let word = self
            .dedup_key
            .rsplit_once(':')
            .map_or_else(|| status.as_str().to_owned(), |(_, word)| word.to_owned());
        Some(PushedStatus {
            provider_id: provider_id.clone(),
            status: *status,
            provider_status: word,
            failure_reason: self.failure_reason.clone(),
        })
    }
}

/// What the sink did with a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// First time seen: recorded and applied.
    New,
    /// Seen before (same dedup key): nothing changed.
    Duplicate,
}

/// A boxed future, so sinks can be held as `Arc<dyn DeliverySink>`.
pub type SinkFuture<'a> = Pin<Box<dyn Future<Output = Result<Recorded, AppError>> + Send + 'a>>;

/// Where verified deliveries go (the local cache in the app).
pub trait DeliverySink: Send + Sync {
    /// Records a delivery once; a second delivery with the same key is `Duplicate`.
    fn record(&self, delivery: VerifiedDelivery) -> SinkFuture<'_>;
}

/// How final a status is: a delivery may only move a record to an equal or higher rank, so a
/// late `PENDING` never undoes a `SUCCEEDED`, whatever order deliveries arrive in.
pub fn status_rank(status: TransactionStatus) -> u8 {
    match status {
        TransactionStatus::Pending => 0,
        TransactionStatus::Processing | TransactionStatus::Unknown => 1,
        TransactionStatus::Succeeded
        | TransactionStatus::Failed
        | TransactionStatus::Cancelled
        | TransactionStatus::Expired => 2,
        TransactionStatus::Refunded => 3,
    }
}

/// The receiver's routing table and sink.
pub struct Receiver {
    settings: ReceiverSettings,
    routes: RwLock<HashMap<AccountId, WebhookRoute>>,
    sink: Arc<dyn DeliverySink>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("settings", &self.settings)
            .field("accounts", &self.accounts())
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver with no accounts yet.
    pub fn new(settings: ReceiverSettings, sink: Arc<dyn DeliverySink>) -> Receiver {
        Receiver {
            settings,
            routes: RwLock::new(HashMap::new()),
            sink,
        }
    }

    /// Serves `route`'s account if its provider signs webhooks and its mode is accepted.
    /// Returns whether the account is now served.
    pub fn add(&self, route: WebhookRoute, mode: Mode) -> bool {
        let signs = matches!(
            route.provider,
            ProviderKind::Hexai | ProviderKind::HgCash | ProviderKind::CashWeb
        );
        let mode_ok = mode == Mode::Sandbox || self.settings.accept_live;
        if !(signs && mode_ok) {
            return false;
        }
        self.write().insert(route.account.clone(), route);
        true
    }

    /// Stops serving an account (when it is removed).
    pub fn remove(&self, account: &AccountId) {
        self.write().remove(account);
    }

    /// The accounts served.
    pub fn accounts(&self) -> Vec<AccountId> {
        let mut accounts: Vec<AccountId> = self.read().keys().cloned().collect();
        accounts.sort();
        accounts
    }

    fn route(&self, account: &AccountId) -> Option<WebhookRoute> {
        self.read().get(account).cloned()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<AccountId, WebhookRoute>> {
        self.routes.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<AccountId, WebhookRoute>> {
        self.routes.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts listening; the receiver stops when the returned handle is dropped.
    pub async fn serve(self: Arc<Self>) -> std::io::Result<RunningReceiver> {
        let listener = tokio::net::TcpListener::bind(self.settings.address).await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let router = routes::router(self);
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "webhook receiver stopped with an error");
            }
        });
        Ok(RunningReceiver {
            base_url: format!("http://{address}"),
            stop: Some(stop),
            task,
        })
    }
}

/// A receiver that is listening.
#[derive(Debug)]
pub struct RunningReceiver {
    /// `http://ADDRESS`; an account's URL is [`RunningReceiver::url_for`].
    pub base_url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningReceiver {
    /// The URL to configure at the provider for `account`.
    pub fn url_for(&self, account: &AccountId) -> String {
        format!("{}/webhooks/{}", self.base_url, account.as_str())
    }

    /// Stops listening and waits for the server to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningReceiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statuses_outrank_pending_ones() {
        assert!(
            status_rank(TransactionStatus::Succeeded) > status_rank(TransactionStatus::Pending)
        );
        assert!(
            status_rank(TransactionStatus::Failed) > status_rank(TransactionStatus::Processing)
        );
        assert!(
            status_rank(TransactionStatus::Refunded) > status_rank(TransactionStatus::Succeeded)
        );
    }
}
