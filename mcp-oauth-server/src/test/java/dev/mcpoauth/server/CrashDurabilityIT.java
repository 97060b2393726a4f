package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A {@code 201} means the registration survives a crash: the server jar, under registration
 * load from 16 threads, is killed with {@code SIGKILL} (no shutdown hook, nothing flushed),
 * started again on the same store, and every client that had been answered {@code 201} is read
 * back with its registration access token. The embedded H2 default above all: with H2's own
 * default write delay (500 ms) the commits of the last half second were lost.
 */
class CrashDurabilityIT {

    private static final int THREADS = 16;
    /** Acknowledged registrations to wait for before the kill: the load is then well under way. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 600;
    private static final String BACKENDS_HINT = " must answer: scripts/backends.sh starts it (see DEVELOPERS.md).";

    @TempDir
    Path workingDirectory;

    /** One client answered 201: how to read it back. */
    record Acknowledged(URI clientUri, String token) {
    }

    @Nested
    @DisplayName("the default store (embedded H2 under ./data)")
    class DefaultH2 {
        @Test
        @DisplayName("every registration answered 201 before a SIGKILL under load is there after the restart")
        void noAcknowledgedRegistrationIsLost() throws Exception {
            everyAcknowledgedRegistrationSurvivesSigkill(List.of(), Map.of(),
                    "The default H2 file under " + workingDirectory + " must be writable.");
        }
    }

    @Nested
    @DisplayName("MariaDB / MySQL")
    class MariaDb {
        @Test
        @DisplayName("every registration answered 201 before a SIGKILL under load is there after the restart")
        void noAcknowledgedRegistrationIsLost() throws Exception {
            String server = env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
            String user = env("MCP_OAUTH_TEST_MYSQL_USER", "root");
            String password = env("MCP_OAUTH_TEST_MYSQL_PASSWORD", "");
            String hint = "MariaDB at " + StoreBackend.safeJdbcUrl(server) + BACKENDS_HINT;
            try (ScratchDatabase scratch = new ScratchDatabase(server, user, password, hint)) {
                everyAcknowledgedRegistrationSurvivesSigkill(List.of("--store=jdbc",
                        "--store.jdbc.url=" + scratch.url(), "--store.jdbc.username=" + user),
                        Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", password), hint);
            }
        }
    }

    @Nested
    @DisplayName("PostgreSQL")
    class PostgreSql {
        @Test
        @DisplayName("every registration answered 201 before a SIGKILL under load is there after the restart")
        void noAcknowledgedRegistrationIsLost() throws Exception {
            String server = env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            String user = env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres");
            String password = env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", "");
            String hint = "PostgreSQL at " + StoreBackend.safeJdbcUrl(server) + BACKENDS_HINT;
            try (ScratchDatabase scratch = new ScratchDatabase(server, user, password, hint)) {
                everyAcknowledgedRegistrationSurvivesSigkill(List.of("--store=jdbc",
                        "--store.jdbc.url=" + scratch.url(), "--store.jdbc.username=" + user),
                        Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", password), hint);
            }
        }
    }

    @Nested
    @DisplayName("Redis")
    class Redis {
        @Test
        @DisplayName("every registration answered 201 before a SIGKILL under load is there after the restart")
        void noAcknowledgedRegistrationIsLost() throws Exception {
            URI url = URI.create(env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
            String prefix = "crash-" + UUID.randomUUID() + ":";
            try {
                everyAcknowledgedRegistrationSurvivesSigkill(List.of("--store=redis",
                        "--store.redis.key-prefix=" + prefix), Map.of("MCP_OAUTH_STORE_REDIS_URL", url.toString()),
                        "Redis at " + StoreBackend.safeRedisUrl(url) + BACKENDS_HINT);
            } finally {
                deleteKeys(url, prefix);
            }
        }
    }

