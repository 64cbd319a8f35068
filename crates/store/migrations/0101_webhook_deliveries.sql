-- Verified webhook deliveries, each recorded once per account and provider event key, so a
-- provider's retries, duplicates and replays change nothing the second time. The body is the
-- provider's payload as received (never a secret: signatures travel in headers, not stored).
CREATE TABLE webhook_deliveries (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider     TEXT NOT NULL,
    dedup_key    TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    body         TEXT NOT NULL,
    -- What applying it did: 'applied' (a row was written or its status moved), 'stale' (the
    -- stored row was as final or newer), 'unknown' (a status hint for a row not stored yet),
    -- 'recorded' (nothing to apply).
    outcome      TEXT NOT NULL,
    UNIQUE (account_id, dedup_key)
) STRICT;

-- Sync re-reads an account's records that are not final yet (CashWeb by id, HG.Cash cash-out
-- status): this finds them without scanning the account's history.
CREATE INDEX transactions_open_by_account ON transactions (account_id, provider_id)
    WHERE status IN ('pending', 'processing');
