package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.tests.RegistrationRateLimiterContract;
import dev.mcpoauth.tests.RegistrationRateLimiterOutageContract;
import java.net.InetSocketAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's limiter contract on one JDBC backend; each database is a subclass that names its
 * {@link TestBackend} and declares its own {@code @Nested} {@link JdbcLimiterOutage}. The limiter's table is this run's own
 * ({@code <client table>_rl}), created once and dropped by {@link #dropTables}.
 */
abstract class JdbcRegistrationRateLimiterContractTest extends RegistrationRateLimiterContract {

    abstract TestBackend backend();

    String rateTable() {
        return backend().table() + "_rl";
    }

    @Override
    protected RegistrationRateLimiter limiter(RateLimit limit, Clock clock) {
        JdbcRegistrationRateLimiter limiter = JdbcRegistrationRateLimiter.builder(backend().sharedPool(), limit)
                .dialect(backend().dialect()).tableName(rateTable()).clock(clock).build();
        limiter.createSchemaIfMissing();
        return limiter;
    }

    @Test
    @DisplayName("deleteExpired removes the rows of buckets that are full again, and only those")
    void deleteExpiredRemovesFullBuckets() throws SQLException {
        SettableClock clock = new SettableClock(Instant.parse("2031-05-06T07:08:09Z"));
        JdbcRegistrationRateLimiter limiter = (JdbcRegistrationRateLimiter) limiter(RateLimit.parse("2/1m"), clock);
        String idle = "address:idle-" + UUID.randomUUID();
        String busy = "address:busy-" + UUID.randomUUID();
        limiter.tryAcquire(idle);
        clock.advance(Duration.ofSeconds(45));
        limiter.tryAcquire(busy);
        limiter.tryAcquire(busy);

        clock.advance(Duration.ofSeconds(30));

        assertThat(limiter.deleteExpired()).isGreaterThanOrEqualTo(1);
        assertThat(rows(idle)).isZero();
        assertThat(rows(busy)).isEqualTo(1);
        assertThat(limiter.tryAcquire(busy).allowed()).isTrue();
        assertThat(limiter.tryAcquire(busy).allowed()).isFalse();
    }

    private int rows(String key) throws SQLException {
        try (Connection c = backend().sharedPool().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + rateTable() + " WHERE rate_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Drops the limiter's table, then the backend's. */
    static void dropTables(TestBackend backend) {
        try (Connection c = backend.sharedPool().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + backend.table() + "_rl");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the rate limit test table", e);
        } finally {
            backend.close();
        }
    }

    /**
     * The outage group on {@code backend}, through the kit's proxy. Each database declares its own
     * {@code @Nested} subclass, so that their reports do not overwrite each other.
     */
    abstract static class JdbcLimiterOutage extends RegistrationRateLimiterOutageContract {

        private final TestBackend backend;
        private final Map<RegistrationRateLimiter, com.zaxxer.hikari.HikariDataSource> pools = new IdentityHashMap<>();

        JdbcLimiterOutage(TestBackend backend) {
            this.backend = backend;
        }

        @Override
        protected InetSocketAddress backendAddress() {
            return backend.address();
        }

        @Override
        protected RegistrationRateLimiter limiterThrough(InetSocketAddress proxyAddress, RateLimit limit, Clock clock) {
            JdbcRegistrationRateLimiter.builder(backend.sharedPool(), limit).dialect(backend.dialect())
                    .tableName(backend.table() + "_rl").build().createSchemaIfMissing();
            com.zaxxer.hikari.HikariDataSource pool = backend.pool(proxyAddress);
            RegistrationRateLimiter limiter = JdbcRegistrationRateLimiter.builder(pool, limit)
                    .dialect(backend.dialect()).tableName(backend.table() + "_rl").clock(clock)
                    .statementTimeout(TestBackend.OUTAGE_STATEMENT_TIMEOUT).build();
            pools.put(limiter, pool);
            return limiter;
        }

        @Override
        protected void closeLimiter(RegistrationRateLimiter limiter) {
            com.zaxxer.hikari.HikariDataSource pool = pools.remove(limiter);
            if (pool != null) {
                pool.close();
            }
        }
    }
}
