//! What the UI sees: every reply of the desk, shaped for the screen and typed for the generated
//! bindings. Amounts travel as exact decimal text with their currency's scale (never a float),
//! times as RFC 3339 text, counts as 32-bit numbers. No view holds a secret.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use paydesk_domain::{
    AppError, Direction, ErrorCode, IntentKind, Mode, Money, ProviderKind, RequestState,
    Transaction, TransactionKind, TransactionStatus,
};
use paydesk_store::{PayoutState, Totals};
use serde::{Deserialize, Serialize};
use specta::Type;

/// An exact amount: decimal text with exactly the currency's scale (`"1250.50"` GMD,
/// `"1500"` XOF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MoneyView {
    /// The amount, e.g. `"-12.30"`.
    pub amount: String,
    /// The ISO code (or the token's symbol for crypto).
    pub currency: String,
    /// Digits after the decimal point.
    pub scale: u32,
}

impl From<&Money> for MoneyView {
    fn from(money: &Money) -> Self {
        MoneyView {
            amount: money.amount_text(),
            currency: money.currency().code().to_owned(),
            scale: money.currency().scale(),
        }
    }
}

/// A time as the UI receives it: RFC 3339 in UTC with milliseconds.
pub fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A count as the UI receives it (saturating: no cache holds four billion rows).
pub fn count(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// One balance of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BalanceView {
    /// What can be spent.
    pub available: MoneyView,
    /// What is on its way, where the provider says.
    pub pending: Option<MoneyView>,
    /// When the provider reported it.
    pub as_of: String,
    /// True when older than the desk's staleness limit (shown as stale).
    pub stale: bool,
}

/// Where one account's sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    /// A sync of this account is running.
    pub running: bool,
    /// Records read in the current (or last) sync.
    pub done: u32,
    /// The provider's total, where it gives one.
    pub estimated_total: Option<u32>,
    /// When a sync last completed.
    pub last_sync: Option<String>,
    /// The last failure, in words, until a sync succeeds.
    pub error: Option<String>,
}

/// One account on the Overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountCard {
    /// Paydesk's id for the account.
    pub id: String,
    /// The merchant's name for it.
    pub label: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The provider's name as merchants know it.
    pub provider_name: String,
    /// Sandbox or live.
    pub mode: Mode,
    /// Its latest balances, one per currency.
    pub balances: Vec<BalanceView>,
    /// False for providers without a balance endpoint (CashWeb, Hubcash): the card says so
    /// instead of showing a zero.
    pub has_balance_endpoint: bool,
    /// Its sync.
    pub sync: SyncStatusView,
}

/// The sum of every account's balance in one currency (currencies are never added together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BalanceTotal {
    /// The currency.
    pub currency: String,
    /// Available, summed over accounts.
    pub available: MoneyView,
    /// Pending, summed over the accounts that report one.
    pub pending: MoneyView,
    /// How many accounts hold this currency.
    pub accounts: u32,
}

/// One currency's figures over a period (a day, a week, today).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FiguresView {
    /// The currency.
    pub currency: String,
    /// Succeeded money in: count.
    pub in_count: u32,
    /// Succeeded money in: gross.
    pub volume: MoneyView,
    /// Succeeded money in: fees.
    pub fees: MoneyView,
    /// Succeeded money in: net.
    pub net: MoneyView,
    /// Succeeded money out: count.
    pub out_count: u32,
    /// Succeeded money out: gross.
    pub out_volume: MoneyView,
    /// Transactions still pending or processing.
    pub open_count: u32,
}

impl From<&Totals> for FiguresView {
    fn from(t: &Totals) -> Self {
        FiguresView {
            currency: t.currency.code().to_owned(),
            in_count: count(t.in_count),
            volume: MoneyView::from(&t.volume),
            fees: MoneyView::from(&t.fees),
            net: MoneyView::from(&t.net),
            out_count: count(t.out_count),
            out_volume: MoneyView::from(&t.out_volume),
            open_count: count(t.open_count),
        }
    }
}

