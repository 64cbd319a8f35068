//! What every command can reach.

use std::path::PathBuf;

/// The app's shared state.
#[derive(Debug)]
pub struct AppState {
    /// True while running on the embedded sandbox providers.
    pub sandbox: bool,
    /// Where the database and logs live.
    pub data_dir: PathBuf,
    /// Whether this run is a smoke test that ends once the UI is up.
    pub smoke_test: bool,
}
