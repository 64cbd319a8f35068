//! Opening CashWeb's answers: the success wrapper `{"success": true, "data": …}` (seed, create
//! example), leniently (a bare object or array where the seed gives no body is the data
//! itself); cursor pages in every plausible shape; and the one way an unreadable answer is
//! reported: a few words to the merchant, the body to the log.

use std::collections::HashMap;

use paydesk_domain::ProviderKind;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::cashweb::assumptions::LIST_KEYS;
use crate::error::ProviderError;

const P: ProviderKind = ProviderKind::CashWeb;

/// How much of an unreadable body the log keeps.
const LOGGED_BODY_CHARS: usize = 4000;

/// An unreadable answer: `what` (a few words) for the merchant; the parser's reason and the
/// body go to the log only.
pub(crate) fn unreadable(what: &str, reason: &dyn std::fmt::Display, body: &str) -> ProviderError {
    let mut excerpt: String = body.chars().take(LOGGED_BODY_CHARS).collect();
    if body.chars().count() > LOGGED_BODY_CHARS {
        excerpt.push('…');
    }
    tracing::warn!(
        provider = "cashweb",
        what,
        reason = %reason,
        body = %excerpt,
        "unreadable CashWeb answer"
    );
    ProviderError::malformed(P, what)
}

/// A success answer, opened.
#[derive(Debug)]
pub struct Reply {
    /// `success` as sent (`None` when the answer has no wrapper or no such field).
    pub success: Option<bool>,
    /// The endpoint's object as received (the whole answer when it has no wrapper).
    pub data: Box<RawValue>,
    /// The wrapper's optional message ("Webhook replay scheduled").
    pub message: Option<String>,
}

#[derive(Deserialize)]
struct Wrapper {
    #[serde(default)]
    success: Option<Value>,
    #[serde(default)]
    data: Option<Box<RawValue>>,
    #[serde(default)]
    message: Option<Value>,
}

impl Reply {
    /// Opens an answer body. `None` when it is not a JSON object or array.
    pub fn open(body: &[u8]) -> Option<Reply> {
        let whole: Box<RawValue> = serde_json::from_slice(body).ok()?;
        let text = whole.get().trim_start();
        if text.starts_with('[') {
            return Some(Reply {
                success: None,
                data: whole,
                message: None,
            });
        }
        if !text.starts_with('{') {
            return None;
        }
        let wrapper: Wrapper = serde_json::from_str(whole.get()).ok()?;
        let success = match wrapper.success {
            Some(Value::Bool(b)) => Some(b),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let message = match wrapper.message {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        Some(match wrapper.data {
            // No wrapper, just a page: `{"data": [...], "next_cursor": ...}` is the data itself.
            Some(data) if success.is_none() && data.get().trim_start().starts_with('[') => Reply {
                success,
                data: whole,
                message,
            },
            Some(data) => Reply {
                success,
                data,
                message,
            },
            // No `data`: the answer is the object itself (or a bare `{"success": true}`).
            None => Reply {
                success,
                data: whole,
                message,
            },
        })
    }
}

/// The items of a cursor page and where the next page starts.
#[derive(Debug)]
pub struct RawPage {
    /// The items, each kept as its own JSON text.
    pub items: Vec<Box<RawValue>>,
    /// `has_more`, when the page says.
    pub has_more: Option<bool>,
    /// `next_cursor`, when the page gives one (an empty text counts as none).
    pub next_cursor: Option<String>,
    /// The page object itself (for fields beside the items, such as `summary`).
    pub object: Option<Box<RawValue>>,
}

impl RawPage {
    /// Reads a page: a bare array, or an object holding the array under one of
    /// [`LIST_KEYS`] (also one level down: `{"data": {"data": [...]}}`). `None` when no array is
    /// found.
    pub fn parse(data: &str) -> Option<RawPage> {
        if let Ok(items) = serde_json::from_str::<Vec<Box<RawValue>>>(data) {
            return Some(RawPage {
                items,
                has_more: None,
                next_cursor: None,
                object: None,
            });
        }
        // Raw values all the way down: amounts given as JSON numbers stay exact.
        let object: HashMap<String, Box<RawValue>> = serde_json::from_str(data).ok()?;
        let has_more = flag(object.get("has_more").map(|v| &**v));
        let next_cursor = cursor(object.get("next_cursor").map(|v| &**v));
        for key in LIST_KEYS {
            let Some(inner) = object.get(key) else {
                continue;
            };
            if let Ok(items) = serde_json::from_str::<Vec<Box<RawValue>>>(inner.get()) {
                return Some(RawPage {
                    items,
                    has_more,
                    next_cursor,
                    object: RawValue::from_string(data.to_owned()).ok(),
                });
            }
            if inner.get().trim_start().starts_with('{')
                && let Some(mut page) = RawPage::parse(inner.get())
            {
                page.has_more = page.has_more.or(has_more);
                page.next_cursor = page.next_cursor.or(next_cursor);
                return Some(page);
            }
        }
        None
    }

    /// Where the next page starts: `next_cursor` unless the page says there is no more.
    pub fn next(&self) -> Option<String> {
        match self.has_more {
            Some(false) => None,
            _ => self.next_cursor.clone(),
        }
    }
}

fn flag(value: Option<&RawValue>) -> Option<bool> {
    match serde_json::from_str::<Value>(value?.get()).ok()? {
        Value::Bool(b) => Some(b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn cursor(value: Option<&RawValue>) -> Option<String> {
    match serde_json::from_str::<Value>(value?.get()).ok()? {
        Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}
