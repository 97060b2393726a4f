-- mcp-oauth client registry, PostgreSQL 13+.
-- ${table} is replaced by the configured table name (default mcp_oauth_client).
-- Instants are epoch nanoseconds (UTC) in BIGINT columns, so no session or server time zone applies.
CREATE TABLE IF NOT EXISTS ${table} (
    client_id                      VARCHAR(255) NOT NULL,
    client_id_issued_at            BIGINT       NOT NULL,
    client_secret_hash             VARCHAR(512) NULL,
    client_secret_expires_at       BIGINT       NOT NULL,
    registration_access_token_hash VARCHAR(512) NULL,
    redirect_uris                  TEXT         NOT NULL,
    token_endpoint_auth_method     TEXT         NOT NULL,
    grant_types                    TEXT         NOT NULL,
    response_types                 TEXT         NOT NULL,
    application_type               TEXT         NOT NULL,
    client_name                    TEXT         NULL,
    client_uri                     TEXT         NULL,
    logo_uri                       TEXT         NULL,
    scope                          TEXT         NULL,
    contacts                       TEXT         NULL,
    tos_uri                        TEXT         NULL,
    policy_uri                     TEXT         NULL,
    jwks_uri                       TEXT         NULL,
    jwks                           TEXT         NULL,
    software_id                    TEXT         NULL,
    software_version               TEXT         NULL,
    localized_values               TEXT         NOT NULL,
    created_at_ns                  BIGINT       NOT NULL,
    updated_at_ns                  BIGINT       NOT NULL,
    last_used_at_ns                BIGINT       NULL,
    last_activity_at_ns            BIGINT       NOT NULL,
    version                        BIGINT       NOT NULL,
    PRIMARY KEY (client_id)
);
CREATE INDEX IF NOT EXISTS ${table}_last_activity_idx ON ${table} (last_activity_at_ns);
-- listing (admin API, CLI): keyset order by creation or last activity, then id in byte order
CREATE INDEX IF NOT EXISTS ${table}_created_idx ON ${table} (created_at_ns, client_id COLLATE "C");
CREATE INDEX IF NOT EXISTS ${table}_activity_id_idx ON ${table} (last_activity_at_ns, client_id COLLATE "C");
