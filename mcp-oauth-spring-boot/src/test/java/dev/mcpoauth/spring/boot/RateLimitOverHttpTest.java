package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.micrometer.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registration rate limit through the auto-configured servlet, over a real socket in an
 * application started as users start theirs: the default {@code 20/1h} lets one address register
 * 20 times, the 21st attempt is {@code 429} with {@code Retry-After} before its body is read, and
 * behind a trusted proxy each forwarded address has its own bucket.
 */
@DisplayName("the registration rate limit over HTTP")
class RateLimitOverHttpTest {

    private static final String REGISTRATION = "{\"redirect_uris\":[\"http://127.0.0.1:3000/callback\"],"
            + "\"token_endpoint_auth_method\":\"none\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("the default 20/1h: 20 registrations from one address, then 429 with Retry-After, counted in the meters")
    void twentyFirstRegistrationIsRefused() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            URI base = base(app);
            for (int i = 1; i <= 20; i++) {
                HttpResponse<String> registered = register(base, null);
                assertThat(registered.statusCode()).as("registration %d: %s", i, registered.body()).isEqualTo(201);
            }
            HttpResponse<String> refused = register(base, null);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("\"error\":\"too_many_requests\"");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 3600L);
            assertThat(refused.headers().firstValue("RateLimit-Policy")).isPresent();

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            assertThat(meters.get(MeterNames.REGISTRATIONS).tag("outcome", "registered").counter().count()).isEqualTo(20);
            assertThat(meters.get(MeterNames.REGISTRATIONS).tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("behind a trusted proxy, X-Forwarded-For names the caller: another address still registers")
    void behindATrustedProxy() throws Exception {
        try (ConfigurableApplicationContext app = start("mcp.oauth.registration.rate-limit=1/1h",
                "mcp.oauth.server.trusted-proxies=127.0.0.1")) {
            URI base = base(app);
            assertThat(register(base, "203.0.113.7").statusCode()).isEqualTo(201);
            assertThat(register(base, "203.0.113.7").statusCode()).isEqualTo(429);
            assertThat(register(base, "198.51.100.9").statusCode()).isEqualTo(201);
        }
    }

    @Test
    @DisplayName("without trusted proxies, X-Forwarded-For is ignored: a client cannot pick its own bucket")
    void forwardedHeadersIgnoredByDefault() throws Exception {
        try (ConfigurableApplicationContext app = start("mcp.oauth.registration.rate-limit=1/1h")) {
            URI base = base(app);
            assertThat(register(base, "203.0.113.7").statusCode()).isEqualTo(201);
            assertThat(register(base, "198.51.100.9").statusCode()).isEqualTo(429);
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(Application.class).properties("server.port=0", "server.address=127.0.0.1",
                "mcp.oauth.store=memory", "spring.main.banner-mode=off").properties(properties).run();
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> register(URI base, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(REGISTRATION));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        SecurityFilterChain application(HttpSecurity http, McpOAuthEndpoints mcpOAuth) throws Exception {
            http.authorizeHttpRequests(a -> a.requestMatchers(mcpOAuth).permitAll().anyRequest().authenticated())
                    .csrf(c -> c.ignoringRequestMatchers(mcpOAuth));
            return http.build();
        }
    }
}
