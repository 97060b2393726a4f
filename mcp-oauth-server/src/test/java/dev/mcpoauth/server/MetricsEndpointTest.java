package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.TcpProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /metrics")
class MetricsEndpointTest {

    private static final String INITIAL_TOKEN = "metrics-test-initial-access-token-0123456789";
    /** One sample line of the Prometheus text format: name, optional labels, value, optional timestamp. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|# EOF");

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static Map<String, Object> client(String redirect) {
        return Map.of("redirect_uris", List.of(redirect), "client_name", "metrics " + UUID.randomUUID());
    }

    @Test
    @DisplayName("after registrations, each kind of refusal, read/update/delete and a store outage, shows the matching counts as valid Prometheus text")
    void scriptedSequence() throws Exception {
        URI redis = URI.create(System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
        TcpProxy proxy = TcpProxy.start(new InetSocketAddress(redis.getHost(), redis.getPort()));
        opened.add(proxy);
        McpOAuthServer server = McpOAuthServer.start(ServerConfiguration.load(List.of("--server.port=0",
                "--store=redis", "--store.redis.url=redis://127.0.0.1:" + proxy.address().getPort(),
                "--store.redis.key-prefix=metrics-" + UUID.randomUUID() + ":",
                "--registration.initial-access-tokens=" + INITIAL_TOKEN, "--registration.rate-limit=0"), Map.of()));
        opened.add(server);
        URI register = server.uri().resolve("/register");
        Optional<String> token = Optional.of(INITIAL_TOKEN);

        Http.Response first = Http.request("POST", register, token, Optional.of(client("http://127.0.0.1/cb")));
        Http.Response second = Http.request("POST", register, token, Optional.of(client("http://127.0.0.1/cb2")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(Http.request("POST", register, token, Optional.of(client("javascript:alert(1)"))).status()).isEqualTo(400);
        assertThat(Http.request("POST", register, token,
                Optional.of(Map.of("redirect_uris", List.of("http://127.0.0.1/cb"), "client_name", 42))).status())
                .isEqualTo(400);
        assertThat(Http.request("POST", register, Optional.empty(), Optional.of(client("http://127.0.0.1/cb"))).status())
                .isEqualTo(401);
        assertThat(Http.request("POST", register, Optional.of("wrong-token-wrong-token-wrong"),
                Optional.of(client("http://127.0.0.1/cb"))).status()).isEqualTo(401);

        URI self = URI.create((String) first.json().get("registration_client_uri"));
        Optional<String> rat = Optional.of((String) first.json().get("registration_access_token"));
        assertThat(Http.request("GET", self, rat, Optional.empty()).status()).isEqualTo(200);
        assertThat(Http.request("GET", self, Optional.of("not-the-token"), Optional.empty()).status()).isEqualTo(401);
        Map<String, Object> update = new HashMap<>(client("http://127.0.0.1/cb3"));
        update.put("client_id", first.json().get("client_id"));
        Http.Response updated = Http.request("PUT", self, rat, Optional.of(update));
        assertThat(updated.status()).isEqualTo(200);
        Optional<String> rotated = Optional.of((String) updated.json().get("registration_access_token"));
        assertThat(Http.request("DELETE", self, rotated, Optional.empty()).status()).isEqualTo(204);

        proxy.cut();
        assertThat(Http.request("POST", register, token, Optional.of(client("http://127.0.0.1/cb"))).status()).isEqualTo(503);
        proxy.restore();

        Http.Response scrape = Http.get(server.uri().resolve("/metrics"));
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).get().asString().startsWith("text/plain");
        Map<String, Double> samples = parse(scrape.raw().body());

        assertThat(samples).containsEntry("mcp_oauth_registrations_total{error=none,outcome=registered}", 2.0)
                .containsEntry("mcp_oauth_registrations_total{error=invalid_redirect_uri,outcome=refused}", 1.0)
                .containsEntry("mcp_oauth_registrations_total{error=invalid_client_metadata,outcome=refused}", 1.0)
                .containsEntry("mcp_oauth_registrations_total{error=invalid_token,outcome=refused}", 2.0)
                .containsEntry("mcp_oauth_registrations_total{error=store_unavailable,outcome=failed}", 1.0)
                .containsEntry("mcp_oauth_management_total{operation=read,outcome=success}", 1.0)
                .containsEntry("mcp_oauth_management_total{operation=read,outcome=invalid_token}", 1.0)
                .containsEntry("mcp_oauth_management_total{operation=update,outcome=success}", 1.0)
                .containsEntry("mcp_oauth_management_total{operation=delete,outcome=success}", 1.0)
                .containsEntry("mcp_oauth_store_seconds_count{operation=create,outcome=success,store=redis}", 2.0)
                .containsEntry("mcp_oauth_store_seconds_count{operation=create,outcome=unavailable,store=redis}", 1.0)
                .containsKey("mcp_oauth_clients")
                .containsKey("jetty_threads_current");
        assertThat(samples.keySet()).anySatisfy(key -> assertThat(key).startsWith("jvm_memory_used_bytes{area=heap"));
        assertThat(samples.keySet()).anySatisfy(key -> assertThat(key).startsWith("jetty_connections_"));
        assertThat(samples.keySet()).noneSatisfy(key -> assertThat(key).contains((String) first.json().get("client_id")));
    }

    @Test
    @DisplayName("with metrics.enabled=false, /metrics is a 404 like any unknown path")
    void disabled() throws Exception {
        McpOAuthServer server = McpOAuthServer.start(ServerConfiguration.load(
                List.of("--server.port=0", "--store=memory", "--metrics.enabled=false"), Map.of()));
        opened.add(server);
        assertThat(Http.get(server.uri().resolve("/metrics")).status()).isEqualTo(404);
    }

    /**
     * Every sample of the exposition, keyed by name and its labels sorted ({@code name{a=x,b=y}});
     * fails on any line that is neither a comment nor a valid sample.
     */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a valid Prometheus sample line: %s", line).isTrue();
            List<String> labels = new ArrayList<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1) + "=" + label.group(2));
                }
            }
            labels.sort(null);
            String key = sample.group(1) + (labels.isEmpty() ? "" : "{" + String.join(",", labels) + "}");
            assertThat(samples).as("one sample per series: %s", key).doesNotContainKey(key);
            samples.put(key, Double.parseDouble(sample.group(4).replace("Inf", "Infinity")));
        }
        return samples;
    }
}
