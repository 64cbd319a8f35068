//! CashWeb's error body, read once (`error_from`). The reference gives
//! `{"error": {"message", "code", "timestamp"}}`; the seed shows no error body at all, so every
//! plausible shape is read: the wrapper with any of its fields, a flat `{"code", "message"}`,
//! `{"success": false, "message": ...}`, `{"error": "text"}`. The kind comes from the HTTP
//! status, except that the codes which say "the transaction may already exist"
//! (`IDEMPOTENCY_IN_PROGRESS`, `DUPLICATE_MERCHANT_REFERENCE`) are always a conflict, so the
//! payout is looked up by reference instead of being failed. A body that cannot be read goes to
//! the log, never into the message.

use paydesk_domain::ProviderKind;
use serde_json::Value;

use super::assumptions::may_already_exist;
use crate::error::{ErrorKind, ProviderError};
use crate::http::Response;

const P: ProviderKind = ProviderKind::CashWeb;

/// What an error body says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CashWebError {
    /// CashWeb's code (`QUOTE_EXPIRED`, `DUPLICATE_MERCHANT_REFERENCE`...).
    pub code: Option<String>,
    /// What went wrong, in CashWeb's words.
    pub message: Option<String>,
}

impl CashWebError {
    /// Reads an error body in any of the plausible shapes; `None` when it is not JSON.
    pub fn parse(body: &[u8]) -> Option<CashWebError> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let object = value.as_object()?;
        let text = |v: Option<&Value>| match v? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let nested = object.get("error").and_then(Value::as_object);
        let first_of_list = object
            .get("errors")
            .and_then(Value::as_array)
            .and_then(|list| list.first())
            .and_then(Value::as_object);
        let code = nested
            .and_then(|e| text(e.get("code")))
            .or_else(|| text(object.get("code")))
            .or_else(|| text(object.get("error_code")))
            .or_else(|| first_of_list.and_then(|e| text(e.get("code"))));
        let message = nested
            .and_then(|e| text(e.get("message")))
            .or_else(|| text(object.get("message")))
            .or_else(|| text(object.get("error")))
            .or_else(|| first_of_list.and_then(|e| text(e.get("message"))));
        Some(CashWebError { code, message })
    }
}

/// Maps a non-2xx answer: the kind from the HTTP status (CashWeb's codes are ASSUMPTIONs,
/// U10) or from a code that says the transaction may already exist, keeping the status,
/// CashWeb's code and message, and `Retry-After`.
pub fn error_from(response: &Response) -> ProviderError {
    let status = response.status.as_u16();
    let said = CashWebError::parse(&response.body);
    let CashWebError { code, message } = said.clone().unwrap_or_default();
    let message = match message {
        Some(message) => message,
        None => {
            tracing::warn!(
                provider = "cashweb",
                status,
                body = %response.body_excerpt(),
                "CashWeb refused without saying why"
            );
            match (said.is_some(), &code) {
                (_, Some(code)) => format!("CashWeb refused the request ({code})"),
                (true, None) => format!("CashWeb refused the request (HTTP {status})"),
                (false, None) => format!("CashWeb answered HTTP {status} without an error body"),
            }
        }
    };
    let kind = if code.as_deref().is_some_and(may_already_exist) {
        ErrorKind::Conflict
    } else {
        ProviderError::kind_for_status(status)
    };
    let mut error = ProviderError::http(P, kind, status, code, message);
    error.retry_after = response.retry_after();
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plausible_error_shape_names_its_code() {
        let cases: [(&str, Option<&str>, Option<&str>); 7] = [
            (
                r#"{"error":{"message":"busy","code":"IDEMPOTENCY_IN_PROGRESS","timestamp":"2026-02-12T12:00:00Z"}}"#,
                Some("IDEMPOTENCY_IN_PROGRESS"),
                Some("busy"),
            ),
            (
                r#"{"error":{"code":"DUPLICATE_MERCHANT_REFERENCE"}}"#,
                Some("DUPLICATE_MERCHANT_REFERENCE"),
                None,
            ),
            (
                r#"{"code":"NOT_FOUND","message":"gone"}"#,
                Some("NOT_FOUND"),
                Some("gone"),
            ),
            (r#"{"success":false,"message":"no"}"#, None, Some("no")),
            (
                r#"{"error":"Transaction not found"}"#,
                None,
                Some("Transaction not found"),
            ),
            (
                r#"{"errors":[{"code":"VALIDATION_ERROR","message":"bad"}]}"#,
                Some("VALIDATION_ERROR"),
                Some("bad"),
            ),
            (r#"{}"#, None, None),
        ];
        for (body, code, message) in cases {
            let said = CashWebError::parse(body.as_bytes()).expect(body);
            assert_eq!(said.code.as_deref(), code, "{body}");
            assert_eq!(said.message.as_deref(), message, "{body}");
        }
        assert_eq!(CashWebError::parse(b"<html>502</html>"), None);
    }

    fn answer(status: u16, body: &str) -> Response {
        Response {
            status: reqwest::StatusCode::from_u16(status).expect("status"),
            headers: reqwest::header::HeaderMap::new(),
            body: bytes::Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn may_already_exist_is_a_conflict_whatever_the_status() {
        for status in [409, 400, 422] {
            let e = error_from(&answer(
                status,
                r#"{"error":{"code":"idempotency_in_progress","message":"still running"}}"#,
            ));
            assert_eq!(e.kind, ErrorKind::Conflict, "{status}");
            assert_eq!(e.code.as_deref(), Some("idempotency_in_progress"));
            assert_eq!(e.http_status, Some(status));
        }
        let e = error_from(&answer(
            409,
            r#"{"error":{"code":"DUPLICATE_MERCHANT_REFERENCE"}}"#,
        ));
        assert_eq!(e.kind, ErrorKind::Conflict);
        assert_eq!(
            e.message,
            "CashWeb refused the request (DUPLICATE_MERCHANT_REFERENCE)"
        );
        let e = error_from(&answer(
            400,
            r#"{"error":{"code":"QUOTE_EXPIRED","message":"late"}}"#,
        ));
        assert_eq!(e.kind, ErrorKind::Validation);
    }

    #[test]
    fn a_body_without_a_wrapper_is_never_shown() {
        let e = error_from(&answer(
            502,
            "<html><body>Bad gateway {\"secret\": 1}</body></html>",
        ));
        assert_eq!(e.kind, ErrorKind::Server);
        assert_eq!(e.code, None);
        assert_eq!(e.message, "CashWeb answered HTTP 502 without an error body");
    }
}
