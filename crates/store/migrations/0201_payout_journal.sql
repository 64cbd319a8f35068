-- The payout journal: every payout, cash-out, deposit request or payment link the merchant asks
-- for is an intent, written (with its idempotency key / merchant reference) BEFORE anything is
-- sent, and every step after that is appended to its journal. Conventions as in 0001.
--
-- States (the engine's `payouts` module owns the rules between them):
--   draft       validated, not yet confirmed by the merchant
--   confirmed   confirmed; may be sent
--   sending     one process holds the send (until `lease_until`); nobody else may send it
--   accepted    the provider took it; not final yet
--   processing  the provider is working on it
--   succeeded / failed / cancelled   final
--   unknown     the outcome is not known; `reason` says why; reconciled by reference lookup
CREATE TABLE payout_intents (
    id               TEXT PRIMARY KEY NOT NULL,
    account_id       TEXT NOT NULL,
    provider         TEXT NOT NULL,
    -- The idempotency key / merchant reference sent to the provider. Unique per account
    -- ignoring case (CashWeb compares merchant references case-insensitively).
    reference        TEXT NOT NULL COLLATE NOCASE,
    -- The validated request as JSON (domain `PayoutRequest`); never holds a credential.
    request          TEXT NOT NULL,
    -- A one-line description for lists ("Wave payout of 10.00 GMD to +2201234567").
    summary          TEXT NOT NULL,
    currency         TEXT,
    amount           TEXT,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'confirmed', 'sending', 'accepted',
                         'processing', 'succeeded', 'failed', 'cancelled', 'unknown')),
    -- The state before the last change (read back by the change's journal line).
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

CREATE INDEX payout_intents_by_state ON payout_intents (state, account_id);
CREATE INDEX payout_intents_by_time ON payout_intents (created_at, id);

-- Append-only: who did what to an intent, when, what was sent (never secrets) and what the
-- provider answered.
CREATE TABLE payout_journal (
    id           INTEGER PRIMARY KEY,
    intent_id    TEXT NOT NULL REFERENCES payout_intents (id),
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

CREATE INDEX payout_journal_by_intent ON payout_journal (intent_id, id);

CREATE TRIGGER payout_journal_no_update BEFORE UPDATE ON payout_journal
BEGIN
    SELECT RAISE(ABORT, 'the payout journal is append-only');
END;

CREATE TRIGGER payout_journal_no_delete BEFORE DELETE ON payout_journal
BEGIN
    SELECT RAISE(ABORT, 'the payout journal is append-only');
END;
