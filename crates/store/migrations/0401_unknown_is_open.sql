-- A record whose status word Paydesk does not know (`unknown`, never final) is open like a
-- pending or processing one: sync re-reads it until the provider gives a word Paydesk knows,
-- and the daily totals count it in `open_count`. The partial index and the three triggers of
-- 0001 and 0101 are rebuilt with `unknown` added, and the folded records already `unknown`
-- are counted once.

DROP INDEX transactions_open_by_account;
CREATE INDEX transactions_open_by_account ON transactions (account_id, provider_id)
    WHERE status IN ('pending', 'processing', 'unknown');

DROP TRIGGER daily_totals_delete;
DROP TRIGGER daily_totals_update_remove;
DROP TRIGGER daily_totals_update_add;

CREATE TRIGGER daily_totals_delete AFTER DELETE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND old.status IN ('succeeded', 'pending', 'processing', 'unknown')
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
        open_count = open_count - (old.status IN ('pending', 'processing', 'unknown'))
    WHERE account_id = old.account_id AND currency = old.currency
      AND day = (old.created_at - (((old.created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000;
END;

CREATE TRIGGER daily_totals_update_remove AFTER UPDATE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND old.status IN ('succeeded', 'pending', 'processing', 'unknown')
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
        open_count = open_count - (old.status IN ('pending', 'processing', 'unknown'))
    WHERE account_id = old.account_id AND currency = old.currency
      AND day = (old.created_at - (((old.created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000;
END;

CREATE TRIGGER daily_totals_update_add AFTER UPDATE ON transactions
WHEN old.id <= (SELECT folded_through FROM derived_state) AND new.status IN ('succeeded', 'pending', 'processing', 'unknown')
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
        new.status IN ('pending', 'processing', 'unknown'))
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

INSERT INTO daily_totals
SELECT account_id, currency, max(scale),
       (created_at - (((created_at % 86400000000) + 86400000000) % 86400000000)) / 86400000000 AS day,
       0, 0, 0, 0, 0, 0, 0, count(*)
FROM transactions
WHERE status = 'unknown' AND id <= (SELECT folded_through FROM derived_state)
GROUP BY day, account_id, currency
ON CONFLICT (day, account_id, currency) DO UPDATE SET
    open_count = open_count + excluded.open_count;
