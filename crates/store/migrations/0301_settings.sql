-- The merchant's app settings (default mode at launch, sync interval, staleness, ...), kept in
-- the live database only: one row per setting, the value as text. The desk owns their meaning
-- and defaults; a missing row means "the default".
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
