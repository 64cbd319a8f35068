//! Notifications: `GET /notifications`, `GET` and `PUT /notifications/{id}` (resend), and
//! their delivery (reference 8 ASSUMPTIONs): an HTTP `POST` of the notification's
//! JSON to the merchant's URL, unsigned; any 2xx counts as delivered; `LastResponseCode` keeps
//! the code received, or 0 when no answer came (10 s timeout) or the endpoint is down by knob.
//! No automatic retries unless the `auto_retry` knob asks for 3 with backoff on the clock.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::Simulator;
use super::http::{Q, error, json_text, not_found, problems};
use super::render::{notification_text, wrap, wrap_list};
use super::state::{DeliveryRecord, Ts, time_of};
use super::validate::{self, Problems};

/// One delivery attempt: the receiver's status, or 0 when none came (reference 8).
pub async fn post(sim: &Simulator, url: &str, body: &str) -> u16 {
    if sim.lock().knobs.notification_endpoint_down {
        return 0;
    }
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        axum::http::HeaderValue::from_static("application/json"),
    );
    match client
        .post(url)
        .headers(headers)
        .body(body.to_owned())
        .send()
        .await
    {
        Ok(r) => r.status().as_u16(),
        Err(_) => 0,
    }
}

/// Backoff of the `auto_retry` knob's 3 retries, in seconds.
const RETRY_BACKOFF: [Ts; 3] = [10, 60, 300];

/// Sends every due automatic delivery; records `LastResponseCode` and the log.
pub async fn deliver_due(sim: &Simulator) -> usize {
    let now = sim.now();
    let due: Vec<(u32, u32, String, String, String)> = {
        let mut st = sim.lock();
        let Some(url) = st.notify_url.clone() else {
            return 0;
        };
        let (ready, later): (Vec<_>, Vec<_>) = st.outbox.drain(..).partition(|(t, _, _)| *t <= now);
        st.outbox = later;
        ready
            .into_iter()
            .filter_map(|(_, n, attempt)| {
                let i = usize::try_from(n).ok()?;
                Some((
                    n,
                    attempt,
                    url.clone(),
                    st.notification_id(i),
                    wrap("Notification", &notification_text(&st, i)),
                ))
            })
            .collect()
    };
    let count = due.len();
    for (n, attempt, url, id, body) in due {
        let code = post(sim, &url, &body).await;
        let mut st = sim.lock();
        if let Some(note) = usize::try_from(n)
            .ok()
            .and_then(|i| st.notifications.get_mut(i))
        {
            note.last_code = code;
        }
        let ok = (200..300).contains(&code);
        if !ok
            && st.knobs.auto_retry
            && let Some(wait) = RETRY_BACKOFF.get(usize::try_from(attempt).unwrap_or(9))
        {
            st.outbox.push((now.saturating_add(*wait), n, attempt + 1));
        }
        st.deliveries.push(DeliveryRecord {
            notification_id: id,
            url,
            body,
            code,
            at: time_of(now),
            resend: false,
        });
    }
    count
}

pub async fn list(State(sim): State<Simulator>, Query(q): Q) -> Response {
    let mut p = Problems::default();
    let (offset, rows) = validate::page(&q, &mut p);
    if !p.0.is_empty() {
        return problems(StatusCode::BAD_REQUEST, p);
    }
    let st = sim.lock();
    let total = st.notifications.len();
    let texts: Vec<String> = (0..total.saturating_sub(offset))
        .rev()
        .take(rows)
        .map(|i| notification_text(&st, i))
        .collect();
    json_text(StatusCode::OK, wrap_list("Notifications", &texts))
}

pub async fn get_one(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    match st.notification_index(&id) {
        Some(i) => json_text(
            StatusCode::OK,
            wrap("Notification", &notification_text(&st, i)),
        ),
        None => not_found("NotificationId"),
    }
}

pub async fn resend(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let (index, url, body) = {
        let st = sim.lock();
        let Some(i) = st.notification_index(&id) else {
            return not_found("NotificationId");
        };
        let Some(url) = st.notify_url.clone() else {
            return error(
                StatusCode::BAD_REQUEST,
                "URL",
                "Notification URL not configured",
            );
        };
        (i, url, wrap("Notification", &notification_text(&st, i)))
    };
    let code = post(&sim, &url, &body).await;
    let now = sim.now();
    let mut st = sim.lock();
    if let Some(n) = st.notifications.get_mut(index) {
        n.last_code = code;
        n.updated = now;
    }
    st.deliveries.push(DeliveryRecord {
        notification_id: id,
        url,
        body,
        code,
        at: time_of(now),
        resend: true,
    });
    json_text(
        StatusCode::OK,
        wrap("Notification", &notification_text(&st, index)),
    )
}
