package dev.mcpoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.tests.TestClients;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the JDBC store promises beyond the registry contract, on each database. */
@DisplayName("JdbcClientRegistry")
class JdbcClientRegistryTest {

    private static final TestBackend H2 = H2Backend.inMemory();
    private static final TestBackend MARIADB = ServerBackend.mariaDb();
    private static final TestBackend POSTGRESQL = ServerBackend.postgres();

    static Stream<TestBackend> backends() {
        return Stream.of(H2, MARIADB, POSTGRESQL);
    }

    @AfterAll
    static void dropTables() {
        backends().forEach(TestBackend::close);
    }

    @Nested
    @DisplayName("schema")
    class Schema {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("createSchemaIfMissing is idempotent and keeps the stored clients")
        void createSchemaIsIdempotent(TestBackend backend) {
            JdbcClientRegistry registry = backend.registry();
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);

            registry.createSchemaIfMissing();
            registry.createSchemaIfMissing();

            assertThat(registry.findById(client.clientId())).contains(client);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("client_id is the primary key and last activity is indexed for reaping")
        void primaryKeyAndReapingIndex(TestBackend backend) throws SQLException {
            backend.registry();
            try (Connection c = backend.sharedPool().getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                String table = backend.dialect() == JdbcDialect.H2
                        ? backend.table().toUpperCase(Locale.ROOT) : backend.table();
                List<String> keyColumns = new ArrayList<>();
                try (ResultSet keys = meta.getPrimaryKeys(c.getCatalog(), null, table)) {
                    while (keys.next()) {
                        keyColumns.add(keys.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                List<String> indexedColumns = new ArrayList<>();
                try (ResultSet indexes = meta.getIndexInfo(c.getCatalog(), null, table, false, false)) {
                    while (indexes.next()) {
                        String column = indexes.getString("COLUMN_NAME");
                        if (column != null) {
                            indexedColumns.add(column.toLowerCase(Locale.ROOT));
                        }
                    }
                }
                assertThat(keyColumns).containsExactly("client_id");
                assertThat(indexedColumns).contains("last_activity_at_ns");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("createSchemaIfMissing from 8 nodes at once: all succeed and one table exists")
        void concurrentSchemaCreation(TestBackend backend) throws Exception {
            String table = TestBackend.uniqueTableName();
            List<JdbcClientRegistry> nodes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                nodes.add(JdbcClientRegistry.builder(backend.sharedPool())
                        .dialect(backend.dialect()).tableName(table).build());
            }
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> results = new ArrayList<>();
                for (JdbcClientRegistry node : nodes) {
                    results.add(pool.submit(() -> {
                        go.await();
                        node.createSchemaIfMissing();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> result : results) {
                    result.get(60, TimeUnit.SECONDS);
                }
                RegisteredClient client = TestClients.publicClient().build();
                nodes.get(0).create(client);
                assertThat(nodes.get(7).findById(client.clientId())).contains(client);
            } finally {
                pool.shutdownNow();
                try (Connection c = backend.sharedPool().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }

        @Test
        @DisplayName("schemaScript gives the DDL with the table name filled in")
        void schemaScriptNamesTheTable() {
            JdbcClientRegistry registry = H2.registry();
            assertThat(registry.schemaScript())
                    .contains("CREATE TABLE IF NOT EXISTS " + H2.table() + " (")
                    .contains(H2.table() + "_last_activity_idx")
                    .doesNotContain(SchemaScript.TABLE_PLACEHOLDER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "1clients", "clients; DROP TABLE users", "a-b", "public.clients",
                "\"quoted\"", "client s", "t_0123456789012345678901234567890123456789"})
        @DisplayName("a table name that is not a plain identifier of at most 40 characters is refused")
        void rejectsUnsafeTableNames(String name) {
            assertThatThrownBy(() -> JdbcClientRegistry.builder(H2.sharedPool()).tableName(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plain SQL identifier");
        }

        @Test
        @DisplayName("a registry over a table that was never created fails as an error, not as an outage")
        void missingTableIsAnErrorNotAnOutage() {
            JdbcClientRegistry registry = JdbcClientRegistry.builder(H2.sharedPool())
                    .dialect(JdbcDialect.H2).tableName(TestBackend.uniqueTableName()).build();

            assertThatThrownBy(() -> registry.findById(TestClients.randomClientId()))
                    .isInstanceOf(ClientRegistryException.class)
                    .isNotInstanceOf(ClientRegistryUnavailableException.class)
                    .hasMessageContaining("findById failed")
                    .hasMessageNotContainingAny("\n", "\r");
        }
    }

    @Nested
    @DisplayName("dialect")
    class Dialect {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("is read from the database when not configured")
        void detectsDialect(TestBackend backend) {
            JdbcClientRegistry registry = JdbcClientRegistry.builder(backend.sharedPool())
                    .tableName(backend.table()).build();

            JdbcDialect detected = registry.dialect();

            if (backend.dialect() == JdbcDialect.MARIADB) {
                // mysql-connector-j reports MariaDB as MySQL; the same SQL serves both
                assertThat(detected).isIn(JdbcDialect.MARIADB, JdbcDialect.MYSQL);
            } else {
                assertThat(detected).isEqualTo(backend.dialect());
            }
            RegisteredClient client = TestClients.confidentialClient().build();
            registry.create(client);
            assertThat(registry.findById(client.clientId())).contains(client);
        }

        @Test
        @DisplayName("is known from the JDBC URL's subprotocol")
        void dialectFromUrl() {
            assertThat(JdbcDialect.fromJdbcUrl("jdbc:mysql://db/x")).contains(JdbcDialect.MYSQL);
            assertThat(JdbcDialect.fromJdbcUrl("jdbc:mariadb://db/x")).contains(JdbcDialect.MARIADB);
            assertThat(JdbcDialect.fromJdbcUrl("jdbc:postgresql://db/x")).contains(JdbcDialect.POSTGRESQL);
            assertThat(JdbcDialect.fromJdbcUrl("jdbc:h2:mem:x")).contains(JdbcDialect.H2);
            assertThat(JdbcDialect.fromJdbcUrl("jdbc:sqlserver://db")).isEmpty();
        }
    }

    @Nested
    @DisplayName("client ids")
    class ClientIds {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("compare exactly: ids differing in case or by a trailing space are different clients")
        void idsCompareExactly(TestBackend backend) {
            JdbcClientRegistry registry = backend.registry();
            String id = "Ab" + TestClients.randomClientId();
            RegisteredClient upper = TestClients.publicClient().clientId(id).build();
            RegisteredClient lower = TestClients.confidentialClient().clientId(id.toLowerCase(Locale.ROOT)).build();

            registry.create(upper);
            registry.create(lower);

            assertThat(registry.findById(id)).contains(upper);
            assertThat(registry.findById(id.toLowerCase(Locale.ROOT))).contains(lower);
            assertThat(registry.findById(id + " ")).isEmpty();
        }
    }

    @Nested
    @DisplayName("timestamps")
    class Timestamps {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("keep nanoseconds and are stored as UTC epoch nanoseconds")
        void nanosecondsRoundTrip(TestBackend backend) throws SQLException {
            JdbcClientRegistry registry = backend.registry();
            Instant created = Instant.parse("2024-02-29T23:59:59.123456789Z");
            Instant used = Instant.parse("2262-04-11T23:47:16.854775807Z");
            RegisteredClient client = TestClients.publicClient()
                    .createdAt(created).updatedAt(created.plusNanos(1))
                    .lastUsedAt(Optional.of(used)).build();

            registry.create(client);

            assertThat(registry.findById(client.clientId())).contains(client);
            assertThat(rawLong(backend, "created_at_ns", client.clientId())).isEqualTo(1_709_251_199_123_456_789L);
            assertThat(rawLong(backend, "last_used_at_ns", client.clientId())).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        @DisplayName("outside the years 1677-2262 are refused before anything is written")
        void outOfRangeInstantIsRefused() {
            JdbcClientRegistry registry = H2.registry();
            RegisteredClient client = TestClients.publicClient()
                    .createdAt(Instant.parse("2300-01-01T00:00:00Z")).build();

            assertThatThrownBy(() -> registry.create(client)).isInstanceOf(IllegalArgumentException.class);
            assertThat(registry.findById(client.clientId())).isEmpty();
        }
    }

    @Nested
    @DisplayName("reaping")
    class Reaping {

        @Test
        @DisplayName("refuses a limit that is not positive")
        void refusesNonPositiveLimit() {
            assertThatThrownBy(() -> H2.registry().deleteUnusedSince(Instant.now(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("takes a cutoff beyond the stored range as 'everything before the end of the range'")
        void farCutoffIsClamped() {
            JdbcClientRegistry registry = H2.registry();
            RegisteredClient client = TestClients.publicClient().clientIdIssuedAt(Instant.EPOCH).build();
            registry.create(client);

            assertThat(registry.deleteUnusedSince(Instant.MAX, 1_000)).isPositive();
            assertThat(registry.findById(client.clientId())).isEmpty();
        }
    }

    @Nested
    @DisplayName("statement timeout")
    class StatementTimeout {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.JdbcClientRegistryTest#backends")
        @DisplayName("a statement blocked by a row lock fails as unavailable once the timeout passes")
        void blockedStatementTimesOut(TestBackend backend) throws SQLException {
            RegisteredClient client = TestClients.publicClient().build();
            backend.registry().create(client);
            JdbcClientRegistry impatient = JdbcClientRegistry.builder(backend.sharedPool())
                    .dialect(backend.dialect()).tableName(backend.table())
                    .statementTimeout(Duration.ofSeconds(1)).build();
            RegisteredClient updated = client.toBuilder().version(client.version() + 1).build();

            try (Connection locker = backend.sharedPool().getConnection()) {
                locker.setAutoCommit(false);
                try (PreparedStatement lock = locker.prepareStatement(
                        "SELECT version FROM " + backend.table() + " WHERE client_id = ? FOR UPDATE")) {
                    lock.setString(1, client.clientId());
                    lock.executeQuery().close();
                }
                long started = System.nanoTime();
                assertThatThrownBy(() -> impatient.replace(updated, client.version()))
                        .isInstanceOf(ClientRegistryUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
                locker.rollback();
            }
            assertThat(impatient.replace(updated, client.version())).isTrue();
        }
    }

    static long rawLong(TestBackend backend, String column, String clientId) throws SQLException {
        try (Connection c = backend.sharedPool().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT " + column + " FROM " + backend.table() + " WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
