//! The CashWeb simulator's records and how they render as CashWeb JSON: compact transactions
//! (a million fit in memory), statuses, deposits, status history, ids and opaque cursors.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A CashWeb transaction status (shared/providers/cashweb.md §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Accepted, not yet ready for deposits.
    Pending,
    /// The deposit address is live.
    AwaitingDeposit,
    /// A deposit was seen; confirmations are counting.
    DepositConfirming,
    /// The crypto is being sold.
    SellingCrypto,
    /// The sale executed.
    OrderFilled,
    /// Success.
    Completed,
    /// Could not complete.
    Failed,
    /// The deposit window closed.
    Expired,
    /// Cancelled by the partner.
    Cancelled,
    /// Reversed.
    Refunded,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 10] = [
        Status::Pending,
        Status::AwaitingDeposit,
        Status::DepositConfirming,
        Status::SellingCrypto,
        Status::OrderFilled,
        Status::Completed,
        Status::Failed,
        Status::Expired,
        Status::Cancelled,
        Status::Refunded,
    ];

    /// CashWeb's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::AwaitingDeposit => "awaiting_deposit",
            Status::DepositConfirming => "deposit_confirming",
            Status::SellingCrypto => "selling_crypto",
            Status::OrderFilled => "order_filled",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
            Status::Refunded => "refunded",
        }
    }

    /// The status named by CashWeb's word.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// True once nothing more happens (refunds after completion aside).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Completed
                | Status::Failed
                | Status::Expired
                | Status::Cancelled
                | Status::Refunded
        )
    }
}

/// A deposit seen on chain for a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    /// CashWeb's deposit id (`dep_...`).
    pub deposit_id: String,
    /// `detected` or `confirmed` (ASSUMPTION, §4.3).
    pub confirmed: bool,
    /// Confirmations so far.
    pub confirmations: u32,
    /// When it was seen.
    pub received_at: DateTime<Utc>,
    /// When it reached the required confirmations.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The chain transaction hash, when the simulate call gave one.
    pub blockchain_hash: Option<String>,
}

/// One audited transition (§3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When.
    pub changed_at: DateTime<Utc>,
    /// From (None for the first entry).
    pub from: Option<Status>,
    /// To.
    pub to: Status,
    /// `area:event`.
    pub reason: String,
}

/// What only transactions created through the API carry (generated history derives these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extra {
    /// The partner's reference, as sent.
    pub reference: String,
    /// Seller phone metadata.
    pub phone: Option<String>,
    /// The deposit, once detected.
    pub deposit: Option<Deposit>,
    /// Every transition.
    pub history: Vec<HistoryEntry>,
    /// The outcome the timed progression ends in.
    pub outcome: Status,
    /// When the revenue row was written (completion).
    pub completed_at: Option<DateTime<Utc>>,
    /// Sub-merchant id, as sent.
    pub merchant_id: Option<String>,
    /// Terminal id, as sent.
    pub terminal_id: Option<String>,
    /// True once `payout.settled` was emitted.
    pub payout_settled: bool,
    /// The timed progression this transaction follows, if auto-progress was on at creation.
    pub auto: Option<super::AutoProgress>,
}

/// A transaction, compact: one million take about 80 MB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tx {
    /// UUIDv7-shaped id; its top 48 bits are `created_ms`, so id order is creation order.
    pub id: u128,
    /// The owning partner (index into the configured partners).
    pub partner: u8,
    /// Status.
    pub status: Status,
    /// Index into the configured pairs.
    pub pair: u8,
    /// 1-based index into the merchant ids (0: none).
    pub merchant: u8,
    /// 1-based index into the terminal ids (0: none).
    pub terminal: u8,
    /// Creation time in ms.
    pub created_ms: i64,
    /// Last change in ms.
    pub updated_ms: i64,
    /// End of the deposit window in ms.
    pub expires_ms: i64,
    /// Fiat amount in minor units (2 dp).
    pub amount_minor: i64,
    /// Crypto amount in micro units (6 dp).
    pub crypto_micro: i64,
    /// Rate, fiat per crypto unit, in minor units (2 dp).
    pub rate_minor: i64,
    /// Present for transactions created through the API.
    pub extra: Option<Box<Extra>>,
}