/// A problem the whole app has (not one account's): shown as a banner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What went wrong, with what to do.
    pub error: AppError,
    /// When it was seen.
    pub at: String,
}

/// The Overview: every account with its balances, totals per currency, today's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Every account, in the providers' order then by label.
    pub accounts: Vec<AccountCard>,
    /// Balance totals per currency.
    pub totals: Vec<BalanceTotal>,
    /// Today's (UTC) figures per currency.
    pub today: Vec<FiguresView>,
    /// How many transactions the local cache holds.
    pub cached_transactions: u32,
    /// True when no provider could be reached in the last sync: the data shown is the cache.
    pub offline: bool,
    /// App-wide problems (keyring, simulators, start-up reconciliation).
    pub problems: Vec<Problem>,
    /// True when the app runs on its embedded sandbox providers.
    pub sandbox: bool,
    /// False while some account's new payouts are held until earlier ones are checked with
    /// its provider.
    pub payouts_ready: bool,
    /// The providers, accounts and receiver are still starting: the figures are the cache's,
    /// and the Overview asks again shortly.
    pub starting: bool,
}

/// Day or week buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// One point per UTC day.
    Day,
    /// One point per week (Monday to Sunday).
    Week,
}

/// Which earnings to chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EarningsQuery {
    /// The first UTC day, `YYYY-MM-DD`.
    pub from: String,
    /// The last UTC day, included.
    pub to: String,
    /// Day or week points.
    pub bucket: Bucket,
}

/// One point of an earnings series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EarningsPoint {
    /// The bucket's first day, `YYYY-MM-DD`.
    pub start: String,
    /// Its figures.
    pub figures: FiguresView,
}

/// One currency's earnings series: every bucket of the range, empty ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EarningsSeries {
    /// The currency.
    pub currency: String,
    /// Its scale.
    pub scale: u32,
    /// One point per bucket, oldest first.
    pub points: Vec<EarningsPoint>,
}

/// The chart's data: one series per currency over the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Earnings {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// The bucket size.
    pub bucket: Bucket,
    /// One series per currency with any activity in the range.
    pub series: Vec<EarningsSeries>,
}

/// Which transactions to list; every field narrows, an empty one does not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionFilter {
    /// Only these providers.
    pub providers: Vec<ProviderKind>,
    /// Only these accounts (Paydesk ids).
    pub accounts: Vec<String>,
    /// Only in, or only out.
    pub direction: Option<Direction>,
    /// Only these kinds.
    pub kinds: Vec<TransactionKind>,
    /// Only these statuses.
    pub statuses: Vec<TransactionStatus>,
    /// Only this currency.
    pub currency: Option<String>,
    /// Created on or after this UTC day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Created on or before this UTC day.
    pub to: Option<String>,
    /// Gross amount at least this (needs `currency`).
    pub amount_min: Option<String>,
    /// Gross amount at most this (needs `currency`).
    pub amount_max: Option<String>,
    /// Words to find in references, counterparties, descriptions and provider ids.
    pub search: Option<String>,
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Smallest amount first (grouped by currency).
    AmountAsc,
    /// Largest amount first (grouped by currency).
    AmountDesc,
}

/// One page request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PageRequest {
    /// The filter.
    pub filter: TransactionFilter,
    /// The order.
    pub sort: SortOrder,
    /// The previous page's `next`, or none for the first page.
    pub after: Option<String>,
    /// Rows wanted (1 to 500).
    pub limit: u32,
}

