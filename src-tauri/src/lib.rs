//! Paydesk's desktop shell: starts the window, holds the app state and exposes thin commands to
//! the UI. Everything that decides anything lives in the crates below it.

pub mod cli;
pub mod commands;
pub mod events;
pub mod native;
pub mod smoke;
pub mod state;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use paydesk_desk::{Host, HostConfig, logging};
use paydesk_engine::KeyringStore;
use paydesk_sandbox::all::SandboxConfig;
use tauri::Manager;

use crate::state::AppState;

/// The typed command and event registry; the UI's bindings are generated from it.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::app_info,
            commands::switch_mode,
            commands::settings,
            commands::save_settings,
            commands::set_ui_language,
            commands::reset_sandbox,
            commands::open_data_folder,
            commands::ui_ready,
            commands::overview,
            commands::earnings,
            commands::transactions,
            commands::transaction_detail,
            commands::export_csv,
            commands::accounts,
            commands::add_account,
            commands::edit_account,
            commands::test_connection,
            commands::remove_account,
            commands::sync_now,
            commands::payout_options,
            commands::validate_payout,
            commands::prepare_payout,
            commands::confirm_payout,
            commands::cancel_payout,
            commands::link_payout,
            commands::payouts,
            commands::payment_requests,
            commands::request_qr,
            commands::payout_journal,
            commands::cashweb_quote,
        ])
        .events(tauri_specta::collect_events![
            events::SyncProgressEvent,
            events::PayoutUpdateEvent,
            events::ExportProgressEvent,
        ])
        .typ::<paydesk_domain::AppError>()
}

/// Where the generated bindings live in the repository.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

/// The UI's TypeScript bindings, as text.
pub fn bindings_text() -> Result<String, String> {
    let text = specta_builder()
        .export_str(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by `make bindings`. Do not edit.\n")
                .bigint(specta_typescript::BigIntExportBehavior::Fail),
        )
        .map_err(|e| format!("cannot generate the UI bindings: {e}"))?;
    Ok(text)
}

/// Writes the bindings file.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    std::fs::write(path, bindings_text()?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Starts the app and runs until its window closes; returns the process exit code.
pub fn run(options: cli::Options) -> i32 {
    if let Some(path) = &options.export_bindings {
        return match export_bindings(path) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{e}");
                1
            }
        };
    }
    if let Some(limit) = options.smoke_test {
        smoke::arm_deadline(limit);
    }
    let builder = specta_builder();
    let invoke_handler = builder.invoke_handler();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(invoke_handler)
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = match &options.data_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            paydesk_desk::files::create_private_dir(&data_dir)?;
            let log_dir = data_dir.join("logs");
            let guard = logging::init(&log_dir)?;
            app.manage(LogGuard(guard));
            tracing::info!(
                data_dir = %data_dir.display(),
                offline = options.offline,
                sandbox = options.sandbox,
                sync_every_seconds = options.sync_every.map(|d| d.as_secs()),
                "Paydesk starting"
            );
            let host = tauri::async_runtime::block_on(start_host(&options, data_dir, log_dir, app.handle()));
            if let Err(e) = &host {
                tracing::error!(code = e.code.as_str(), message = %e.message, "Paydesk could not start");
            }
            app.manage(AppState {
                smoke_test: options.smoke_test.is_some(),
                host,
            });
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            let code = app.run_return(|handle, event| {
                if let tauri::RunEvent::Exit = event
                    && let Some(state) = handle.try_state::<AppState>()
                    && let Ok(host) = state.host()
                {
                    tauri::async_runtime::block_on(host.shutdown());
                }
            });
            tracing::info!(code, "Paydesk stopped");
            code
        }
        Err(e) => {
            eprintln!("Paydesk could not start: {e}");
            1
        }
    }
}

/// Opens the live database and the launch mode's desk (see `paydesk_desk::modes`): its cache
/// at once, its simulators (sandbox, unless `--offline`), keyring-backed accounts, receiver
/// (sandbox) and sync scheduler in the background, so the window shows the cached Overview
/// without waiting for them. With no live account and no `--sandbox`, nothing starts and the
/// window shows its welcome screen.
async fn start_host(
    options: &cli::Options,
    data_dir: PathBuf,
    log_dir: PathBuf,
    app: &tauri::AppHandle,
) -> Result<Host, paydesk_domain::AppError> {
    let mut sandbox = SandboxConfig::demo(options.seed);
    sandbox.history_size = options.sandbox_history;
    Host::open(HostConfig {
        data_dir,
        log_dir,
        secrets: Arc::new(KeyringStore::new()),
        events: Arc::new(events::WindowEvents::new(app.clone())),
        confirmer: Arc::new(native::DialogConfirmer::new(app.clone())),
        sandbox,
        offline: options.offline,
        start_in: options.sandbox.then_some(paydesk_domain::Mode::Sandbox),
        payout_settings: paydesk_engine::payouts::PayoutSettings::default(),
        sync_every: options.sync_every,
    })
    .await
}

/// Keeps the log writer flushing until the app ends.
struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

/// The repository root, for tools that write into it (bindings).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
