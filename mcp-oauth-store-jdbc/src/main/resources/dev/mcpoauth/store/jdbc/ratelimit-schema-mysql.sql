-- mcp-oauth registration rate limiter, MySQL 8 / MariaDB 10.6+.
-- ${table} is replaced by the configured table name (default mcp_oauth_rate_limit).
-- One row per caller key: the token bucket's theoretical arrival time in epoch microseconds.
-- A row whose tat_us is in the past is a full bucket; deleteExpired() removes such rows.
CREATE TABLE IF NOT EXISTS ${table} (
    rate_key VARCHAR(255) NOT NULL,
    tat_us   BIGINT       NOT NULL,
    PRIMARY KEY (rate_key),
    INDEX ${table}_tat_idx (tat_us)
) ENGINE = InnoDB DEFAULT CHARSET = ascii COLLATE = ascii_bin;