/// Sub-merchant ids the data uses.
pub const MERCHANTS: [&str; 4] = ["mrc_001", "mrc_002", "mrc_003", "mrc_004"];
/// Terminal ids the data uses.
pub const TERMINALS: [&str; 6] = [
    "term_01", "term_02", "term_03", "term_04", "term_05", "term_06",
];
/// Confirmations a deposit needs (bep20/trc20 alike in the simulator).
pub const REQUIRED_CONFIRMATIONS: u32 = 15;

/// Cheap deterministic mixing (splitmix64) for derived fields.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn mix_id(id: u128, salt: u64) -> u64 {
    mix((id as u64) ^ mix(((id >> 64) as u64) ^ salt))
}

/// A UUIDv7-shaped id from a time in ms and 74 random bits.
pub fn make_id(ms: i64, random: u128) -> u128 {
    let ms = u128::from(u64::try_from(ms).unwrap_or(0)) & ((1u128 << 48) - 1);
    let rand_a = (random >> 62) & 0xfff;
    let rand_b = random & ((1u128 << 62) - 1);
    (ms << 80) | (0x7u128 << 76) | (rand_a << 64) | (0b10u128 << 62) | rand_b
}

/// The id's text, `01917f00-7b4c-7f56-8a2b-15998d58c9f3`.
pub fn id_text(id: u128) -> String {
    let hex = format!("{id:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(12..16).unwrap_or(""),
        hex.get(16..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    )
}

/// Reads an id's text back.
pub fn parse_id(text: &str) -> Option<u128> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || text.len() != 36 {
        return None;
    }
    u128::from_str_radix(&hex.to_ascii_lowercase(), 16).ok()
}

/// A time from ms.
pub fn at_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// RFC 3339 with `Z`, whole seconds, as CashWeb writes times.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Minor units at `scale` as decimal text with at least `min_places` places.
pub fn units_text(units: i64, scale: u32, min_places: u32) -> String {
    let mut d = Decimal::new(units, scale).normalize();
    if d.scale() < min_places {
        d.rescale(min_places);
    }
    d.to_string()
}

impl Tx {
    /// The reference, generated or as sent.
    pub fn reference(&self, index: usize) -> String {
        match &self.extra {
            Some(extra) => extra.reference.clone(),
            None => generated_reference(index),
        }
    }

    /// The seller phone, generated or as sent.
    pub fn phone(&self) -> Option<String> {
        match &self.extra {
            Some(extra) => extra.phone.clone(),
            None => {
                let h = mix_id(self.id, 7);
                (h % 10 < 6).then(|| {
                    let prefix = ["080", "081", "070", "090", "091"][(h >> 8) as usize % 5];
                    format!("{prefix}{:08}", (h >> 16) % 100_000_000)
                })
            }
        }
    }

    /// The deposit address on the pair's network, derived from the id (unique per id).
    pub fn deposit_address(&self, network: &str) -> String {
        let a = mix_id(self.id, 1);
        let b = mix_id(self.id, 2);
        let c = mix_id(self.id, 3);
        if network == "trc20" {
            const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
            let mut out = String::from("T");
            let mut words = [a, b, c];
            for i in 0..33 {
                let w = &mut words[i % 3];
                out.push(char::from(B58[(*w % 58) as usize]));
                *w /= 58;
            }
            out
        } else {
            format!("0x{a:016x}{b:016x}{:08x}", c as u32)
        }
    }

