//! The commands the UI calls. Each one is thin: it hands over to the desk
//! (`paydesk_desk::Desk`) and returns its view; errors reach the UI as `domain::AppError`.
//! The export's native save dialog is opened here, on the Rust side, so the webview never
//! names the file written.

use std::path::PathBuf;

use paydesk_desk::CsvSaveTarget;
use paydesk_desk::views::{
    AccountChanges, AccountForm, AccountInfo, ConnectionResult, Earnings, EarningsQuery,
    ExportDone, ExportRequest, JournalLine, Overview, PageRequest, PayoutDraft, PayoutForm,
    PayoutOptions, PayoutView, QuoteRequest, QuoteView, TransactionDetail, TransactionPage,
};
use paydesk_desk::{AppInfo, Settings};
use paydesk_domain::{AppError, ErrorCode, Mode};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State, Window};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

/// What the UI reports once its frame is on screen.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UiReady {
    /// The view on screen.
    pub view: String,
    /// The navigation entries rendered, as the views they lead to (`#/overview`).
    pub navigation: Vec<String>,
    /// Whether the SANDBOX badge is visible.
    pub sandbox_badge: bool,
}

/// The app's version, the mode shown (none: the welcome screen) and its folders.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    state.host()?.info().await
}

/// Shows the other mode's data: the running desk stops and this mode's starts.
#[tauri::command]
#[specta::specta]
pub async fn switch_mode(state: State<'_, AppState>, mode: Mode) -> Result<AppInfo, AppError> {
    state.host()?.switch(mode).await
}

/// The merchant's settings.
#[tauri::command]
#[specta::specta]
pub async fn settings(state: State<'_, AppState>) -> Result<Settings, AppError> {
    state.host()?.settings().await
}

/// Checks, saves and applies the settings.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, AppError> {
    state.host()?.save_settings(settings).await
}

/// The language the UI shows from now on: the desk's own words (confirmation lines, the live
/// payout's dialog, OS notifications) follow it.
#[tauri::command]
#[specta::specta]
pub fn set_ui_language(language: paydesk_desk::Language) {
    paydesk_desk::set_ui_language(language);
    tracing::info!(language = language.tag(), "UI language");
}

/// Deletes the sandbox data (never live data); SANDBOX starts afresh if shown.
#[tauri::command]
#[specta::specta]
pub async fn reset_sandbox(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    state.host()?.reset_sandbox().await
}

/// Opens the data folder in the file manager (the Rust side picks the folder).
#[tauri::command]
#[specta::specta]
pub async fn open_data_folder(state: State<'_, AppState>) -> Result<(), AppError> {
    let info = state.host()?.info().await?;
    crate::native::open_folder(std::path::Path::new(&info.data_dir))
}