/// A transaction row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRow {
    /// The account's Paydesk id.
    pub account: String,
    /// The provider.
    pub provider: ProviderKind,
    /// The provider's id (unique within the account).
    pub provider_id: String,
    /// The merchant's reference.
    pub reference: Option<String>,
    /// In or out.
    pub direction: Direction,
    /// What kind of movement.
    pub kind: TransactionKind,
    /// Paydesk's status.
    pub status: TransactionStatus,
    /// The provider's own status word.
    pub provider_status: String,
    /// Gross amount (always positive; `direction` gives the sign).
    pub amount: MoneyView,
    /// Fee, where the provider says.
    pub fee: Option<MoneyView>,
    /// Net, where the provider says.
    pub net: Option<MoneyView>,
    /// Counterparty name.
    pub counterparty_name: Option<String>,
    /// Counterparty phone.
    pub counterparty_phone: Option<String>,
    /// Counterparty bank account (CBU/CVU) or deposit address.
    pub counterparty_account: Option<String>,
    /// Last four digits of a card.
    pub card_last4: Option<String>,
    /// Description or product.
    pub description: Option<String>,
    /// Created at the provider.
    pub created_at: String,
    /// Last changed at the provider.
    pub updated_at: String,
}

impl From<&Transaction> for TransactionRow {
    fn from(t: &Transaction) -> Self {
        TransactionRow {
            account: t.account.as_str().to_owned(),
            provider: t.provider,
            provider_id: t.provider_id.clone(),
            reference: t.merchant_reference.clone(),
            direction: t.direction,
            kind: t.kind,
            status: t.status,
            provider_status: t.provider_status.clone(),
            amount: MoneyView::from(&t.amount),
            fee: t.fee.as_ref().map(MoneyView::from),
            net: t.net.as_ref().map(MoneyView::from),
            counterparty_name: t.counterparty.name.clone(),
            counterparty_phone: t.counterparty.phone.clone(),
            counterparty_account: t.counterparty.bank_account.clone(),
            card_last4: t.counterparty.card_last4.clone(),
            description: t.description.clone(),
            created_at: time_text(t.created_at),
            updated_at: time_text(t.updated_at),
        }
    }
}

/// One page of transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TransactionPage {
    /// The rows.
    pub rows: Vec<TransactionRow>,
    /// Where the next page starts; none on the last page.
    pub next: Option<String>,
}

/// One status change Paydesk saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeView {
    /// Before.
    pub from: TransactionStatus,
    /// After.
    pub to: TransactionStatus,
    /// The provider's word before.
    pub from_provider: String,
    /// The provider's word after.
    pub to_provider: String,
    /// The provider's time of the change.
    pub at: String,
    /// When Paydesk stored it.
    pub observed_at: String,
}

/// What the merchant may do to a Hubcash sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SaleActionView {
    /// Capture the whole amount.
    Capture,
    /// Cancel (void or reverse).
    Cancel,
}

/// Everything about one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetail {
    /// The unified fields.
    pub row: TransactionRow,
    /// The account's label.
    pub account_label: String,
    /// Status changes, oldest first.
    pub history: Vec<StatusChangeView>,
    /// The provider's record, as received.
    pub raw: String,
    /// The actions its status allows (Hubcash sales), for the Payouts view.
    pub sale_actions: Vec<SaleActionView>,
}

/// A finished CSV export (an export cancelled in the save dialog answers no value instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    /// The file written.
    pub path: String,
    /// Rows written (the header not counted).
    pub rows: u32,
}

