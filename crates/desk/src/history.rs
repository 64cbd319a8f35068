//! Transaction history from the cache: keyset pages under the UI's filters, one transaction's
//! detail with its status history and raw record, and the streaming CSV export to a file the
//! merchant chooses through [`CsvSaveTarget`].

use std::future::Future;
use std::io::BufWriter;
use std::path::PathBuf;

use chrono::{Duration, Local, NaiveTime};
use paydesk_domain::{
    AccountId, AppError, Currency, ErrorCode, Money, ProviderKind, TransactionKind,
};
use paydesk_engine::payouts::{SaleAction, record_actions};
use paydesk_store::{AmountRange, Cursor, Filter, Sort};

use crate::Desk;
use crate::views::{
    ExportDone, ExportProgress, ExportRequest, PageRequest, SaleActionView, SortOrder,
    StatusChangeView, TransactionDetail, TransactionFilter, TransactionPage, TransactionRow, count,
    parse_day, time_text,
};

/// Where a CSV export goes. The shell asks the merchant in the native save dialog, so the
/// webview never names a file; tests answer with a fixed path.
pub trait CsvSaveTarget: Send + Sync {
    /// Asks where to save a CSV file, suggesting `suggested_name`; `None` when the merchant
    /// cancels.
    fn choose_csv_path(&self, suggested_name: &str)
    -> impl Future<Output = Option<PathBuf>> + Send;
}

/// The file name the save dialog suggests: `paydesk-transactions-YYYY-MM-DD.csv`, the
/// merchant's own calendar day.
fn suggested_csv_name() -> String {
    format!("paydesk-transactions-{}.csv", Local::now().date_naive())
}

/// The largest page the UI may ask for.
pub const MAX_UI_PAGE: u32 = 500;

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InputInvalid, message).with_field(field)
}

fn amount_bound(
    field: &str,
    text: &Option<String>,
    currency: Option<Currency>,
) -> Result<Option<i64>, AppError> {
    let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let currency = currency.ok_or_else(|| {
        invalid(field, "choose a currency to filter by amount (amounts of different currencies do not compare)")
    })?;
    let money =
        Money::parse(text, currency).map_err(|e| invalid(field, format!("{field}: {e}")))?;
    if money.is_negative() {
        return Err(invalid(
            field,
            "amounts are never negative here; use the direction filter",
        ));
    }
    Ok(Some(money.minor_units()))
}

/// The store's filter for the UI's.
pub(crate) fn store_filter(filter: &TransactionFilter) -> Result<Filter, AppError> {
    let accounts = filter
        .accounts
        .iter()
        .map(|a| AccountId::new(a.as_str()).map_err(|e| invalid("accounts", e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let currency = match filter
        .currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => {
            Some(Currency::from_code(code).map_err(|e| invalid("currency", e.to_string()))?)
        }
        None => None,
    };
    let midnight = NaiveTime::MIN;
    let created_from = match filter.from.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => Some(parse_day("from", day)?.and_time(midnight).and_utc()),
        None => None,
    };
    let created_before = match filter.to.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => Some(
            (parse_day("to", day)? + Duration::days(1))
                .and_time(midnight)
                .and_utc(),
        ),
        None => None,
    };
    if let (Some(from), Some(before)) = (created_from, created_before)
        && before <= from
    {
        return Err(invalid("to", "the date range ends before it starts"));
    }
    let min_minor = amount_bound("amountMin", &filter.amount_min, currency)?;
    let max_minor = amount_bound("amountMax", &filter.amount_max, currency)?;
    if let (Some(min), Some(max)) = (min_minor, max_minor)
        && max < min
    {
        return Err(invalid(
            "amountMax",
            "the largest amount is below the smallest",
        ));
    }
    let amount = match (currency, min_minor.is_some() || max_minor.is_some()) {
        (Some(currency), true) => Some(AmountRange {
            currency,
            min_minor,
            max_minor,
        }),
        _ => None,
    };
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    Ok(Filter {
        providers: filter.providers.clone(),
        accounts,
        direction: filter.direction,
        kinds: filter.kinds.clone(),
        statuses: filter.statuses.clone(),
        currency,
        created_from,
        created_before,
        amount,
        search,
    })
}

fn store_sort(sort: SortOrder) -> Sort {
    match sort {
        SortOrder::Newest => Sort::Newest,
        SortOrder::AmountAsc => Sort::AmountAsc,
        SortOrder::AmountDesc => Sort::AmountDesc,
    }
}

/// The actions a cached Hubcash sale allows, read from its raw record.
fn actions_of(provider: ProviderKind, kind: TransactionKind, raw: &str) -> Vec<SaleActionView> {
    record_actions(provider, kind, raw)
        .into_iter()
        .map(|a| match a {
            SaleAction::Capture => SaleActionView::Capture,
            SaleAction::Cancel => SaleActionView::Cancel,
        })
        .collect()
}

