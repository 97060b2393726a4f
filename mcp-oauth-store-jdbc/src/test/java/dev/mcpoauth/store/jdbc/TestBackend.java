package dev.mcpoauth.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database the tests run against, holding a table of its own for this run (dropped at the
 * end), so runs and test classes never see each other's rows. Subclasses say how to reach it.
 */
abstract class TestBackend {

    /** Short enough that an outage is reported in seconds, as the outage contract asks. */
    static final Duration OUTAGE_STATEMENT_TIMEOUT = Duration.ofSeconds(2);

    private final String table = uniqueTableName();
    private final Map<ClientRegistry, HikariDataSource> pools = new ConcurrentHashMap<>();
    private HikariDataSource sharedPool;
    private JdbcClientRegistry shared;

    static String uniqueTableName() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "mcp_oauth_client_t" + HexFormat.of().formatHex(bytes);
    }

    abstract JdbcDialect dialect();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + dialect() + ")";
    }

    /** Where the database listens, for the outage contract's proxy. */
    abstract InetSocketAddress address();

    /** A pool to the database; to {@code address} instead of the real one when given. */
    abstract HikariDataSource pool(InetSocketAddress through);

    /** Fails with a message saying how to start the database when it does not answer. */
    abstract void requireReachable();

    String table() {
        return table;
    }

    /** The registry the contract runs on: one pool and one table per test class. */
    synchronized JdbcClientRegistry registry() {
        if (shared == null) {
            requireReachable();
            sharedPool = pool(null);
            shared = JdbcClientRegistry.builder(sharedPool).dialect(dialect()).tableName(table).build();
            shared.createSchemaIfMissing();
        }
        return shared;
    }

    /** A registry on the same table whose pool connects through {@code proxy}; close with {@link #release}. */
    JdbcClientRegistry registryThrough(InetSocketAddress proxy) {
        registry();
        HikariDataSource pool = pool(proxy);
        JdbcClientRegistry registry = JdbcClientRegistry.builder(pool)
                .dialect(dialect())
                .tableName(table)
                .statementTimeout(OUTAGE_STATEMENT_TIMEOUT)
                .build();
        pools.put(registry, pool);
        return registry;
    }

    void release(ClientRegistry registry) {
        HikariDataSource pool = pools.remove(registry);
        if (pool != null) {
            pool.close();
        }
    }

    /** The pool behind {@link #registry()}, for tests that look at the table directly. */
    HikariDataSource sharedPool() {
        registry();
        return sharedPool;
    }

    /** Drops the table and closes every pool (not AutoCloseable: JUnit would close it after each parameterized test). */
    synchronized void close() {
        pools.values().forEach(HikariDataSource::close);
        if (sharedPool != null) {
            try (Connection c = sharedPool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test table " + table, e);
            } finally {
                sharedPool.close();
            }
        }
    }
}
