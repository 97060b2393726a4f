package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Admin API (DESIGN §12)")
class AdminApiTest {

    private static final String ADMIN_TOKEN = "admin-token-for-the-tests-0123456789abcdef";

    @TempDir
    Path dataDirectory;

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Every credential and hash the test saw issued, to look for in every admin response. */
    private final List<String> credentials = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final String software = "admin-test-" + UUID.randomUUID();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    private List<String> storeArguments(String store) {
        switch (store) {
            case "memory":
                return List.of("--store=memory");
            case "h2":
                return List.of("--store=h2", "--store.h2.path=" + dataDirectory.resolve("admin"));
            case "redis":
                return List.of("--store=redis", "--store.redis.url=" + env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                        "--store.redis.key-prefix=admin-" + UUID.randomUUID() + ":");
            case "mariadb":
                return List.of("--store=jdbc", "--store.jdbc.url=" + env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test"),
                        "--store.jdbc.username=" + env("MCP_OAUTH_TEST_MYSQL_USER", "root"),
                        "--store.jdbc.password=" + env("MCP_OAUTH_TEST_MYSQL_PASSWORD", ""));
            case "postgresql":
                return List.of("--store=jdbc", "--store.jdbc.url=" + env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                        "--store.jdbc.username=" + env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres"),
                        "--store.jdbc.password=" + env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", ""));
            default:
                throw new IllegalArgumentException(store);
        }
    }

    /** A server with the admin API on {@code store}, and the store itself for seeding. */
    private Started start(String store, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--admin.tokens=" + ADMIN_TOKEN));
        arguments.addAll(storeArguments(store));
        arguments.addAll(List.of(more));
        ServerConfiguration config = ServerConfiguration.load(arguments.stream()
                .filter(a -> !a.equals("--store.jdbc.password=")).toList(), Map.of());
        StoreBackend backend = StoreBackend.open(config);
        McpOAuthServer server = McpOAuthServer.start(config, backend);
        opened.add(server);
        return new Started(server, backend);
    }

    private record Started(McpOAuthServer server, StoreBackend store) {
        URI uri(String path) {
            return server.uri().resolve(path);
        }
    }

    private Http.Response admin(String method, URI uri) {
        Http.Response response = Http.request(method, uri, Optional.of(ADMIN_TOKEN), Optional.empty());
        bodies.add(response.raw().body());
        return response;
    }

    private Map<String, Object> register(Started started, String name) {
        Http.Response response = Http.postJson(started.uri("/register"), Map.of(
                "redirect_uris", List.of("http://127.0.0.1/cb"), "client_name", name, "software_id", software,
                "token_endpoint_auth_method", "client_secret_basic"));
        assertThat(response.status()).isEqualTo(201);
        Map<String, Object> body = response.json();
        credentials.add((String) body.get("client_secret"));
        credentials.add((String) body.get("registration_access_token"));
        RegisteredClient stored = started.store().registry().findById((String) body.get("client_id")).orElseThrow();
        stored.clientSecretHash().ifPresent(credentials::add);
        stored.registrationAccessTokenHash().ifPresent(credentials::add);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Http.Response listing) {
        return ((List<Map<String, Object>>) listing.json().get("clients")).stream()
                .map(c -> (String) c.get("client_id")).toList();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "h2", "redis", "mariadb", "postgresql"})
    @DisplayName("lists with filters, sorts and pages; shows; deletes (the RFC 7592 token then answers 401); stats; reaps; never a secret or hash")
    void operatorsUseCases(String store) throws Exception {
        Started started = start(store);
        Map<String, Object> cursor = register(started, "Cursor");
        Map<String, Object> claude = register(started, "Claude Code");
        Map<String, Object> cursorNightly = register(started, "Cursor Nightly");
        String byUs = "/admin/clients?software_id=" + q(software);

        assertThat(ids(admin("GET", started.uri(byUs))))
                .containsExactly((String) cursor.get("client_id"), (String) claude.get("client_id"),
                        (String) cursorNightly.get("client_id"));
        assertThat(ids(admin("GET", started.uri(byUs + "&order=desc"))))
                .containsExactly((String) cursorNightly.get("client_id"), (String) claude.get("client_id"),
                        (String) cursor.get("client_id"));
        assertThat(ids(admin("GET", started.uri(byUs + "&client_name_prefix=Cursor&sort=last_activity"))))
                .containsExactlyInAnyOrder((String) cursor.get("client_id"), (String) cursorNightly.get("client_id"));

        List<String> paged = new ArrayList<>();
        Http.Response page = admin("GET", started.uri(byUs + "&limit=1"));
        paged.addAll(ids(page));
        while (page.json().containsKey("next_cursor")) {
            page = admin("GET", started.uri(byUs + "&limit=1&cursor=" + q((String) page.json().get("next_cursor"))));
            assertThat(page.status()).isEqualTo(200);
            paged.addAll(ids(page));
        }
        assertThat(paged).containsExactly((String) cursor.get("client_id"), (String) claude.get("client_id"),
                (String) cursorNightly.get("client_id"));

        Http.Response shown = admin("GET", started.uri("/admin/clients/" + claude.get("client_id")));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json()).containsEntry("client_name", "Claude Code").containsEntry("confidential", true)
                .doesNotContainKeys("client_secret", "client_secret_hash", "registration_access_token");
        assertThat(admin("GET", started.uri("/admin/clients/no-such-client")).status()).isEqualTo(404);

