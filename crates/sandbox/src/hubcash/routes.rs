//! The Hubcash simulator's HTTP surface: the 16 endpoints under `/v1` and the header check;
//! the `Errors` bodies are built in `http`, notifications are listed and delivered in
//! `notifications` (reference 8).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::http::{Q, error, json_text, not_found, problems};
use super::render::{card_text, sale_text, wrap, wrap_list};
use super::sale_input::{self, SaleCardInput};
use super::state::{Card, IdKind, SaleCard, Ts, object_id};
use super::validate::{self, Problems};
use super::{Simulator, brands, notifications};
use crate::faults::{self, ErrorRenderer};

/// The router with auth and the fault layer.
pub fn router(sim: Simulator) -> Router {
    let routes = Router::new()
        .route("/v1/cards", axum::routing::post(create_card))
        .route(
            "/v1/cards/{card_id}",
            get(get_card).put(update_card).delete(delete_card),
        )
        .route("/v1/cards/document/{document}", get(cards_by_document))
        .route("/v1/sales", get(list_sales).post(create_sale))
        .route("/v1/sales/{sale_id}", get(get_sale))
        .route("/v1/sales/capture/{sale_id}", axum::routing::put(capture))
        .route("/v1/sales/cancel/{sale_id}", axum::routing::put(cancel))
        .route("/v1/currencies", get(currencies))
        .route("/v1/brands", get(list_brands))
        .route("/v1/brands/{number}", get(brand_by_number))
        .route("/v1/notifications", get(notifications::list))
        .route(
            "/v1/notifications/{notification_id}",
            get(notifications::get_one).put(notifications::resend),
        )
        .fallback(|| async { error(StatusCode::NOT_FOUND, "path", "Not found") })
        .method_not_allowed_fallback(|| async {
            error(StatusCode::METHOD_NOT_ALLOWED, "method", "Not allowed")
        })
        .layer(middleware::from_fn_with_state(sim.clone(), auth))
        .with_state(sim.clone());
    let renderer: ErrorRenderer =
        Arc::new(|status: StatusCode, code: &str, message: &str| error(status, code, message));
    faults::layer(routes, sim.faults().clone(), renderer).merge(super::sim_routes::router(sim))
}

async fn auth(State(sim): State<Simulator>, request: Request, next: Next) -> Response {
    let ok = {
        let headers = request.headers();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (code, token) = (header("x-hubcash-code"), header("x-hubcash-token"));
        sim.0
            .credentials
            .iter()
            .any(|c| code == Some(c.code.as_str()) && token == Some(c.token.as_str()))
    };
    if !ok {
        return error(
            StatusCode::UNAUTHORIZED,
            "headers",
            "Authorization with the API failed",
        );
    }
    next.run(request).await
}

fn body_json(body: &Bytes) -> Result<Value, Box<Response>> {
    serde_json::from_slice(body)
        .map_err(|_| Box::new(error(StatusCode::BAD_REQUEST, "body", "Invalid")))
}

// ---- cards ----

async fn get_card(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    match st.card_index(&id) {
        Some(i) => json_text(StatusCode::OK, wrap("Card", &card_text(&st, i))),
        None => not_found("CardId"),
    }
}

async fn update_card(
    State(sim): State<Simulator>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let now = sim.now();
    let value = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let mut st = sim.lock();
    let Some(i) = st.card_index(&id) else {
        return not_found("CardId");
    };
    let map = match validate::unwrap(&value, "Card") {
        Ok(m) => m,
        Err(p) => return problems(StatusCode::BAD_REQUEST, p),
    };
    let mut p = Problems::default();
    let Some(input) = validate::card(map, "", true, false, false, now, &mut p) else {
        return problems(StatusCode::BAD_REQUEST, p);
    };
    if let Some(card) = st.cards.get_mut(i) {
        card.brand = input.brand;
        card.holder_name = input.holder_name;
        card.document = input.document;
        card.phone = input.phone;
        card.exp_month = input.exp_month;
        card.exp_year = input.exp_year;
    }
    json_text(StatusCode::OK, wrap("Card", &card_text(&st, i)))
}

