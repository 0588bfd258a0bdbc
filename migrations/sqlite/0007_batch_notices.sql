-- Changes that mail once (version 7, SQLite). Keep in step with migrations/postgres.

-- One mailing list's notice of a batch of changes (`POST /api/v1/changes`):
-- the outbox row (subject_type 'batch', kind 'digest') names it, and the
-- dispatcher writes the mail from these entries (JSON list of {change,
-- type, id, version}) and the items as stored when it sends.
CREATE TABLE batch_notices (
    id         TEXT PRIMARY KEY,
    entries    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