impl Desk {
    /// One page of transactions from the cache, by keyset.
    pub async fn transactions(&self, request: &PageRequest) -> Result<TransactionPage, AppError> {
        let filter = store_filter(&request.filter)?;
        let after = request.after.as_deref().map(Cursor::new);
        let limit = request.limit.clamp(1, MAX_UI_PAGE);
        let page = self
            .inner
            .store
            .list_transactions(&filter, store_sort(request.sort), after.as_ref(), limit)
            .await?;
        Ok(TransactionPage {
            rows: page.rows.iter().map(TransactionRow::from).collect(),
            next: page.next.map(|c| c.as_str().to_owned()),
        })
    }

    /// Everything about one cached transaction.
    pub async fn transaction_detail(
        &self,
        account: &str,
        provider_id: &str,
    ) -> Result<TransactionDetail, AppError> {
        let account = AccountId::new(account).map_err(|e| invalid("account", e.to_string()))?;
        let stored = self
            .inner
            .store
            .get_transaction(&account, provider_id)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::InputInvalid,
                    format!("transaction {provider_id} is not in the local cache"),
                )
            })?;
        let label = self
            .inner
            .store
            .account(&account)
            .await
            .map(|a| a.label)
            .unwrap_or_else(|_| account.as_str().to_owned());
        let t = &stored.transaction;
        Ok(TransactionDetail {
            row: TransactionRow::from(t),
            account_label: label,
            history: stored
                .history
                .iter()
                .map(|h| StatusChangeView {
                    from: h.old_status,
                    to: h.new_status,
                    from_provider: h.old_provider_status.clone(),
                    to_provider: h.new_provider_status.clone(),
                    at: time_text(h.provider_updated_at),
                    observed_at: time_text(h.observed_at),
                })
                .collect(),
            raw: t.raw.clone(),
            sale_actions: actions_of(t.provider, t.kind, &t.raw),
        })
    }

    /// Asks `target` where to save, then writes the whole filtered set there as CSV, with
    /// progress events. `None`: the merchant cancelled, nothing was written. The file is
    /// written under a temporary name and renamed at the end, so a failed export never leaves
    /// half a file under the chosen name.
    pub async fn export_csv(
        &self,
        request: &ExportRequest,
        target: &impl CsvSaveTarget,
    ) -> Result<Option<ExportDone>, AppError> {
        let filter = store_filter(&request.filter)?;
        let Some(path) = target.choose_csv_path(&suggested_csv_name()).await else {
            tracing::info!("CSV export cancelled in the save dialog");
            return Ok(None);
        };
        let partial = path.with_extension("csv.partial");
        let io_error = |e: std::io::Error| {
            AppError::new(
                ErrorCode::InputInvalid,
                format!("cannot write {}: {e}", path.display()),
            )
        };
        let file = std::fs::File::create(&partial).map_err(io_error)?;
        let shown = path.display().to_string();
        let events = self.inner.events.clone();
        let outcome = self
            .inner
            .store
            .export_csv(
                &filter,
                store_sort(request.sort),
                BufWriter::new(file),
                |rows| {
                    events.export_progress(ExportProgress {
                        path: shown.clone(),
                        rows: count(rows),
                        finished: false,
                    });
                },
            )
            .await;
        let rows = match outcome {
            Ok(rows) => rows,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e.into());
            }
        };
        std::fs::rename(&partial, &path).map_err(io_error)?;
        self.inner.events.export_progress(ExportProgress {
            path: shown.clone(),
            rows: count(rows),
            finished: true,
        });
        tracing::info!(rows, "CSV export written");
        Ok(Some(ExportDone {
            path: shown,
            rows: count(rows),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_filter_needs_a_currency_and_keeps_exact_minor_units() {
        let mut filter = TransactionFilter {
            amount_min: Some("10.5".into()),
            ..TransactionFilter::default()
        };
        let error = store_filter(&filter).expect_err("no currency");
        assert_eq!(error.field.as_deref(), Some("amountMin"));
        filter.currency = Some("GMD".into());
        filter.amount_max = Some("20.25".into());
        let range = store_filter(&filter)
            .expect("filter")
            .amount
            .expect("range");
        assert_eq!(range.min_minor, Some(1050));
        assert_eq!(range.max_minor, Some(2025));
        filter.amount_max = Some("20.255".into());
        let error = store_filter(&filter).expect_err("too many decimals");
        assert_eq!(error.field.as_deref(), Some("amountMax"));
    }

    #[test]
    fn a_day_range_covers_the_whole_last_day() {
        let filter = TransactionFilter {
            from: Some("2026-11-01".into()),
            to: Some("2026-11-01".into()),
            ..TransactionFilter::default()
        };
        let f = store_filter(&filter).expect("filter");
        let from = f.created_from.expect("from");
        let before = f.created_before.expect("before");
        assert_eq!((before - from).num_hours(), 24);
        let reversed = TransactionFilter {
            from: Some("2026-11-02".into()),
            to: Some("2026-11-01".into()),
            ..TransactionFilter::default()
        };
        assert_eq!(
            store_filter(&reversed)
                .expect_err("reversed")
                .field
                .as_deref(),
            Some("to")
        );
    }
}
