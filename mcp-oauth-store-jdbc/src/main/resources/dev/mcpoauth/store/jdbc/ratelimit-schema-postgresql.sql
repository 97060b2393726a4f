-- mcp-oauth registration rate limiter, PostgreSQL 13+.
-- ${table} is replaced by the configured table name (default mcp_oauth_rate_limit).
-- One row per caller key: the token bucket's theoretical arrival time in epoch microseconds,
-- and whether the last attempt took a permit (returned by the same statement).
-- A row whose tat_us is in the past is a full bucket; deleteExpired() removes such rows.
CREATE TABLE IF NOT EXISTS ${table} (
    rate_key VARCHAR(255) NOT NULL,
    tat_us   BIGINT       NOT NULL,
    granted  BOOLEAN      NOT NULL,
    PRIMARY KEY (rate_key)
);
CREATE INDEX IF NOT EXISTS ${table}_tat_idx ON ${table} (tat_us);
