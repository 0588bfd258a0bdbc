-- One write path (version 3, SQLite). Keep in step with migrations/postgres.

-- A replayed POST returns the first answer whole: status, body, content type,
-- Location and ETag. Keys are kept `server.idempotency_key_hours`.
ALTER TABLE idempotency_keys ADD COLUMN response_type TEXT NOT NULL DEFAULT 'application/json';
ALTER TABLE idempotency_keys ADD COLUMN response_location TEXT;
ALTER TABLE idempotency_keys ADD COLUMN response_etag TEXT;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Sessions an edit dropped (JSON list of {day, start, end}): published as
-- cancelled, with the meeting's UID for that day, so calendars drop them.
ALTER TABLE meetings ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]';

-- What the last `convene import` wrote (the item's `input` then). When the
-- stored input differs from it, the item was changed through the API since,
-- and an import leaves it alone unless told to overwrite.
ALTER TABLE meetings ADD COLUMN imported_input TEXT;
ALTER TABLE deadlines ADD COLUMN imported_input TEXT;
ALTER TABLE groups ADD COLUMN imported_input TEXT;
-- Items written by earlier imports: what the latest import wrote is in its
-- audit row.
UPDATE meetings SET imported_input = (SELECT a.detail FROM audit_log a
  WHERE a.subject_type = 'meeting' AND a.subject_id = meetings.id AND a.action = 'import'
  ORDER BY a.id DESC LIMIT 1);
UPDATE deadlines SET imported_input = (SELECT a.detail FROM audit_log a
  WHERE a.subject_type = 'deadline' AND a.subject_id = deadlines.id AND a.action = 'import'
  ORDER BY a.id DESC LIMIT 1);
UPDATE groups SET imported_input = (SELECT a.detail FROM audit_log a
  WHERE a.subject_type = 'group' AND a.subject_id = groups.slug AND a.action = 'import'
  ORDER BY a.id DESC LIMIT 1);
