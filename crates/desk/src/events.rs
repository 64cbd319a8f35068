//! What the desk tells the shell as it happens. The shell turns each call into a typed event
//! for the UI (and a terminal payout into an OS notification). Implementations must not block.

use std::sync::Mutex;

use paydesk_domain::{IntentKind, RequestState};
use paydesk_store::PayoutState;

use crate::views::{ExportProgress, PayoutUpdate, SyncEvent};

/// An OS notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The title.
    pub title: String,
    /// The body.
    pub body: String,
}

/// What the OS notification says when a payout or a payment request reaches its end, in the
/// UI's language (see [`notice_in`]).
pub fn notice(update: &PayoutUpdate) -> Option<Notice> {
    notice_in(update, crate::language::ui_language())
}

/// What the OS notification says in `language`: a request that gets paid says the money
/// arrived; a draft abandoned before anything was sent says nothing.
pub fn notice_in(update: &PayoutUpdate, language: crate::Language) -> Option<Notice> {
    let payout = &update.payout;
    if !update.terminal || payout.send_count == 0 {
        return None;
    }
    let w = language.words();
    let title = match (payout.kind, payout.request_state, payout.state) {
        (IntentKind::PaymentRequest, Some(RequestState::Paid), _) => w.notice_paid,
        (IntentKind::PaymentRequest, Some(RequestState::Expired), _) => w.notice_request_expired,
        (IntentKind::PaymentRequest, Some(RequestState::Cancelled), _) => {
            w.notice_request_cancelled
        }
        (IntentKind::PaymentRequest, Some(RequestState::Refunded), _) => w.notice_refunded,
        (IntentKind::PaymentRequest, _, _) => w.notice_request_failed,
        (IntentKind::SaleAction, _, PayoutState::Succeeded) => w.notice_sale_updated,
        (IntentKind::SaleAction, _, _) => w.notice_sale_not_done,
        (_, _, PayoutState::Succeeded) => w.notice_payout_succeeded,
        (_, _, PayoutState::Failed) => w.notice_payout_failed,
        (_, _, PayoutState::Cancelled) => w.notice_payout_cancelled,
        _ => w.notice_payout_ended,
    };
    let mut body = payout.summary.clone();
    match (&payout.amount, &payout.currency) {
        (Some(amount), Some(currency)) => body = format!("{body} ({amount} {currency})"),
        (Some(amount), None) => body = format!("{body} ({amount})"),
        _ => {}
    }
    if let Some(reason) = &payout.reason {
        body.push_str(": ");
        body.push_str(reason);
    }
    Some(Notice {
        title: title.to_owned(),
        body,
    })
}

/// Where the desk's news goes.
pub trait DeskEvents: Send + Sync {
    /// An account's sync moved on (or ended).
    fn sync_progress(&self, event: SyncEvent);
    /// A payout changed state.
    fn payout_update(&self, event: PayoutUpdate);
    /// A CSV export moved on (or ended).
    fn export_progress(&self, event: ExportProgress);
}

/// One event the desk emitted, as a recorder keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emitted {
    /// A sync event.
    Sync(SyncEvent),
    /// A payout event.
    Payout(Box<PayoutUpdate>),
    /// An export event.
    Export(ExportProgress),
}

/// Keeps every event (headless runs, tests and the command-line tools read them back).
#[derive(Debug, Default)]
pub struct EventLog {
    events: Mutex<Vec<Emitted>>,
}