        assertThat(admin("DELETE", started.uri("/admin/clients/" + claude.get("client_id"))).status()).isEqualTo(204);
        Http.Response afterDelete = Http.get(URI.create((String) claude.get("registration_client_uri")),
                (String) claude.get("registration_access_token"));
        assertThat(afterDelete.status()).isEqualTo(401);
        assertThat(admin("DELETE", started.uri("/admin/clients/" + claude.get("client_id"))).status()).isEqualTo(404);

        Http.Response stats = admin("GET", started.uri("/admin/stats"));
        assertThat(stats.status()).isEqualTo(200);
        assertThat(((Number) stats.json().get("clients")).longValue()).isGreaterThanOrEqualTo(2);
        assertThat((List<?>) stats.json().get("registrations_per_day")).hasSize(30);
        assertThat(stats.raw().body()).contains("\"value\":\"" + software + "\"");

        Instant ancient = Instant.parse("1921-06-01T00:00:00Z");
        RegisteredClient abandoned = TestClients.publicClient().clientIdIssuedAt(ancient).createdAt(ancient)
                .updatedAt(ancient).build();
        started.store().registry().create(abandoned);
        Http.Response reaped = admin("POST", started.uri("/admin/reap?unused-for=36500d"));
        assertThat(reaped.status()).isEqualTo(200);
        int count = ((Number) reaped.json().get("reaped")).intValue();
        assertThat(count).isGreaterThanOrEqualTo(1);
        assertThat(reaped.json()).containsEntry("complete", true);
        assertThat(started.store().registry().findById(abandoned.clientId())).isEmpty();
        assertThat(MetricsEndpointTest.parse(Http.get(started.uri("/metrics")).raw().body()))
                .as("the reaping's ClientsReaped event in /metrics")
                .containsEntry("mcp_oauth_clients_reaped_total", (double) count);
        assertThat(started.store().registry().findById((String) cursor.get("client_id"))).isPresent();

        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(credentials)
                .allSatisfy(credential -> assertThat(body).doesNotContain(credential)));
        started.store().registry().delete((String) cursor.get("client_id"));
        started.store().registry().delete((String) cursorNightly.get("client_id"));
    }

    @Test
    @DisplayName("a wrong or missing admin token gets the same 401 on every path, existing client or not")
    void noExistenceLeak() throws Exception {
        Started started = start("memory");
        Map<String, Object> client = register(started, "Known");
        List<String> paths = List.of("/admin/clients", "/admin/clients/" + client.get("client_id"),
                "/admin/clients/unknown", "/admin/stats", "/admin/nothing-here", "/admin");
        for (String path : paths) {
            for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("wrong-admin-token"),
                    Optional.of(ADMIN_TOKEN + "x"))) {
                Http.Response response = Http.request("GET", started.uri(path), token, Optional.empty());
                assertThat(response.status()).as("%s with %s", path, token).isEqualTo(401);
                assertThat(response.json()).containsEntry("error", "invalid_token");
                assertThat(response.header("WWW-Authenticate")).get().asString().startsWith("Bearer");
                assertThat(response.raw().body()).doesNotContain((String) client.get("client_id"));
            }
        }
        assertThat(Http.request("DELETE", started.uri("/admin/clients/" + client.get("client_id")),
                Optional.of("wrong-admin-token"), Optional.empty()).status()).isEqualTo(401);
        assertThat(started.store().registry().findById((String) client.get("client_id"))).isPresent();
    }

    @Test
    @DisplayName("without admin.tokens, every /admin path answers 404, token or not")
    void offByDefault() throws Exception {
        McpOAuthServer server = McpOAuthServer.start(ServerConfiguration.load(
                List.of("--server.port=0", "--store=memory"), Map.of()));
        opened.add(server);
        for (String path : List.of("/admin", "/admin/clients", "/admin/stats")) {
            assertThat(Http.request("GET", server.uri().resolve(path), Optional.of(ADMIN_TOKEN), Optional.empty())
                    .status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("bad parameters get 400 invalid_request")
    void badParameters() throws Exception {
        Started started = start("memory");
        for (String path : List.of("/admin/clients?limit=0", "/admin/clients?sort=name", "/admin/clients?cursor=x",
                "/admin/clients?created_from=yesterday", "/admin/clients?colour=red", "/admin/reap",
                "/admin/reap?unused-for=soon")) {
            String method = path.startsWith("/admin/reap") ? "POST" : "GET";
            Http.Response response = admin(method, started.uri(path));
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json()).containsEntry("error", "invalid_request");
        }
        assertThat(admin("POST", started.uri("/admin/clients")).status()).isEqualTo(405);
    }
}
