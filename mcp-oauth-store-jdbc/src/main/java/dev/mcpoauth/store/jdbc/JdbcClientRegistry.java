package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.DuplicateClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A {@link ClientRegistry} in one table of a relational database: MySQL 8, MariaDB 10.6+,
 * PostgreSQL 13+ or H2 2.x, over any {@link DataSource} (see {@link JdbcDataSources} for a
 * HikariCP pool).
 *
 * <p>{@code client_id} is the table's primary key, so {@link #create} is atomic across every
 * node sharing the database. Instants are stored as epoch nanoseconds, so they round-trip
 * exactly whatever the JVM, session or server time zone. Every statement runs with the
 * configured statement timeout. A database that cannot be reached or does not answer in time
 * raises {@link ClientRegistryUnavailableException}; once it is back, the next call works.
 *
 * <p>The table is not created implicitly: call {@link #createSchemaIfMissing()} at start-up, or
 * apply {@link #schemaScript()} with your migration tool. Each operation is one statement (reaping:
 * two per batch) that the store does not commit itself, so the data source must hand out
 * connections in autocommit mode, the JDBC default. Thread-safe.
 */
public final class JdbcClientRegistry implements ClientRegistry {

    /** How many ids one reaping round deletes; keeps each statement small. */
    private static final int REAP_BATCH = 500;
    private static final int DDL_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final ClientTable table;
    private final int statementTimeoutSeconds;
    private volatile Database database;

    private JdbcClientRegistry(Builder b) {
        this.dataSource = b.dataSource;
        this.table = new ClientTable(b.tableName);
        this.statementTimeoutSeconds = toSeconds(b.statementTimeout);
        if (b.dialect != null) {
            this.database = database(b.dialect);
        }
    }

    /**
     * Starts a registry over {@code dataSource}. Defaults: dialect detected from the database on
     * first use, table {@code mcp_oauth_client}, statement timeout 5 seconds.
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates the table and its index when they do not exist; does nothing when they do. Safe
     * to call on every start, from every node, also at the same time.
     *
     * @throws ClientRegistryUnavailableException if the database cannot be reached
     * @throws ClientRegistryException if the DDL fails (for example, missing privileges)
     */
    public void createSchemaIfMissing() {
        List<String> statements = SchemaScript.statements(dialect(), table);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(statementTimeoutSeconds);
            for (String sql : statements) {
                executeDdl(statement, sql);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate("createSchemaIfMissing", e);
        }
    }

    /**
     * Runs one {@code … IF NOT EXISTS} statement, or one {@code CREATE INDEX} that MySQL cannot
     * guard with {@code IF NOT EXISTS} and that fails when the index exists (then: done). On PostgreSQL and H2 two of them racing for the
     * same name can both pass the existence check, and the loser fails once the winner has
     * created the object; run again, the check then sees it and does nothing.
     */
    static void executeDdl(Statement statement, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (SqlFailures.isExistingIndex(e)) {
                    return;
                }
                if (attempt >= DDL_ATTEMPTS || !SqlFailures.isConcurrentDdl(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * The DDL {@link #createSchemaIfMissing()} runs, with the table name filled in: for a
     * migration tool (Flyway, Liquibase) or a DBA to apply by hand. Reads nothing from the
     * database when the dialect was given to the builder.
     */
    public String schemaScript() {
        return SchemaScript.text(dialect(), table);
    }

    /** The dialect in use: the one configured, or the one detected from the database. */
    public JdbcDialect dialect() {
        return database().dialect();
    }

    /** The table this registry reads and writes. */
    public String tableName() {
        return table.name();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Like {@link #findById}, on the hot path: runs SQL that jOOQ rendered once for the
     * dialect, with the values bound through plain JDBC, so no query is built per call.
     */
    @Override
    public void create(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        Map<Field<?>, Object> row = ClientRows.toRow(client);
        String sql = database().insertSql();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setQueryTimeout(statementTimeoutSeconds);
            ClientRows.bind(insert, row);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (SqlFailures.isDuplicateKey(e)) {
                throw new DuplicateClientException(client.clientId(), e);
            }
            throw SqlFailures.translate("create", e);
        }
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        Database database = database();
        Result<Record> rows;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(database.selectByIdSql())) {
            select.setQueryTimeout(statementTimeoutSeconds);
            select.setString(1, clientId);
            try (ResultSet resultSet = select.executeQuery()) {
                rows = database.context().fetch(resultSet, ClientTable.COLUMNS.toArray(Field<?>[]::new));
            }
        } catch (SQLException | DataAccessException e) {
            throw SqlFailures.translate("findById", e);
        }
        try {
            // MySQL's PAD SPACE collations match "id " to "id": only the exact id counts
            return rows.stream().map(ClientRows::fromRow).filter(client -> client.clientId().equals(clientId)).findFirst();
        } catch (IllegalArgumentException e) {
            throw new ClientRegistryException("client registry holds a client it cannot read: " + clientId, e);
        }
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        Objects.requireNonNull(client, "client");
        var row = ClientRows.toRow(client);
        try {
            return table.replaceIfVersion(db(), row, expectedVersion).execute() == 1;
        } catch (DataAccessException e) {
            throw SqlFailures.translate("replace", e);
        }
    }

    @Override
    public boolean delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        try {
            return table.deleteById(db(), clientId).execute() > 0;
        } catch (DataAccessException e) {
            throw SqlFailures.translate("delete", e);
        }
    }

    @Override
    public void touch(String clientId, Instant when) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(when, "when");
        long whenNs = EpochNanos.of(when);
        try {
            table.touch(db(), clientId, whenNs).execute();
        } catch (DataAccessException e) {
            throw SqlFailures.translate("touch", e);
        }
    }

    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        long cutoffNs = EpochNanos.clamped(cutoff);
        int deleted = 0;
        try {
            while (deleted < limit) {
                int batch = Math.min(REAP_BATCH, limit - deleted);
                List<String> ids = table.selectInactiveIds(db(), cutoffNs, batch).fetch(ClientTable.CLIENT_ID);
                if (ids.isEmpty()) {
                    break;
                }
                deleted += table.deleteInactive(db(), ids, cutoffNs).execute();
                if (ids.size() < batch) {
                    break;
                }
            }
        } catch (DataAccessException e) {
            throw SqlFailures.translate("deleteUnusedSince", e);
        }
        return deleted;
    }

    @Override
    public long count() {
        try {
            Long count = table.count(db()).fetchOne(0, Long.class);
            return count == null ? 0 : count;
        } catch (DataAccessException e) {
            throw SqlFailures.translate("count", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement per page; every page but the last is full.
     */
    @Override
    public ClientPage list(ClientQuery query) {
        Objects.requireNonNull(query, "query");
        List<RegisteredClient> clients;
        try {
            clients = table.list(db(), dialect(), query).fetch().map(ClientRows::fromRow);
        } catch (DataAccessException e) {
            throw SqlFailures.translate("list", e);
        } catch (IllegalArgumentException e) {
            throw new ClientRegistryException("client registry holds a client it cannot read", e);
        }
        if (clients.size() <= query.limit()) {
            return ClientPage.of(query, clients, Optional.empty());
        }
        List<RegisteredClient> shown = clients.subList(0, query.limit());
        return ClientPage.of(query, shown, Optional.of(query.positionOf(shown.get(shown.size() - 1))));
    }

    @Override
    public String toString() {
        return "JdbcClientRegistry{table=" + table.name() + ", dialect="
                + (database == null ? "not yet detected" : database.dialect()) + "}";
    }

    private DSLContext db() {
        return database().context();
    }

    private Database database() {
        Database current = database;
        if (current == null) {
            JdbcDialect detected = detectDialect();
            current = database(detected);
            database = current;
        }
        return current;
    }

    private JdbcDialect detectDialect() {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw SqlFailures.translate("detecting the database dialect", e);
        }
        return JdbcDialect.fromProductName(product).orElseThrow(() -> new IllegalStateException(
                "unsupported database '" + product + "': the JDBC store supports MySQL, MariaDB, PostgreSQL and H2"));
    }

    private Database database(JdbcDialect dialect) {
        DSLContext context = context(dialect);
        return new Database(dialect, context, table.insertSql(context), table.selectByIdSql(context));
    }

    private DSLContext context(JdbcDialect dialect) {
        Settings settings = new Settings()
                .withQueryTimeout(statementTimeoutSeconds)
                // names are validated plain identifiers; unquoted they fold the same way as in the DDL
                .withRenderQuotedNames(RenderQuotedNames.NEVER)
                // jOOQ's execute logging would print bind values, among them credential hashes
                .withExecuteLogging(false)
                .withDiagnosticsLogging(false);
        return DSL.using(dataSource, dialect.sqlDialect(), settings);
    }

    private static int toSeconds(Duration timeout) {
        long millis = timeout.toMillis();
        // JDBC counts the query timeout in whole seconds; round up so a timeout is never zero (= none)
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }

    /** The dialect, its jOOQ context, and the hot paths' SQL rendered once for it. */
    private record Database(JdbcDialect dialect, DSLContext context, String insertSql, String selectByIdSql) {
    }

    /** Configures a {@link JdbcClientRegistry}. */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String tableName = ClientTable.DEFAULT_NAME;
        private Duration statementTimeout = Duration.ofSeconds(5);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The database dialect; when not set, it is read from the database's metadata on first use. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The table name, default {@code mcp_oauth_client}: a plain identifier
         * ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 40 characters), used unquoted.
         *
         * @throws IllegalArgumentException for any other name
         */
        public Builder tableName(String tableName) {
            Objects.requireNonNull(tableName, "tableName");
            new ClientTable(tableName);
            this.tableName = tableName;
            return this;
        }

        /**
         * The query timeout of every statement, default 5 seconds. JDBC counts it in whole
         * seconds, so it is rounded up to at least one second.
         */
        public Builder statementTimeout(Duration statementTimeout) {
            Objects.requireNonNull(statementTimeout, "statementTimeout");
            if (statementTimeout.isNegative() || statementTimeout.isZero()) {
                throw new IllegalArgumentException("statementTimeout must be positive: " + statementTimeout);
            }
            this.statementTimeout = statementTimeout;
            return this;
        }

        /** Builds the registry; touches the database only if no dialect was given, and then lazily. */
        public JdbcClientRegistry build() {
            return new JdbcClientRegistry(this);
        }
    }
}
