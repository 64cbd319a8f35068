//! Walking `GET /client/transactions` page by page (§8): where the next page is, from the
//! pagination figures when HPG gives them, otherwise until a short or empty page, or until a
//! page ends where the one before it ended (a provider that ignores `page`). The history
//! cursor is the next page number (`"3"`), followed by `:` and the id the previous page ended
//! on when pages are walked without figures (`"3:tx_abc"`).

use paydesk_domain::ProviderKind;

use super::super::assumptions::MAX_UNPAGED_PAGES;
use super::super::wire::TransactionsPage;
use crate::error::{ErrorKind, ProviderError};

/// Where a walk stands: the page to read next, and the id the page before it ended on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Position {
    pub page: u32,
    pub previous_last: Option<String>,
}

impl Position {
    /// Page 1.
    pub fn start() -> Position {
        Position {
            page: 1,
            previous_last: None,
        }
    }

    /// Reads a history cursor.
    pub fn parse(text: &str) -> Result<Position, ProviderError> {
        let (page, previous_last) = match text.split_once(':') {
            Some((page, id)) => (page, (!id.is_empty()).then(|| id.to_owned())),
            None => (text, None),
        };
        let page = page
            .parse::<u32>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| {
                ProviderError::new(
                    ProviderKind::Hexai,
                    ErrorKind::Validation,
                    "this is not a Hexai history cursor (a page number)",
                )
            })?;
        Ok(Position {
            page,
            previous_last,
        })
    }

    /// The cursor text.
    pub fn to_text(&self) -> String {
        match &self.previous_last {
            Some(id) => format!("{}:{id}", self.page),
            None => self.page.to_string(),
        }
    }

    /// The position after `found`, read at this position with `limit`; `None` at the end.
    pub fn next(&self, limit: u32, found: &TransactionsPage) -> Option<Position> {
        let last = found.transactions.last()?;
        let page = self.page.checked_add(1)?;
        if let Some(pages) = found.pagination.as_ref().and_then(|p| p.pages()) {
            return (u64::from(self.page) < pages).then_some(Position {
                page,
                previous_last: None,
            });
        }
        let short = found.transactions.len() < usize::try_from(limit).unwrap_or(usize::MAX);
        let repeated = self.previous_last.as_deref() == Some(last.provider_id.as_str());
        if short || repeated || self.page >= MAX_UNPAGED_PAGES {
            return None;
        }
        Some(Position {
            page,
            previous_last: Some(last.provider_id.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hexai::wire::parse_transactions_page;
    use paydesk_domain::AccountId;

    fn page(ids: &[&str], figures: &str) -> TransactionsPage {
        let items: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"id":"{id}","amount":"1.00","status":"SUCCESS"}}"#))
            .collect();
        let body = format!(r#"{{"data":[{}]{figures}}}"#, items.join(","));
        let account = AccountId::new("hexai-main").expect("id");
        parse_transactions_page(&body, &account, chrono::Utc::now()).expect("page")
    }

    #[test]
    fn cursors_round_trip_and_old_ones_still_read() {
        for text in ["1", "3", "3:tx_abc", "4:tx:with:colons"] {
            assert_eq!(Position::parse(text).expect(text).to_text(), text);
        }
        assert_eq!(Position::parse("7:").expect("bare").to_text(), "7");
        for bad in ["0", "zero", "", ":tx", "-1"] {
            assert!(Position::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn figures_decide_when_given() {
        let at = Position::start();
        let more = at.next(2, &page(&["a", "b"], r#","total":5,"limit":2"#));
        assert_eq!(more.map(|p| p.to_text()).as_deref(), Some("2"));
        let last = Position::parse("3").expect("3");
        assert_eq!(last.next(2, &page(&["e"], r#","total_pages":3"#)), None);
        // A short page does not end a walk whose figures say there is more.
        let short = at.next(100, &page(&["a"], r#","total_pages":2"#));
        assert_eq!(short.map(|p| p.page), Some(2));
        assert_eq!(at.next(2, &page(&[], r#","total_pages":9"#)), None, "empty");
    }

    #[test]
    fn without_figures_a_short_empty_or_repeated_page_ends_the_walk() {
        let at = Position::start();
        let full = at.next(2, &page(&["a", "b"], "")).expect("full page: more");
        assert_eq!(full.to_text(), "2:b");
        assert_eq!(full.next(2, &page(&["c"], "")), None, "short");
        assert_eq!(full.next(2, &page(&[], "")), None, "empty");
        // A provider that ignores `page` answers page 1 again: the walk stops there.
        assert_eq!(full.next(2, &page(&["a", "b"], "")), None, "repeated");
        let on = full.next(2, &page(&["c", "d"], "")).expect("new page");
        assert_eq!(on.to_text(), "3:d");
        let far = Position::parse(&format!("{MAX_UNPAGED_PAGES}:x")).expect("cap");
        assert_eq!(far.next(2, &page(&["y", "z"], "")), None, "capped");
    }
}
