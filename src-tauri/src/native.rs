//! What the Rust side shows or opens natively, outside the webview: the confirmation dialog of a
//! live payout (the webview cannot send one by itself) and the data folder in the file manager.

use std::path::Path;

use paydesk_desk::confirm::{Answer, LiveConfirmer, LivePayout};
use paydesk_domain::{AppError, ErrorCode};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// Asks with a native OK/Cancel dialog over the app's window; only "Send payout" sends.
pub struct DialogConfirmer {
    app: AppHandle,
}

impl DialogConfirmer {
    /// Dialogs for `app`'s main window.
    pub fn new(app: AppHandle) -> DialogConfirmer {
        DialogConfirmer { app }
    }
}

impl LiveConfirmer for DialogConfirmer {
    fn confirm(&self, payout: LivePayout) -> Answer {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let mut dialog = self
            .app
            .dialog()
            .message(payout.message())
            .title(payout.title.clone())
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancelCustom(
                payout.send_label().to_owned(),
                payout.cancel_label().to_owned(),
            ));
        if let Some(window) = self.app.get_webview_window("main") {
            dialog = dialog.parent(&window);
        }
        dialog.show(move |send| {
            let _ = answer.send(send);
        });
        // A dialog that goes away without an answer sends nothing.
        Box::pin(async move { answered.await.unwrap_or(false) })
    }
}

/// Opens `folder` in the desktop's file manager.
pub fn open_folder(folder: &Path) -> Result<(), AppError> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(folder)
        .spawn()
        .map(|mut child| {
            // Reap the opener when it exits (it usually hands over to the file manager at once).
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!(
                    "cannot open the folder {} ({opener}: {e}); open it yourself",
                    folder.display()
                ),
            )
        })
}
