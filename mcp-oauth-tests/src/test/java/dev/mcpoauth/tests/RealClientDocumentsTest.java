package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN §9: every Client ID Metadata Document a real MCP client publishes resolves with the
 * core's defaults, and every redirect URI the client presents matches. The core cannot use the
 * kit (the kit depends on it), so the core's check of the kit's fixtures lives here.
 */
@DisplayName("Real MCP client metadata documents, against the core")
class RealClientDocumentsTest {

    final List<FetchRequest> fetches = new CopyOnWriteArrayList<>();

    static List<InteropFixtures.CimdDocument> documents() {
        return InteropFixtures.cimdDocuments();
    }

    static InteropFixtures.CimdDocument named(String id) {
        return documents().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** Serves the document from a recording fake origin at a public address. */
    RegisteredClient resolve(InteropFixtures.CimdDocument real) {
        ClientIdMetadataDocuments documents = ClientIdMetadataDocuments.builder(request -> {
            fetches.add(request);
            return new FetchResponse(200, Map.of("Content-Type", List.of("application/json")),
                    json(real.document()).getBytes(StandardCharsets.UTF_8));
        }).hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14})))
                .build();
        return documents.resolve(real.url()).orElseThrow();
    }

    @ParameterizedTest(name = "{0} resolves to a public client")
    @MethodSource("documents")
    void eachResolvesToAPublicClient(InteropFixtures.CimdDocument real) {
        RegisteredClient client = resolve(real);

        assertThat(client.clientId()).isEqualTo(real.url());
        assertThat(client.isConfidential()).isFalse();
        assertThat(client.registrationAccessTokenHash()).isEmpty();
        assertThat(client.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(client.allowsGrant("authorization_code")).isTrue();
        assertThat(client.metadata().clientName()).contains((String) real.document().get("client_name"));
        assertThat(fetches).extracting(f -> f.url().value()).containsExactly(real.url());
    }

    @ParameterizedTest(name = "{0}: every redirect URI the client presents matches")
    @MethodSource("documents")
    void eachPresentedRedirectMatches(InteropFixtures.CimdDocument real) {
        RegisteredClient client = resolve(real);

        assertThat(real.redirectsPresented()).allSatisfy(presented ->
                assertThat(client.redirectUriMatches(presented)).as(presented).isTrue());
    }

    @Test
    void claudeCodesPortlessLoopbackUrisMatchAnyPort() {
        RegisteredClient client = resolve(named("claude-code"));

        assertThat(client.redirectUriMatches("http://localhost:3118/callback")).isTrue();
        assertThat(client.redirectUriMatches("http://localhost:" + (1024 + new Random().nextInt(60_000)) + "/callback"))
                .isTrue();
        assertThat(client.redirectUriMatches("http://localhost:3118/other")).isFalse();
        assertThat(client.redirectUriMatches("http://evil.example:3118/callback")).isFalse();
    }

    @Test
    void vsCodeIsANativeClientWhoseLoopbackUriMatchesAnotherPort() {
        RegisteredClient client = resolve(named("vscode"));

        assertThat(client.metadata().applicationType()).isEqualTo("native");
        assertThat(client.redirectUriMatches("http://127.0.0.1:33419/")).isTrue();
        assertThat(client.allowsGrant("urn:ietf:params:oauth:grant-type:device_code")).isFalse();
    }

    @Test
    void chatGptsPrivateKeyJwtIsNegotiatedToNoneBecauseItOffersNone() {
        InteropFixtures.CimdDocument chatgpt = named("chatgpt");

        assertThat(chatgpt.document().get("token_endpoint_auth_method")).isEqualTo("private_key_jwt");
        assertThat(resolve(chatgpt).metadata().tokenEndpointAuthMethod()).isEqualTo("none");
    }

    @ParameterizedTest(name = "{0} does not match: non-loopback redirect URIs match only exactly")
    @ValueSource(strings = {"https://claude.ai/api/mcp/auth_callback/", "https://claude.ai:8443/api/mcp/auth_callback",
        "https://claude.ai/api/mcp/auth_callback?x=1", "https://claude.ai/api/mcp/auth_callback/x",
        "http://claude.ai/api/mcp/auth_callback"})
    void nonLoopbackRedirectsStayExact(String presented) {
        assertThat(resolve(named("claude")).redirectUriMatches(presented)).isFalse();
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            list.forEach(v -> sb.append(sb.length() > 1 ? "," : "").append(json(v)));
            return sb.append(']').toString();
        }
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return String.valueOf(value);
    }
}
