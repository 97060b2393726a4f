-- mcp-oauth client registry, MySQL 8 / MariaDB 10.6+.
-- ${table} is replaced by the configured table name (default mcp_oauth_client).
-- Instants are epoch nanoseconds (UTC) in BIGINT columns, so no session or server time zone applies.
-- utf8mb4_bin makes client ids compare exactly (case-sensitive), as they are generated.
CREATE TABLE IF NOT EXISTS ${table} (
    client_id                      VARCHAR(255) NOT NULL,
    client_id_issued_at            BIGINT       NOT NULL,
    client_secret_hash             VARCHAR(512) NULL,
    client_secret_expires_at       BIGINT       NOT NULL,
    registration_access_token_hash VARCHAR(512) NULL,
    redirect_uris                  MEDIUMTEXT   NOT NULL,
    token_endpoint_auth_method     TEXT         NOT NULL,
    grant_types                    MEDIUMTEXT   NOT NULL,
    response_types                 MEDIUMTEXT   NOT NULL,
    application_type               TEXT         NOT NULL,
    client_name                    TEXT         NULL,
    client_uri                     TEXT         NULL,
    logo_uri                       TEXT         NULL,
    scope                          TEXT         NULL,
    contacts                       MEDIUMTEXT   NULL,
    tos_uri                        TEXT         NULL,
    policy_uri                     TEXT         NULL,
    jwks_uri                       TEXT         NULL,
    jwks                           MEDIUMTEXT   NULL,
    software_id                    TEXT         NULL,
    software_version               TEXT         NULL,
    localized_values               MEDIUMTEXT   NOT NULL,
    created_at_ns                  BIGINT       NOT NULL,
    updated_at_ns                  BIGINT       NOT NULL,
    last_used_at_ns                BIGINT       NULL,
    last_activity_at_ns            BIGINT       NOT NULL,
    version                        BIGINT       NOT NULL,
    PRIMARY KEY (client_id),
    INDEX ${table}_last_activity_idx (last_activity_at_ns)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- listing (admin API, CLI): keyset order by creation, then id. Added after the first release, so a
-- separate statement: MySQL has no CREATE INDEX IF NOT EXISTS, and createSchemaIfMissing() treats
-- "duplicate key name" (1061) as done; when applying this script by hand, skip it if the index exists.
-- (Last activity needs no second index: InnoDB appends the primary key to last_activity_idx.)
CREATE INDEX ${table}_created_idx ON ${table} (created_at_ns, client_id);
