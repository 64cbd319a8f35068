//! CSV export of a whole filtered listing, streamed row by row from SQLite into any writer, so
//! memory stays flat whether the merchant exports ten rows or a million.

use chrono::SecondsFormat;
use futures::TryStreamExt;
use sqlx::sqlite::SqliteRow;

use crate::codec::{format_minor, from_micros, get};
use crate::error::StoreError;
use crate::listing::{Filter, Sort};
use crate::query::build_select;
use crate::store::Store;

/// The export's header row, in column order. Amounts are exact decimals at the currency's
/// scale (`4500.50`, `7000`, `0.000001`), times RFC 3339 UTC.
pub const CSV_HEADER: [&str; 19] = [
    "provider",
    "account",
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

const EXPORT_COLUMNS: &str = "t.id, t.account_id, t.provider, t.provider_id, \
    t.merchant_reference, t.direction, t.kind, t.status, t.provider_status, t.currency, t.scale, \
    t.amount_minor, t.fee_minor, t.net_minor, t.cp_name, t.cp_phone, t.cp_bank_account, \
    t.cp_card_last4, t.description, t.created_at, t.updated_at";

/// How often the progress callback hears from a running export.
const PROGRESS_EVERY: u64 = 1000;

const TX: &str = "transactions";

fn write_row<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    row: &SqliteRow,
) -> Result<(), StoreError> {
    let scale: i64 = get(row, TX, "scale")?;
    let scale =
        u32::try_from(scale).map_err(|_| StoreError::corrupt(TX, format!("scale {scale}")))?;
    let amount = |column: &str| -> Result<String, StoreError> {
        let minor: Option<i64> = get(row, TX, column)?;
        Ok(minor.map(|m| format_minor(m, scale)).unwrap_or_default())
    };
    let time = |column: &str| -> Result<String, StoreError> {
        Ok(from_micros(TX, get(row, TX, column)?)?.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    };
    for column in [
        "provider",
        "account_id",
        "provider_id",
        "merchant_reference",
        "direction",
        "kind",
        "status",
        "provider_status",
        "currency",
    ] {
        let text: Option<&str> = get(row, TX, column)?;
        csv.write_field(text.unwrap_or(""))?;
    }
    csv.write_field(amount("amount_minor")?)?;
    csv.write_field(amount("fee_minor")?)?;
    csv.write_field(amount("net_minor")?)?;
    for column in [
        "cp_name",
        "cp_phone",
        "cp_bank_account",
        "cp_card_last4",
        "description",
    ] {
        let text: Option<&str> = get(row, TX, column)?;
        csv.write_field(text.unwrap_or(""))?;
    }
    csv.write_field(time("created_at")?)?;
    csv.write_field(time("updated_at")?)?;
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
        let select = build_select(&mut conn, filter, sort, None, None, EXPORT_COLUMNS).await?;
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(CSV_HEADER)?;
        let mut rows = select.arguments().fetch(&mut *conn);
        let mut done: u64 = 0;
        while let Some(row) = rows.try_next().await? {
            write_row(&mut csv, &row)?;
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                progress(done);
            }
        }
        csv.flush()?;
        progress(done);
        Ok(done)
    }
}
