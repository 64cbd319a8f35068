//! The CashWeb simulator's router: every endpoint of the Partner API and its handler. The
//! handlers share the request plumbing of `request` and the refusals of `errors`.

use axum::Router;
use axum::routing::{get, post};

use super::{Simulator, create, ledger, reads, simulate};

pub(super) fn routes(sim: Simulator) -> Router {
    Router::new()
        .route("/quotes", post(create::create_quote))
        .route(
            "/transactions",
            post(create::create_transaction).get(reads::list_transactions),
        )
        .route(
            "/transactions/reference/{reference}",
            get(reads::by_reference),
        )
        .route("/transactions/{id}", get(reads::get_transaction))
        .route(
            "/transactions/{id}/status-history",
            get(reads::status_history),
        )
        .route("/transactions/{id}/cancel", post(create::cancel))
        .route("/revenue", get(ledger::revenue))
        .route("/webhooks/events", get(ledger::list_events))
        .route("/webhooks/events/{event_id}", get(ledger::event_telemetry))
        .route("/webhooks/events/{event_id}/replay", post(ledger::replay))
        .route("/sandbox/simulate", post(simulate::simulate))
        .with_state(sim)
}
