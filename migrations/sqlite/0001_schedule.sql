-- convene schema, version 1 (SQLite). Keep in step with migrations/postgres.
-- Instants are UTC, stored as TEXT 'YYYY-MM-DDTHH:MM:SSZ' (sorts as time).
-- `input` holds what the organizer gave (JSON of the core's *Input types:
-- local wall-clock, IANA zone, wording); the other columns are derived from
-- it for queries.

CREATE TABLE groups (
    slug        TEXT PRIMARY KEY,
    parent      TEXT REFERENCES groups (slug),
    position    INTEGER NOT NULL,
    input       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    zone        TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    input       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX meetings_by_span ON meetings (starts_at, ends_at);

-- A joint meeting has one row per group; `position` keeps the given order.
CREATE TABLE meeting_groups (
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    group_slug  TEXT NOT NULL REFERENCES groups (slug),
    position    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, group_slug)
);
CREATE INDEX meeting_groups_by_group ON meeting_groups (group_slug, meeting_id);

-- One row per day of a timed meeting.
CREATE TABLE sessions (
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    local_date  TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    PRIMARY KEY (meeting_id, local_date)
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

CREATE TABLE deadlines (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE CASCADE,
    group_slug  TEXT REFERENCES groups (slug),
    closes_at   TEXT NOT NULL,
    input       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((meeting_id IS NULL) <> (group_slug IS NULL))
);
CREATE INDEX deadlines_by_meeting ON deadlines (meeting_id);
CREATE INDEX deadlines_by_group ON deadlines (group_slug, closes_at);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    admin        INTEGER NOT NULL,
    group_slug   TEXT REFERENCES groups (slug),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

-- Planned mails, written in the same transaction as the change that caused
-- them; the dispatcher claims due rows.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    subject_version INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    message_id      TEXT NOT NULL UNIQUE,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_subject ON outbox (subject_type, subject_id, status);

-- Who changed what, when.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject_type, subject_id, id);

-- Replayed POSTs with the same Idempotency-Key return the first answer.
CREATE TABLE idempotency_keys (
    token_id        TEXT NOT NULL,
    key             TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (token_id, key)
);
