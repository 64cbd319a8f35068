//! Paydesk's desktop shell: starts the window, holds the app state and exposes thin commands to
//! the UI. Everything that decides anything lives in the crates below it.

pub mod cli;
pub mod commands;
pub mod logging;
pub mod smoke;
pub mod state;

use std::path::{Path, PathBuf};

use tauri::Manager;

use crate::state::AppState;

/// The typed command and event registry; the UI's bindings are generated from it.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::app_info,
            commands::ui_ready
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
        .invoke_handler(invoke_handler)
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = match &options.data_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            std::fs::create_dir_all(&data_dir)?;
            let guard = logging::init(&data_dir.join("logs"))?;
            app.manage(LogGuard(guard));
            tracing::info!(data_dir = %data_dir.display(), "Paydesk starting in sandbox mode");
            app.manage(AppState {
                sandbox: true,
                data_dir,
                smoke_test: options.smoke_test.is_some(),
            });
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            let code = app.run_return(|_, _| {});
            tracing::info!(code, "Paydesk stopped");
            code
        }
        Err(e) => {
            eprintln!("Paydesk could not start: {e}");
            1
        }
    }
}

/// Keeps the log writer flushing until the app ends.
struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

/// The repository root, for tools that write into it (bindings).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
