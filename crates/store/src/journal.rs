//! The payout journal (migration 0201): one intent per payout the merchant asks for, written
//! with its reference before anything is sent, and an append-only log of every step.
//!
//! State changes are conditional (`UPDATE … WHERE state IN (…)`), so two windows or two
//! processes sharing the file can never both take the same intent into `sending`: SQLite
//! serialises the writers and only one update matches.

use chrono::{DateTime, Utc};
use paydesk_domain::AccountId;
use sqlx::sqlite::SqliteRow;

use crate::codec::{from_micros, get, to_micros};
use crate::error::StoreError;
use crate::store::Store;

mod types;

pub use types::{
    IntentUpdate, JournalEntry, NewJournalEntry, NewPayoutIntent, PayoutIntent, PayoutState,
};

const INTENTS: &str = "payout_intents";
const JOURNAL: &str = "payout_journal";

fn state_of(table: &'static str, text: String) -> Result<PayoutState, StoreError> {
    text.parse()
        .map_err(|e: String| StoreError::corrupt(table, e))
}

fn decode_intent(row: &SqliteRow) -> Result<PayoutIntent, StoreError> {
    let account: String = get(row, INTENTS, "account_id")?;
    let provider: String = get(row, INTENTS, "provider")?;
    let send_count: i64 = get(row, INTENTS, "send_count")?;
    let lease_until: Option<i64> = get(row, INTENTS, "lease_until")?;
    let expires_at: Option<i64> = get(row, INTENTS, "expires_at")?;
    Ok(PayoutIntent {
        id: get(row, INTENTS, "id")?,
        account: AccountId::new(account).map_err(|e| StoreError::corrupt(INTENTS, e.0))?,
        provider: provider
            .parse()
            .map_err(|_| StoreError::corrupt(INTENTS, format!("provider '{provider}'")))?,
        reference: get(row, INTENTS, "reference")?,
        request: get(row, INTENTS, "request")?,
        summary: get(row, INTENTS, "summary")?,
        currency: get(row, INTENTS, "currency")?,
        amount: get(row, INTENTS, "amount")?,
        state: state_of(INTENTS, get(row, INTENTS, "state")?)?,
        reason: get(row, INTENTS, "reason")?,
        provider_id: get(row, INTENTS, "provider_id")?,
        provider_status: get(row, INTENTS, "provider_status")?,
        link: get(row, INTENTS, "link")?,
        expires_at: expires_at.map(|t| from_micros(INTENTS, t)).transpose()?,
        send_count: u32::try_from(send_count)
            .map_err(|_| StoreError::corrupt(INTENTS, format!("send_count {send_count}")))?,
        lease_owner: get(row, INTENTS, "lease_owner")?,
        lease_until: lease_until.map(|t| from_micros(INTENTS, t)).transpose()?,
        created_by: get(row, INTENTS, "created_by")?,
        created_at: from_micros(INTENTS, get(row, INTENTS, "created_at")?)?,
        updated_at: from_micros(INTENTS, get(row, INTENTS, "updated_at")?)?,
    })
}

fn decode_entry(row: &SqliteRow) -> Result<JournalEntry, StoreError> {
    let from: Option<String> = get(row, JOURNAL, "from_state")?;
    let to: Option<String> = get(row, JOURNAL, "to_state")?;
    let http: Option<i64> = get(row, JOURNAL, "http_status")?;
    Ok(JournalEntry {
        id: get(row, JOURNAL, "id")?,
        intent_id: get(row, JOURNAL, "intent_id")?,
        at: from_micros(JOURNAL, get(row, JOURNAL, "at")?)?,
        actor: get(row, JOURNAL, "actor")?,
        event: get(row, JOURNAL, "event")?,
        from_state: from.map(|s| state_of(JOURNAL, s)).transpose()?,
        to_state: to.map(|s| state_of(JOURNAL, s)).transpose()?,
        sent: get(row, JOURNAL, "sent")?,
        answer: get(row, JOURNAL, "answer")?,
        http_status: http.and_then(|s| u16::try_from(s).ok()),
        note: get(row, JOURNAL, "note")?,
    })
}

