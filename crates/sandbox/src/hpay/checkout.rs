//! The simulator-only pages (§9.2): the hosted checkout with its Pay and Cancel buttons, and
//! `POST /_sim/payments/{id}/pay` to mark a link paid from a test or a script.

use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::Simulator;
use super::render::{self, json};
use super::state::Status;

/// `?ref=<transaction_id>`.
#[derive(serde::Deserialize)]
pub(crate) struct RefQuery {
    #[serde(rename = "ref")]
    reference: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(crate) async fn page(AxState(sim): AxState<Simulator>, Query(q): Query<RefQuery>) -> Response {
    let state = sim.lock();
    let Some((_, p)) = state.find(&q.reference) else {
        return (StatusCode::NOT_FOUND, Html("<h1>Unknown payment link</h1>")).into_response();
    };
    let scale = state.merchant.scale;
    let id = escape(&p.id);
    let actions = if p.status == Status::Paid {
        "<p>This link is paid.</p>".to_owned()
    } else {
        format!(
            "<form method=\"post\" action=\"/_sim/checkout/pay?ref={id}\"><button>Pay</button></form>\
             <form method=\"post\" action=\"/_sim/checkout/cancel?ref={id}\"><button>Cancel</button></form>"
        )
    };
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>HPAY checkout (sandbox)</title></head>\
         <body><h1>{} — {}</h1><p>{}</p><p><strong>{} {}</strong></p>{actions}</body></html>",
        escape(&state.merchant.company),
        escape(&p.text.product()),
        escape(&p.text.description()),
        render::plain(p.amount, scale),
        &state.merchant.currency,
    ))
    .into_response()
}

pub(crate) async fn pay(AxState(sim): AxState<Simulator>, Query(q): Query<RefQuery>) -> Response {
    if !sim.pay(&q.reference) {
        let known = sim.lock().find(&q.reference).is_some();
        if !known {
            return (StatusCode::NOT_FOUND, Html("<h1>Unknown payment link</h1>")).into_response();
        }
    }
    let target = sim
        .lock()
        .find(&q.reference)
        .and_then(|(_, p)| p.urls.as_ref().map(|u| u.success.clone()));
    match target {
        Some(url) => Redirect::to(&url).into_response(),
        None => Html("<h1>Paid</h1>").into_response(),
    }
}

pub(crate) async fn cancel(
    AxState(sim): AxState<Simulator>,
    Query(q): Query<RefQuery>,
) -> Response {
    let target = sim
        .lock()
        .find(&q.reference)
        .map(|(_, p)| p.urls.as_ref().map(|u| u.cancel.clone()));
    match target {
        None => (StatusCode::NOT_FOUND, Html("<h1>Unknown payment link</h1>")).into_response(),
        Some(Some(url)) => Redirect::to(&url).into_response(),
        Some(None) => Html("<h1>Cancelled</h1>").into_response(),
    }
}

pub(crate) async fn sim_pay(AxState(sim): AxState<Simulator>, Path(id): Path<String>) -> Response {
    let paid = sim.pay(&id);
    let state = sim.lock();
    match state.find(&id) {
        None => render::error_with_status(StatusCode::NOT_FOUND, 5, "Transaction not found"),
        Some((_, p)) => json(&serde_json::json!({
            "success": true,
            "message": if paid { "Payment marked paid" } else { "Payment already paid" },
            "transaction_id": p.id,
            "status": p.status.as_wire(),
        })),
    }
}
