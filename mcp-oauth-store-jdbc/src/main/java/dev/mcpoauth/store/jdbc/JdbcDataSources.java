package dev.mcpoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.util.DriverDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a HikariCP connection pool for a {@link JdbcClientRegistry}, with timeouts short
 * enough that an unreachable database fails a call within seconds instead of hanging it.
 *
 * <p>Besides the pool's own timeouts, the builder sets the driver's connect and socket
 * timeouts for MySQL/MariaDB ({@code connectTimeout}, {@code socketTimeout}, milliseconds) and
 * PostgreSQL ({@code connectTimeout}, {@code socketTimeout}, seconds), unless the URL already
 * names them. H2 has no socket timeout; its statements are bounded by the query timeout.
 *
 * <p>For MySQL/MariaDB it also turns on the driver's prepared-statement cache and server-side
 * prepared statements ({@code cachePrepStmts}, {@code prepStmtCacheSize=250},
 * {@code prepStmtCacheSqlLimit=2048}, {@code useServerPrepStmts}), as HikariCP advises for that
 * driver, again unless the URL names them: without them {@code mysql-connector-j} parses the
 * statement text again on every call and the server parses it on every execution. PostgreSQL's
 * driver caches and server-prepares repeated statements by default.
 * While the database is unreachable the pool tries to connect again every 250 ms (HikariCP alone
 * backs off to 5 seconds between attempts), so the first call after an outage finds it back.
 * Building the pool opens no connection: a database that is down surfaces on first use as
 * {@link dev.mcpoauth.core.registry.ClientRegistryUnavailableException}. The driver jar must be on
 * the class path; this module does not bring one.
 */
public final class JdbcDataSources {

    /** How often the pool tries to reach a database that does not answer. */
    static final Duration RECONNECT_INTERVAL = Duration.ofMillis(250);

    private JdbcDataSources() {
    }

    /** Starts a pool for {@code jdbcUrl}, e.g. {@code jdbc:postgresql://db:5432/oauth}. */
    public static PoolBuilder pool(String jdbcUrl) {
        return new PoolBuilder(jdbcUrl);
    }

    /** Configures a {@link HikariDataSource}; close the pool when done with it. */
    public static final class PoolBuilder {
        /** The most connections a pool may be given: more would exhaust a database's connection limit. */
        public static final int MAX_POOL_SIZE = 1000;

        private final String jdbcUrl;
        private String user;
        private String password;
        private int maximumPoolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(10);
        private String poolName = "mcp-oauth";

        private PoolBuilder(String jdbcUrl) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("not a JDBC URL (must start with jdbc:)");
            }
        }

        public PoolBuilder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The database password; never logged, never part of an exception message. */
        public PoolBuilder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Most connections the pool opens, from 1 to {@value #MAX_POOL_SIZE}; default 10.
         *
         * @throws IllegalArgumentException outside that range
         */
        public PoolBuilder maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1 || maximumPoolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("maximumPoolSize must be from 1 to " + MAX_POOL_SIZE + ": "
                        + maximumPoolSize);
            }
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /**
         * How long a call waits for a connection (from the pool, or a new one to the database),
         * default 2 seconds, at least 250 ms. Past it the call fails as unavailable.
         */
        public PoolBuilder connectionTimeout(Duration connectionTimeout) {
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms: " + connectionTimeout);
            }
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /**
         * How long the driver waits on a silent socket, default 10 seconds. Keep it above the
         * registry's statement timeout, so that slow statements are cancelled by the timeout and
         * only dead connections hit this one.
         */
        public PoolBuilder socketTimeout(Duration socketTimeout) {
            Objects.requireNonNull(socketTimeout, "socketTimeout");
            if (socketTimeout.isNegative() || socketTimeout.isZero()) {
                throw new IllegalArgumentException("socketTimeout must be positive: " + socketTimeout);
            }
            this.socketTimeout = socketTimeout;
            return this;
        }

        /** The pool's name in HikariCP's logs and metrics, default {@code mcp-oauth}. */
        public PoolBuilder poolName(String poolName) {
            this.poolName = Objects.requireNonNull(poolName, "poolName");
            return this;
        }

        public HikariDataSource build() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setPoolName(poolName);
            config.setMaximumPoolSize(maximumPoolSize);
            config.setMinimumIdle(Math.min(2, maximumPoolSize));
            config.setConnectionTimeout(connectionTimeout.toMillis());
            config.setValidationTimeout(Math.max(250, connectionTimeout.toMillis() / 2));
            // open no connection now: a database that is down shows on first use, mapped to the port's exception
            config.setInitializationFailTimeout(-1);
            config.setExceptionOverride(new EvictBrokenConnections());
            driverProperties(config);
            // the pool's connections come through a source that retries every RECONNECT_INTERVAL during an
            // outage, so the pool's own growing back-off never makes the first caller after it wait in vain
            AtomicReference<HikariDataSource> pool = new AtomicReference<>();
            config.setDataSource(new ReconnectingDataSource(
                    new DriverDataSource(jdbcUrl, null, config.getDataSourceProperties(), null, null),
                    RECONNECT_INTERVAL, () -> pool.get() != null && pool.get().isClosed(), poolName));
            pool.set(new HikariDataSource(config));
            return pool.get();
        }

        private void driverProperties(HikariConfig config) {
            String url = jdbcUrl.toLowerCase(Locale.ROOT);
            Optional<JdbcDialect> dialect = JdbcDialect.fromJdbcUrl(jdbcUrl);
            if (dialect.isEmpty()) {
                return;
            }
            switch (dialect.get()) {
                case MYSQL, MARIADB -> {
                    putUnlessInUrl(config, url, "connectTimeout", Long.toString(connectionTimeout.toMillis()));
                    putUnlessInUrl(config, url, "socketTimeout", Long.toString(socketTimeout.toMillis()));
                    // the store's insert is about 600 characters: above the driver's default SQL limit of 256
                    putUnlessInUrl(config, url, "cachePrepStmts", "true");
                    putUnlessInUrl(config, url, "prepStmtCacheSize", "250");
                    putUnlessInUrl(config, url, "prepStmtCacheSqlLimit", "2048");
                    putUnlessInUrl(config, url, "useServerPrepStmts", "true");
                }
                case POSTGRESQL -> {
                    putUnlessInUrl(config, url, "connectTimeout", Long.toString(ceilSeconds(connectionTimeout)));
                    putUnlessInUrl(config, url, "socketTimeout", Long.toString(ceilSeconds(socketTimeout)));
                }
                case H2 -> {
                    // no socket timeout in H2's client
                }
            }
        }

        private static void putUnlessInUrl(HikariConfig config, String lowerCaseUrl, String property, String value) {
            if (!lowerCaseUrl.contains(property.toLowerCase(Locale.ROOT) + "=")) {
                config.addDataSourceProperty(property, value);
            }
        }

        private static long ceilSeconds(Duration duration) {
            return Math.max(1, (duration.toMillis() + 999) / 1000);
        }
    }

    /** Drops a connection from the pool as soon as it fails like a broken one, so recovery is immediate. */
    static final class EvictBrokenConnections implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return SqlFailures.isBrokenConnection(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    }
}
