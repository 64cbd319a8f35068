//! What can go wrong in the store, as one enum the engine can branch on.

use paydesk_domain::transaction::InvalidTransaction;
use paydesk_domain::{AccountId, AppError, ErrorCode, ProviderKind};

/// Every failure of the local cache.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused or failed (disk full, file damaged, constraint broken...).
    #[error("local database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("local database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A transaction in a batch breaks the domain's rules; nothing of the batch was written.
    #[error("transaction {provider_id} cannot be stored: {source}")]
    InvalidTransaction {
        /// The provider's id of the faulty record.
        provider_id: String,
        /// The rule it breaks.
        source: InvalidTransaction,
    },
    /// No account has this id.
    #[error("no account '{0}'")]
    UnknownAccount(AccountId),
    /// An account with this id exists already.
    #[error("an account '{0}' exists already")]
    DuplicateAccount(AccountId),
    /// A record claims another provider than its account's.
    #[error("transaction {provider_id} says {claimed} but account {account} is at {actual}")]
    ProviderMismatch {
        /// The provider's id of the record.
        provider_id: String,
        /// The account it names.
        account: AccountId,
        /// The provider the record claims.
        claimed: ProviderKind,
        /// The account's provider.
        actual: ProviderKind,
    },
    /// A sync batch holds a record of another account than the one being synced.
    #[error("transaction {provider_id} belongs to {found}, not to the synced account {expected}")]
    WrongAccount {
        /// The provider's id of the record.
        provider_id: String,
        /// The account being synced.
        expected: AccountId,
        /// The account the record names.
        found: AccountId,
    },
    /// A stored row cannot be read back into a domain value.
    #[error("damaged row in {table}: {detail}")]
    Corrupt {
        /// The table holding the row.
        table: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// A page cursor that this store did not hand out, or for another sort order.
    #[error("invalid page cursor: {0}")]
    InvalidCursor(String),
    /// A filter that contradicts itself or the rules (e.g. two currencies).
    #[error("invalid filter: {0}")]
    InvalidFilter(String),
    /// A value the store refuses to keep (e.g. a URL carrying credentials).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Writing the CSV export failed.
    #[error("CSV export failed: {0}")]
    Csv(#[from] csv::Error),
    /// Writing the export to its destination failed.
    #[error("export failed: {0}")]
    Io(#[from] std::io::Error),
    /// JSON details could not be encoded or decoded.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    pub(crate) fn corrupt(table: &'static str, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            table,
            detail: detail.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::UnknownAccount(_) => ErrorCode::AccountNotFound,
            StoreError::InvalidCursor(_)
            | StoreError::InvalidFilter(_)
            | StoreError::InvalidInput(_)
            | StoreError::DuplicateAccount(_) => ErrorCode::InputInvalid,
            StoreError::InvalidTransaction { .. }
            | StoreError::ProviderMismatch { .. }
            | StoreError::WrongAccount { .. } => ErrorCode::Internal,
            StoreError::Database(_)
            | StoreError::Migration(_)
            | StoreError::Corrupt { .. }
            | StoreError::Csv(_)
            | StoreError::Io(_)
            | StoreError::Json(_) => ErrorCode::StoreFailed,
        };
        AppError::new(code, error.to_string())
    }
}
