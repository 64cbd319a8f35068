-- Paydesk's local cache, first schema.
--
-- Conventions (every table):
--   * Times are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC). They sort as numbers,
--     compare exactly and convert without parsing. A "day" is floor(time / 86400000000), the
--     UTC calendar day counted from 1970-01-01.
--   * Money is INTEGER minor units plus `currency` (code) and `scale` (decimal places), so SUM is
--     exact and never goes through a float.
--   * Enumerations are stored by their stable domain names (`succeeded`, `in`, `hexai`, ...).
--   * No secret is ever stored here: credentials live in the OS keyring.
-- A payout journal is added by a later migration; nothing here depends on it.

-- The merchant's accounts at the providers. Labels and endpoints only, never credentials.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY NOT NULL,
    provider    TEXT NOT NULL,
    label       TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('sandbox', 'live')),
    base_url    TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Every transaction in Paydesk's unified form; one row per (account, provider id).
CREATE TABLE transactions (
    id                  INTEGER PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider            TEXT NOT NULL,
    provider_id         TEXT NOT NULL,
    merchant_reference  TEXT,
    direction           TEXT NOT NULL,
    kind                TEXT NOT NULL,
    status              TEXT NOT NULL,
    provider_status     TEXT NOT NULL,
    currency            TEXT NOT NULL,
    scale               INTEGER NOT NULL,
    amount_minor        INTEGER NOT NULL,
    fee_minor           INTEGER,
    net_minor           INTEGER,
    cp_name             TEXT,
    cp_phone            TEXT,
    cp_bank_account     TEXT,
    cp_card_last4       TEXT,
    description         TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- The provider's record as JSON text, exactly as received.
    raw                 TEXT NOT NULL,
    UNIQUE (account_id, provider_id)
) STRICT;

-- Browsing newest first: keyset on (created_at, id); the other columns let every filter be
-- checked inside the index, so a selective filter never reads table rows it then rejects.
CREATE INDEX transactions_by_time ON transactions (
    created_at, id, account_id, provider, status, direction, kind, currency, amount_minor
);

-- Browsing newest first within one uncommon status (failed, pending, expired...): a filter on a
-- status that is a small share of the rows would otherwise skip most of the time index. Rows
-- arrive roughly in time order, so this index is appended to, not written at random.
CREATE INDEX transactions_by_status_time ON transactions (
    status, created_at, id, account_id, provider, direction, kind, currency, amount_minor
);

-- Browsing by amount: grouped by currency, then amount, keyset on (currency, amount_minor, id)
-- (the rowid closes every index entry). Deliberately narrow: amounts arrive in random order, so
-- every insert lands on a random page, and a covering index here halved ingest speed. Filters
-- on an amount listing are checked on the table row instead.
CREATE INDEX transactions_by_amount ON transactions (currency, amount_minor);

-- Rows with an id above `folded_through` are not yet in the search index nor in the daily
-- totals: the write path folds each batch's new rows in with one set-based statement each at
-- the end of the batch's transaction (much cheaper than a trigger per row). The triggers below
-- keep both exact for rows already folded in (status changes, corrections, deletions).
CREATE TABLE derived_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    folded_through  INTEGER NOT NULL
) STRICT;

INSERT INTO derived_state (id, folded_through) VALUES (1, 0);

