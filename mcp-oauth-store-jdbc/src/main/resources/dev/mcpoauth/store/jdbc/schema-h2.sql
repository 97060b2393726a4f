-- mcp-oauth client registry, H2 2.x. Unquoted names: H2 stores them upper-case, and the store queries them unquoted.
-- ${table} is replaced by the configured table name (default mcp_oauth_client).
-- Instants are epoch nanoseconds (UTC) in BIGINT columns, so no session or server time zone applies.
CREATE TABLE IF NOT EXISTS ${table} (
    client_id                      VARCHAR(255) NOT NULL,
    client_id_issued_at            BIGINT       NOT NULL,
    client_secret_hash             VARCHAR(512) NULL,
    client_secret_expires_at       BIGINT       NOT NULL,
    registration_access_token_hash VARCHAR(512) NULL,
    redirect_uris                  VARCHAR      NOT NULL,
    token_endpoint_auth_method     VARCHAR      NOT NULL,
    grant_types                    VARCHAR      NOT NULL,
    response_types                 VARCHAR      NOT NULL,
    application_type               VARCHAR      NOT NULL,
    client_name                    VARCHAR      NULL,
    client_uri                     VARCHAR      NULL,
    logo_uri                       VARCHAR      NULL,
    scope                          VARCHAR      NULL,
    contacts                       VARCHAR      NULL,
    tos_uri                        VARCHAR      NULL,
    policy_uri                     VARCHAR      NULL,
    jwks_uri                       VARCHAR      NULL,
    jwks                           VARCHAR      NULL,
    software_id                    VARCHAR      NULL,
    software_version               VARCHAR      NULL,
    localized_values               VARCHAR      NOT NULL,
    created_at_ns                  BIGINT       NOT NULL,
    updated_at_ns                  BIGINT       NOT NULL,
    last_used_at_ns                BIGINT       NULL,
    last_activity_at_ns            BIGINT       NOT NULL,
    version                        BIGINT       NOT NULL,
    PRIMARY KEY (client_id)
);
CREATE INDEX IF NOT EXISTS ${table}_last_activity_idx ON ${table} (last_activity_at_ns);
-- listing (admin API, CLI): keyset order by creation or last activity, then id
CREATE INDEX IF NOT EXISTS ${table}_created_idx ON ${table} (created_at_ns, client_id);
CREATE INDEX IF NOT EXISTS ${table}_activity_id_idx ON ${table} (last_activity_at_ns, client_id);
