//! What every command can reach.

use std::path::PathBuf;

use paydesk_desk::Desk;
use paydesk_domain::AppError;

/// The app's shared state.
#[derive(Debug)]
pub struct AppState {
    /// True while running on the embedded sandbox providers.
    pub sandbox: bool,
    /// Where the database and logs live.
    pub data_dir: PathBuf,
    /// Whether this run is a smoke test that ends once the UI is up.
    pub smoke_test: bool,
    /// The running desk, or why it could not start (then every command says so).
    pub desk: Result<Desk, AppError>,
}

impl AppState {
    /// The desk, or the reason it is not running.
    pub fn desk(&self) -> Result<&Desk, AppError> {
        self.desk.as_ref().map_err(Clone::clone)
    }
}
