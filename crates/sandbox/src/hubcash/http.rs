//! The HTTP plumbing every Hubcash handler shares: the query-string extractor, JSON replies
//! and `Errors` bodies (reference 3). Used by the router's handlers and by `notifications`.

use std::collections::HashMap;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::validate::Problems;

/// The query string, as the handlers read it.
pub type Q = Query<HashMap<String, String>>;

/// A JSON response from text.
pub fn json_text(status: StatusCode, text: String) -> Response {
    (status, [("content-type", "application/json")], text).into_response()
}

/// One `Errors` entry. `Type` is `Authorization` for 401, `Error` otherwise (reference 3).
pub fn error(status: StatusCode, field: &str, description: &str) -> Response {
    let kind = if status == StatusCode::UNAUTHORIZED {
        "Authorization"
    } else {
        "Error"
    };
    errors_body(status, &[(kind, field, description)])
}

/// Every failing field of a request, as one `Errors` list.
pub fn problems(status: StatusCode, p: Problems) -> Response {
    let list: Vec<(&str, &str, &str)> =
        p.0.iter()
            .map(|e| ("Error", e.field.as_str(), e.description.as_str()))
            .collect();
    errors_body(status, &list)
}

/// `{"Errors":[{"Type":…,"Field":…,"Description":…}]}`, in the seed's field order.
fn errors_body(status: StatusCode, entries: &[(&str, &str, &str)]) -> Response {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Entry<'a> {
        r#type: &'a str,
        field: &'a str,
        description: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Body<'a> {
        #[serde(rename = "Errors")]
        errors: Vec<Entry<'a>>,
    }
    let body = Body {
        errors: entries
            .iter()
            .map(|(t, f, d)| Entry {
                r#type: t,
                field: f,
                description: d,
            })
            .collect(),
    };
    json_text(status, serde_json::to_string(&body).unwrap_or_default())
}

pub fn not_found(field: &str) -> Response {
    error(StatusCode::NOT_FOUND, field, "Not found")
}
