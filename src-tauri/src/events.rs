//! The events the UI listens to, and the bridge that turns the desk's news into them (and a
//! payout or payment request that reaches its end into an OS notification, worded by the
//! desk).

use paydesk_desk::DeskEvents;
use paydesk_desk::views::{ExportProgress, PayoutUpdate, SyncEvent};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

/// An account's sync moved on.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct SyncProgressEvent(pub SyncEvent);

/// A payout changed state.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct PayoutUpdateEvent(pub PayoutUpdate);

/// A CSV export moved on.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ExportProgressEvent(pub ExportProgress);

/// Sends the desk's news to the window.
pub struct WindowEvents {
    app: AppHandle,
}

impl WindowEvents {
    /// Events for `app`'s windows.
    pub fn new(app: AppHandle) -> WindowEvents {
        WindowEvents { app }
    }
}

fn warn_unsent(what: &str, error: &tauri::Error) {
    tracing::warn!(event = what, error = %error, "event not delivered to the UI");
}

impl DeskEvents for WindowEvents {
    fn sync_progress(&self, event: SyncEvent) {
        if let Err(e) = SyncProgressEvent(event).emit(&self.app) {
            warn_unsent("sync", &e);
        }
    }

    fn payout_update(&self, event: PayoutUpdate) {
        if let Some(notice) = paydesk_desk::notice(&event) {
            let shown = self
                .app
                .notification()
                .builder()
                .title(notice.title)
                .body(notice.body)
                .show();
            if let Err(e) = shown {
                tracing::info!(error = %e, "no OS notification (the desktop has no notification service)");
            }
        }
        if let Err(e) = PayoutUpdateEvent(event).emit(&self.app) {
            warn_unsent("payout", &e);
        }
    }

    fn export_progress(&self, event: ExportProgress) {
        if let Err(e) = ExportProgressEvent(event).emit(&self.app) {
            warn_unsent("export", &e);
        }
    }
}
