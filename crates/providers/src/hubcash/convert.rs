//! From Hubcash's wire types to Paydesk's domain: dates in Hubcash's formats, cents into
//! `Money`, the exhaustive status mapping, and a sale into a unified `Transaction` that keeps
//! the sale's JSON text exactly as received.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};

use super::wire::{HubcashMethod, HubcashSale, HubcashStatus, envelope};

/// ASSUMPTION (reference 3, unknown 2): the real text behind the seed's `"Y-m-dTH:i:s GMT"`
/// is `YYYY-MM-DDTHH:MM:SS GMT`, in UTC.
pub const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S GMT";

/// Reads a Hubcash date: `2017-11-09T14:03:27 GMT`, or leniently RFC 3339 or
/// `2017-11-09 14:03:27` (reference 3). Anything else is an error naming the text.
pub fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, DATE_FORMAT) {
        return Ok(t.and_utc());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Ok(t.and_utc());
    }
    let shown: String = text.chars().take(40).collect();
    Err(format!("'{shown}' is not a Hubcash date"))
}

/// Reads a `Birthdate`: any [`parse_date`] form, or a plain `YYYY-MM-DD`.
pub fn parse_birthdate(text: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) => Ok(d),
        Err(_) => parse_date(text).map(|t| t.date_naive()),
    }
}

/// Writes a date the way Hubcash does.
pub fn format_date(time: DateTime<Utc>) -> String {
    time.format(DATE_FORMAT).to_string()
}

/// A sale as read, with its JSON text kept byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleRecord {
    /// The parsed sale.
    pub sale: HubcashSale,
    /// The sale object's JSON text, exactly as received.
    pub raw: String,
}

impl SaleRecord {
    /// Reads one sale object's JSON text.
    pub fn from_raw(raw: &str) -> Result<SaleRecord, String> {
        let sale: HubcashSale =
            serde_json::from_str(raw).map_err(|e| format!("a sale does not read: {e}"))?;
        if sale.sale_id.trim().is_empty() {
            return Err("a sale has an empty SaleId".into());
        }
        Ok(SaleRecord {
            sale,
            raw: raw.to_owned(),
        })
    }

    /// The sale's status; a sale without one is an error (the simulator always sends it).
    pub fn status(&self) -> Result<HubcashStatus, String> {
        self.sale
            .status
            .ok_or_else(|| format!("sale {} has no Status", self.sale.sale_id))
    }
}

/// Reads `{"Sale": {...}}`.
pub fn parse_sale_body(body: &[u8]) -> Result<SaleRecord, String> {
    let wrapped: envelope::RawSale =
        serde_json::from_slice(body).map_err(|e| format!("not a Sale object: {e}"))?;
    SaleRecord::from_raw(wrapped.sale.get())
}

/// Reads `{"Sales": [...]}`, every item kept with its own JSON text.
pub fn parse_sales_body(body: &[u8]) -> Result<Vec<SaleRecord>, String> {
    let wrapped: envelope::RawSales =
        serde_json::from_slice(body).map_err(|e| format!("not a Sales list: {e}"))?;
    wrapped
        .sales
        .iter()
        .map(|raw| SaleRecord::from_raw(raw.get()))
        .collect()
}

/// Currency scales: known codes from the domain table, others from `GET /currencies`
/// (`DecimalPlace`, reference 4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrencyScales(HashMap<String, u32>);

impl CurrencyScales {
    /// Records what `GET /currencies` said about one currency.
    pub fn learn(&mut self, name: &str, decimal_place: u32) {
        self.0.insert(name.to_owned(), decimal_place);
    }

    /// The currency for a sale's `Currency` text.
    pub fn resolve(&self, name: &str) -> Result<Currency, String> {
        if let Some(scale) = self.0.get(name) {
            return Currency::with_scale(name, *scale).map_err(|e| e.to_string());
        }
        Currency::from_code(name).map_err(|e| e.to_string())
    }
}

/// Cents into `Money`. A negative amount is an error (reference 4: a positive integer).
pub fn cents(amount: i64, currency: Currency) -> Result<Money, String> {
    if amount < 0 {
        return Err(format!("a negative Amount ({amount} cents)"));
    }
    Ok(Money::from_minor(amount, currency))
}

/// Paydesk's status for a Hubcash sale. Exhaustive over the wire enum: a new status is a
/// compile error here.
///
/// - 1 Processed and 4 Waiting Payment: pending (nothing happened to the money yet);
/// - 2 Analyzing and 3 Capturing: processing (fraud check, authorization held);
/// - 5 Fail: failed, except a billet, which fails only when unpaid at its due date
///   (reference 7.4): expired;
/// - 6 Canceled: cancelled, or refunded when `DateReversed` says a Done sale was reversed;
/// - 7 Done: succeeded.
pub fn map_status(
    status: HubcashStatus,
    method: HubcashMethod,
    reversed: bool,
) -> TransactionStatus {
    match status {
        HubcashStatus::Processed | HubcashStatus::WaitingPayment => TransactionStatus::Pending,
        HubcashStatus::Analyzing | HubcashStatus::Capturing => TransactionStatus::Processing,
        HubcashStatus::Fail => match method {
            HubcashMethod::Billet => TransactionStatus::Expired,
            HubcashMethod::Credit | HubcashMethod::Debit => TransactionStatus::Failed,
        },
        HubcashStatus::Canceled if reversed => TransactionStatus::Refunded,
        HubcashStatus::Canceled => TransactionStatus::Cancelled,
        HubcashStatus::Done => TransactionStatus::Succeeded,
    }
}

/// A sale into Paydesk's unified transaction (money in, kind `sale`).
pub fn to_transaction(
    record: &SaleRecord,
    account: &AccountId,
    scales: &CurrencyScales,
) -> Result<Transaction, String> {
    let sale = &record.sale;
    let status = record.status()?;
    let currency = scales.resolve(&sale.currency)?;
    let amount = cents(sale.amount, currency)?;
    let created_at = parse_date(&sale.date_added)?;
    let updated_at = match &sale.date_updated {
        Some(text) => parse_date(text)?,
        None => created_at,
    };
    let consumer = sale.consumer.as_ref();
    let card = sale.card.as_ref();
    let counterparty = Counterparty {
        name: consumer
            .and_then(|c| c.name.clone())
            .or_else(|| card.map(|c| c.holder_name.clone())),
        phone: consumer
            .and_then(|c| c.mobile_phone.clone().or_else(|| c.home_phone.clone()))
            .or_else(|| card.and_then(|c| c.phone.clone())),
        bank_account: None,
        card_last4: card.and_then(|c| c.last_digits.clone()),
    };
    let description = sale
        .items
        .as_ref()
        .and_then(|items| items.iter().find_map(|i| i.name.clone()))
        .or_else(|| sale.soft_descriptor.clone());
    Ok(Transaction {
        provider: ProviderKind::Hubcash,
        account: account.clone(),
        provider_id: sale.sale_id.clone(),
        merchant_reference: sale.r#ref.clone(),
        direction: Direction::In,
        kind: TransactionKind::Sale,
        status: map_status(status, sale.method, sale.date_reversed.is_some()),
        provider_status: status.name().to_owned(),
        amount,
        fee: None,
        net: None,
        counterparty,
        description,
        created_at,
        updated_at,
        raw: record.raw.clone(),
    })
}
