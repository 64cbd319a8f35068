-- A payment request (a CashWeb deposit address, an HPAY link) is followed until it is paid,
-- expires, is cancelled or fails; it is not "succeeded" when it is created. Two final states
-- join the journal's intents:
--   expired    nobody paid within the provider's window
--   refunded   paid, then given back by the provider
--
-- SQLite cannot change a CHECK in place, and migrations run in one transaction with foreign
-- keys on, so both tables are rebuilt: the new journal references the new intents table,
-- the old journal then the old intents are dropped (nothing references them any more), and
-- the renames carry the reference over. Ids, journal line ids and every column are copied;
-- the indexes and the append-only triggers are made again.

CREATE TABLE payout_intents_rebuilt (
    id               TEXT PRIMARY KEY NOT NULL,
    account_id       TEXT NOT NULL,
    provider         TEXT NOT NULL,
    reference        TEXT NOT NULL COLLATE NOCASE,
    request          TEXT NOT NULL,
    summary          TEXT NOT NULL,
    currency         TEXT,
    amount           TEXT,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'confirmed', 'sending', 'accepted',
                         'processing', 'succeeded', 'failed', 'cancelled', 'unknown',
                         'expired', 'refunded')),
    previous_state   TEXT,
    reason           TEXT,
    provider_id      TEXT,
    provider_status  TEXT,
    link             TEXT,
    send_count       INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_until      INTEGER,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (account_id, reference)
) STRICT;

INSERT INTO payout_intents_rebuilt (id, account_id, provider, reference, request, summary,
    currency, amount, state, previous_state, reason, provider_id, provider_status, link,
    send_count, lease_owner, lease_until, created_by, created_at, updated_at)
SELECT id, account_id, provider, reference, request, summary, currency, amount, state,
    previous_state, reason, provider_id, provider_status, link, send_count, lease_owner,
    lease_until, created_by, created_at, updated_at
FROM payout_intents;

CREATE TABLE payout_journal_rebuilt (
    id           INTEGER PRIMARY KEY,
    intent_id    TEXT NOT NULL REFERENCES payout_intents_rebuilt (id),
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    event        TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT,
    sent         TEXT,
    answer       TEXT,
    http_status  INTEGER,
    note         TEXT
) STRICT;

INSERT INTO payout_journal_rebuilt (id, intent_id, at, actor, event, from_state, to_state,
    sent, answer, http_status, note)
SELECT id, intent_id, at, actor, event, from_state, to_state, sent, answer, http_status, note
FROM payout_journal;

DROP TABLE payout_journal;
DROP TABLE payout_intents;
ALTER TABLE payout_intents_rebuilt RENAME TO payout_intents;
ALTER TABLE payout_journal_rebuilt RENAME TO payout_journal;

CREATE INDEX payout_intents_by_state ON payout_intents (state, account_id);
CREATE INDEX payout_intents_by_time ON payout_intents (created_at, id);
CREATE INDEX payout_journal_by_intent ON payout_journal (intent_id, id);

CREATE TRIGGER payout_journal_no_update BEFORE UPDATE ON payout_journal
BEGIN
    SELECT RAISE(ABORT, 'the payout journal is append-only');
END;

CREATE TRIGGER payout_journal_no_delete BEFORE DELETE ON payout_journal
BEGIN
    SELECT RAISE(ABORT, 'the payout journal is append-only');
END;

-- Requests an earlier Paydesk marked succeeded when they were only created go back to
-- accepted (awaiting payment), so that they are read again and end as the provider says; the
-- journal says why.
INSERT INTO payout_journal (intent_id, at, actor, event, from_state, to_state, note)
SELECT id, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER), 'paydesk', 'state',
    'succeeded', 'accepted',
    'created is not paid: awaiting payment until the provider says it was paid'
FROM payout_intents
WHERE state = 'succeeded'
    AND json_extract(request, '$.form') IN ('cash_web_deposit', 'hpay_payment_link');

UPDATE payout_intents SET state = 'accepted', previous_state = 'succeeded'
WHERE state = 'succeeded'
    AND json_extract(request, '$.form') IN ('cash_web_deposit', 'hpay_payment_link');
