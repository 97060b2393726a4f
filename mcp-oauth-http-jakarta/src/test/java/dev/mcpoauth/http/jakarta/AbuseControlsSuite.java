package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN §10 over HTTP, in every container: 429 with its headers before the body is read, the
 * client cap's 403, and a limiter outage's 503 (or fail-open). The servlets trust the loopback
 * peer as a proxy, so each test picks its caller with {@code X-Forwarded-For}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbuseControlsSuite {

    static final String BODY = "{\"redirect_uris\":[\"http://127.0.0.1:8123/cb\"]}";

    private ServletContainer container;
    private URI server;
    private HttpClient http;
    private InMemoryClientRegistry cappedRegistry;
    private InMemoryClientRegistry downRegistry;

    abstract ServletContainer newContainer();

    @BeforeAll
    void start() throws Exception {
        Map<String, Servlet> servlets = new LinkedHashMap<>();
        RegistrationPolicy open = RegistrationPolicy.builder().enabled(true).build();
        add(servlets, "/limited/register", new InMemoryClientRegistry(), open,
                new InMemoryRegistrationRateLimiter(RateLimit.parse("3/1h")), false);
        cappedRegistry = new InMemoryClientRegistry();
        add(servlets, "/capped/register", cappedRegistry, RegistrationPolicy.builder().enabled(true).maxClients(2).build(),
                null, false);
        downRegistry = new InMemoryClientRegistry();
        add(servlets, "/limiter-down/register", downRegistry, open, new DownLimiter(), false);
        add(servlets, "/limiter-down-open/register", new InMemoryClientRegistry(), open, new DownLimiter(), true);
        container = newContainer();
        server = container.start(servlets);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    private static void add(Map<String, Servlet> servlets, String base, InMemoryClientRegistry registry,
            RegistrationPolicy policy, RegistrationRateLimiter limiter, boolean failOpen) {
        RegistrationService.Builder service = RegistrationService.builder(registry, policy).rateLimiterFailOpen(failOpen);
        if (limiter != null) {
            service.rateLimiter(limiter);
        }
        HttpBindingOptions options = HttpBindingOptions.builder().basePath(base)
                .trustedProxies(List.of("127.0.0.1", "::1")).build();
        servlets.put(options.servletMapping(), new ClientRegistrationServlet(service.build(),
                new ClientConfigurationService(registry, policy), options));
    }

    static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    HttpResponse<String> register(String path, String forwardedFor) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.resolve(path)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor).header("Origin", "https://inspector.example")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return HttpCases.JSON.readTree(response.body());
    }

    @Test
    @DisplayName("past the limit: 429 too_many_requests with Retry-After, RateLimit-Policy, RateLimit, CORS and no-store")
    void tooManyRequests() throws Exception {
        String caller = randomAddress();
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> created = register("/limited/register", caller);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("RateLimit-Policy")).hasValue("\"registration\";q=3;w=3600");
            assertThat(created.headers().firstValue("RateLimit")).get().asString()
                    .startsWith("\"registration\";r=" + remaining + ";t=");
        }

        HttpResponse<String> refused = register("/limited/register", caller);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(json(refused).get("error").asText()).isEqualTo("too_many_requests");
        assertThat(json(refused).get("error_description").asText()).startsWith("too many registration attempts");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1_190L, 1_200L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"registration\";q=3;w=3600");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"registration\";r=0;t=" + retryAfter);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(refused.headers().firstValue("Access-Control-Expose-Headers")).get().asString()
                .contains("Retry-After", "RateLimit", "RateLimit-Policy");
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    }

    @Test
    @DisplayName("another caller is unaffected by one that hit the limit; a spoofed left-most hop does not help")
    void callersAreIndependent() throws Exception {
        String spent = randomAddress();
        for (int i = 0; i < 3; i++) {
            register("/limited/register", spent);
        }
        assertThat(register("/limited/register", spent).statusCode()).isEqualTo(429);
        assertThat(register("/limited/register", randomAddress() + ", " + spent).statusCode())
                .as("a forged hop left of the real caller").isEqualTo(429);

        assertThat(register("/limited/register", randomAddress()).statusCode()).isEqualTo(201);
    }

    @Test
    @DisplayName("the limit is checked before the body is read: a refused caller gets 429 without sending its body")
    void checkedBeforeTheBody() throws Exception {
        String caller = randomAddress();
        for (int i = 0; i < 3; i++) {
            register("/limited/register", caller);
        }

        RawHttp.Response answer = RawHttp.send(server, new RawHttp.Request("POST", "/limited/register",
                List.of(new String[] {"Content-Type", "application/json"}, new String[] {"X-Forwarded-For", caller}),
                BODY.getBytes(StandardCharsets.UTF_8), false, 50_000L));

        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isPresent();
        assertThat(answer.header("Connection")).hasValueSatisfying(value -> assertThat(value).containsIgnoringCase("close"));
    }

    @Test
    @DisplayName("client cap: past it 403 access_denied 'client limit reached'; after a delete one more registers")
    void clientCap() throws Exception {
        JsonNode first = null;
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> created = register("/capped/register", randomAddress());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            first = first == null ? json(created) : first;
        }

        HttpResponse<String> refused = register("/capped/register", randomAddress());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).get("error").asText()).isEqualTo("access_denied");
        assertThat(json(refused).get("error_description").asText()).isEqualTo("client limit reached");

        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(
                URI.create(first.get("registration_client_uri").asText()))
                .header("Authorization", "Bearer " + first.get("registration_access_token").asText())
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(register("/capped/register", randomAddress()).statusCode()).isEqualTo(201);
        assertThat(cappedRegistry.count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a limiter that cannot decide: 503 temporarily_unavailable with Retry-After, nothing registered")
    void limiterOutageIs503() throws Exception {
        HttpResponse<String> answer = register("/limiter-down/register", randomAddress());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(json(answer).get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).doesNotContain("limiter store");
        assertThat(downRegistry.count()).isZero();
    }

    @Test
    @DisplayName("failing open, a limiter outage lets the registration through, without RateLimit headers")
    void failOpen() throws Exception {
        HttpResponse<String> answer = register("/limiter-down-open/register", randomAddress());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("RateLimit")).isEmpty();
    }

    /** A limiter whose store is down. */
    static final class DownLimiter implements RegistrationRateLimiter {
        @Override
        public RateLimit limit() {
            return RateLimit.parse("20/1h");
        }

        @Override
        public RateLimitDecision tryAcquire(String key) {
            throw new RateLimiterUnavailableException("limiter store unreachable (test double)",
                    new ConnectException("connection refused"));
        }
    }
}
