-- The status-then-time index serves one use: browsing one status other than `succeeded`
-- (failed, pending, expired...), a small slice of the history (query.rs adds this index's
-- condition to such a listing so the planner may use it). `succeeded` rows, most of the
-- history, are browsed through the time index, so they leave this index: every `succeeded`
-- row written no longer lands in the middle of it, which made it the costliest index of a
-- sync batch.
DROP INDEX transactions_by_status_time;
CREATE INDEX transactions_by_status_time ON transactions (
    status, created_at, id, account_id, provider, direction, kind, currency, amount_minor
) WHERE status <> 'succeeded';
