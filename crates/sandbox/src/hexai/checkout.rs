//! The mock Wave checkout page at a collection's `redirect_url` (section 11): Pay / Fail
//! buttons settle the collection at once and redirect to `success_url` / `error_url` as given.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::state::{Kind, Status, gmd_text};
use super::{Env, Inner, Simulator};

pub(crate) fn find_by_id(inner: &mut Inner, id: &str) -> Option<(Env, u32)> {
    [Env::Test, Env::Live]
        .into_iter()
        .find_map(|env| inner.ledger(env).find_id(id).map(|i| (env, i)))
}

pub(crate) async fn checkout_page(
    State(sim): State<Simulator>,
    Path(id): Path<String>,
) -> Response {
    let mut inner = sim.lock();
    sim.apply_due(&mut inner);
    let Some((env, index)) = find_by_id(&mut inner, &id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Unknown payment</h1>".to_owned()),
        )
            .into_response();
    };
    let ledger = inner.ledger(env);
    let (amount, status) = ledger
        .txs
        .get(index as usize)
        .map_or((0, "?"), |t| (t.amount, t.status.as_str()));
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Wave checkout (sandbox)</title></head>\
         <body><h1>Wave (sandbox)</h1><p>Pay D{} to the merchant. Status: {status}.</p>\
         <form method=\"post\" action=\"/checkout/{id}/pay\"><button>Pay</button></form>\
         <form method=\"post\" action=\"/checkout/{id}/fail\"><button>Fail</button></form></body></html>",
        gmd_text(amount)
    ))
    .into_response()
}

pub(crate) async fn checkout_action(
    State(sim): State<Simulator>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let now_ms = sim.clock().now().timestamp_millis();
    let mut inner = sim.lock();
    sim.apply_due(&mut inner);
    let Some((env, index)) = find_by_id(&mut inner, &id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Unknown payment</h1>".to_owned()),
        )
            .into_response();
    };
    let status = match action.as_str() {
        "pay" => Status::Succeeded,
        "fail" => Status::Failed,
        _ => {
            return (
                StatusCode::NOT_FOUND,
                Html("<h1>Unknown action</h1>".to_owned()),
            )
                .into_response();
        }
    };
    let ledger = inner.ledger(env);
    let is_collection = ledger
        .txs
        .get(index as usize)
        .is_some_and(|t| t.kind == Kind::Collection);
    if is_collection && ledger.settle(index, status, None, now_ms) {
        sim.notify(&mut inner, env, index);
    }
    let ledger = inner.ledger(env);
    let target = ledger
        .txs
        .get(index as usize)
        .and_then(|t| t.urls.as_deref())
        .and_then(|(ok, err)| match status {
            Status::Succeeded => ok.clone(),
            Status::Failed | Status::Pending => err.clone(),
        });
    match target {
        // Redirect to the exact URL given, adding nothing (section 5.1 ASSUMPTION).
        Some(url) => Redirect::to(&url).into_response(),
        None => Html(format!(
            "<h1>Payment {}</h1>",
            status.as_str().to_lowercase()
        ))
        .into_response(),
    }
}
