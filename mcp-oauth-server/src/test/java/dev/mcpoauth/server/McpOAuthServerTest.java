package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.tests.TcpProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpOAuthServerTest {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private McpOAuthServer start(String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--store=memory"));
        all.addAll(List.of(arguments));
        McpOAuthServer server = McpOAuthServer.start(ServerConfiguration.load(all, Map.of()));
        opened.add(server);
        return server;
    }

    private static Map<String, Object> publicClient() {
        return Map.of("redirect_uris", List.of("http://127.0.0.1:33418/callback"),
                "client_name", "test " + UUID.randomUUID(), "token_endpoint_auth_method", "none");
    }

    @Nested
    @DisplayName("GET /health")
    class Health {

        @Test
        @DisplayName("answers 200 UP when the store answers")
        void upWhenStoreAnswers() throws Exception {
            McpOAuthServer server = start();
            Http.Response response = Http.get(server.uri().resolve("/health"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json()).containsEntry("status", "UP");
            assertThat(response.header("Content-Type")).get().asString().startsWith("application/json");
        }

        @Test
        @DisplayName("answers other methods with 405 and Allow: GET, HEAD")
        void otherMethods() throws Exception {
            McpOAuthServer server = start();
            Http.Response response = Http.postJson(server.uri().resolve("/health"), Map.of());
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("GET, HEAD");
            assertThat(response.json()).containsKey("error");
        }

        @Test
        @DisplayName("answers 503 DOWN while the store does not answer, and UP again once it does")
        void downWhileStoreIsCut() throws Exception {
            URI redis = URI.create(System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
            TcpProxy proxy = TcpProxy.start(new InetSocketAddress(redis.getHost(), redis.getPort()));
            opened.add(proxy);
            McpOAuthServer server;
            try {
                server = start("--store=redis", "--store.redis.url=redis://127.0.0.1:" + proxy.address().getPort(),
                        "--store.redis.key-prefix=health-" + UUID.randomUUID() + ":");
            } catch (Exception e) {
                throw new AssertionError("Redis must answer on " + redis + " (scripts/backends.sh starts it)", e);
            }
            URI health = server.uri().resolve("/health");
            assertThat(Http.get(health).status()).isEqualTo(200);

            proxy.cut();
            Http.Response down = Http.get(health);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json()).containsEntry("status", "DOWN");

            proxy.restore();
            assertThat(Http.get(health).status()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @Test
        @DisplayName("registers at /register and links the client configuration endpoint to the issuer")
        void registers() throws Exception {
            McpOAuthServer server = start();
            Http.Response response = Http.postJson(server.uri().resolve("/register"), publicClient());
            assertThat(response.status()).isEqualTo(201);
            String clientId = (String) response.json().get("client_id");
            assertThat(response.json()).containsEntry("registration_client_uri",
                    server.issuer() + "/register/" + clientId);
        }

        @Test
        @DisplayName("serves the metadata document with the issuer and the endpoints it derives from it")
        void metadata() throws Exception {
            McpOAuthServer server = start();
            Map<String, Object> metadata =
                    Http.get(server.uri().resolve("/.well-known/oauth-authorization-server")).json();
            assertThat(metadata).containsEntry("issuer", server.issuer().toString())
                    .containsEntry("registration_endpoint", server.issuer() + "/register")
                    .containsEntry("authorization_endpoint", server.issuer() + "/authorize")
                    .containsEntry("token_endpoint", server.issuer() + "/token");
        }

        @Test
        @DisplayName("uses the configured issuer, endpoints and registration path")
        void configuredNames() throws Exception {
            McpOAuthServer server = start("--issuer=https://auth.example.com/tenant-a",
                    "--token-endpoint=https://tokens.example.com/t", "--registration.path=/oauth/clients");
            Map<String, Object> metadata =
                    Http.get(server.uri().resolve("/.well-known/oauth-authorization-server")).json();
            assertThat(metadata).containsEntry("issuer", "https://auth.example.com/tenant-a")
                    .containsEntry("registration_endpoint", "https://auth.example.com/tenant-a/oauth/clients")
                    .containsEntry("authorization_endpoint", "https://auth.example.com/tenant-a/authorize")
                    .containsEntry("token_endpoint", "https://tokens.example.com/t");
            assertThat(Http.postJson(server.uri().resolve("/oauth/clients"), publicClient()).status()).isEqualTo(201);
            assertThat(Http.postJson(server.uri().resolve("/register"), publicClient()).status()).isEqualTo(404);
        }

        @Test
        @DisplayName("serves the metadata also under the issuer's path (RFC 8414 §3.1)")
        void metadataUnderIssuerPath() throws Exception {
            McpOAuthServer server = start("--issuer=https://auth.example.com/tenant-a");
            Http.Response response =
                    Http.get(server.uri().resolve("/.well-known/oauth-authorization-server/tenant-a"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json()).containsEntry("issuer", "https://auth.example.com/tenant-a");
        }

        @Test
        @DisplayName("answers 404 with a JSON body for any other path")
        void unknownPath() throws Exception {
            McpOAuthServer server = start();
            Http.Response response = Http.get(server.uri().resolve("/nothing/here"));
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json()).containsEntry("error", "not_found");
        }

        @Test
        @DisplayName("with registration disabled answers 404 and leaves registration_endpoint out of the metadata")
        void disabled() throws Exception {
            McpOAuthServer server = start("--registration.enabled=false");
            assertThat(Http.postJson(server.uri().resolve("/register"), publicClient()).status()).isEqualTo(404);
            assertThat(Http.get(server.uri().resolve("/.well-known/oauth-authorization-server")).json())
                    .doesNotContainKey("registration_endpoint");
        }

        @Test
        @DisplayName("with initial access tokens refuses a registration without one")
        void gated() throws Exception {
            String token = "iat-" + UUID.randomUUID();
            McpOAuthServer server = start("--registration.initial-access-tokens=" + token);
            Http.Response response = Http.postJson(server.uri().resolve("/register"), publicClient());
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("Bearer");
        }

        @Test
        @DisplayName("does not announce the server software")
        void noServerHeader() throws Exception {
            McpOAuthServer server = start();
            assertThat(Http.get(server.uri().resolve("/health")).header("Server")).isEmpty();
        }
    }

    @Nested
    @DisplayName("start and stop")
    class StartAndStop {

        @Test
        @DisplayName("fails to start on a port in use, and the failed start leaves nothing open")
        void portInUse(@TempDir Path dir) throws Exception {
            McpOAuthServer first = start();
            List<String> arguments = List.of("--server.port=" + first.uri().getPort(), "--store=h2",
                    "--store.h2.path=" + dir.resolve("db"));
            assertThatThrownBy(() -> McpOAuthServer.start(ServerConfiguration.load(arguments, Map.of())))
                    .hasMessageContaining("" + first.uri().getPort());
            // the H2 pool of the failed start was closed, so another server can open the same file
            McpOAuthServer second = McpOAuthServer.start(ServerConfiguration.load(
                    List.of("--server.port=0", "--store=h2", "--store.h2.path=" + dir.resolve("db")), Map.of()));
            opened.add(second);
            assertThat(Http.get(second.uri().resolve("/health")).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("stops listening when closed")
        void closes() throws Exception {
            McpOAuthServer server = McpOAuthServer.start(
                    ServerConfiguration.load(List.of("--server.port=0", "--store=memory"), Map.of()));
            URI health = server.uri().resolve("/health");
            assertThat(Http.get(health).status()).isEqualTo(200);
            server.close();
            assertThatThrownBy(() -> Http.get(health)).isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    @Nested
    @DisplayName("log safety")
    class LogSafety {

        @Test
        @DisplayName("a start failure message has every configured credential masked")
        void masksCredentials() {
            String password = "pw-" + UUID.randomUUID();
            String token = "iat-" + UUID.randomUUID();
            ServerConfiguration config = ServerConfiguration.load(List.of("--store.jdbc.password=" + password,
                    "--registration.initial-access-tokens=" + token), Map.of());
            RuntimeException failure = new IllegalStateException("login failed with " + password,
                    new IllegalArgumentException("token " + token + " refused"));

            String message = McpOAuthServer.safeCauses(failure, config);

            assertThat(message).doesNotContain(password).doesNotContain(token)
                    .contains("IllegalStateException").contains("IllegalArgumentException").contains("****");
        }

        @Test
        @DisplayName("the start-up description of a JDBC URL has no user info and no parameters")
        void safeJdbcUrl() {
            assertThat(StoreBackend.safeJdbcUrl("jdbc:mysql://root:pw@db:3306/test?password=x&ssl=true"))
                    .isEqualTo("jdbc:mysql://db:3306/test");
            assertThat(StoreBackend.safeJdbcUrl("jdbc:h2:tcp://db/x;PASSWORD=y")).isEqualTo("jdbc:h2:tcp://db/x");
            assertThat(StoreBackend.safeRedisUrl(URI.create("redis://user:pw@cache:6380/2")))
                    .isEqualTo("redis://cache:6380/2");
        }

        @Test
        @DisplayName("loopback hosts are recognised, so the open-registration warning fires only for others")
        void loopback() {
            assertThat(McpOAuthServer.isLoopback("127.0.0.1")).isTrue();
            assertThat(McpOAuthServer.isLoopback("localhost")).isTrue();
            assertThat(McpOAuthServer.isLoopback("::1")).isTrue();
            assertThat(McpOAuthServer.isLoopback("0.0.0.0")).isFalse();
        }
    }
}