    private void everyAcknowledgedRegistrationSurvivesSigkill(List<String> storeArguments,
            Map<String, String> environment, String whatMustAnswer) throws Exception {
        List<String> arguments = new ArrayList<>(storeArguments);
        arguments.add("--server.port=" + freePort());
        // every registration comes from this one address: the default rate limit (20/1h) would refuse most
        arguments.add("--registration.rate-limit=0");
        Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();

        try (ServerProcess first = ServerProcess.start(arguments, environment, workingDirectory)) {
            URI register = first.awaitStarted(whatMustAnswer).resolve("/register");
            CountDownLatch underWay = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService load = Executors.newFixedThreadPool(THREADS);
            try {
                for (int i = 0; i < THREADS; i++) {
                    load.execute(() -> registerUntilKilled(register, killed, acknowledged, unexpected, underWay));
                }
                assertThat(underWay.await(120, TimeUnit.SECONDS))
                        .as("%d registrations acknowledged within 120 s; unexpected answers: %s%nServer output:%n%s",
                                ACKNOWLEDGED_BEFORE_KILL, unexpected, first.output())
                        .isTrue();
                killed.set(true);
                assertThat(first.kill()).as("exit status after SIGKILL").isEqualTo(128 + 9);
            } finally {
                killed.set(true);
                load.shutdown();
                assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("the load threads ended").isTrue();
            }
            assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();
        }

        try (ServerProcess second = ServerProcess.start(arguments, environment, workingDirectory)) {
            second.awaitStarted(whatMustAnswer);
            List<Acknowledged> lost = readBack(List.copyOf(acknowledged));
            assertThat(lost).as("%d of %d registrations answered 201 before the SIGKILL, missing after the restart",
                    lost.size(), acknowledged.size()).isEmpty();
            assertThat(second.stop()).as("exit status after SIGTERM\n%s", second.output()).isZero();
        }
    }

    private static void registerUntilKilled(URI register, AtomicBoolean killed, Queue<Acknowledged> acknowledged,
            Queue<String> unexpected, CountDownLatch underWay) {
        Map<String, Object> body = Map.of("redirect_uris", List.of("http://127.0.0.1:33418/oauth/callback"),
                "token_endpoint_auth_method", "none", "client_name", "crash test");
        while (!killed.get()) {
            Http.Response response;
            try {
                response = Http.postJson(register, body);
            } catch (UncheckedIOException e) {
                if (!killed.get()) {
                    unexpected.add("I/O error before the kill: " + e.getCause());
                }
                return;
            }
            if (response.status() == 201) {
                Map<String, Object> json = response.json();
                acknowledged.add(new Acknowledged(URI.create((String) json.get("registration_client_uri")),
                        (String) json.get("registration_access_token")));
                underWay.countDown();
            } else if (!killed.get()) {
                unexpected.add(response.status() + " " + response.raw().body());
            }
        }
    }

    /** Reads every client back with 16 threads; returns those that do not answer 200. */
    private static List<Acknowledged> readBack(List<Acknowledged> clients) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Boolean>> found = new ArrayList<>();
            for (Acknowledged client : clients) {
                found.add(readers.submit(() -> Http.get(client.clientUri(), client.token()).status() == 200));
            }
            List<Acknowledged> lost = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                if (!found.get(i).get(60, TimeUnit.SECONDS)) {
                    lost.add(clients.get(i));
                }
            }
            return lost;
        } finally {
            readers.shutdownNow();
        }
    }

    /** A database of its own on a shared server, dropped afterwards, so that the test leaves nothing behind. */
    private static final class ScratchDatabase implements AutoCloseable {
        private final String serverUrl;
        private final String user;
        private final String password;
        private final String name = "crash_" + UUID.randomUUID().toString().replace("-", "");

        ScratchDatabase(String serverUrl, String user, String password, String hint) {
            this.serverUrl = serverUrl;
            this.user = user;
            this.password = password;
            try {
                execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new AssertionError(hint + " (" + e.getMessage() + ")", e);
            }
        }

        /** The server's URL with this database in place of the one it named. */
        String url() {
            return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
        }

        private void execute(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                    Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            execute("DROP DATABASE " + name);
        }
    }

    private static void deleteKeys(URI url, String prefix) {
        try (Jedis jedis = new Jedis(url)) {
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.del(page.getResult().toArray(new String[0]));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
