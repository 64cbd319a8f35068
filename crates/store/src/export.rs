//! CSV export of a whole filtered listing, streamed row by row from SQLite into any writer, so
//! memory stays flat whether the merchant exports ten rows or a million. Text cells are guarded
//! against spreadsheet formula injection; amounts stay numbers.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::SecondsFormat;
use futures::TryStreamExt;
use sqlx::Connection;
use sqlx::sqlite::SqliteRow;

use crate::codec::{format_minor, from_micros, get};
use crate::error::StoreError;
use crate::listing::{Filter, Sort};
use crate::query::build_select;
use crate::store::Store;

/// The export's header row, in column order. Amounts are exact decimals at the currency's
/// scale (`4500.50`, `-12.50`, `7000`, `0.000001`), times RFC 3339 UTC, `mode` the row's
/// account mode (`live` or `sandbox`). Every other column is text: a cell that a spreadsheet
/// would read as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// is written with a leading `'` (OWASP's rule against CSV injection).
pub const CSV_HEADER: [&str; 20] = [
    "provider",
    "account",
    "mode",
    "provider_id",
    "merchant_reference",
    "direction",
    "kind",
    "status",
    "provider_status",
    "currency",
    "amount",
    "fee",
    "net",
    "counterparty_name",
    "counterparty_phone",
    "counterparty_bank_account",
    "counterparty_card_last4",
    "description",
    "created_at",
    "updated_at",
];

/// Each exported row as ONE JSON array built by SQLite. Fetching twenty separate values per
/// row cost an allocation per value on the database thread and a free on this one, and that
/// cross-thread malloc traffic dominated a large export; one text value per row does not.
/// Integers stay exact in JSON text (they are never read as floats here).
const EXPORT_COLUMNS: &str = "json_array(t.provider, t.account_id, t.provider_id, \
    t.merchant_reference, t.direction, t.kind, t.status, t.provider_status, t.currency, \
    t.scale, t.amount_minor, t.fee_minor, t.net_minor, t.cp_name, t.cp_phone, \
    t.cp_bank_account, t.cp_card_last4, t.description, t.created_at, t.updated_at) AS line";

/// One row of [`EXPORT_COLUMNS`], borrowing its text from the JSON where no escape forced a
/// copy.
#[derive(serde::Deserialize)]
struct ExportRow<'a> {
    #[serde(borrow)]
    provider: Cow<'a, str>,
    #[serde(borrow)]
    account: Cow<'a, str>,
    #[serde(borrow)]
    provider_id: Cow<'a, str>,
    #[serde(borrow)]
    merchant_reference: Option<Cow<'a, str>>,
    #[serde(borrow)]
    direction: Cow<'a, str>,
    #[serde(borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(borrow)]
    provider_status: Cow<'a, str>,
    #[serde(borrow)]
    currency: Cow<'a, str>,
    scale: u32,
    amount_minor: i64,
    fee_minor: Option<i64>,
    net_minor: Option<i64>,
    #[serde(borrow)]
    cp_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    cp_phone: Option<Cow<'a, str>>,
    #[serde(borrow)]
    cp_bank_account: Option<Cow<'a, str>>,
    #[serde(borrow)]
    cp_card_last4: Option<Cow<'a, str>>,
    #[serde(borrow)]
    description: Option<Cow<'a, str>>,
    created_at: i64,
    updated_at: i64,
}

/// How often the progress callback hears from a running export.
const PROGRESS_EVERY: u64 = 1000;

const TX: &str = "transactions";

/// The first characters that make a spreadsheet read a cell as a formula (or, for tab and
/// carriage return, hide one behind whitespace).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as the CSV holds it: with a leading `'` when a spreadsheet would otherwise read
/// it as a formula, unchanged (and not copied) otherwise. Only for text columns: amounts and
/// times are written as they are, so `-12.50` stays a number.
fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes one text column's cell (an absent value as an empty cell).
fn write_text<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    value: Option<&str>,
) -> Result<(), csv::Error> {
    csv.write_field(text_cell(value.unwrap_or("")).as_bytes())
}

/// Each account's mode (`live` or `sandbox`) by account id. Read once per export instead of
/// joined into each row: a per-row lookup in SQLite cost about a second per million rows.
type Modes = HashMap<String, String>;

fn write_row<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    modes: &Modes,
    row: &SqliteRow,
) -> Result<(), StoreError> {
    let line: &str = get(row, TX, "line")?;
    let r: ExportRow<'_> = serde_json::from_str(line)
        .map_err(|e| StoreError::corrupt(TX, format!("export row: {e}")))?;
    let mode = modes.get(r.account.as_ref()).ok_or_else(|| {
        StoreError::corrupt(TX, format!("export row of unknown account '{}'", r.account))
    })?;
    let time = |micros: i64| -> Result<String, StoreError> {
        Ok(from_micros(TX, micros)?.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    };
    let amount = |minor: Option<i64>| minor.map(|m| format_minor(m, r.scale)).unwrap_or_default();
    for field in [
        Some(r.provider.as_ref()),
        Some(r.account.as_ref()),
        Some(mode.as_str()),
        Some(r.provider_id.as_ref()),
        r.merchant_reference.as_deref(),
        Some(r.direction.as_ref()),
        Some(r.kind.as_ref()),
        Some(r.status.as_ref()),
        Some(r.provider_status.as_ref()),
        Some(r.currency.as_ref()),
    ] {
        write_text(csv, field)?;
    }
    csv.write_field(amount(Some(r.amount_minor)))?;
    csv.write_field(amount(r.fee_minor))?;
    csv.write_field(amount(r.net_minor))?;
    for field in [
        &r.cp_name,
        &r.cp_phone,
        &r.cp_bank_account,
        &r.cp_card_last4,
        &r.description,
    ] {
        write_text(csv, field.as_deref())?;
    }
    csv.write_field(time(r.created_at)?)?;
    csv.write_field(time(r.updated_at)?)?;
    csv.write_record(None::<&[u8]>)?;
    Ok(())
}

impl Store {
    /// Writes every transaction matching `filter`, in `sort` order, as CSV (header row first,
    /// RFC 4180 quoting) to `out`, and returns how many rows it wrote. `progress` hears the
    /// number of rows done every thousand rows and once at the end.
    ///
    /// Rows stream from SQLite to the writer; nothing is collected. The writer is called
    /// synchronously: give it a file or a buffer, not a slow network socket.
    pub async fn export_csv<W: std::io::Write>(
        &self,
        filter: &Filter,
        sort: Sort,
        out: W,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, StoreError> {
        let mut conn = self.reader.acquire().await?;
        // One read transaction: the accounts' modes and the rows come from the same snapshot.
        let mut tx = conn.begin().await?;
        let modes = sqlx::query("SELECT id, mode FROM accounts")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| Ok((get(row, "accounts", "id")?, get(row, "accounts", "mode")?)))
            .collect::<Result<Modes, StoreError>>()?;
        let select = build_select(&mut tx, filter, sort, None, None, EXPORT_COLUMNS).await?;
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(CSV_HEADER)?;
        let mut rows = select.arguments().fetch(&mut *tx);
        let mut done: u64 = 0;
        while let Some(row) = rows.try_next().await? {
            write_row(&mut csv, &modes, &row)?;
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                progress(done);
            }
        }
        drop(rows);
        tx.commit().await?;
        csv.flush()?;
        progress(done);
        Ok(done)
    }
}
