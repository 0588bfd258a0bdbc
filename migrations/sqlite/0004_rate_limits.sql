-- Write rate limits shared by all replicas: one token bucket per API token
-- (server.write_rate_per_minute). `tokens` is the writes left, fractional
-- as it refills; `refilled_at_ms` the instant it was last brought up to
-- date, in milliseconds since 1970 (UTC). A token's first write creates its
-- row; rows are never needed again once full, and are small.
CREATE TABLE write_rate_buckets (
    token_id TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    refilled_at_ms INTEGER NOT NULL
);
