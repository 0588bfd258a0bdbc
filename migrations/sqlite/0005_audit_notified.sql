-- A living schedule (version 5, SQLite). Keep in step with migrations/postgres.

-- Whether a change was announced to the lists. A write sent with
-- `"notify": false` (a silent fix) is stored and published in the feeds but
-- mails nothing; the public history marks it silent. Rows written before
-- this version were all notified.
ALTER TABLE audit_log ADD COLUMN notified INTEGER NOT NULL DEFAULT 1;
