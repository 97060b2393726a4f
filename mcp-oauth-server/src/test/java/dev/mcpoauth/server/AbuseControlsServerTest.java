package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.registry.ClientRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client cap and reaping in a running server (in this JVM), on every store. Stores on the
 * shared database servers get a database (MariaDB) or schema (PostgreSQL) of their own, so
 * reaping never touches another run's clients; Redis gets a fresh key prefix.
 */
class AbuseControlsServerTest {

    private static final Duration REAP_BOUND = Duration.ofSeconds(30);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path workingDirectory;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** Starts a server on {@code arguments}, returning it with the registry it uses. */
    private Started start(List<String> arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of("--server.port=0"));
        all.addAll(arguments);
        ServerConfiguration config = ServerConfiguration.load(all, Map.of());
        StoreBackend store = StoreBackend.open(config);
        McpOAuthServer server = McpOAuthServer.start(config, store);
        opened.add(server);
        return new Started(server.uri(), store.registry(), config.store().configName());
    }

    private record Started(URI uri, ClientRegistry registry, String storeName) {
    }

    private static Map<String, Object> client() {
        return Map.of("redirect_uris", List.of("http://127.0.0.1:33418/callback"), "client_name",
                "abuse " + UUID.randomUUID());
    }

    @Nested
    @DisplayName("client cap")
    class ClientCap {

        @Test
        @DisplayName("registration.max-clients=100: the 101st registration is 403 access_denied; after a delete one more registers")
        void capOfAHundred() throws Exception {
            Started server = start(List.of("--store=memory", "--registration.max-clients=100",
                    "--registration.rate-limit=0"));
            URI register = server.uri().resolve("/register");
            Map<String, Object> first = null;
            for (int i = 0; i < 100; i++) {
                Http.Response created = Http.postJson(register, client());
                assertThat(created.status()).as("registration %d", i + 1).isEqualTo(201);
                first = first == null ? created.json() : first;
            }

            Http.Response refused = Http.postJson(register, client());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json()).containsEntry("error", "access_denied")
                    .containsEntry("error_description", "client limit reached");

            assertThat(Http.delete(URI.create((String) first.get("registration_client_uri")),
                    (String) first.get("registration_access_token")).status()).isEqualTo(204);
            assertThat(Http.postJson(register, client()).status()).isEqualTo(201);
            assertThat(Http.postJson(register, client()).status()).isEqualTo(403);
            assertThat(server.registry().count()).isEqualTo(100);
        }
    }

    @Nested
    @DisplayName("rate limit on Redis, the permit in the store's write or before the body")
    class RateLimitOnRedis {

        private List<String> redis(String... more) {
            List<String> arguments = new ArrayList<>(List.of("--store=redis",
                    "--store.redis.url=" + env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                    "--store.redis.key-prefix=mcp-oauth-test-limit-" + UUID.randomUUID() + ":"));
            arguments.addAll(List.of(more));
            return arguments;
        }

        @Test
        @DisplayName("the server takes the permit in the Redis create script unless registration.rate-limit.permit-in-write=false")
        void permitInWriteOnRedis() throws Exception {
            assertThat(registrationService(redis()).permitsInWrite()).isTrue();
            assertThat(registrationService(redis("--registration.rate-limit.permit-in-write=false")).permitsInWrite())
                    .isFalse();
            assertThat(registrationService(redis("--metrics.enabled=true")).permitsInWrite())
                    .as("through the metered registry").isTrue();
            assertThat(registrationService(List.of("--store=memory")).permitsInWrite()).isFalse();
        }

        private dev.mcpoauth.core.registration.RegistrationService registrationService(List<String> arguments)
                throws Exception {
            List<String> all = new ArrayList<>(List.of("--server.port=0"));
            all.addAll(arguments);
            ServerConfiguration config = ServerConfiguration.load(all, Map.of());
            StoreBackend store = StoreBackend.open(config);
            opened.add(store);
            ClientRegistry registry = store.registry();
            if (config.metricsEnabled()) {
                ServerMetrics meters = new ServerMetrics();
                opened.add(meters);
                registry = meters.meter(registry, config.store().configName());
            }
            return RegistrationEndpoints.install(new org.eclipse.jetty.ee10.servlet.ServletContextHandler(), config,
                    registry, config.rateLimit().map(limit -> store.rateLimiter(limit, java.time.Clock.systemUTC())),
                    0, List.of());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "permit-in-write={0}")
        @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
        @DisplayName("every attempt counts, whatever ends it, and the answers are the same either way")
        void everyAttemptCounts(boolean permitInWrite) throws Exception {
            Started server = start(redis("--registration.rate-limit=4/1h",
                    "--registration.rate-limit.permit-in-write=" + permitInWrite));
            URI register = server.uri().resolve("/register");
            Map<String, Object> invalid = Map.of("redirect_uris", List.of("javascript:alert(1)"));

            assertThat(Http.postRaw(register, "{\"redirect_uris\": [").status()).as("unreadable JSON").isEqualTo(400);
            assertThat(Http.postJson(register, invalid).json()).containsEntry("error", "invalid_redirect_uri");
            Http.Response first = Http.postJson(register, client());
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.header("RateLimit")).get().asString().matches("\"registration\";r=1;t=2(69\\d|700)");
            assertThat(Http.postJson(register, client()).header("RateLimit")).get().asString()
                    .startsWith("\"registration\";r=0;");

            Http.Response refused = Http.postJson(register, client());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).get().satisfies(
                    seconds -> assertThat(Long.parseLong(seconds)).isBetween(890L, 900L));
            assertThat(refused.json()).containsEntry("error", "too_many_requests");
            assertThat(Http.postRaw(register, "{\"redirect_uris\": [").status()).as("unreadable, out of permits")
                    .isEqualTo(429);
            assertThat(Http.postJson(register, invalid).status()).as("invalid, out of permits").isEqualTo(429);
            assertThat(server.registry().count()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("reaping with registration.reap-unused-after=2s and reap-interval=1s")
    class Reaping {

        @Test
        @DisplayName("in memory")
        void memory() throws Exception {
            reapsUnusedKeepsTouched(List.of("--store=memory"));
        }

        @Test
        @DisplayName("on embedded H2")
        void h2() throws Exception {
            reapsUnusedKeepsTouched(List.of("--store=h2", "--store.h2.path=" + workingDirectory.resolve("reap")));
        }

        @Test
        @DisplayName("on Redis")
        void redis() throws Exception {
            String url = env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379");
            String prefix = "mcp-oauth-test-reap-" + UUID.randomUUID() + ":";
            reapsUnusedKeepsTouched(List.of("--store=redis", "--store.redis.url=" + url,
                    "--store.redis.key-prefix=" + prefix));
        }

        @Test
        @DisplayName("on MariaDB, in a database of its own")
        void mariaDb() throws Exception {
            String base = env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
            String user = env("MCP_OAUTH_TEST_MYSQL_USER", "root");
            String password = env("MCP_OAUTH_TEST_MYSQL_PASSWORD", "");
            String database = "mcp_oauth_reap_" + randomHex();
            execute(base, user, password, "CREATE DATABASE " + database);
            opened.add(() -> execute(base, user, password, "DROP DATABASE IF EXISTS " + database));
            String url = base.substring(0, base.lastIndexOf('/') + 1) + database;
            reapsUnusedKeepsTouched(jdbc(url, user, password));
        }

        @Test
        @DisplayName("on PostgreSQL, in a schema of its own")
        void postgreSql() throws Exception {
            String base = env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            String user = env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres");
            String password = env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", "");
            String schema = "mcp_oauth_reap_" + randomHex();
            execute(base, user, password, "CREATE SCHEMA " + schema);
            opened.add(() -> execute(base, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
            reapsUnusedKeepsTouched(jdbc(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user,
                    password));
        }

        private List<String> jdbc(String url, String user, String password) {
            List<String> arguments = new ArrayList<>(List.of("--store=jdbc", "--store.jdbc.url=" + url,
                    "--store.jdbc.username=" + user));
            if (!password.isEmpty()) {
                arguments.add("--store.jdbc.password=" + password);
            }
            return arguments;
        }

        /**
         * Registers two clients, keeps touching one (as a token endpoint would) and waits, within
         * a bound, until the reaper has removed the other; the touched one must still be there,
         * and {@code /metrics} must count the reaped one (the core's {@code ClientsReaped} event
         * reaching the server's listener) and time the store's deletions.
         */
        private void reapsUnusedKeepsTouched(List<String> storeArguments) throws Exception {
            List<String> arguments = new ArrayList<>(storeArguments);
            arguments.addAll(List.of("--registration.reap-unused-after=2s", "--registration.reap-interval=1s"));
            Started server = start(arguments);
            URI register = server.uri().resolve("/register");
            String unused = (String) Http.postJson(register, client()).json().get("client_id");
            String touched = (String) Http.postJson(register, client()).json().get("client_id");
            assertThat(server.registry().findById(unused)).isPresent();

            long deadline = System.nanoTime() + REAP_BOUND.toNanos();
            while (server.registry().findById(unused).isPresent()) {
                assertThat(System.nanoTime()).as("the unused client was not reaped within %s", REAP_BOUND)
                        .isLessThan(deadline);
                server.registry().touch(touched, Instant.now());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }

            assertThat(server.registry().findById(touched)).as("the client in use").isPresent();

            String reaped = "mcp_oauth_clients_reaped_total";
            String timed = "mcp_oauth_store_seconds_count{operation=deleteUnusedSince,outcome=success,store="
                    + server.storeName() + "}";
            Map<String, Double> samples = MetricsEndpointTest.parse(Http.get(server.uri().resolve("/metrics")).raw().body());
            while (samples.getOrDefault(reaped, 0.0) < 1.0) {
                // the run that deleted it publishes its count when its last batch is done
                assertThat(System.nanoTime()).as("the reaping was not counted within %s: %s", REAP_BOUND, samples)
                        .isLessThan(deadline);
                server.registry().touch(touched, Instant.now());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                samples = MetricsEndpointTest.parse(Http.get(server.uri().resolve("/metrics")).raw().body());
            }
            assertThat(samples).containsEntry(reaped, 1.0);
            assertThat(samples.get(timed)).as(timed).isNotNull().isGreaterThanOrEqualTo(1.0);
        }
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
