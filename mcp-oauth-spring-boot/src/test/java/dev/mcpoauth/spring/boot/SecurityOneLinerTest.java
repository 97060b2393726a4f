package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.security.config.Customizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The starter adds no security filter chain: over a real socket, Spring Boot's default chain still
 * protects everything (our endpoints included), and the documented two lines open exactly our
 * endpoints while the rest of the application stays protected.
 */
@DisplayName("Spring Security with the starter, over HTTP")
class SecurityOneLinerTest {

    private static final String REGISTRATION = "{\"redirect_uris\":[\"http://127.0.0.1:3000/callback\"],"
            + "\"token_endpoint_auth_method\":\"none\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("without a chain of the application's own, Boot's default chain protects the app and the endpoints")
    void defaultChainStillProtects() throws Exception {
        try (ConfigurableApplicationContext app = start(DefaultSecurityApplication.class)) {
            URI base = base(app);
            assertThat(get(base.resolve("/anything")).statusCode()).isEqualTo(401);
            assertThat(get(base.resolve("/.well-known/oauth-authorization-server")).statusCode()).isEqualTo(401);
            assertThat(register(base).statusCode()).isIn(401, 403);
        }
    }

    @Test
    @DisplayName("with the one-liner, registration and metadata are open and the rest of the app is still protected")
    void oneLinerOpensOnlyTheEndpoints() throws Exception {
        try (ConfigurableApplicationContext app = start(OneLinerApplication.class)) {
            URI base = base(app);
            HttpResponse<String> registered = register(base);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(registered.body()).contains("\"client_id\"");
            HttpResponse<String> metadata = get(base.resolve("/.well-known/oauth-authorization-server"));
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.body()).contains("\"registration_endpoint\":\"" + base.resolve("/register") + "\"");
            assertThat(get(base.resolve("/anything")).statusCode()).isEqualTo(401);
            assertThat(get(base.resolve("/registered")).statusCode()).isEqualTo(401);
        }
    }

    private static ConfigurableApplicationContext start(Class<?> application) {
        return new SpringApplicationBuilder(application).properties("server.port=0", "server.address=127.0.0.1",
                "mcp.oauth.store=memory", "spring.main.banner-mode=off").run();
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> register(URI base) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/register")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REGISTRATION)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DefaultSecurityApplication {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OneLinerApplication {

        @Bean
        SecurityFilterChain application(HttpSecurity http, McpOAuthEndpoints mcpOAuth) throws Exception {
            http.authorizeHttpRequests(a -> a.requestMatchers(mcpOAuth).permitAll().anyRequest().authenticated())
                    .csrf(c -> c.ignoringRequestMatchers(mcpOAuth));
            http.httpBasic(Customizer.withDefaults());
            return http.build();
        }
    }
}
