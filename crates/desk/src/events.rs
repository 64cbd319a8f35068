//! What the desk tells the shell as it happens. The shell turns each call into a typed event
//! for the UI (and a terminal payout into an OS notification). Implementations must not block.

use std::sync::Mutex;

use crate::views::{ExportProgress, PayoutUpdate, SyncEvent};

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
