//! The commands the UI calls. Each one is thin: it reads the app state and hands over to the
//! crates below; errors reach the UI as `domain::AppError`.

use paydesk_domain::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use crate::state::AppState;

/// What the UI shows in its frame: version, mode, and where the data lives.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// True while Paydesk runs on its embedded sandbox providers.
    pub sandbox: bool,
    /// The folder holding the local cache and logs.
    pub data_dir: String,
}

/// What the UI reports once its frame is on screen.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UiReady {
    /// The view on screen.
    pub view: String,
    /// The navigation entries rendered.
    pub navigation: Vec<String>,
    /// Whether the SANDBOX badge is visible.
    pub sandbox_badge: bool,
}

/// The app's version, mode and data folder.
#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        sandbox: state.sandbox,
        data_dir: state.data_dir.display().to_string(),
    }
}

/// Called by the UI when its frame has rendered. In a smoke test this ends the run: exit code 0
/// when the frame is complete, 1 when something is missing.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(
    app: AppHandle,
    state: State<'_, AppState>,
    report: UiReady,
) -> Result<(), AppError> {
    tracing::info!(view = %report.view, navigation = ?report.navigation, badge = report.sandbox_badge, "UI ready");
    let missing = crate::smoke::missing_parts(&report, state.sandbox);
    if state.smoke_test {
        crate::smoke::finish(&app, &missing);
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Internal,
            format!("the app frame is incomplete: {}", missing.join(", ")),
        ))
    }
}
