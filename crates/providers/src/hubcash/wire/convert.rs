//! From Hubcash's wire types to Paydesk's domain: dates in Hubcash's formats, cents into
//! `Money` at the currency's scale, and a sale into a unified `Transaction` that keeps the
//! sale's JSON text exactly as received (the status mapping itself is in `status.rs`).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use paydesk_domain::{
    AccountId, Counterparty, Currency, Direction, Money, ProviderKind, Transaction,
    TransactionKind, TransactionStatus,
};

use super::sale::SaleRecord;
use crate::hubcash::assumptions;
use crate::traits::PayoutReceipt;

/// Reads a Hubcash date: [`assumptions::DATE_FORMAT`], RFC 3339, or one of
/// [`assumptions::LENIENT_DATE_FORMATS`] (reference 3). Anything else is an error naming the
/// text (shortened).
pub fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, assumptions::DATE_FORMAT) {
        return Ok(t.and_utc());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in assumptions::LENIENT_DATE_FORMATS {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    let shown: String = text.chars().take(40).collect();
    Err(format!("'{shown}' is not a Hubcash date"))
}

/// Reads a `Birthdate`: any [`parse_date`] form, or [`assumptions::BIRTHDATE_FORMAT`].
pub fn parse_birthdate(text: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(text.trim(), assumptions::BIRTHDATE_FORMAT) {
        Ok(d) => Ok(d),
        Err(_) => parse_date(text).map(|t| t.date_naive()),
    }
}

/// Writes a date the way Hubcash does.
pub fn format_date(time: DateTime<Utc>) -> String {
    time.format(assumptions::DATE_FORMAT).to_string()
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

/// A sale into Paydesk's unified transaction (money in, kind `sale`).
pub fn to_transaction(
    record: &SaleRecord,
    account: &AccountId,
    scales: &CurrencyScales,
) -> Result<Transaction, String> {
    let sale = &record.sale;
    let (status, provider_status) = match sale.state() {
        Some(state) => (
            TransactionStatus::from(state),
            state.status.word().to_owned(),
        ),
        None => (
            TransactionStatus::Unknown,
            assumptions::NO_STATUS_WORD.to_owned(),
        ),
    };
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
        status,
        provider_status,
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

impl SaleRecord {
    /// When an unpaid billet can no longer be paid: the day after its due date, the UTC date
    /// of `DateAdded` plus `ExpiresIn` days (ASSUMPTION, hubcash.md section 5.8). `None` for a
    /// card sale, or when either is missing or unreadable.
    pub fn billet_expires_at(&self) -> Option<DateTime<Utc>> {
        let days = self.sale.billet.as_ref()?.expires_in?;
        let added = parse_date(&self.sale.date_added).ok()?;
        let due = added.date_naive() + chrono::Days::new(u64::from(days) + 1);
        Some(due.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The sale as a receipt the payout engine can journal (after a capture or cancel): its
    /// status mapped as in [`to_transaction`], an undocumented status (or none) as unknown
    /// with the word kept.
    pub fn receipt(&self) -> PayoutReceipt {
        let sale = &self.sale;
        PayoutReceipt {
            provider_id: sale.sale_id.clone(),
            status: sale
                .state()
                .map_or(TransactionStatus::Unknown, TransactionStatus::from),
            provider_status: sale
                .status
                .as_ref()
                .map_or(assumptions::NO_STATUS_WORD, |s| s.word())
                .to_owned(),
            failure_reason: None,
            // A billet sale's typeable line is what the customer pays with.
            link: sale.billet.as_ref().and_then(|b| b.digitable.clone()),
            expires_at: self.billet_expires_at(),
            raw: self.raw.clone(),
            warning: None,
        }
    }
}
