package dev.mcpoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("JdbcDataSources")
class JdbcDataSourcesTest {

    @Nested
    @DisplayName("driver properties")
    class DriverProperties {

        @Test
        @DisplayName("MySQL/MariaDB get connect and socket timeouts in milliseconds")
        void mysqlTimeoutsInMillis() {
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:mysql://127.0.0.1:3306/test")
                    .connectionTimeout(Duration.ofMillis(1500)).socketTimeout(Duration.ofSeconds(7)).build()) {
                assertThat(pool.getDataSourceProperties())
                        .containsEntry("connectTimeout", "1500")
                        .containsEntry("socketTimeout", "7000");
            }
        }

        @Test
        @DisplayName("PostgreSQL gets them in whole seconds, rounded up")
        void postgresTimeoutsInSeconds() {
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:postgresql://127.0.0.1:5432/test")
                    .connectionTimeout(Duration.ofMillis(1500)).build()) {
                assertThat(pool.getDataSourceProperties())
                        .containsEntry("connectTimeout", "2")
                        .containsEntry("socketTimeout", "10");
            }
        }

        @Test
        @DisplayName("a timeout the URL already names is left to the URL")
        void urlWins() {
            try (HikariDataSource pool = JdbcDataSources
                    .pool("jdbc:mysql://127.0.0.1:3306/test?socketTimeout=30000").build()) {
                assertThat(pool.getDataSourceProperties())
                        .containsEntry("connectTimeout", "2000")
                        .doesNotContainKey("socketTimeout");
            }
        }

        @Test
        @DisplayName("MySQL/MariaDB get the prepared-statement cache and server-side statements, unless the URL says otherwise")
        void mysqlStatementCache() {
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:mysql://127.0.0.1:3306/test").build()) {
                assertThat(pool.getDataSourceProperties())
                        .containsEntry("cachePrepStmts", "true")
                        .containsEntry("prepStmtCacheSize", "250")
                        .containsEntry("prepStmtCacheSqlLimit", "2048")
                        .containsEntry("useServerPrepStmts", "true");
            }
            try (HikariDataSource pool = JdbcDataSources
                    .pool("jdbc:mysql://127.0.0.1:3306/test?useServerPrepStmts=false").build()) {
                assertThat(pool.getDataSourceProperties())
                        .containsEntry("cachePrepStmts", "true")
                        .doesNotContainKey("useServerPrepStmts");
            }
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:postgresql://127.0.0.1:5432/test").build()) {
                assertThat(pool.getDataSourceProperties()).doesNotContainKeys("cachePrepStmts", "useServerPrepStmts");
            }
        }

        @Test
        @DisplayName("H2 gets none: its client has no socket timeout")
        void h2GetsNone() {
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:h2:mem:x").build()) {
                assertThat(pool.getDataSourceProperties()).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("when the database is down")
    class DatabaseDown {

        @Test
        @DisplayName("building the pool succeeds, and the first call fails as unavailable within seconds, naming no password")
        void firstCallIsUnavailable() throws IOException {
            String password = "pw-" + TestBackend.uniqueTableName();
            try (HikariDataSource pool = JdbcDataSources.pool("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test")
                    .user("postgres").password(password)
                    .connectionTimeout(Duration.ofSeconds(1)).build()) {
                JdbcClientRegistry registry = JdbcClientRegistry.builder(pool).dialect(JdbcDialect.POSTGRESQL).build();
                long started = System.nanoTime();

                assertThatThrownBy(registry::count)
                        .isInstanceOf(ClientRegistryUnavailableException.class)
                        .satisfies(e -> assertThat(messages(e)).noneMatch(m -> m.contains(password)));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        }

        @Test
        @DisplayName("closing the pool stops its attempts to reconnect promptly, and no pool thread is left")
        void closeStopsReconnecting() throws IOException {
            String name = "closing-" + TestBackend.uniqueTableName();
            HikariDataSource pool = JdbcDataSources.pool("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test")
                    .user("postgres").poolName(name).connectionTimeout(Duration.ofMillis(500)).build();
            JdbcClientRegistry registry = JdbcClientRegistry.builder(pool).dialect(JdbcDialect.POSTGRESQL).build();
            assertThatThrownBy(registry::count).isInstanceOf(ClientRegistryUnavailableException.class);

            long started = System.nanoTime();
            pool.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (poolThreads(name) > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertThat(poolThreads(name)).as("threads of pool %s still alive", name).isZero();
        }

        private static long poolThreads(String poolName) {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith(poolName)).count();
        }

        private static int closedPort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static List<String> messages(Throwable failure) {
            List<String> messages = new ArrayList<>();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            return messages;
        }
    }

    @Nested
    @DisplayName("settings")
    class Settings {

        @Test
        @DisplayName("are checked: a JDBC URL, a pool of 1 to 1000, a connection timeout of at least 250 ms")
        void settingsAreChecked() {
            assertThatThrownBy(() -> JdbcDataSources.pool("postgresql://db/x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> JdbcDataSources.pool("jdbc:h2:mem:x").maximumPoolSize(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> JdbcDataSources.pool("jdbc:h2:mem:x").maximumPoolSize(1001))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
            assertThatCode(() -> JdbcDataSources.pool("jdbc:h2:mem:x").maximumPoolSize(1).maximumPoolSize(1000))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> JdbcDataSources.pool("jdbc:h2:mem:x").connectionTimeout(Duration.ofMillis(100)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