async fn delete_card(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let mut st = sim.lock();
    let Some(i) = st.card_index(&id) else {
        return not_found("CardId");
    };
    if let Some(card) = st.cards.get_mut(i) {
        card.deleted = true;
    }
    json_text(
        StatusCode::OK,
        json!({"Success": "Card deleted"}).to_string(),
    )
}

fn document_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

async fn cards_by_document(
    State(sim): State<Simulator>,
    Path(document): Path<String>,
    Query(q): Q,
) -> Response {
    let mut p = Problems::default();
    let (offset, rows) = validate::page(&q, &mut p);
    if !p.0.is_empty() {
        return problems(StatusCode::BAD_REQUEST, p);
    }
    let wanted = document_digits(&document);
    let st = sim.lock();
    let texts: Vec<String> = (0..st.cards.len())
        .rev()
        .filter(|i| {
            st.cards.get(*i).is_some_and(|c| {
                !c.deleted
                    && !wanted.is_empty()
                    && c.document.as_deref().map(document_digits).as_deref() == Some(&wanted)
            })
        })
        .skip(offset)
        .take(rows)
        .map(|i| card_text(&st, i))
        .collect();
    json_text(StatusCode::OK, wrap_list("Cards", &texts))
}

fn save_card(st: &mut super::state::State, input: validate::CardInput, now: Ts) -> usize {
    st.cards.push(Card {
        added: now,
        brand: input.brand,
        holder_name: input.holder_name,
        document: input.document,
        phone: input.phone,
        last4: input.last4.unwrap_or_default(),
        exp_month: input.exp_month,
        exp_year: input.exp_year,
        deleted: false,
    });
    st.cards.len() - 1
}

async fn create_card(State(sim): State<Simulator>, body: Bytes) -> Response {
    let now = sim.now();
    let value = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let mut st = sim.lock();
    let map = match validate::unwrap(&value, "Card") {
        Ok(m) => m,
        Err(p) => return problems(StatusCode::BAD_REQUEST, p),
    };
    let mut p = Problems::default();
    let strict = st.knobs.strict_card_brand;
    let Some(input) = validate::card(map, "", true, true, strict, now, &mut p) else {
        return problems(StatusCode::BAD_REQUEST, p);
    };
    let i = save_card(&mut st, input, now);
    json_text(StatusCode::CREATED, wrap("Card", &card_text(&st, i)))
}

// ---- sales ----

async fn list_sales(State(sim): State<Simulator>, Query(q): Q) -> Response {
    let mut p = Problems::default();
    let (offset, rows) = validate::page(&q, &mut p);
    let st = sim.lock();
    let method = q.get("Method").map(|m| super::state::Method::parse(m));
    if matches!(method, Some(None)) {
        p.add("Method", "Invalid");
    }
    let capture = match q.get("Capture").map(String::as_str) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            p.add("Capture", "Invalid");
            None
        }
    };
    let status = match q.get("Status") {
        None if st.knobs.require_status_filter => {
            p.add("Status", "Required");
            None
        }
        None => None,
        Some(s) => match s
            .parse::<u64>()
            .ok()
            .and_then(super::state::Status::from_code)
        {
            Some(s) => Some(s),
            None => {
                p.add("Status", "Invalid");
                None
            }
        },
    };
    if !p.0.is_empty() {
        return problems(StatusCode::BAD_REQUEST, p);
    }
    if status.is_none()
        && st
            .variance
            .has(crate::variance::Quirk::HubcashSalesNeedStatus)
    {
        // The seed marks `Status` required: this profile answers a list without it with
        // nothing at all, and a 200.
        return json_text(StatusCode::OK, wrap_list("Sales", &[]));
    }
    let reference = q.get("Ref");
    let currency = q.get("Currency");
    let filtered = reference.is_some()
        || currency.is_some()
        || method.is_some()
        || capture.is_some()
        || status.is_some();
    let total = st.sales.len();
    let indexes: Vec<usize> = if filtered {
        (0..total)
            .rev()
            .filter(|i| {
                let Some(s) = st.sales.get(*i) else {
                    return false;
                };
                reference.is_none_or(|r| st.reference_is(*i, r))
                    && currency.is_none_or(|c| {
                        st.currencies
                            .get(usize::from(s.currency))
                            .is_some_and(|d| &d.name == c)
                    })
                    && method.flatten().is_none_or(|m| s.method == m)
                    && capture.is_none_or(|c| s.capture == c)
                    && status.is_none_or(|x| s.status == x)
            })
            .skip(offset)
            .take(rows)
            .collect()
    } else {
        // Newest first without a scan, so paging a million sales stays fast.
        (0..total.saturating_sub(offset)).rev().take(rows).collect()
    };
    let texts: Vec<String> = indexes.into_iter().map(|i| sale_text(&st, i)).collect();
    json_text(StatusCode::OK, wrap_list("Sales", &texts))
}

