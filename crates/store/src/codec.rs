//! Conversions between domain values and their SQL columns: times, enums, money and the
//! transaction row. Reading never panics: a value that does not decode is a
//! [`StoreError::Corrupt`].

use chrono::{DateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::error::StoreError;

/// A time as stored: microseconds since the Unix epoch, UTC (sub-microsecond digits dropped).
pub(crate) fn to_micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

pub(crate) fn from_micros(table: &'static str, micros: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| StoreError::corrupt(table, format!("time {micros} is out of range")))
}

pub(crate) fn parse_direction(text: &str) -> Option<Direction> {
    [Direction::In, Direction::Out]
        .into_iter()
        .find(|d| d.as_str() == text)
}

pub(crate) const ALL_KINDS: [TransactionKind; 6] = [
    TransactionKind::Collection,
    TransactionKind::Payout,
    TransactionKind::CashOut,
    TransactionKind::Sale,
    TransactionKind::PaymentLink,
    TransactionKind::CryptoDeposit,
];

pub(crate) fn parse_kind(text: &str) -> Option<TransactionKind> {
    ALL_KINDS.into_iter().find(|k| k.as_str() == text)
}

pub(crate) fn parse_status(text: &str) -> Option<TransactionStatus> {
    TransactionStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
}

pub(crate) fn currency(
    table: &'static str,
    code: &str,
    scale: i64,
) -> Result<Currency, StoreError> {
    let scale = u32::try_from(scale)
        .map_err(|_| StoreError::corrupt(table, format!("scale {scale} for {code}")))?;
    Currency::with_scale(code, scale).map_err(|e| StoreError::corrupt(table, e.to_string()))
}

/// Exact decimal text of `minor` units at `scale` places: `(450050, 2)` is `"4500.50"`.
pub(crate) fn format_minor(minor: i64, scale: u32) -> String {
    let digits = minor.unsigned_abs().to_string();
    let sign = if minor < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

pub(crate) fn get<'r, T>(
    row: &'r SqliteRow,
    table: &'static str,
    column: &str,
) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(column)
        .map_err(|e| StoreError::corrupt(table, format!("column {column}: {e}")))
}

/// The transaction columns, in the order [`decode_transaction`] reads them, for table alias `t`.
pub(crate) const TRANSACTION_COLUMNS: &str = "t.id, t.account_id, t.provider, t.provider_id, \
    t.merchant_reference, t.direction, t.kind, t.status, t.provider_status, t.currency, t.scale, \
    t.amount_minor, t.fee_minor, t.net_minor, t.cp_name, t.cp_phone, t.cp_bank_account, \
    t.cp_card_last4, t.description, t.created_at, t.updated_at, t.raw";

const TX: &str = "transactions";

/// Reads one row selected with [`TRANSACTION_COLUMNS`] into its id and transaction.
pub(crate) fn decode_transaction(row: &SqliteRow) -> Result<(i64, Transaction), StoreError> {
    let id: i64 = get(row, TX, "id")?;
    let bad =
        |what: &str, value: &str| StoreError::corrupt(TX, format!("row {id}: {what} '{value}'"));
    let account: String = get(row, TX, "account_id")?;
    let account = AccountId::new(account).map_err(|e| bad("account", &e.0))?;
    let provider: String = get(row, TX, "provider")?;
    let provider: ProviderKind = provider.parse().map_err(|_| bad("provider", &provider))?;
    let direction: String = get(row, TX, "direction")?;
    let direction = parse_direction(&direction).ok_or_else(|| bad("direction", &direction))?;
    let kind: String = get(row, TX, "kind")?;
    let kind = parse_kind(&kind).ok_or_else(|| bad("kind", &kind))?;
    let status: String = get(row, TX, "status")?;
    let status = parse_status(&status).ok_or_else(|| bad("status", &status))?;
    let code: String = get(row, TX, "currency")?;
    let currency = currency(TX, &code, get(row, TX, "scale")?)?;
    let money = |minor: i64| Money::from_minor(minor, currency);
    let fee: Option<i64> = get(row, TX, "fee_minor")?;
    let net: Option<i64> = get(row, TX, "net_minor")?;
    let transaction = Transaction {
        provider,
        account,
        provider_id: get(row, TX, "provider_id")?,
        merchant_reference: get(row, TX, "merchant_reference")?,
        direction,
        kind,
        status,
        provider_status: get(row, TX, "provider_status")?,
        amount: money(get(row, TX, "amount_minor")?),
        fee: fee.map(money),
        net: net.map(money),
        counterparty: Counterparty {
            name: get(row, TX, "cp_name")?,
            phone: get(row, TX, "cp_phone")?,
            bank_account: get(row, TX, "cp_bank_account")?,
            card_last4: get(row, TX, "cp_card_last4")?,
        },
        description: get(row, TX, "description")?,
        created_at: from_micros(TX, get(row, TX, "created_at")?)?,
        updated_at: from_micros(TX, get(row, TX, "updated_at")?)?,
        raw: get(row, TX, "raw")?,
    };
    Ok((id, transaction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_format_exactly() {
        assert_eq!(format_minor(450050, 2), "4500.50");
        assert_eq!(format_minor(7, 2), "0.07");
        assert_eq!(format_minor(-7, 2), "-0.07");
        assert_eq!(format_minor(7000, 0), "7000");
        assert_eq!(format_minor(1, 6), "0.000001");
        assert_eq!(format_minor(0, 2), "0.00");
        assert_eq!(format_minor(i64::MIN, 2), "-92233720368547758.08");
        for (minor, code) in [(123456, "GMD"), (5, "USDT"), (-99, "CAD"), (42, "XOF")] {
            let c = Currency::from_code(code).expect("known");
            assert_eq!(
                format_minor(minor, c.scale()),
                Money::from_minor(minor, c).amount_text()
            );
        }
    }
}
