package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server jar keeps registrations across a real stop ({@code SIGTERM}, exit 0) and start on
 * every store, chosen by configuration only. Backends come from {@code scripts/backends.sh};
 * a missing one fails the test with the message saying so.
 */
class PersistenceIT {

    private static final String BACKENDS_HINT = " must answer: scripts/backends.sh starts it (see DEVELOPERS.md).";

    @TempDir
    Path workingDirectory;

    @Nested
    @DisplayName("embedded H2")
    class H2 {
        @Test
        @DisplayName("a registration survives SIGTERM and a restart on the same file")
        void survivesRestart() throws Exception {
            Path database = workingDirectory.resolve("data").resolve("h2-" + UUID.randomUUID());
            registrationSurvivesRestart(List.of("--store=h2", "--store.h2.path=" + database), Map.of(),
                    "The H2 file " + database + " must be writable.");
        }
    }

    @Nested
    @DisplayName("MariaDB / MySQL")
    class MariaDb {
        @Test
        @DisplayName("a registration survives SIGTERM and a restart on the same database")
        void survivesRestart() throws Exception {
            String url = env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
            registrationSurvivesRestart(List.of("--store=jdbc", "--store.jdbc.url=" + url,
                            "--store.jdbc.username=" + env("MCP_OAUTH_TEST_MYSQL_USER", "root")),
                    Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", env("MCP_OAUTH_TEST_MYSQL_PASSWORD", "")),
                    "MariaDB at " + StoreBackend.safeJdbcUrl(url) + BACKENDS_HINT);
        }
    }

    @Nested
    @DisplayName("PostgreSQL")
    class PostgreSql {
        @Test
        @DisplayName("a registration survives SIGTERM and a restart on the same database")
        void survivesRestart() throws Exception {
            String url = env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            registrationSurvivesRestart(List.of("--store=jdbc", "--store.jdbc.url=" + url,
                            "--store.jdbc.username=" + env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres")),
                    Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", "")),
                    "PostgreSQL at " + StoreBackend.safeJdbcUrl(url) + BACKENDS_HINT);
        }
    }

    @Nested
    @DisplayName("Redis")
    class Redis {
        @Test
        @DisplayName("a registration survives SIGTERM and a restart on the same Redis and key prefix")
        void survivesRestart() throws Exception {
            URI url = URI.create(env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
            registrationSurvivesRestart(List.of("--store=redis", "--store.redis.key-prefix=persist-" + UUID.randomUUID()
                            + ":"),
                    Map.of("MCP_OAUTH_STORE_REDIS_URL", url.toString()),
                    "Redis at " + StoreBackend.safeRedisUrl(url) + BACKENDS_HINT);
        }
    }

    @Nested
    @DisplayName("start-up")
    class StartUp {

        @Test
        @DisplayName("a bad value stops the start with exit status 2 and one line naming the key")
        void badValue() throws Exception {
            try (ServerProcess server = ServerProcess.start(List.of("--server.port=eighty"), Map.of(),
                    workingDirectory)) {
                assertThat(server.awaitExit()).isEqualTo(2);
                assertThat(server.output()).contains("server.port").contains("eighty").doesNotContain("Exception");
                assertThat(server.output().lines().count()).isOne();
            }
        }

        @Test
        @DisplayName("a value only the HTTP binding's builder refuses also stops the start with exit status 2")
        void valueRefusedByALibraryBuilder() throws Exception {
            try (ServerProcess server = ServerProcess.start(List.of("--server.port=" + freePort(), "--store=memory"),
                    Map.of("MCP_OAUTH_CORS_ALLOWED_ORIGINS", "https://user@host"), workingDirectory)) {
                assertThat(server.awaitExit()).isEqualTo(2);
                assertThat(server.output()).contains("cors.allowed-origins").contains("MCP_OAUTH_CORS_ALLOWED_ORIGINS")
                        .doesNotContain("Exception");
                assertThat(server.output().lines().count()).isOne();
            }
        }

        @Test
        @DisplayName("an unknown MCP_OAUTH_ environment variable stops the start, naming it")
        void unknownVariable() throws Exception {
            try (ServerProcess server = ServerProcess.start(List.of(), Map.of("MCP_OAUTH_SERVER_PROT", "1"),
                    workingDirectory)) {
                assertThat(server.awaitExit()).isEqualTo(2);
                assertThat(server.output()).contains("MCP_OAUTH_SERVER_PROT");
            }
        }

        @Test
        @DisplayName("a store that does not answer fails the start with exit status 1 and no password in the log")
        void storeDown() throws Exception {
            String password = "pw-" + UUID.randomUUID();
            try (ServerProcess server = ServerProcess.start(List.of("--store=redis", "--server.port=" + freePort()),
                    Map.of("MCP_OAUTH_STORE_REDIS_URL", "redis://:" + password + "@127.0.0.1:" + freePort()),
                    workingDirectory)) {
                assertThat(server.awaitExit()).isEqualTo(1);
                assertThat(server.output()).contains("Cannot start the server").doesNotContain(password);
            }
        }