async fn get_sale(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let st = sim.lock();
    match st.sale_index(&id) {
        Some(i) => json_text(StatusCode::OK, wrap("Sale", &sale_text(&st, i))),
        None => not_found("SaleId"),
    }
}

async fn capture(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let now = sim.now();
    let mut st = sim.lock();
    let Some(i) = st.sale_index(&id) else {
        return not_found("SaleId");
    };
    match st.capture(i, now) {
        Ok(()) => json_text(StatusCode::OK, wrap("Sale", &sale_text(&st, i))),
        Err(text) => error(StatusCode::BAD_REQUEST, "Status", text),
    }
}

async fn cancel(State(sim): State<Simulator>, Path(id): Path<String>) -> Response {
    let now = sim.now();
    let mut st = sim.lock();
    let Some(i) = st.sale_index(&id) else {
        return not_found("SaleId");
    };
    match st.cancel(i, now) {
        Ok(()) => json_text(StatusCode::OK, wrap("Sale", &sale_text(&st, i))),
        Err(text) => error(StatusCode::BAD_REQUEST, "Status", text),
    }
}

async fn create_sale(State(sim): State<Simulator>, body: Bytes) -> Response {
    let now = sim.now();
    let value = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let mut st = sim.lock();
    let (mut sale, card) = match sale_input::sale(&value, &st, now) {
        Ok(ok) => ok,
        Err(p) => return problems(StatusCode::BAD_REQUEST, p),
    };
    if let Some(SaleCardInput::New(input)) = card {
        // A full card sent inside a sale is saved too (reference 5.4 ASSUMPTION).
        let i = save_card(&mut st, input, now);
        sale.card = u32::try_from(i).ok().map(SaleCard::Saved);
    }
    if sale
        .billet
        .as_ref()
        .is_some_and(|b| b.our_number == st.next_our_number)
    {
        st.next_our_number += 1;
    }
    let i = st.insert_sale(sale, now);
    st.advance(now);
    json_text(StatusCode::CREATED, wrap("Sale", &sale_text(&st, i)))
}

// ---- helpers ----

async fn currencies(State(sim): State<Simulator>) -> Response {
    let st = sim.lock();
    let list: Vec<Value> = st
        .currencies
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "CurrencyId": object_id(1_488_994_483, IdKind::Currency, u32::try_from(i).unwrap_or(0)),
                "Name": c.name, "SymbolLeft": c.symbol_left, "SymbolRight": "",
                "DecimalPlace": c.decimal_place,
            })
        })
        .collect();
    json_text(StatusCode::OK, json!({ "Currencies": list }).to_string())
}

fn brand_json(b: &brands::Brand) -> Value {
    json!({"Name": b.name, "Image": brands::image(b.name), "NumberDigits": b.number_digits, "NumberSecurity": b.number_security})
}

async fn list_brands() -> Response {
    let list: Vec<Value> = brands::BRANDS.iter().map(brand_json).collect();
    json_text(StatusCode::OK, json!({ "Brands": list }).to_string())
}

async fn brand_by_number(Path(number): Path<String>) -> Response {
    if !(4..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return error(StatusCode::BAD_REQUEST, "number", "Invalid");
    }
    match brands::by_number(&number) {
        Some(b) => json_text(
            StatusCode::OK,
            json!({ "Brand": brand_json(b) }).to_string(),
        ),
        None => not_found("number"),
    }
}