/// A payout intent as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutView {
    /// Paydesk's id.
    pub id: String,
    /// The account's Paydesk id.
    pub account: String,
    /// The provider.
    pub provider: ProviderKind,
    /// One line: what, how much, to whom.
    pub summary: String,
    /// The amount, where the request has one.
    pub amount: Option<String>,
    /// Its currency.
    pub currency: Option<String>,
    /// The reference the provider knows it by (idempotency key).
    pub reference: String,
    /// Money going out (a payout), money asked for (a payment request), or an action on a
    /// sale. The Payouts view lists payouts only; Get paid lists the rest.
    pub kind: IntentKind,
    /// Where it stands in the journal.
    pub state: PayoutState,
    /// For a payment request, where it stands for the merchant: awaiting payment until the
    /// provider says it was paid, expired, cancelled or failed.
    pub request_state: Option<RequestState>,
    /// Why (unknown, failed).
    pub reason: Option<String>,
    /// The provider's id, once known.
    pub provider_id: Option<String>,
    /// The provider's own status word.
    pub provider_status: Option<String>,
    /// A link for the customer (payment link, deposit address).
    pub link: Option<String>,
    /// Until when the customer can pay, where the provider says (RFC 3339).
    pub expires_at: Option<String>,
    /// How many times it was sent.
    pub send_count: u32,
    /// When it was written.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// True while the outcome is open and Paydesk is still checking it, or cannot check it.
    pub needs_attention: bool,
    /// What the merchant should know about an open outcome: what Paydesk does next, or why
    /// it cannot check it (its account is gone) and what to do.
    pub attention: Option<String>,
    /// True when the merchant may link it to the provider's id by hand (an HG.Cash cash-out
    /// HG.Cash accepted without naming it; see `link_payout`).
    pub linkable: bool,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalLine {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What happened.
    pub event: String,
    /// State before.
    pub from_state: Option<PayoutState>,
    /// State after.
    pub to_state: Option<PayoutState>,
    /// What was sent.
    pub sent: Option<String>,
    /// What the provider answered.
    pub answer: Option<String>,
    /// Its HTTP status.
    pub http_status: Option<u16>,
    /// Anything else.
    pub note: Option<String>,
}

/// Parses a `YYYY-MM-DD` day from the UI, naming the field on error.
pub fn parse_day(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::InputInvalid,
            format!("{field}: expected a date as YYYY-MM-DD, got \"{text}\""),
        )
        .with_field(field)
    })
}

/// One credential field of an account: configured or not, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CredentialFieldView {
    /// The field name (`token`, `api_key`, `secret_key`, `webhook_secret`...).
    pub field: String,
    /// False for optional ones (webhook secrets).
    pub required: bool,
    /// A value is kept in the OS keyring.
    pub configured: bool,
    /// Its last four characters, for long secrets.
    pub last4: Option<String>,
}

/// An account as the Accounts view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    /// Paydesk's id.
    pub id: String,
    /// The provider.
    pub provider: ProviderKind,
    /// The merchant's name for it.
    pub label: String,
    /// Sandbox or live.
    pub mode: Mode,
    /// Where its calls go.
    pub base_url: Option<String>,
    /// True when the URL is the account's own rather than the provider's default.
    pub custom_base_url: bool,
    /// Its credential fields (write-only: values never come back).
    pub credentials: Vec<CredentialFieldView>,
    /// When it last synced completely.
    pub last_sync: Option<String>,
    /// The last sync failure.
    pub last_sync_error: Option<String>,
    /// Where the embedded simulator sends its webhooks (the local receiver; sandbox only).
    /// Live accounts have none: no real provider can reach a loopback address.
    pub webhook_url: Option<String>,
    /// How the account is kept current.
    pub updates: AccountUpdates,
}

/// How an account's status changes reach Paydesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum AccountUpdates {
    /// The embedded simulator's signed webhooks to the local receiver, plus the schedule.
    Webhooks,
    /// Only the sync schedule (every live account, and providers that sign no webhooks).
    Polling,
}

/// One credential value typed by the merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CredentialInput {
    /// The field name.
    pub field: String,
    /// The value (sent once, kept only in the OS keyring).
    pub value: String,
}

/// A new account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountForm {
    /// The provider.
    pub provider: ProviderKind,
    /// The merchant's name for it.
    pub label: String,
    /// Sandbox or live (HG.Cash, CashWeb, Hubcash; the credentials decide for Hexai and HPAY).
    pub mode: Option<Mode>,
    /// Its own API base URL; empty for the provider's default.
    pub base_url: Option<String>,
    /// The credentials.
    pub credentials: Vec<CredentialInput>,
    /// Test the connection before saving (a failed test saves nothing).
    pub test_connection: bool,
}

/// Changes to an account; absent fields keep what is there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountChanges {
    /// A new label.
    pub label: Option<String>,
    /// A new mode.
    pub mode: Option<Mode>,
    /// A new base URL; an empty text goes back to the provider's default.
    pub base_url: Option<String>,
    /// New credentials (all of the provider's required fields).
    pub credentials: Option<Vec<CredentialInput>>,
    /// Test before changing anything.
    pub test_connection: bool,
}