impl EventLog {
    /// An empty log.
    pub fn new() -> EventLog {
        EventLog::default()
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> Vec<Emitted> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Emitted>> {
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl DeskEvents for EventLog {
    fn sync_progress(&self, event: SyncEvent) {
        self.lock().push(Emitted::Sync(event));
    }

    fn payout_update(&self, event: PayoutUpdate) {
        self.lock().push(Emitted::Payout(Box::new(event)));
    }

    fn export_progress(&self, event: ExportProgress) {
        self.lock().push(Emitted::Export(event));
    }
}

/// A desk's news until it stops: after a mode switch, whatever the stopped desk still finishes
/// (a sync, a poll) tells the window nothing, so the other mode's views never show it.
pub(crate) struct UntilStopped {
    events: std::sync::Arc<dyn DeskEvents>,
    stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl UntilStopped {
    pub(crate) fn new(
        events: std::sync::Arc<dyn DeskEvents>,
        stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> UntilStopped {
        UntilStopped { events, stopped }
    }

    fn open(&self) -> bool {
        !self.stopped.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl DeskEvents for UntilStopped {
    fn sync_progress(&self, event: SyncEvent) {
        if self.open() {
            self.events.sync_progress(event);
        }
    }

    fn payout_update(&self, event: PayoutUpdate) {
        if self.open() {
            self.events.payout_update(event);
        }
    }

    fn export_progress(&self, event: ExportProgress) {
        if self.open() {
            self.events.export_progress(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::PayoutView;
    use paydesk_domain::ProviderKind;

    fn update(kind: IntentKind, state: PayoutState, request: Option<RequestState>) -> PayoutUpdate {
        PayoutUpdate {
            payout: PayoutView {
                id: "i".into(),
                account: "a".into(),
                provider: ProviderKind::CashWeb,
                summary: "crypto deposit".into(),
                amount: Some("161500.00".into()),
                currency: Some("NGN".into()),
                reference: "PD-1".into(),
                kind,
                state,
                request_state: request,
                reason: None,
                provider_id: Some("tx".into()),
                provider_status: None,
                link: None,
                expires_at: None,
                send_count: 1,
                created_at: String::new(),
                updated_at: String::new(),
                needs_attention: false,
                attention: None,
                linkable: false,
            },
            terminal: state.is_terminal(),
        }
    }

    #[test]
    fn a_paid_request_says_the_money_arrived_and_never_payout_succeeded() {
        let notice = |u: &PayoutUpdate| notice_in(u, crate::Language::En);
        let paid = notice(&update(
            IntentKind::PaymentRequest,
            PayoutState::Succeeded,
            Some(RequestState::Paid),
        ))
        .expect("a notice");
        assert_eq!(paid.title, "Payment received");
        assert_eq!(paid.body, "crypto deposit (161500.00 NGN)");
        let expired = notice(&update(
            IntentKind::PaymentRequest,
            PayoutState::Expired,
            Some(RequestState::Expired),
        ))
        .expect("a notice");
        assert_eq!(expired.title, "Payment request expired unpaid");
        let payout =
            notice(&update(IntentKind::Payout, PayoutState::Succeeded, None)).expect("a notice");
        assert_eq!(payout.title, "Payout succeeded");
        let capture = notice(&update(
            IntentKind::SaleAction,
            PayoutState::Succeeded,
            None,
        ))
        .expect("a notice");
        assert_eq!(capture.title, "Sale updated", "a capture is not a payout");
    }

    #[test]
    fn the_notice_speaks_the_language_asked() {
        let paid = update(
            IntentKind::PaymentRequest,
            PayoutState::Succeeded,
            Some(RequestState::Paid),
        );
        let title = |language| notice_in(&paid, language).expect("a notice").title;
        assert_eq!(title(crate::Language::Es), "Pago recibido");
        assert_eq!(title(crate::Language::PtBr), "Pagamento recebido");
        assert_eq!(title(crate::Language::Fr), "Paiement reçu");
    }

    #[test]
    fn nothing_for_an_open_request_or_an_abandoned_draft() {
        let open = update(
            IntentKind::PaymentRequest,
            PayoutState::Accepted,
            Some(RequestState::AwaitingPayment),
        );
        assert_eq!(notice(&open), None);
        let mut abandoned = update(IntentKind::Payout, PayoutState::Cancelled, None);
        abandoned.payout.send_count = 0;
        assert_eq!(notice(&abandoned), None);
    }
}
