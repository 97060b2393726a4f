package dev.mcpoauth.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.tests.TestClients;
import jakarta.servlet.Filter;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.GenericWebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A throttled Client ID Metadata Document fetch through a real Spring Authorization Server filter
 * chain, configured as an application does ({@code http.oauth2AuthorizationServer(mcp::customize)}):
 * {@code 429} with {@code Retry-After} and a JSON error at {@code /oauth2/authorize} and
 * {@code /oauth2/token}; any other failure to resolve the document stays {@code invalid_client}.
 */
@DisplayName("A throttled metadata document fetch through Spring Authorization Server's endpoints")
class ThrottledMetadataDocumentTest {

    private static final String DOCUMENT = "https://client.example.com/oauth/metadata.json";
    private static final String REDIRECT = "http://localhost:33418/callback";
    /** A fixed clock: the second fetch attempt is at the same instant, so the wait is the whole minute. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final AtomicInteger fetches = new AtomicInteger();
    private GenericWebApplicationContext context;
    private Filter filters;

    @BeforeEach
    void startAuthorizationServer() {
        // the origin never answers; one fetch attempt per URL per minute, so the second lookup is throttled
        ClientIdMetadataDocuments documents = ClientIdMetadataDocuments.builder(request -> {
            fetches.incrementAndGet();
            throw new MetadataDocumentFetchException(MetadataDocumentFetchException.Reason.UNREACHABLE,
                    "connection refused (test)", null);
        }).hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})))
                .fetchesPerUrlPerMinute(1)
                .clock(CLOCK)
                .build();
        McpAuthorizationServer mcp = McpAuthorizationServer.builder(new ClientDirectory(registry, documents, CLOCK),
                parameters -> {
                    throw new IllegalStateException("no token is issued in this test");
                }).build();
        context = new GenericWebApplicationContext(new MockServletContext());
        new AnnotatedBeanDefinitionReader(context).register(AuthorizationServer.class);
        context.registerBean(McpAuthorizationServer.class, () -> mcp);
        context.refresh();
        filters = context.getBean("springSecurityFilterChain", Filter.class);
    }

    @AfterEach
    void stop() {
        context.close();
        SecurityContextHolder.clearContext();
    }

    /** The authorization server's filter chain, as an application configures it. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class AuthorizationServer {

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http, McpAuthorizationServer mcp) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                mcp.customize(server);
                http.securityMatcher(server.getEndpointsMatcher());
            });
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().issuer("https://as.example").build();
        }
    }

    private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filters.doFilter(request, response, new MockFilterChain());
        SecurityContextHolder.clearContext();
        return response;
    }

    /** An authorization request; Spring reads a GET's parameters from its query string. */
    private static MockHttpServletRequest authorize(String clientId, String redirectUri, String... more) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
        request.setServletPath("/oauth2/authorize");
        List<String> pairs = new ArrayList<>(List.of("response_type", "code", "client_id", clientId,
                "redirect_uri", redirectUri, "state", "st4te",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        pairs.addAll(List.of(more));
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.size(); i += 2) {
            request.addParameter(pairs.get(i), pairs.get(i + 1));
            query.append(query.length() == 0 ? "" : "&").append(pairs.get(i)).append('=')
                    .append(URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
        }
        request.setQueryString(query.toString());
        return request;
    }

    private static MockHttpServletRequest authorize(String clientId) {
        return authorize(clientId, REDIRECT);
    }

    private static MockHttpServletRequest token(String clientId, String grantType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.setServletPath("/oauth2/token");
        request.setContentType("application/x-www-form-urlencoded");
        request.addParameter("grant_type", grantType);
        request.addParameter("client_id", clientId);
        if (grantType.equals("authorization_code")) {
            request.addParameter("code", "an-authorization-code");
            request.addParameter("redirect_uri", REDIRECT);
            request.addParameter("code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        } else {
            request.addParameter("refresh_token", "a-refresh-token");
        }
        return request;
    }

    private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
        assertThat(response.getContentType()).startsWith("application/json");
        Map<String, Object> members = new HashMap<>();
        Map<?, ?> read = JsonMapper.builder().build().readValue(response.getContentAsString(), Map.class);
        read.forEach((name, value) -> members.put((String) name, value));
        return members;
    }

    private static void assertThrottled(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        Map<String, Object> body = json(response);
        assertThat(body.keySet()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(body.get("error")).isEqualTo("too_many_requests");
        assertThat((String) body.get("error_description")).contains("retry after 60 s");
    }

    @Nested
    @DisplayName("GET /oauth2/authorize")
    class Authorize {

        @Test
        @DisplayName("an origin that does not answer is a 400 invalid_client page (no redirect); the throttled retry is 429 with Retry-After")
        void throttled() throws Exception {
            MockHttpServletResponse unavailable = send(authorize(DOCUMENT));
            assertThat(unavailable.getStatus()).isEqualTo(400);
            assertThat(unavailable.getErrorMessage()).contains("invalid_client");
            assertThat(unavailable.getRedirectedUrl()).isNull();

            MockHttpServletResponse throttled = send(authorize(DOCUMENT));
            assertThrottled(throttled);
            assertThat(throttled.getRedirectedUrl()).isNull();
            assertThat(fetches).hasValue(1);
        }

        @Test
        @DisplayName("Spring's own errors are unchanged: a registered redirect URI receives the error, an unknown client gets the page")
        void springErrorsUnchanged() throws Exception {
            var client = TestClients.publicClient().build();
            registry.create(client);
            MockHttpServletResponse redirected = send(authorize(client.clientId(), "http://localhost:58621/callback",
                    "scope", "not-a-registered-scope"));
            assertThat(redirected.getStatus()).isEqualTo(302);
            assertThat(redirected.getRedirectedUrl()).startsWith("http://localhost:58621/callback?error=invalid_scope")
                    .contains("state=st4te");

            MockHttpServletResponse unknown = send(authorize(TestClients.randomClientId()));
            assertThat(unknown.getStatus()).isEqualTo(400);
            assertThat(unknown.getErrorMessage()).contains("invalid_request");
            assertThat(unknown.getRedirectedUrl()).isNull();
        }
    }

    @Nested
    @DisplayName("POST /oauth2/token")
    class Token {

        @Test
        @DisplayName("an origin that does not answer is 401 invalid_client with the description; the throttled retry is 429 with Retry-After")
        void throttled() throws Exception {
            MockHttpServletResponse unavailable = send(token(DOCUMENT, "authorization_code"));
            assertThat(unavailable.getStatus()).isEqualTo(401);
            Map<String, Object> body = json(unavailable);
            assertThat(body.get("error")).isEqualTo("invalid_client");
            assertThat((String) body.get("error_description")).isNotBlank().doesNotContain("93.184");

            assertThrottled(send(token(DOCUMENT, "authorization_code")));
            assertThat(fetches).hasValue(1);
        }

        @Test
        @DisplayName("a public client's refresh request (authenticated by client_id alone) is 429 too when throttled")
        void refreshThrottled() throws Exception {
            assertThat(send(token(DOCUMENT, "authorization_code")).getStatus()).isEqualTo(401);
            assertThrottled(send(token(DOCUMENT, "refresh_token")));
        }

        @Test
        @DisplayName("an unknown registered client is still Spring's bare 401 invalid_client")
        void unknownClient() throws Exception {
            MockHttpServletResponse unknown = send(token(TestClients.randomClientId(), "authorization_code"));
            assertThat(unknown.getStatus()).isEqualTo(401);
            assertThat(json(unknown)).isEqualTo(Map.of("error", "invalid_client"));
            assertThat(fetches).hasValue(0);
        }
    }

    @Nested
    @DisplayName("ThrottledClientFailureHandler")
    class Handler {

        private final List<String> delegated = new ArrayList<>();
        private final ThrottledClientFailureHandler handler = new ThrottledClientFailureHandler(
                (request, response, exception) -> delegated.add(exception.getMessage()));

        private MockHttpServletResponse handle(MetadataDocumentException cause) throws Exception {
            MockHttpServletResponse response = new MockHttpServletResponse();
            handler.onAuthenticationFailure(new MockHttpServletRequest(), response, new OAuth2AuthenticationException(
                    new OAuth2Error("any"), cause.description(), cause));
            return response;
        }

        @Test
        @DisplayName("OVERLOADED is 429 too; Retry-After rounds up to whole seconds, 1 when the failure names none")
        void overloaded() throws Exception {
            MockHttpServletResponse response = handle(new MetadataDocumentException(
                    MetadataDocumentException.Failure.OVERLOADED, "too many fetches", Duration.ofMillis(1500)));
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeader("Retry-After")).isEqualTo("2");
            assertThat(json(response)).isEqualTo(Map.of("error", "too_many_requests",
                    "error_description", "too many fetches"));

            assertThat(handle(new MetadataDocumentException(MetadataDocumentException.Failure.RATE_LIMITED,
                    "slow down", null)).getHeader("Retry-After")).isEqualTo("1");
            assertThat(delegated).isEmpty();
        }

        @Test
        @DisplayName("every other failure goes to the wrapped handler untouched")
        void otherFailuresDelegated() throws Exception {
            MockHttpServletResponse response = handle(new MetadataDocumentException(
                    MetadataDocumentException.Failure.INVALID_DOCUMENT, "not a valid document", null));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.isCommitted()).isFalse();
            MockHttpServletResponse plain = new MockHttpServletResponse();
            handler.onAuthenticationFailure(new MockHttpServletRequest(), plain,
                    new OAuth2AuthenticationException("invalid_grant"));
            assertThat(delegated).hasSize(2);
            assertThat(plain.getStatus()).isEqualTo(200);
        }
    }
}
