//! `POST /sandbox/simulate` (§3.10, staging only): drives an existing transaction through the
//! real lifecycle, with optional deposit id and chain hash overrides.

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::errors::{Fail, bad, not_found, render};
use super::model::Status;
use super::reply::success;
use super::request::{begin, object, opt_str};
use super::state::State;
use super::{Environment, Simulator};

pub(super) async fn simulate(
    AxState(sim): AxState<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (mut state, partner, now) = match begin(&sim, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if state.knobs.environment == Environment::Production {
        return render(
            (StatusCode::NOT_FOUND, "NOT_FOUND", "Route not found".into()),
            now,
        );
    }
    let outcome = (|| {
        let map = object(&body)?;
        let id =
            opt_str(&map, "transaction_id")?.ok_or_else(|| bad("transaction_id is required"))?;
        let event = opt_str(&map, "event")?.ok_or_else(|| bad("event is required"))?;
        let deposit_id = opt_str(&map, "deposit_id")?.map(str::to_owned);
        let hash = opt_str(&map, "blockchain_hash")?.map(str::to_owned);
        let index = state.find_id(partner, id).ok_or_else(not_found)?;
        apply_simulation(&mut state, index, event, now, deposit_id, hash)?;
        Ok(state.tx_json(index))
    })();
    match outcome {
        Ok(data) => success(StatusCode::OK, data, Some("Sandbox event simulated")),
        Err(fail) => render(fail, now),
    }
}

/// Pushes a transaction through the lifecycle as the named event demands (§3.10).
pub(super) fn apply_simulation(
    state: &mut State,
    index: usize,
    event: &str,
    now: DateTime<Utc>,
    deposit_id: Option<String>,
    hash: Option<String>,
) -> Result<(), Fail> {
    let status = state.status(index).ok_or_else(not_found)?;
    let conflict = || -> Fail {
        (
            StatusCode::CONFLICT,
            "INVALID_STATE_TRANSITION",
            format!("{event} is not possible from status {}", status.as_str()),
        )
    };
    let live = state.txs.get(index).is_some_and(|t| t.extra.is_some());
    if !live {
        return Err(conflict());
    }
    match event {
        "deposit.detected" => match status {
            Status::Pending | Status::AwaitingDeposit | Status::DepositConfirming => {
                state.detect(index, now, deposit_id, hash);
            }
            Status::SellingCrypto
            | Status::OrderFilled
            | Status::Completed
            | Status::Failed
            | Status::Expired
            | Status::Cancelled
            | Status::Refunded => return Err(conflict()),
        },
        "deposit.confirmed" => match status {
            Status::Pending | Status::AwaitingDeposit => {
                state.detect(index, now, deposit_id, hash);
                state.confirm(index, now);
            }
            Status::DepositConfirming => state.confirm(index, now),
            Status::SellingCrypto
            | Status::OrderFilled
            | Status::Completed
            | Status::Failed
            | Status::Expired
            | Status::Cancelled
            | Status::Refunded => return Err(conflict()),
        },
        "transaction.completed" => {
            if status.is_terminal() {
                return Err(conflict());
            }
            if matches!(status, Status::Pending | Status::AwaitingDeposit) {
                state.detect(index, now, deposit_id, hash);
            }
            if state.status(index) == Some(Status::DepositConfirming) {
                state.confirm(index, now);
            }
            if state.status(index) == Some(Status::SellingCrypto) {
                state.transition(index, Status::OrderFilled, now, "order:filled", None);
            }
            state.transition(
                index,
                Status::Completed,
                now,
                "order:settled",
                Some("transaction.completed"),
            );
        }
        "transaction.failed" => {
            if status.is_terminal() {
                return Err(conflict());
            }
            state.transition(
                index,
                Status::Failed,
                now,
                "sandbox:failed",
                Some("transaction.failed"),
            );
        }
        "transaction.expired" => match status {
            Status::Pending | Status::AwaitingDeposit => {
                state.transition(
                    index,
                    Status::Expired,
                    now,
                    "deposit:window_closed",
                    Some("transaction.expired"),
                );
            }
            Status::DepositConfirming
            | Status::SellingCrypto
            | Status::OrderFilled
            | Status::Completed
            | Status::Failed
            | Status::Expired
            | Status::Cancelled
            | Status::Refunded => return Err(conflict()),
        },
        "transaction.refunded" => {
            let allowed = matches!(
                status,
                Status::DepositConfirming | Status::SellingCrypto | Status::OrderFilled
            ) || (status == Status::Completed && state.knobs.refund_after_completion);
            if !allowed {
                return Err(conflict());
            }
            state.transition(
                index,
                Status::Refunded,
                now,
                "ops:refunded",
                Some("transaction.refunded"),
            );
        }
        "payout.settled" => {
            if status != Status::Completed {
                return Err(conflict());
            }
            // The simulate call emits the event even when it was sent before (§3.10).
            if let Some(extra) = state.txs.get_mut(index).and_then(|t| t.extra.as_mut()) {
                extra.payout_settled = true;
            }
            state.emit(index, "payout.settled", now);
        }
        other => return Err(bad(format!("Unknown event {other}"))),
    }
    Ok(())
}
