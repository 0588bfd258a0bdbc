-- convene schema, version 1 (PostgreSQL). Keep in step with migrations/sqlite.
-- Instants are TIMESTAMPTZ (UTC).
-- `input` holds what the organizer gave (JSON of the core's *Input types:
-- local wall-clock, IANA zone, wording); the other columns are derived from
-- it for queries.

CREATE TABLE groups (
    slug        TEXT PRIMARY KEY,
    parent      TEXT REFERENCES groups (slug),
    position    INTEGER NOT NULL,
    input       TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    zone        TEXT NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    input       TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
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
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (meeting_id, local_date)
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

CREATE TABLE deadlines (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE CASCADE,
    group_slug  TEXT REFERENCES groups (slug),
    closes_at   TIMESTAMPTZ NOT NULL,
    input       TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK ((meeting_id IS NULL) <> (group_slug IS NULL))
);
CREATE INDEX deadlines_by_meeting ON deadlines (meeting_id);
CREATE INDEX deadlines_by_group ON deadlines (group_slug, closes_at);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    admin        BOOLEAN NOT NULL,
    group_slug   TEXT REFERENCES groups (slug),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);

-- Planned mails, written in the same transaction as the change that caused
-- them; the dispatcher claims due rows.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    subject_version BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    due_at          TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    message_id      TEXT NOT NULL UNIQUE,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_subject ON outbox (subject_type, subject_id, status);

-- Who changed what, when.
CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            TIMESTAMPTZ NOT NULL,
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
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_id, key)
);