/// Called by the UI when its frame has rendered. In a smoke test this ends the run: exit code 0
/// when the frame is complete and the desk runs, 1 when something is missing.
#[tauri::command]
#[specta::specta]
pub async fn ui_ready(
    app: AppHandle,
    state: State<'_, AppState>,
    report: UiReady,
) -> Result<(), AppError> {
    tracing::info!(view = %report.view, navigation = ?report.navigation, badge = report.sandbox_badge, "UI ready");
    let desk = state.host()?.try_desk();
    let sandbox = desk.as_ref().is_some_and(paydesk_desk::Desk::is_sandbox);
    let mut missing = if desk.is_some() {
        crate::smoke::missing_parts(&report, sandbox)
    } else {
        Vec::new()
    };
    if state.smoke_test {
        // The smoke verdict also needs the desk behind the frame; a normal launch shows the
        // desk's problems as the Overview's banners instead.
        missing.extend(crate::smoke::desk_problems(&state.host, desk.as_ref()).await);
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

/// Every account with its balances, totals per currency and today's figures.
#[tauri::command]
#[specta::specta]
pub async fn overview(state: State<'_, AppState>) -> Result<Overview, AppError> {
    state.desk().await?.overview().await
}

/// The earnings chart's series.
#[tauri::command]
#[specta::specta]
pub async fn earnings(
    state: State<'_, AppState>,
    query: EarningsQuery,
) -> Result<Earnings, AppError> {
    state.desk().await?.earnings(&query).await
}

/// One page of cached transactions.
#[tauri::command]
#[specta::specta]
pub async fn transactions(
    state: State<'_, AppState>,
    request: PageRequest,
) -> Result<TransactionPage, AppError> {
    state.desk().await?.transactions(&request).await
}

/// One cached transaction with its status history and raw record.
#[tauri::command]
#[specta::specta]
pub async fn transaction_detail(
    state: State<'_, AppState>,
    account: String,
    provider_id: String,
) -> Result<TransactionDetail, AppError> {
    state
        .desk()
        .await?
        .transaction_detail(&account, &provider_id)
        .await
}

/// The native "save as" dialog over the calling window, for a CSV file.
struct SaveDialog {
    window: Window,
}

impl CsvSaveTarget for SaveDialog {
    async fn choose_csv_path(&self, suggested_name: &str) -> Option<PathBuf> {
        let (answer, chosen) = tokio::sync::oneshot::channel();
        self.window
            .dialog()
            .file()
            .set_parent(&self.window)
            .add_filter("CSV", &["csv"])
            .set_file_name(suggested_name)
            .save_file(move |path| {
                let _ = answer.send(path);
            });
        match chosen.await.ok().flatten()?.into_path() {
            Ok(path) => Some(path),
            Err(e) => {
                tracing::warn!("the save dialog answered no file path: {e}");
                None
            }
        }
    }
}

/// Asks the merchant where to save (the native save dialog), then writes the whole filtered
/// list there as CSV. `null`: the merchant cancelled the dialog and nothing was written.
#[tauri::command]
#[specta::specta]
pub async fn export_csv(
    window: Window,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> Result<Option<ExportDone>, AppError> {
    state
        .desk()
        .await?
        .export_csv(&request, &SaveDialog { window })
        .await
}

/// Every account, credentials redacted.
#[tauri::command]
#[specta::specta]
pub async fn accounts(state: State<'_, AppState>) -> Result<Vec<AccountInfo>, AppError> {
    state.desk().await?.accounts().await
}

/// Adds an account.
#[tauri::command]
#[specta::specta]
pub async fn add_account(
    state: State<'_, AppState>,
    form: AccountForm,
) -> Result<AccountInfo, AppError> {
    state.desk().await?.add_account(&form).await
}

/// Changes an account.
#[tauri::command]
#[specta::specta]
pub async fn edit_account(
    state: State<'_, AppState>,
    id: String,
    changes: AccountChanges,
) -> Result<AccountInfo, AppError> {
    state.desk().await?.edit_account(&id, &changes).await
}

/// Tests an account's connection.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConnectionResult, AppError> {
    state.desk().await?.test_connection(&id).await
}

/// Removes an account and its secrets.
#[tauri::command]
#[specta::specta]
pub async fn remove_account(
    state: State<'_, AppState>,
    id: String,
    open_payouts_acknowledged: bool,
) -> Result<(), AppError> {
    state
        .desk()
        .await?
        .remove_account(&id, open_payouts_acknowledged)
        .await
}

/// Syncs every account now.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.desk().await?.sync_now().await
}

/// Which accounts can send what.
#[tauri::command]
#[specta::specta]
pub async fn payout_options(state: State<'_, AppState>) -> Result<PayoutOptions, AppError> {
    state.desk().await?.payout_options().await
}

/// Checks a payout form as the merchant types.
#[tauri::command]
#[specta::specta]
pub async fn validate_payout(state: State<'_, AppState>, form: PayoutForm) -> Result<(), AppError> {
    state.desk().await?.validate_payout(&form).await.map(|_| ())
}

/// Writes a validated payout to the journal as a draft; nothing is sent.
#[tauri::command]
#[specta::specta]
pub async fn prepare_payout(
    state: State<'_, AppState>,
    form: PayoutForm,
) -> Result<PayoutDraft, AppError> {
    state.desk().await?.prepare_payout(&form).await
}

/// Confirms a draft with the retyped amount and sends it once.
#[tauri::command]
#[specta::specta]
pub async fn confirm_payout(
    state: State<'_, AppState>,
    draft_id: String,
    typed_amount: Option<String>,
) -> Result<PayoutView, AppError> {
    state
        .desk()
        .await?
        .confirm_payout(&draft_id, typed_amount.as_deref())
        .await
}

/// Cancels a payout where the provider allows it.
#[tauri::command]
#[specta::specta]
pub async fn cancel_payout(state: State<'_, AppState>, id: String) -> Result<PayoutView, AppError> {
    state.desk().await?.cancel_payout(&id).await
}

/// Links an HG.Cash cash-out Paydesk cannot follow to the id the merchant found in HG.Cash's
/// dashboard; the Rust side checks that id with HG.Cash before linking it.
#[tauri::command]
#[specta::specta]
pub async fn link_payout(
    state: State<'_, AppState>,
    id: String,
    provider_id: String,
) -> Result<PayoutView, AppError> {
    state.desk().await?.link_payout(&id, &provider_id).await
}

/// The most recent payouts (money going out).
#[tauri::command]
#[specta::specta]
pub async fn payouts(state: State<'_, AppState>) -> Result<Vec<PayoutView>, AppError> {
    state.desk().await?.payouts().await
}

/// The QR code (SVG) of a payment request's link or deposit address.
#[tauri::command]
#[specta::specta]
pub async fn request_qr(state: State<'_, AppState>, id: String) -> Result<String, AppError> {
    state.desk().await?.request_qr(&id).await
}

/// The most recent payment requests and sale actions (money coming in).
#[tauri::command]
#[specta::specta]
pub async fn payment_requests(state: State<'_, AppState>) -> Result<Vec<PayoutView>, AppError> {
    state.desk().await?.payment_requests().await
}

/// One payout's journal.
#[tauri::command]
#[specta::specta]
pub async fn payout_journal(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<JournalLine>, AppError> {
    state.desk().await?.payout_journal(&id).await
}

/// A CashWeb quote, executable for 120 s.
#[tauri::command]
#[specta::specta]
pub async fn cashweb_quote(
    state: State<'_, AppState>,
    request: QuoteRequest,
) -> Result<QuoteView, AppError> {
    state.desk().await?.cashweb_quote(&request).await
}