/// What a successful connection test saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionResult {
    /// The provider that answered.
    pub provider: ProviderKind,
    /// The call made.
    pub call: String,
    /// What came back, in words.
    pub summary: String,
}

/// A payout (or payment link, deposit request, sale action) as the merchant fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PayoutForm {
    /// Hexai: a Wave payout.
    Hexai {
        /// The Paydesk account.
        account: String,
        /// GMD, at most 2 decimals.
        amount: String,
        /// `+220` and 7 digits.
        #[serde(rename = "recipientMobile")]
        recipient_mobile: String,
    },
    /// A Hubcash billet (boleto) for a customer to pay.
    HubcashBillet {
        /// The Paydesk account.
        account: String,
        /// BRL, at most 2 decimals.
        amount: String,
        /// Who pays.
        #[serde(rename = "customerName")]
        customer_name: String,
        /// The customer's CPF or CNPJ (optional).
        #[serde(rename = "customerDocument")]
        customer_document: Option<String>,
        /// What is sold.
        description: String,
        /// Days the customer has to pay (a whole number, 1 to 90).
        #[serde(rename = "daysToPay")]
        days_to_pay: String,
    },
    /// A Hexai collection: a Wave checkout for a customer to pay.
    HexaiCollection {
        /// The Paydesk account.
        account: String,
        /// GMD, at most 2 decimals.
        amount: String,
        /// Where Wave sends the customer after paying (empty: Hexai's default).
        #[serde(rename = "successUrl")]
        success_url: Option<String>,
        /// Where the customer goes after a failure or cancel (empty: Hexai's default).
        #[serde(rename = "errorUrl")]
        error_url: Option<String>,
    },
    /// HG.Cash: a cash-out to a CBU or CVU.
    HgCash {
        /// The Paydesk account.
        account: String,
        /// The HG.Cash account the money leaves.
        #[serde(rename = "sourceAccountId")]
        source_account_id: String,
        /// The amount.
        amount: String,
        /// A CBU (22 digits), or empty.
        #[serde(rename = "toCbu")]
        to_cbu: Option<String>,
        /// A CVU (22 digits), or empty.
        #[serde(rename = "toCvu")]
        to_cvu: Option<String>,
        /// Recipient name.
        #[serde(rename = "toName")]
        to_name: Option<String>,
        /// Recipient CUIT.
        #[serde(rename = "toCuit")]
        to_cuit: Option<String>,
        /// Concept.
        concept: Option<String>,
        /// The merchant ticked "Send anyway" for a CBU/CVU that fails its check digits.
        #[serde(rename = "sendAnyway", default)]
        send_anyway: bool,
    },
    /// CashWeb: a crypto deposit request, by quote or direct.
    CashWeb {
        /// The Paydesk account.
        account: String,
        /// Quote mode: the quote's id (from `cashwebQuote`).
        #[serde(rename = "quoteId")]
        quote_id: Option<String>,
        /// Direct mode: the fiat amount.
        #[serde(rename = "fiatAmount")]
        fiat_amount: Option<String>,
        /// Direct mode: the stablecoin (`usdt`).
        #[serde(rename = "cryptoCurrency")]
        crypto_currency: Option<String>,
        /// Direct mode: the network (`trc20`).
        network: Option<String>,
    },
    /// HPAY: a payment link.
    Hpay {
        /// The Paydesk account.
        account: String,
        /// The amount.
        amount: String,
        /// What the customer buys.
        #[serde(rename = "productName")]
        product_name: String,
        /// Shown on the payment page.
        description: String,
        /// Notification URL.
        #[serde(rename = "notifyUrl")]
        notify_url: String,
        /// After paying.
        #[serde(rename = "successUrl")]
        success_url: String,
        /// On cancel.
        #[serde(rename = "cancelUrl")]
        cancel_url: String,
    },
    /// Hubcash: capture or cancel a sale.
    HubcashSale {
        /// The Paydesk account.
        account: String,
        /// The sale's id.
        #[serde(rename = "saleId")]
        sale_id: String,
        /// Capture or cancel.
        action: SaleActionView,
    },
}

