//! The receiver's one route, `POST /webhooks/{account}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::Utc;
use paydesk_domain::AccountId;

use super::{Receiver, Recorded, Verdict, verify_and_parse};

/// The largest body accepted; provider webhooks are a few kilobytes.
const MAX_BODY: usize = 256 * 1024;

pub(super) fn router(receiver: Arc<Receiver>) -> Router {
    Router::new()
        .route("/webhooks/{account}", post(deliver))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(receiver)
}

fn reply(status: StatusCode, outcome: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        format!("{{\"outcome\":\"{outcome}\"}}"),
    )
        .into_response()
}

async fn deliver(
    State(receiver): State<Arc<Receiver>>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(route) = AccountId::new(account)
        .ok()
        .and_then(|account| receiver.route(&account))
    else {
        return reply(StatusCode::NOT_FOUND, "unknown_account");
    };
    match verify_and_parse(&route, &headers, &body, Utc::now()) {
        Verdict::Rejected => {
            tracing::warn!(account = %route.account, provider = route.provider.as_str(), "webhook refused: bad signature");
            reply(StatusCode::UNAUTHORIZED, "bad_signature")
        }
        Verdict::Unreadable(reason) => {
            tracing::warn!(account = %route.account, %reason, "webhook refused: unreadable");
            reply(StatusCode::BAD_REQUEST, "unreadable")
        }
        Verdict::Accepted(delivery) => match receiver.sink.record(*delivery).await {
            Ok(Recorded::New) => reply(StatusCode::OK, "recorded"),
            Ok(Recorded::Duplicate) => reply(StatusCode::OK, "duplicate"),
            Err(e) => {
                // A 5xx makes the provider retry later, which is what a failed write needs.
                tracing::error!(account = %route.account, code = e.code.as_str(), "webhook not recorded");
                reply(StatusCode::SERVICE_UNAVAILABLE, "not_recorded")
            }
        },
    }
}