        @Test
        @DisplayName("logs one line with address, store and mode, and warns about open registration beyond loopback")
        void startupLineAndWarning() throws Exception {
            try (ServerProcess server = ServerProcess.start(List.of("--server.host=0.0.0.0",
                    "--server.port=" + freePort(), "--store=memory"), Map.of(), workingDirectory)) {
                server.awaitStarted("Binding 0.0.0.0 must be allowed.");
                assertThat(server.output()).contains("listening on http://0.0.0.0:").contains("store memory")
                        .contains("registration open").contains("OPEN REGISTRATION ON A NON-LOOPBACK ADDRESS")
                        .contains("set issuer");
                assertThat(server.stop()).isZero();
            }
        }

        @Test
        @DisplayName("a gated server says so and never logs its initial access token")
        void gated() throws Exception {
            String token = "iat-" + UUID.randomUUID();
            try (ServerProcess server = ServerProcess.start(List.of("--server.port=" + freePort(), "--store=memory",
                    "--registration.initial-access-tokens=${IAT}"), Map.of("IAT", token), workingDirectory)) {
                URI base = server.awaitStarted("");
                Http.Response refused = Http.postJson(base.resolve("/register"), Map.of("redirect_uris",
                        List.of("http://127.0.0.1:1234/cb")));
                assertThat(refused.status()).isEqualTo(401);
                assertThat(server.stop()).isZero();
                assertThat(server.output()).contains("registration gated by initial access token")
                        .doesNotContain(token);
            }
        }
    }

    private void registrationSurvivesRestart(List<String> storeArguments, Map<String, String> environment,
            String whatMustAnswer) throws Exception {
        List<String> arguments = new ArrayList<>(storeArguments);
        arguments.add("--server.port=" + freePort());
        Map<String, Object> registered;
        List<String> outputs = new ArrayList<>();

        try (ServerProcess first = ServerProcess.start(arguments, environment, workingDirectory)) {
            URI base = first.awaitStarted(whatMustAnswer);
            assertThat(Http.get(base.resolve("/health")).json()).containsEntry("status", "UP");
            Http.Response response = Http.postJson(base.resolve("/register"), fullyPopulatedClient());
            assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
            registered = response.json();
            assertThat(first.stop()).as("exit status after SIGTERM\n%s", first.output()).isZero();
            assertThat(first.output()).contains("Stopped");
            outputs.add(first.output());
        }

        String token = (String) registered.get("registration_access_token");
        URI clientUri = URI.create((String) registered.get("registration_client_uri"));
        try (ServerProcess second = ServerProcess.start(arguments, environment, workingDirectory)) {
            second.awaitStarted(whatMustAnswer);
            Http.Response read = Http.get(clientUri, token);
            assertThat(read.status()).as(read.raw().body()).isEqualTo(200);

            Map<String, Object> expected = new LinkedHashMap<>(registered);
            expected.remove("client_secret");
            expected.remove("registration_access_token");
            Map<String, Object> actual = new LinkedHashMap<>(read.json());
            actual.remove("registration_access_token");
            assertThat(actual).isEqualTo(expected);
            assertThat(read.json()).doesNotContainKey("client_secret");

            assertThat(Http.delete(clientUri, token).status()).isEqualTo(204);
            assertThat(second.stop()).as("exit status after SIGTERM\n%s", second.output()).isZero();
            outputs.add(second.output());
        }

        for (String output : outputs) {
            assertThat(output).as("server log").doesNotContain((String) registered.get("client_secret"))
                    .doesNotContain(token);
            for (String value : environment.values()) {
                if (value.length() > 3 && !value.startsWith("redis://")) {
                    assertThat(output).as("server log").doesNotContain(value);
                }
            }
        }
    }

    private static Map<String, Object> fullyPopulatedClient() {
        Map<String, Object> body = new HashMap<>();
        String id = UUID.randomUUID().toString();
        body.put("redirect_uris", List.of("https://app.example.com/oauth/callback", "http://127.0.0.1/callback",
                "cursor://anysphere.cursor-retrieval/oauth/callback"));
        body.put("token_endpoint_auth_method", "client_secret_basic");
        body.put("grant_types", List.of("authorization_code", "refresh_token"));
        body.put("response_types", List.of("code"));
        body.put("client_name", "persistence " + id);
        body.put("client_name#ja", "永続性 " + id);
        body.put("client_uri", "https://app.example.com");
        body.put("logo_uri", "https://app.example.com/logo.png");
        body.put("tos_uri", "https://app.example.com/tos");
        body.put("policy_uri", "https://app.example.com/privacy");
        body.put("scope", "mcp:read mcp:write");
        body.put("contacts", List.of("ops@example.com"));
        body.put("software_id", id);
        body.put("software_version", "1.2.3");
        body.put("jwks", Map.of("keys", List.of(Map.of("kty", "EC", "crv", "P-256", "use", "sig",
                "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"))));
        return body;
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