async fn insert_entry(
    conn: &mut sqlx::SqliteConnection,
    intent_id: &str,
    states: (Option<PayoutState>, Option<PayoutState>),
    entry: &NewJournalEntry,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO payout_journal (intent_id, at, actor, event, from_state, to_state, sent, \
         answer, http_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(intent_id)
    .bind(to_micros(Utc::now()))
    .bind(&entry.actor)
    .bind(&entry.event)
    .bind(states.0.map(PayoutState::as_str))
    .bind(states.1.map(PayoutState::as_str))
    .bind(&entry.sent)
    .bind(&entry.answer)
    .bind(entry.http_status.map(i64::from))
    .bind(&entry.note)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Writes a new intent and its `created` journal line in one transaction. A reference
    /// already used on the account (ignoring case) is refused with
    /// [`StoreError::InvalidInput`].
    pub async fn insert_payout_intent(
        &self,
        intent: &NewPayoutIntent,
    ) -> Result<PayoutIntent, StoreError> {
        let mut tx = self.writer.begin().await?;
        let now = to_micros(Utc::now());
        let inserted = sqlx::query(
            "INSERT INTO payout_intents (id, account_id, provider, reference, request, summary, \
             currency, amount, state, created_by, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (account_id, reference) DO NOTHING RETURNING *",
        )
        .bind(&intent.id)
        .bind(intent.account.as_str())
        .bind(intent.provider.as_str())
        .bind(&intent.reference)
        .bind(&intent.request)
        .bind(&intent.summary)
        .bind(&intent.currency)
        .bind(&intent.amount)
        .bind(intent.state.as_str())
        .bind(&intent.created_by)
        .bind(now)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = inserted else {
            return Err(StoreError::InvalidInput(format!(
                "the reference {} is already used on account {}",
                intent.reference, intent.account
            )));
        };
        let stored = decode_intent(&row)?;
        let entry = NewJournalEntry {
            actor: intent.created_by.clone(),
            event: "created".into(),
            sent: None,
            answer: None,
            http_status: None,
            note: Some(intent.summary.clone()),
        };
        insert_entry(&mut tx, &intent.id, (None, Some(intent.state)), &entry).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One intent by id.
    pub async fn payout_intent(&self, id: &str) -> Result<Option<PayoutIntent>, StoreError> {
        let row = sqlx::query("SELECT * FROM payout_intents WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.writer)
            .await?;
        row.as_ref().map(decode_intent).transpose()
    }

    /// The intent of `account` the provider knows by `provider_id`, if any (a payout is never
    /// linked to a provider record another payout already owns).
    pub async fn payout_intent_by_provider_id(
        &self,
        account: &AccountId,
        provider_id: &str,
    ) -> Result<Option<PayoutIntent>, StoreError> {
        let row = sqlx::query(
            "SELECT * FROM payout_intents WHERE account_id = ? AND provider_id = ? LIMIT 1",
        )
        .bind(account.as_str())
        .bind(provider_id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(decode_intent).transpose()
    }

    /// Moves an intent to `to` only if it is now in one of `from` (or, with `steal_before`,
    /// in `sending` with a lease that ended before that time), applying `update` and appending
    /// `entry`, all in one transaction. `Ok(None)`: the intent was not in such a state and
    /// nothing changed. This is what keeps a payout to one in-flight send across windows and
    /// processes. With `owner`, the intent must also be held by that lease owner (a sender
    /// whose lease was taken over by a reconciler may no longer write its outcome).
    #[allow(clippy::too_many_arguments)]
    pub async fn transition_payout(
        &self,
        id: &str,
        from: &[PayoutState],
        steal_before: Option<DateTime<Utc>>,
        owner: Option<&str>,
        to: PayoutState,
        update: &IntentUpdate,
        entry: &NewJournalEntry,
    ) -> Result<Option<PayoutIntent>, StoreError> {
        // The UPDATE comes first so the transaction takes SQLite's write lock at once (waiting
        // for another process's writer) instead of upgrading a read snapshot, which fails.
        let mut tx = self.writer.begin().await?;
        let placeholders = vec!["?"; from.len().max(1)].join(", ");
        let sql = format!(
            "UPDATE payout_intents SET previous_state = state, state = ?, updated_at = ?, \
             reason = CASE WHEN ? THEN ? ELSE reason END, \
             provider_id = COALESCE(?, provider_id), \
             provider_status = COALESCE(?, provider_status), \
             link = COALESCE(?, link), \
             expires_at = COALESCE(?, expires_at), \
             lease_owner = ?, lease_until = ?, \
             send_count = send_count + ? \
             WHERE id = ? AND (? IS NULL OR lease_owner = ?) AND (state IN ({placeholders}) \
               OR (? IS NOT NULL AND state = 'sending' AND lease_until < ?)) \
             RETURNING *"
        );
        let (lease_owner, lease_until) = match (&update.lease, to) {
            (Some((owner, until)), PayoutState::Sending) => {
                (Some(owner.clone()), Some(to_micros(*until)))
            }
            _ => (None, None),
        };
        let mut query = sqlx::query(&sql)
            .bind(to.as_str())
            .bind(to_micros(Utc::now()))
            .bind(update.reason.is_some())
            .bind(update.reason.clone().flatten())
            .bind(&update.provider_id)
            .bind(&update.provider_status)
            .bind(&update.link)
            .bind(update.expires_at.map(to_micros))
            .bind(lease_owner)
            .bind(lease_until)
            .bind(i64::from(update.counts_a_send))
            .bind(id)
            .bind(owner)
            .bind(owner);
        if from.is_empty() {
            query = query.bind("");
        }
        for state in from {
            query = query.bind(state.as_str());
        }
        let steal = steal_before.map(to_micros);
        let row = query
            .bind(steal)
            .bind(steal)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let after = decode_intent(&row)?;
        let previous: Option<String> = get(&row, INTENTS, "previous_state")?;
        let previous = previous.map(|s| state_of(INTENTS, s)).transpose()?;
        insert_entry(&mut tx, id, (previous, Some(to)), entry).await?;
        tx.commit().await?;
        Ok(Some(after))
    }

    /// Appends a journal line that changes no state (an attempt's answer, a lookup, a poll).
    pub async fn append_payout_journal(
        &self,
        intent_id: &str,
        entry: &NewJournalEntry,
    ) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await?;
        insert_entry(&mut conn, intent_id, (None, None), entry).await
    }

    /// An intent's journal, oldest first.
    pub async fn payout_journal(&self, intent_id: &str) -> Result<Vec<JournalEntry>, StoreError> {
        let rows = sqlx::query("SELECT * FROM payout_journal WHERE intent_id = ? ORDER BY id")
            .bind(intent_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(decode_entry).collect()
    }

    /// Every intent in one of `states` (all accounts), oldest first.
    pub async fn payout_intents_in(
        &self,
        states: &[PayoutState],
    ) -> Result<Vec<PayoutIntent>, StoreError> {
        if states.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = vec!["?"; states.len()].join(", ");
        let sql = format!(
            "SELECT * FROM payout_intents WHERE state IN ({placeholders}) ORDER BY created_at, id"
        );
        let mut query = sqlx::query(&sql);
        for state in states {
            query = query.bind(state.as_str());
        }
        let rows = query.fetch_all(&self.writer).await?;
        rows.iter().map(decode_intent).collect()
    }

    /// Intents newest first, at most `limit`, created before `before` when given (keyset on
    /// creation time then id). `forms` keeps only the requests of those forms (the `form` tag
    /// of the stored request: `hexai_payout`, `cash_web_deposit`...); empty keeps every form.
    pub async fn list_payout_intents(
        &self,
        before: Option<(DateTime<Utc>, String)>,
        limit: u32,
        forms: &[&str],
    ) -> Result<Vec<PayoutIntent>, StoreError> {
        let (at, id) = before
            .map(|(at, id)| (to_micros(at), id))
            .unwrap_or((i64::MAX, String::new()));
        let only_forms = if forms.is_empty() {
            String::new()
        } else {
            format!(
                " AND json_extract(request, '$.form') IN ({})",
                vec!["?"; forms.len()].join(", ")
            )
        };
        let sql = format!(
            "SELECT * FROM payout_intents WHERE (created_at < ? OR (created_at = ? AND id < ?)){only_forms} \
             ORDER BY created_at DESC, id DESC LIMIT ?"
        );
        let mut query = sqlx::query(&sql).bind(at).bind(at).bind(id);
        for form in forms {
            query = query.bind(*form);
        }
        let rows = query.bind(i64::from(limit)).fetch_all(&self.reader).await?;
        rows.iter().map(decode_intent).collect()
    }

    /// How many intents of `account` still need reconciling at `now`: `unknown` ones, and
    /// `sending` ones whose lease has ended (their sender died).
    pub async fn payouts_awaiting_reconciliation(
        &self,
        account: &AccountId,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payout_intents WHERE account_id = ? AND (state = 'unknown' \
             OR (state = 'sending' AND lease_until < ?))",
        )
        .bind(account.as_str())
        .bind(to_micros(now))
        .fetch_one(&self.writer)
        .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