-- Full-text search over the fields a merchant types into the search box.
CREATE VIRTUAL TABLE transactions_fts USING fts5 (
    provider_id, merchant_reference, cp_name, cp_phone, cp_bank_account, cp_card_last4,
    description,
    content = 'transactions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER transactions_fts_delete AFTER DELETE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state)
BEGIN
    INSERT INTO transactions_fts (transactions_fts, rowid, provider_id, merchant_reference,
                                  cp_name, cp_phone, cp_bank_account, cp_card_last4, description)
    VALUES ('delete', old.id, old.provider_id, old.merchant_reference, old.cp_name, old.cp_phone,
            old.cp_bank_account, old.cp_card_last4, old.description);
END;

CREATE TRIGGER transactions_fts_update AFTER UPDATE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND (old.provider_id IS NOT new.provider_id
  OR old.merchant_reference IS NOT new.merchant_reference
  OR old.cp_name IS NOT new.cp_name
  OR old.cp_phone IS NOT new.cp_phone
  OR old.cp_bank_account IS NOT new.cp_bank_account
  OR old.cp_card_last4 IS NOT new.cp_card_last4
  OR old.description IS NOT new.description)
BEGIN
    INSERT INTO transactions_fts (transactions_fts, rowid, provider_id, merchant_reference,
                                  cp_name, cp_phone, cp_bank_account, cp_card_last4, description)
    VALUES ('delete', old.id, old.provider_id, old.merchant_reference, old.cp_name, old.cp_phone,
            old.cp_bank_account, old.cp_card_last4, old.description);
    INSERT INTO transactions_fts (rowid, provider_id, merchant_reference, cp_name, cp_phone,
                                  cp_bank_account, cp_card_last4, description)
    VALUES (new.id, new.provider_id, new.merchant_reference, new.cp_name, new.cp_phone,
            new.cp_bank_account, new.cp_card_last4, new.description);
END;

-- Every change of status seen by Paydesk (not the first observation: that is the row itself).
-- `provider_updated_at` is the provider's time of the change; `observed_at` is when this
-- machine stored it (SQLite's clock).
CREATE TABLE transaction_status_history (
    id                    INTEGER PRIMARY KEY,
    transaction_id        INTEGER NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    old_status            TEXT NOT NULL,
    new_status            TEXT NOT NULL,
    old_provider_status   TEXT NOT NULL,
    new_provider_status   TEXT NOT NULL,
    provider_updated_at   INTEGER NOT NULL,
    observed_at           INTEGER NOT NULL
) STRICT;

CREATE INDEX transaction_status_history_by_transaction
    ON transaction_status_history (transaction_id, id);

CREATE TRIGGER transactions_status_history AFTER UPDATE ON transactions
WHEN old.status IS NOT new.status OR old.provider_status IS NOT new.provider_status
BEGIN
    INSERT INTO transaction_status_history (transaction_id, old_status, new_status,
        old_provider_status, new_provider_status, provider_updated_at, observed_at)
    VALUES (new.id, old.status, new.status, old.provider_status, new.provider_status,
            new.updated_at, CAST(unixepoch('subsec') * 1000000 AS INTEGER));
END;

-- Earnings per account, currency and UTC day of creation, kept exact by the write path and the
-- triggers below (see `derived_state`) so chart series never scan the transactions. What counts is documented on
-- the store's aggregates module:
--   in_*   succeeded inbound transactions (count, gross amount, fees, net)
--   out_*  succeeded outbound transactions (count, gross amount, fees)
--   open_count  transactions still pending or processing
CREATE TABLE daily_totals (
    account_id        TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    currency          TEXT NOT NULL,
    scale             INTEGER NOT NULL,
    day               INTEGER NOT NULL,
    in_count          INTEGER NOT NULL,
    in_volume_minor   INTEGER NOT NULL,
    in_fee_minor      INTEGER NOT NULL,
    in_net_minor      INTEGER NOT NULL,
    out_count         INTEGER NOT NULL,
    out_volume_minor  INTEGER NOT NULL,
    out_fee_minor     INTEGER NOT NULL,
    open_count        INTEGER NOT NULL,
    PRIMARY KEY (day, account_id, currency)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER daily_totals_delete AFTER DELETE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND old.status IN ('succeeded', 'pending', 'processing')
BEGIN
    UPDATE daily_totals SET
        in_count = in_count - (old.direction = 'in' AND old.status = 'succeeded'),
        in_volume_minor = in_volume_minor
            - (old.direction = 'in' AND old.status = 'succeeded') * old.amount_minor,
        in_fee_minor = in_fee_minor
            - (old.direction = 'in' AND old.status = 'succeeded') * coalesce(old.fee_minor, 0),
        in_net_minor = in_net_minor - (old.direction = 'in' AND old.status = 'succeeded')
            * coalesce(old.net_minor, old.amount_minor - coalesce(old.fee_minor, 0)),
        out_count = out_count - (old.direction = 'out' AND old.status = 'succeeded'),
        out_volume_minor = out_volume_minor
            - (old.direction = 'out' AND old.status = 'succeeded') * old.amount_minor,
        out_fee_minor = out_fee_minor
            - (old.direction = 'out' AND old.status = 'succeeded') * coalesce(old.fee_minor, 0),
        open_count = open_count - (old.status IN ('pending', 'processing'))
    WHERE account_id = old.account_id AND currency = old.currency
      AND day = (old.created_at - (((old.created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000;
END;

-- An update is the removal of the old figures and the addition of the new ones.
CREATE TRIGGER daily_totals_update_remove AFTER UPDATE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND old.status IN ('succeeded', 'pending', 'processing')
 AND (old.status IS NOT new.status OR old.direction IS NOT new.direction
   OR old.amount_minor IS NOT new.amount_minor OR old.fee_minor IS NOT new.fee_minor
   OR old.net_minor IS NOT new.net_minor OR old.created_at IS NOT new.created_at
   OR old.currency IS NOT new.currency OR old.account_id IS NOT new.account_id)
BEGIN
    UPDATE daily_totals SET
        in_count = in_count - (old.direction = 'in' AND old.status = 'succeeded'),
        in_volume_minor = in_volume_minor
            - (old.direction = 'in' AND old.status = 'succeeded') * old.amount_minor,
        in_fee_minor = in_fee_minor
            - (old.direction = 'in' AND old.status = 'succeeded') * coalesce(old.fee_minor, 0),
        in_net_minor = in_net_minor - (old.direction = 'in' AND old.status = 'succeeded')
            * coalesce(old.net_minor, old.amount_minor - coalesce(old.fee_minor, 0)),
        out_count = out_count - (old.direction = 'out' AND old.status = 'succeeded'),
        out_volume_minor = out_volume_minor
            - (old.direction = 'out' AND old.status = 'succeeded') * old.amount_minor,
        out_fee_minor = out_fee_minor
            - (old.direction = 'out' AND old.status = 'succeeded') * coalesce(old.fee_minor, 0),
        open_count = open_count - (old.status IN ('pending', 'processing'))
    WHERE account_id = old.account_id AND currency = old.currency
      AND day = (old.created_at - (((old.created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000;
END;

CREATE TRIGGER daily_totals_update_add AFTER UPDATE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND new.status IN ('succeeded', 'pending', 'processing')
 AND (old.status IS NOT new.status OR old.direction IS NOT new.direction
   OR old.amount_minor IS NOT new.amount_minor OR old.fee_minor IS NOT new.fee_minor
   OR old.net_minor IS NOT new.net_minor OR old.created_at IS NOT new.created_at
   OR old.currency IS NOT new.currency OR old.account_id IS NOT new.account_id)
BEGIN
    INSERT INTO daily_totals VALUES (
        new.account_id, new.currency, new.scale,
        (new.created_at - (((new.created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000,
        new.direction = 'in' AND new.status = 'succeeded',
        (new.direction = 'in' AND new.status = 'succeeded') * new.amount_minor,
        (new.direction = 'in' AND new.status = 'succeeded') * coalesce(new.fee_minor, 0),
        (new.direction = 'in' AND new.status = 'succeeded')
            * coalesce(new.net_minor, new.amount_minor - coalesce(new.fee_minor, 0)),
        new.direction = 'out' AND new.status = 'succeeded',
        (new.direction = 'out' AND new.status = 'succeeded') * new.amount_minor,
        (new.direction = 'out' AND new.status = 'succeeded') * coalesce(new.fee_minor, 0),
        new.status IN ('pending', 'processing'))
    ON CONFLICT (day, account_id, currency) DO UPDATE SET
        in_count = in_count + excluded.in_count,
        in_volume_minor = in_volume_minor + excluded.in_volume_minor,
        in_fee_minor = in_fee_minor + excluded.in_fee_minor,
        in_net_minor = in_net_minor + excluded.in_net_minor,
        out_count = out_count + excluded.out_count,
        out_volume_minor = out_volume_minor + excluded.out_volume_minor,
        out_fee_minor = out_fee_minor + excluded.out_fee_minor,
        open_count = open_count + excluded.open_count;
END;

-- What each account held, as the provider reported it, over time.
CREATE TABLE balance_snapshots (
    id               INTEGER PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    currency         TEXT NOT NULL,
    scale            INTEGER NOT NULL,
    available_minor  INTEGER NOT NULL,
    pending_minor    INTEGER,
    as_of            INTEGER NOT NULL
) STRICT;

CREATE INDEX balance_snapshots_latest ON balance_snapshots (account_id, currency, as_of, id);

-- Where each account's history sync stands, so an interrupted sync resumes without duplicates.
CREATE TABLE sync_state (
    account_id       TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    cursor           TEXT,
    last_synced_at   INTEGER,
    last_error       TEXT,
    records_done     INTEGER NOT NULL DEFAULT 0,
    estimated_total  INTEGER,
    updated_at       INTEGER NOT NULL
) STRICT;

-- What the merchant did (added an account, sent a payout, exported...), for their own review.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    details  TEXT NOT NULL CHECK (json_valid(details))
) STRICT;

CREATE INDEX audit_log_by_time ON audit_log (at, id);
