//! Optional HTTP doors onto the control API, under `/__sim/` (reference 12 ASSUMPTION: part
//! of the simulator, not of Hubcash). No Hubcash headers and no fault knobs apply to them.
//!
//! - `POST /__sim/sales/{sale_id}/{action}` with `pay`, `expire`, `chargeback`, `approve`,
//!   `deny`: 200 `{"ok": true}`, 404 unknown sale, 409 when the sale's status does not allow it;
//! - `PUT /__sim/notification-url` with `{"url": "http://…"}` or `{"url": null}`;
//! - `POST /__sim/advance?seconds=N`: moves the clock and applies what became due;
//! - `POST /__sim/deliver`: sends due notifications; `GET /__sim/deliveries`: the log.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use super::Simulator;

/// The control routes.
pub fn router(sim: Simulator) -> Router {
    Router::new()
        .route("/__sim/sales/{sale_id}/{action}", post(sale_action))
        .route("/__sim/notification-url", put(notification_url))
        .route("/__sim/advance", post(advance))
        .route("/__sim/deliver", post(deliver))
        .route("/__sim/deliveries", get(deliveries))
        .with_state(sim)
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

async fn sale_action(
    State(sim): State<Simulator>,
    Path((sale_id, action)): Path<(String, String)>,
) -> Response {
    if sim.lock().sale_index(&sale_id).is_none() {
        return reply(StatusCode::NOT_FOUND, json!({"error": "unknown sale"}));
    }
    let done = match action.as_str() {
        "pay" => sim.pay_billet(&sale_id),
        "expire" => sim.expire_billet(&sale_id),
        "chargeback" => sim.charge_back(&sale_id),
        "approve" => sim.resolve_analysis(&sale_id, true),
        "deny" => sim.resolve_analysis(&sale_id, false),
        _ => return reply(StatusCode::NOT_FOUND, json!({"error": "unknown action"})),
    };
    if done {
        reply(StatusCode::OK, json!({"ok": true}))
    } else {
        reply(
            StatusCode::CONFLICT,
            json!({"error": "the sale's status does not allow it"}),
        )
    }
}

async fn notification_url(State(sim): State<Simulator>, body: axum::body::Bytes) -> Response {
    let url = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("url").cloned());
    match url {
        Some(Value::String(url)) => sim.set_notification_url(Some(url)),
        Some(Value::Null) => sim.set_notification_url(None),
        _ => {
            return reply(
                StatusCode::BAD_REQUEST,
                json!({"error": "send {\"url\": \"http://…\"} or {\"url\": null}"}),
            );
        }
    }
    reply(StatusCode::OK, json!({"ok": true}))
}

async fn advance(
    State(sim): State<Simulator>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("seconds").and_then(|s| s.parse::<i64>().ok()) {
        Some(seconds) if seconds >= 0 => {
            sim.advance(chrono::Duration::seconds(seconds));
            reply(
                StatusCode::OK,
                json!({"now": sim.clock().now().to_rfc3339()}),
            )
        }
        _ => reply(
            StatusCode::BAD_REQUEST,
            json!({"error": "seconds must be a whole number ≥ 0"}),
        ),
    }
}

async fn deliver(State(sim): State<Simulator>) -> Response {
    let sent = sim.deliver_notifications().await;
    reply(StatusCode::OK, json!({ "attempted": sent }))
}

async fn deliveries(State(sim): State<Simulator>) -> Response {
    let list: Vec<Value> = sim
        .deliveries()
        .into_iter()
        .map(|d| {
            json!({
                "NotificationId": d.notification_id, "Url": d.url, "Code": d.code,
                "At": d.at.to_rfc3339(), "Resend": d.resend,
            })
        })
        .collect();
    reply(StatusCode::OK, json!({ "Deliveries": list }))
}
