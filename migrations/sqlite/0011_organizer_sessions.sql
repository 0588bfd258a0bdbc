-- Organizer pages' sessions (issue 18): signing in at /organize with an API
-- token makes a session. Only the SHA-256 of the random session id (the
-- cookie's value) is kept, with the token it acts for and when it ends; the
-- form's CSRF value is derived from the session id, so it is not stored
-- either. The token is checked on every request: a revoked token ends its
-- sessions. Signing out deletes the row; expired rows are deleted when a
-- new session is made.
CREATE TABLE organizer_sessions (
    id_hash    TEXT PRIMARY KEY,
    token_id   TEXT NOT NULL REFERENCES api_tokens (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX organizer_sessions_expires ON organizer_sessions (expires_at);
