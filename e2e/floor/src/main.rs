//! The floor of `make measure`: a bare Tauri app with one window showing one static page, on
//! the same Tauri version and release profile as Paydesk. `e2e/measure.mjs` launches it through
//! tauri-driver exactly as it launches Paydesk, and reports Paydesk's memory above this floor
//! (what WebKitGTK, GTK and Tauri cost before an app holds anything). It is never shipped.

// No console window on Windows release builds, as for Paydesk.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the floor app could not start: {e}");
        std::process::exit(1);
    }
}
