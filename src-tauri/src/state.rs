//! What every command can reach.

use paydesk_desk::{Desk, Host};
use paydesk_domain::AppError;

/// The app's shared state.
#[derive(Debug)]
pub struct AppState {
    /// Whether this run is a smoke test that ends once the UI is up.
    pub smoke_test: bool,
    /// The host of the two modes' desks, or why it could not start (then every command says so).
    pub host: Result<Host, AppError>,
}

impl AppState {
    /// The host, or the reason it is not running.
    pub fn host(&self) -> Result<&Host, AppError> {
        self.host.as_ref().map_err(Clone::clone)
    }

    /// The desk of the mode shown, or why there is none (the welcome screen, or a failed start).
    pub async fn desk(&self) -> Result<Desk, AppError> {
        self.host()?.desk().await
    }
}
