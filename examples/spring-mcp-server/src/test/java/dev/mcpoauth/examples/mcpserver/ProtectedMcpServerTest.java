package dev.mcpoauth.examples.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP server over a real socket, its tokens from an issuer on another real socket: what an MCP client
 * sees before and after it has a token, and every kind of token it must refuse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProtectedMcpServerTest {

    /** The canonical URI is configuration, not the listening address (a server behind a proxy has both). */
    private static final String RESOURCE = "https://mcp.example.test/mcp";

    private static final TestIssuer ISSUER = TestIssuer.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void resource(DynamicPropertyRegistry properties) {
        properties.add("mcp.resource.uri", () -> RESOURCE);
        properties.add("mcp.resource.authorization-server", ISSUER::issuer);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Nested
    @DisplayName("protected-resource metadata (RFC 9728)")
    class Metadata {

        @Test
        @DisplayName("is public at the root and names this resource, the authorization server and the scope")
        void atTheRoot() throws Exception {
            HttpResponse<String> response = get("/.well-known/oauth-protected-resource");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.get("resource").asString()).isEqualTo(RESOURCE);
            assertThat(metadata.get("authorization_servers").get(0).asString()).isEqualTo(ISSUER.issuer());
            assertThat(metadata.get("authorization_servers").size()).isEqualTo(1);
            assertThat(metadata.get("scopes_supported").get(0).asString()).isEqualTo("mcp:tools");
            assertThat(metadata.get("bearer_methods_supported").get(0).asString()).isEqualTo("header");
            assertThat(metadata.get("tls_client_certificate_bound_access_tokens").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("is the same at the path-aware location of the MCP endpoint (RFC 9728 §3.1)")
        void pathAware() throws Exception {
            HttpResponse<String> response = get("/.well-known/oauth-protected-resource/mcp");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("resource").asString()).isEqualTo(RESOURCE);
        }
    }

    @Nested
    @DisplayName("without a token")
    class WithoutToken {

        @Test
        @DisplayName("an MCP request gets 401 and a Bearer challenge that points at the metadata")
        void challenged() throws Exception {
            HttpResponse<String> response = post(initialize(), Optional.empty(), Optional.empty());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource\"");
        }

        @Test
        @DisplayName("a browser client may read the challenge (CORS exposes WWW-Authenticate)")
        void corsExposesTheChallenge() throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/mcp"))
                    .POST(HttpRequest.BodyPublishers.ofString(initialize()))
                    .header("Content-Type", "application/json")
                    .header("Origin", "http://localhost:6274")
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                    exposed -> assertThat(exposed).containsIgnoringCase("WWW-Authenticate"));
        }
    }

    @Nested
    @DisplayName("with a token issued for this resource with the scope")
    class WithValidToken {

        @Test
        @DisplayName("a client initializes, lists the tools and calls add(2, 40) = 42")
        void callsTheTool() throws Exception {
            String token = ISSUER.sign(ISSUER.claims(RESOURCE, "mcp:tools").build());

            HttpResponse<String> initialized = post(initialize(), Optional.of(token), Optional.empty());
            assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
            assertThat(result(initialized).get("serverInfo").get("name").asString()).isEqualTo("mcp-oauth-example");
            Optional<String> session = initialized.headers().firstValue("Mcp-Session-Id");
            assertThat(session).isPresent();

            HttpResponse<String> notified = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    Optional.of(token), session);
            assertThat(notified.statusCode()).isEqualTo(202);

            HttpResponse<String> tools = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                    Optional.of(token), session);
            assertThat(tools.statusCode()).isEqualTo(200);
            assertThat(result(tools).get("tools").get(0).get("name").asString()).isEqualTo("add");

            HttpResponse<String> call = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":40}}}", Optional.of(token), session);
            assertThat(call.statusCode()).isEqualTo(200);
            JsonNode content = result(call).get("content").get(0);
            assertThat(content.get("type").asString()).isEqualTo("text");
            assertThat(content.get("text").asString()).isEqualTo("42");
        }
    }

    @Nested
    @DisplayName("refuses with 401 invalid_token")
    class RefusedTokens {

        @Test
        @DisplayName("a token issued for another resource (RFC 8707 audience)")
        void wrongAudience() throws Exception {
            assertRefused(ISSUER.sign(ISSUER.claims("https://other.example.test/mcp", "mcp:tools").build()));
        }

        @Test
        @DisplayName("a token with no audience at all")
        void noAudience() throws Exception {
            assertRefused(ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(RESOURCE, "mcp:tools").build())
                    .audience((String) null).build()));
        }

        @Test
        @DisplayName("a token that expired ten minutes ago")
        void expired() throws Exception {
            Instant then = Instant.now().minus(Duration.ofMinutes(20));
            assertRefused(ISSUER.sign(ISSUER.claims(RESOURCE, "mcp:tools")
                    .issueTime(Date.from(then))
                    .notBeforeTime(Date.from(then))
                    .expirationTime(Date.from(then.plus(Duration.ofMinutes(10))))
                    .build()));
        }

        @Test
        @DisplayName("a token whose payload was changed after signing")
        void tampered() throws Exception {
            String token = ISSUER.sign(ISSUER.claims(RESOURCE, "mcp:tools").build());
            String[] parts = token.split("\\.");
            String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                    java.nio.charset.StandardCharsets.UTF_8).replace("\"sub\":\"demo\"", "\"sub\":\"admin\"");
            assertThat(payload).contains("\"sub\":\"admin\"");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];

            assertRefused(forged);
        }

        @Test
        @DisplayName("a token signed by a key the authorization server does not publish")
        void foreignKey() throws Exception {
            assertRefused(ISSUER.signWithStrangerKey(ISSUER.claims(RESOURCE, "mcp:tools").build()));
        }

        @Test
        @DisplayName("a token from another issuer")
        void otherIssuer() throws Exception {
            assertRefused(ISSUER.sign(ISSUER.claims(RESOURCE, "mcp:tools").issuer("https://evil.example.test").build()));
        }

        @Test
        @DisplayName("something that is not a JWT")
        void notAJwt() throws Exception {
            assertRefused("not-a-jwt");
        }

        private void assertRefused(String token) throws Exception {
            HttpResponse<String> response = post(initialize(), Optional.of(token), Optional.empty());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\"")
                    .contains("resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource\"")
                    .doesNotContain(token);
        }
    }

    @Nested
    @DisplayName("a valid token without the scope")
    class WithoutScope {

        @Test
        @DisplayName("gets 403 insufficient_scope naming the scope and the metadata, so the client can step up")
        void forbidden() throws Exception {
            String token = ISSUER.sign(ISSUER.claims(RESOURCE, "profile").build());

            HttpResponse<String> response = post(initialize(), Optional.of(token), Optional.empty());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\","
                    + " error_description=\"The access token does not grant the scope mcp:tools\", scope=\"mcp:tools\","
                    + " resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource\"");
        }
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"ProtectedMcpServerTest\",\"version\":\"1\"}}}";
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String json, Optional<String> token, Optional<String> session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        session.ifPresent(value -> request.header("Mcp-Session-Id", value).header("MCP-Protocol-Version", "2025-06-18"));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC result of a response, whether the server answered with JSON or with one SSE event. */
    private static JsonNode result(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = type.startsWith("text/event-stream")
                ? response.body().lines().filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring(5).strip()).collect(Collectors.joining())
                : response.body();
        JsonNode message = JSON.readTree(body);
        assertThat(message.has("error")).as("JSON-RPC error in %s", body).isFalse();
        return message.get("result");
    }
}