/// A validated payout written to the journal as a draft, waiting for the merchant's
/// confirmation. Nothing has been sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutDraft {
    /// The draft's id (confirm with it).
    pub id: String,
    /// Exactly what will be sent, line by line (label, value).
    pub lines: Vec<(String, String)>,
    /// The amount the merchant must retype, where the request has one.
    pub amount: Option<MoneyView>,
    /// The reference the provider will know it by.
    pub reference: String,
}

/// One of the merchant's HG.Cash accounts (source of a cash-out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HgCashSource {
    /// HG.Cash's account id.
    pub id: String,
    /// Its name, where HG.Cash gives one.
    pub name: Option<String>,
    /// Its CBU/CVU alias, where HG.Cash gives one.
    pub alias: Option<String>,
    /// Its currency.
    pub currency: String,
    /// Its available balance, where read.
    pub available: Option<MoneyView>,
}

/// One account payouts can go through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutAccount {
    /// Paydesk's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// Sandbox or live.
    pub mode: Mode,
    /// The currency its amounts are in.
    pub currency: String,
    /// Its scale.
    pub scale: u32,
    /// The available balance shown (Hexai payouts may not exceed it).
    pub available: Option<MoneyView>,
    /// HG.Cash: the source accounts.
    pub sources: Vec<HgCashSource>,
    /// Why this account cannot make payouts now, if it cannot.
    pub unavailable: Option<String>,
    /// Why new payouts on this account are held (earlier ones are being checked with the
    /// provider), when they are. Other accounts are not held by it.
    pub held_because: Option<String>,
}

/// What the Payouts view can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutOptions {
    /// The accounts, by provider.
    pub accounts: Vec<PayoutAccount>,
    /// Payouts whose outcome is open on accounts Paydesk cannot check (removed, or not
    /// connected): they need the merchant's attention and hold nothing back.
    pub needing_attention: u32,
}

/// A CashWeb quote request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QuoteRequest {
    /// The Paydesk account.
    pub account: String,
    /// The fiat amount.
    pub fiat_amount: String,
    /// The stablecoin (`usdt`).
    pub crypto_currency: String,
    /// The network (`trc20`).
    pub network: String,
}

/// A CashWeb quote: executable until `expiresAt` (120 s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    /// The quote's id.
    pub quote_id: String,
    /// The fiat amount.
    pub fiat_amount: MoneyView,
    /// The crypto amount the customer will send, as the provider wrote it.
    pub crypto_amount: String,
    /// The stablecoin.
    pub crypto_currency: String,
    /// The network.
    pub network: String,
    /// The rate, as the provider wrote it.
    pub rate: String,
    /// When it stops being executable.
    pub expires_at: String,
}

/// Where one account's sync is (an event while syncing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncEvent {
    /// The account.
    pub account: String,
    /// Records read so far.
    pub done: u32,
    /// The provider's total, where it gives one.
    pub estimated_total: Option<u32>,
    /// The account's last event of this sync.
    pub finished: bool,
    /// Its failure, in words.
    pub error: Option<String>,
}

/// A payout changed (an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayoutUpdate {
    /// The payout as it is now.
    pub payout: PayoutView,
    /// True when it reached a final state (the shell also notifies the OS).
    pub terminal: bool,
}

/// How far a CSV export is (an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    /// The file being written.
    pub path: String,
    /// Rows written so far.
    pub rows: u32,
    /// True on the last event.
    pub finished: bool,
}

/// A CSV export request: the whole filtered set, in the list's order. It names no file: the
/// merchant chooses one in the native save dialog that the export itself opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The filter.
    pub filter: TransactionFilter,
    /// The order.
    pub sort: SortOrder,
}
