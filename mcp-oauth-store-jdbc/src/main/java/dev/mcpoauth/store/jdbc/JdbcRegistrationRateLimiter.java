package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientRegistryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link RegistrationRateLimiter} in one table of the database the clients live in, shared by
 * every process that uses the database: MySQL 8, MariaDB 10.6+, PostgreSQL 13+ or H2 2.x.
 *
 * <p>One row per caller key holds the token bucket's theoretical arrival time in epoch
 * microseconds (the GCRA, as {@link dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter}
 * describes it). Each attempt is <em>one</em> statement, an upsert whose update takes the
 * permit only when the bucket has one, so concurrent attempts on any number of nodes are
 * serialised by the row lock and never overspend:
 * <ul>
 *   <li>PostgreSQL: {@code INSERT … ON CONFLICT DO UPDATE … RETURNING};</li>
 *   <li>H2: {@code SELECT … FROM FINAL TABLE (MERGE INTO … USING …)};</li>
 *   <li>MySQL/MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE} that hands the outcome back
 *       through {@code LAST_INSERT_ID(expr)}, which the server returns with the update count
 *       and JDBC exposes as the generated key (no second round trip).</li>
 * </ul>
 * The time is the injected clock's, bound as a parameter, never the database's.
 *
 * <p>A row whose arrival time has passed is a full bucket and means the same as no row;
 * {@link #deleteExpired()} removes them (the server calls it on its reaping schedule). The
 * table is created by {@link #createSchemaIfMissing()} or from {@link #schemaScript()}.
 * Every database failure throws {@link RateLimiterUnavailableException}. Thread-safe; the
 * data source must hand out connections in autocommit mode, the JDBC default.
 */
public final class JdbcRegistrationRateLimiter implements RegistrationRateLimiter {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "mcp_oauth_rate_limit";
    private static final int DUPLICATE_ATTEMPTS = 3;

    private final javax.sql.DataSource dataSource;
    private final RateLimit limit;
    private final Clock clock;
    private final String table;
    private final int statementTimeoutSeconds;
    private volatile JdbcDialect dialect;

    private JdbcRegistrationRateLimiter(Builder b) {
        this.dataSource = b.dataSource;
        this.limit = b.limit;
        this.clock = b.clock;
        this.table = b.tableName;
        this.statementTimeoutSeconds = (int) Math.max(1, (b.statementTimeout.toMillis() + 999) / 1000);
        this.dialect = b.dialect;
    }

    /**
     * Starts a limiter enforcing {@code limit} over {@code dataSource}. Defaults: dialect detected
     * on first use, table {@value #DEFAULT_TABLE_NAME}, statement timeout 5 seconds, system clock.
     */
    public static Builder builder(javax.sql.DataSource dataSource, RateLimit limit) {
        return new Builder(dataSource, limit);
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public RateLimitDecision tryAcquire(String key) {
        RegistrationRateLimiter.requireValidKey(key);
        JdbcDialect dialect = dialect();
        long now = RateLimit.epochMicros(clock.instant());
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return switch (dialect) {
                    case MYSQL, MARIADB -> acquireMySql(connection, key, now);
                    case POSTGRESQL, H2 -> acquireReturning(connection, dialect, key, now);
                };
            } catch (SQLException e) {
                // two first attempts on a new key may both insert; the loser's retry finds the row
                if (attempt < DUPLICATE_ATTEMPTS && SqlFailures.isDuplicateKey(e)) {
                    continue;
                }
                throw unavailable("tryAcquire", e);
            }
        }
    }

    private RateLimitDecision acquireMySql(Connection connection, String key, long now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(RateLimitSql.mySql(table),
                Statement.RETURN_GENERATED_KEYS)) {
            upsert.setQueryTimeout(statementTimeoutSeconds);
            bind(upsert, key, now, limit.intervalMicros(), now, now, limit.toleranceMicros(), now,
                    limit.intervalMicros());
            upsert.executeUpdate();
            try (ResultSet keys = upsert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the rate limit upsert returned no LAST_INSERT_ID outcome");
                }
                long outcome = keys.getLong(1);
                return RateLimitDecision.fromArrivalTime(limit, now, outcome >>> 1, (outcome & 1) == 1);
            }
        }
    }

    private RateLimitDecision acquireReturning(Connection connection, JdbcDialect dialect, String key, long now)
            throws SQLException {
        String sql = dialect == JdbcDialect.H2 ? RateLimitSql.h2(table) : RateLimitSql.postgreSql(table);
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setQueryTimeout(statementTimeoutSeconds);
            long interval = limit.intervalMicros();
            long tolerance = limit.toleranceMicros();
            if (dialect == JdbcDialect.H2) {
                bind(upsert, key, now, tolerance, interval, tolerance, interval);
            } else {
                bind(upsert, key, now, interval, now, now, tolerance, now, interval, now, now, tolerance);
            }
            try (ResultSet row = upsert.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the rate limit upsert returned no row");
                }
                return RateLimitDecision.fromArrivalTime(limit, now, row.getLong(1), row.getBoolean(2));
            }
        }
    }

    private static void bind(PreparedStatement statement, String key, long... values) throws SQLException {
        statement.setString(1, key);
        for (int i = 0; i < values.length; i++) {
            statement.setLong(i + 2, values[i]);
        }
    }

    /**
     * Deletes the rows of buckets that are full again by the injected clock (they mean the same
     * as no row). One statement.
     *
     * @return how many rows were deleted
     * @throws RateLimiterUnavailableException when the database fails
     */
    public int deleteExpired() {
        long now = RateLimit.epochMicros(clock.instant());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE tat_us <= ?")) {
            delete.setQueryTimeout(statementTimeoutSeconds);
            delete.setLong(1, now);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("deleteExpired", e);
        }
    }

    /**
     * Creates the table and its index when they do not exist; safe on every start, from every
     * node, also at the same time.
     *
     * @throws ClientRegistryException when the DDL fails or the database cannot be reached
     */
    public void createSchemaIfMissing() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(statementTimeoutSeconds);
            for (String sql : SchemaScript.statementsOf(schemaScript())) {
                JdbcClientRegistry.executeDdl(statement, sql);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate("creating the rate limit table", e);
        }
    }

    /** The DDL {@link #createSchemaIfMissing()} runs, with the table name filled in. */
    public String schemaScript() {
        return SchemaScript.text("ratelimit-" + dialect().schemaResource(), table);
    }

    /** The table this limiter reads and writes. */
    public String tableName() {
        return table;
    }

    @Override
    public String toString() {
        return "JdbcRegistrationRateLimiter{limit=" + limit + ", table=" + table + ", dialect="
                + (dialect == null ? "not yet detected" : dialect) + "}";
    }

    private JdbcDialect dialect() {
        JdbcDialect current = dialect;
        if (current == null) {
            String product;
            try (Connection connection = dataSource.getConnection()) {
                product = connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw unavailable("detecting the database dialect", e);
            }
            current = JdbcDialect.fromProductName(product).orElseThrow(() -> new IllegalStateException(
                    "unsupported database '" + product + "': the JDBC store supports MySQL, MariaDB, PostgreSQL and H2"));
            dialect = current;
        }
        return current;
    }

    private static RateLimiterUnavailableException unavailable(String action, SQLException e) {
        ClientRegistryException translated = SqlFailures.translate(action, e);
        return new RateLimiterUnavailableException("rate limiter " + translated.getMessage(), e);
    }

    /** Configures a {@link JdbcRegistrationRateLimiter}. */
    public static final class Builder {
        private final javax.sql.DataSource dataSource;
        private final RateLimit limit;
        private JdbcDialect dialect;
        private String tableName = DEFAULT_TABLE_NAME;
        private Duration statementTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder(javax.sql.DataSource dataSource, RateLimit limit) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.limit = Objects.requireNonNull(limit, "limit");
        }

        /** The database dialect; when not set, it is read from the database's metadata on first use. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The table name, default {@value #DEFAULT_TABLE_NAME}: a plain identifier, as
         * {@link JdbcClientRegistry.Builder#tableName(String)} describes.
         */
        public Builder tableName(String tableName) {
            this.tableName = new ClientTable(Objects.requireNonNull(tableName, "tableName")).name();
            return this;
        }

        /** The query timeout of every statement, default 5 seconds, rounded up to whole seconds. */
        public Builder statementTimeout(Duration statementTimeout) {
            Objects.requireNonNull(statementTimeout, "statementTimeout");
            if (statementTimeout.isNegative() || statementTimeout.isZero()) {
                throw new IllegalArgumentException("statementTimeout must be positive: " + statementTimeout);
            }
            this.statementTimeout = statementTimeout;
            return this;
        }

        /** Where the limiter reads time; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JdbcRegistrationRateLimiter build() {
            return new JdbcRegistrationRateLimiter(this);
        }
    }
}
