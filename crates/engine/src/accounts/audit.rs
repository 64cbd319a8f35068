//! Account actions into the store's audit log: who, what, the outcome; never a secret (the
//! details hold ids, labels, modes, URLs and error codes and messages, which never quote one).

use paydesk_domain::{AppError, ProviderKind};
use paydesk_store::{NewAuditEntry, Store};
use serde_json::{Value, json};

/// Who acts when the merchant uses the account screens.
pub const AUDIT_ACTOR: &str = "local user";

/// Who acts when Paydesk sets up the sandbox accounts by itself.
pub const SANDBOX_ACTOR: &str = "paydesk";

/// A base URL as entered, fit for the log: one that breaks the URL rules (it may carry a user
/// name and password) is recorded as `(refused)`, never as typed.
pub(super) fn loggable_url(url: Option<&str>) -> Value {
    match super::endpoints::check_base_url(url) {
        Ok(url) => json!(url),
        Err(_) => json!("(refused)"),
    }
}

/// One account action to record.
pub(super) struct Action<'a> {
    pub(super) actor: &'a str,
    pub(super) action: &'a str,
    pub(super) provider: ProviderKind,
    pub(super) account: Option<&'a str>,
    pub(super) details: Value,
}

/// Appends the action with its outcome. A failure to write the log is logged, not returned:
/// the action itself has happened (or failed) already and its result must reach the merchant.
pub(super) async fn record<T>(store: &Store, action: Action<'_>, outcome: &Result<T, AppError>) {
    let outcome = match outcome {
        Ok(_) => json!({ "result": "ok" }),
        Err(error) => json!({
            "result": "failed",
            "code": error.code.as_str(),
            "message": error.message,
            "field": error.field,
        }),
    };
    let entry = NewAuditEntry {
        actor: action.actor.to_owned(),
        action: action.action.to_owned(),
        details: json!({
            "provider": action.provider.as_str(),
            "account": action.account,
            "outcome": outcome,
            "details": action.details,
        }),
    };
    if let Err(error) = store.append_audit(&entry).await {
        tracing::warn!(action = action.action, %error, "the audit log could not be written");
    }
}