    /// The deposit, as stored or derived for generated history.
    pub fn deposit(&self) -> Option<Deposit> {
        if let Some(extra) = &self.extra {
            return extra.deposit.clone();
        }
        if !matches!(self.status, Status::Completed | Status::Refunded) {
            return None;
        }
        let received = self.created_ms + 60_000 + (mix_id(self.id, 4) % 600_000) as i64;
        Some(Deposit {
            deposit_id: format!("dep_{:012x}", mix_id(self.id, 5) & 0xffff_ffff_ffff),
            confirmed: true,
            confirmations: REQUIRED_CONFIRMATIONS,
            received_at: at_ms(received),
            confirmed_at: Some(at_ms(received + 120_000)),
            blockchain_hash: None,
        })
    }

    /// When the transaction completed, for revenue rows.
    pub fn completed_at(&self) -> Option<DateTime<Utc>> {
        match &self.extra {
            Some(extra) => extra.completed_at,
            None => matches!(self.status, Status::Completed | Status::Refunded)
                .then(|| at_ms(self.updated_ms)),
        }
    }

    /// The status history, as stored or derived for generated history.
    pub fn history(&self) -> Vec<HistoryEntry> {
        if let Some(extra) = &self.extra {
            return extra.history.clone();
        }
        let created = at_ms(self.created_ms);
        let mut out = vec![HistoryEntry {
            changed_at: created,
            from: None,
            to: Status::AwaitingDeposit,
            reason: "transaction:created".into(),
        }];
        let mut push = |ms: i64, to: Status, reason: &str| {
            let from = out.last().map(|e| e.to);
            out.push(HistoryEntry {
                changed_at: at_ms(ms),
                from,
                to,
                reason: reason.into(),
            });
        };
        match self.status {
            Status::Completed | Status::Refunded => {
                let dep = self.deposit();
                let received = dep
                    .as_ref()
                    .map_or(self.created_ms, |d| d.received_at.timestamp_millis());
                push(received, Status::DepositConfirming, "deposit:detected");
                push(
                    received + 120_000,
                    Status::SellingCrypto,
                    "deposit:confirmed",
                );
                push(received + 180_000, Status::OrderFilled, "order:filled");
                let done = self
                    .completed_at()
                    .map_or(self.updated_ms, |t| t.timestamp_millis());
                push(done, Status::Completed, "order:settled");
                if self.status == Status::Refunded {
                    push(self.updated_ms, Status::Refunded, "ops:refunded");
                }
            }
            Status::Expired => push(self.expires_ms, Status::Expired, "deposit:window_closed"),
            Status::Cancelled => push(self.updated_ms, Status::Cancelled, "partner:cancelled"),
            Status::Failed => push(self.updated_ms, Status::Failed, "order:failed"),
            other => push(self.updated_ms, other, "lifecycle:progress"),
        }
        out
    }
}

/// The reference a generated transaction carries.
pub fn generated_reference(index: usize) -> String {
    format!("cw-{index:08}")
}

/// The index a generated reference names, if it has that shape.
pub fn generated_index(reference: &str) -> Option<usize> {
    let digits = reference.to_ascii_lowercase();
    let digits = digits.strip_prefix("cw-")?;
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Renders a status-history entry.
pub fn history_json(entry: &HistoryEntry) -> Value {
    json!({
        "changed_at": time_text(entry.changed_at),
        "from_status": entry.from.map(Status::as_str),
        "to_status": entry.to.as_str(),
        "reason": entry.reason,
        "metadata": null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_amounts_round_trip() {
        let id = make_id(1_739_361_300_000, 0x1234_5678_9abc_def0_1234_5678);
        let text = id_text(id);
        assert_eq!(parse_id(&text), Some(id));
        assert_eq!(text.get(14..15), Some("7"));
        assert_eq!(units_text(10_000_000, 6, 2), "10.00");
        assert_eq!(units_text(10_123_456, 6, 2), "10.123456");
        assert_eq!(generated_index(&generated_reference(42)), Some(42));
        assert_eq!(generated_index("CW-00000042"), Some(42));
    }
}
