package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpoauth.cimd.jetty.JettyMetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.spring.authorizationserver.McpAuthorizationServer;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.redis.RedisClientRegistry;
import dev.mcpoauth.tests.TestClients;
import dev.mcpoauth.tests.TestTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

@DisplayName("McpOAuthAutoConfiguration")
class McpOAuthAutoConfigurationTest {

    private static final AutoConfigurations MCP_OAUTH = AutoConfigurations.of(McpOAuthAutoConfiguration.class,
            McpOAuthHealthAutoConfiguration.class, McpOAuthAuthorizationServerAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(MCP_OAUTH);

    private static String h2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Nested
    @DisplayName("mcp.oauth.store")
    class Stores {

        @Test
        @DisplayName("jdbc is the default and uses the application's DataSource, creating the schema when asked")
        void jdbcOnTheApplicationsDataSource() {
            runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=" + h2Url(), "mcp.oauth.store.jdbc.create-schema=true")
                    .run(context -> {
                        assertThat(context).hasSingleBean(JdbcClientRegistry.class).hasSingleBean(ClientDirectory.class);
                        assertThat(context.getBean(ClientRegistry.class).count()).isZero();
                    });
        }

        @Test
        @DisplayName("jdbc without a DataSource fails at start-up and names the property")
        void jdbcWithoutADataSourceFails() {
            runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                    .hasMessageContaining("mcp.oauth.store=jdbc").hasMessageContaining("DataSource"));
        }

        @Test
        @DisplayName("jdbc without mcp-oauth-store-jdbc on the class path fails and names the module")
        void jdbcWithoutTheModuleFails() {
            runner.withClassLoader(new FilteredClassLoader(JdbcClientRegistry.class))
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("mcp-oauth-store-jdbc"));
        }

        @Test
        @DisplayName("redis connects to mcp.oauth.store.redis.url when the application has no Jedis bean")
        void redisFromProperties() {
            String prefix = "spring-test-" + UUID.randomUUID() + ":";
            runner.withPropertyValues("mcp.oauth.store=redis", "mcp.oauth.store.redis.url=redis://127.0.0.1:6379",
                    "mcp.oauth.store.redis.key-prefix=" + prefix).run(context -> {
                        assertThat(context).hasSingleBean(RedisClientRegistry.class).hasBean("mcpOAuthJedis");
                        assertThat(context.getBean(ClientRegistry.class).count()).isZero();
                    });
        }

        @Test
        @DisplayName("redis uses the application's UnifiedJedis bean when there is one")
        void redisOnTheApplicationsJedis() {
            runner.withPropertyValues("mcp.oauth.store=redis", "mcp.oauth.store.redis.key-prefix=spring-test-"
                    + UUID.randomUUID() + ":").withUserConfiguration(ApplicationJedis.class).run(context -> {
                        assertThat(context).hasSingleBean(RedisClientRegistry.class).doesNotHaveBean("mcpOAuthJedis")
                                .hasSingleBean(UnifiedJedis.class);
                        assertThat(context.getBean(ClientRegistry.class).count()).isZero();
                    });
        }

        @Test
        @DisplayName("memory keeps clients in an InMemoryClientRegistry")
        void memory() {
            runner.withPropertyValues("mcp.oauth.store=memory")
                    .run(context -> assertThat(context).hasSingleBean(InMemoryClientRegistry.class));
        }

        @Test
        @DisplayName("an unknown store fails at start-up and lists the choices")
        void unknownStore() {
            runner.withPropertyValues("mcp.oauth.store=mongodb").run(context -> assertThat(context).hasFailed()
                    .getFailure().rootCause().hasMessageContaining("jdbc, redis or memory"));
        }
    }

    @Nested
    @DisplayName("the application's own beans")
    class Overrides {

        @Test
        @DisplayName("a ClientRegistry bean of the application replaces the store")
        void ownRegistry() {
            runner.withUserConfiguration(OwnRegistry.class).run(context -> {
                assertThat(context).hasSingleBean(ClientRegistry.class);
                assertThat(context.getBean(ClientRegistry.class)).isSameAs(context.getBean("ownRegistry"));
            });
        }

        @Test
        @DisplayName("a RegistrationPolicy bean of the application replaces the one from the properties")
        void ownPolicy() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(OwnPolicy.class)
                    .run(context -> assertThat(context.getBean(RegistrationPolicy.class).enabled()).isFalse());
        }

        @Test
        @DisplayName("mcp.oauth.enabled=false turns everything off")
        void disabled() {
            runner.withPropertyValues("mcp.oauth.enabled=false", "mcp.oauth.store=memory")
                    .run(context -> assertThat(context).doesNotHaveBean(ClientRegistry.class)
                            .doesNotHaveBean(ClientDirectory.class));
        }

        @Test
        @DisplayName("registration properties reach the policy with the server's key names")
        void policyFromProperties() {
            runner.withPropertyValues("mcp.oauth.store=memory",
                    "mcp.oauth.registration.initial-access-tokens=" + "t".repeat(32),
                    "mcp.oauth.registration.allowed-redirect-hosts=app.example.com",
                    "mcp.oauth.registration.private-use-schemes=cursor,vscode",
                    "mcp.oauth.registration.scope-policy=reject", "mcp.oauth.registration.allowed-scopes=mcp:tools",
                    "mcp.oauth.registration.client-secret-ttl=3600", "mcp.oauth.registration.management=false")
                    .run(context -> {
                        RegistrationPolicy policy = context.getBean(RegistrationPolicy.class);
                        assertThat(policy.openRegistration()).isFalse();
                        assertThat(policy.allowedRedirectHosts()).containsExactly("app.example.com");
                        assertThat(policy.allowedPrivateUseSchemes()).containsExactly("cursor", "vscode");
                        assertThat(policy.scopePolicy()).isEqualTo(RegistrationPolicy.ScopePolicy.REJECT);
                        assertThat(policy.allowedScopes()).containsExactly("mcp:tools");
                        assertThat(policy.clientSecretLifetime()).hasSeconds(3600);
                        assertThat(policy.managementEnabled()).isFalse();
                    });
        }
    }

    @Nested
    @DisplayName("servlets")
    class Servlets {

        @Test
        @DisplayName("a servlet web application gets the registration endpoint and the metadata document at their paths")
        void registeredInAServletApplication() {
            new WebApplicationContextRunner().withConfiguration(MCP_OAUTH)
                    .withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.path=/oauth/register",
                            "mcp.oauth.issuer=https://auth.example.com/tenant")
                    .run(context -> {
                        assertThat(mappings(context.getBean(McpOAuthAutoConfiguration.REGISTRATION_SERVLET)))
                                .containsExactly("/oauth/register/*");
                        assertThat(mappings(context.getBean(McpOAuthAutoConfiguration.METADATA_SERVLET))).containsExactly(
                                        "/.well-known/oauth-authorization-server",
                                        "/.well-known/oauth-authorization-server/tenant");
                    });
        }

        private java.util.Collection<String> mappings(Object registration) {
            return ((ServletRegistrationBean<?>) registration).getUrlMappings();
        }

        @Test
        @DisplayName("an application that is not a servlet web application gets no servlets")
        void notInANonWebApplication() {
            runner.withPropertyValues("mcp.oauth.store=memory")
                    .run(context -> assertThat(context).doesNotHaveBean(ServletRegistrationBean.class));
        }
    }

    @Nested
    @DisplayName("Spring Security")
    class Security {

        @Test
        @DisplayName("present: a McpOAuthEndpoints request matcher for the registration and metadata paths")
        void matcherWhenPresent() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> {
                McpOAuthEndpoints endpoints = context.getBean(McpOAuthEndpoints.class);
                assertThat(endpoints.matches(new MockHttpServletRequest("POST", "/register"))).isTrue();
                assertThat(endpoints.matches(new MockHttpServletRequest("GET", "/register/abc"))).isTrue();
                assertThat(endpoints.matches(new MockHttpServletRequest("GET",
                        "/.well-known/oauth-authorization-server"))).isTrue();
                assertThat(endpoints.matches(new MockHttpServletRequest("GET", "/registered"))).isFalse();
                assertThat(endpoints.matches(new MockHttpServletRequest("GET", "/admin"))).isFalse();
            });
        }

        @Test
        @DisplayName("absent: no request matcher, and the registry still works")
        void noMatcherWhenAbsent() {
            runner.withPropertyValues("mcp.oauth.store=memory")
                    .withClassLoader(new FilteredClassLoader(RequestMatcher.class))
                    .run(context -> assertThat(context).doesNotHaveBean(McpOAuthEndpoints.class)
                            .hasSingleBean(ClientDirectory.class));
        }
    }

    @Nested
    @DisplayName("Actuator")
    class Actuator {

        @Test
        @DisplayName("present: the store's health is reported up")
        void healthWhenPresent() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> {
                Health health = context.getBean("mcpOAuthHealthIndicator", HealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("store", "InMemoryClientRegistry");
            });
        }

        @Test
        @DisplayName("a store that does not answer is reported down, naming only the failure's class")
        void healthDownWhenTheStoreFails() {
            runner.withPropertyValues("spring.datasource.url=jdbc:h2:tcp://127.0.0.1:1/nothing")
                    .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .run(context -> {
                        Health health = context.getBean("mcpOAuthHealthIndicator", HealthIndicator.class).health();
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails()).containsKey("error");
                    });
        }

        @Test
        @DisplayName("absent: no health contributor")
        void noHealthWhenAbsent() {
            runner.withPropertyValues("mcp.oauth.store=memory")
                    .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                    .run(context -> assertThat(context).doesNotHaveBean("mcpOAuthHealthIndicator"));
        }

        @Test
        @DisplayName("management.health.mcp-oauth.enabled=false turns the contributor off")
        void healthDisabledByProperty() {
            runner.withPropertyValues("mcp.oauth.store=memory", "management.health.mcp-oauth.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean("mcpOAuthHealthIndicator"));
        }
    }

    @Nested
    @DisplayName("mcp.oauth.cimd")
    class MetadataDocuments {

        @Test
        @DisplayName("on: URL client ids resolve through the Jetty fetcher, and the metadata advertises it")
        void on() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.cimd.enabled=true",
                    "mcp.oauth.cimd.trusted-hosts=claude.ai", "mcp.oauth.cimd.timeout=3s").run(context -> {
                        assertThat(context).hasSingleBean(ClientIdMetadataDocuments.class)
                                .hasSingleBean(JettyMetadataDocumentFetcher.class);
                        assertThat(context.getBean(ClientDirectory.class).metadataDocumentsEnabled()).isTrue();
                        assertThat(context.getBean(HttpBindingOptions.class).clientIdMetadataDocumentsSupported())
                                .isTrue();
                    });
        }

        @Test
        @DisplayName("off (the default): no fetcher, and URL ids are plain unknown ids")
        void off() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> {
                assertThat(context).doesNotHaveBean(ClientIdMetadataDocuments.class)
                        .doesNotHaveBean(JettyMetadataDocumentFetcher.class);
                assertThat(context.getBean(ClientDirectory.class).metadataDocumentsEnabled()).isFalse();
                assertThat(context.getBean(HttpBindingOptions.class).clientIdMetadataDocumentsSupported()).isFalse();
            });
        }

        @Test
        @DisplayName("ssl-bundle: the fetcher trusts the bundle's trust store, and fetches from an origin with a test CA")
        void sslBundleTrustStoreIsUsed() throws Exception {
            try (HttpsOrigin origin = HttpsOrigin.start()) {
                runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                        .withPropertyValues(cimdWithBundle("origins")).withPropertyValues(ORIGINS_BUNDLE)
                        .run(context -> {
                            FetchResponse response = context.getBean(MetadataDocumentFetcher.class)
                                    .fetch(origin.request());
                            assertThat(response.status()).isEqualTo(200);
                            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                                    .isEqualTo(HttpsOrigin.DOCUMENT);
                        });
            }
        }

        @Test
        @DisplayName("no ssl-bundle: the JDK's trust anchors, so the same origin's certificate is refused")
        void withoutABundleTheJdkAnchors() throws Exception {
            try (HttpsOrigin origin = HttpsOrigin.start()) {
                runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                        .withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.cimd.enabled=true",
                                "mcp.oauth.cimd.allow-loopback-origins-for-development=true")
                        .withPropertyValues(ORIGINS_BUNDLE)
                        .run(context -> assertThatExceptionOfType(MetadataDocumentFetchException.class)
                                .isThrownBy(() -> context.getBean(MetadataDocumentFetcher.class).fetch(origin.request()))
                                .satisfies(e -> assertThat(e.reason())
                                        .isEqualTo(MetadataDocumentFetchException.Reason.UNREACHABLE))
                                .withMessageContaining("TLS failed"));
                assertThat(origin.requests()).as("requests that reached the origin's handler").isZero();
            }
        }

        @Test
        @DisplayName("ssl-bundle naming no bundle fails at start-up and names the property")
        void unknownSslBundle() {
            runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                    .withPropertyValues(cimdWithBundle("nonesuch")).withPropertyValues(ORIGINS_BUNDLE)
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("mcp.oauth.cimd.ssl-bundle=nonesuch names no SSL bundle")
                            .hasRootCauseInstanceOf(NoSuchSslBundleException.class));
        }

        @Test
        @DisplayName("ssl-bundle naming a bundle without a trust store fails at start-up and says so")
        void sslBundleWithoutATrustStore() {
            runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                    .withPropertyValues(cimdWithBundle("keys-only")).withPropertyValues(
                            "spring.ssl.bundle.jks.keys-only.keystore.location="
                                    + "classpath:dev/mcpoauth/tests/tls/origin-keystore.p12",
                            "spring.ssl.bundle.jks.keys-only.keystore.password=" + TestTls.PASSWORD,
                            "spring.ssl.bundle.jks.keys-only.keystore.type=PKCS12")
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("mcp.oauth.cimd.ssl-bundle=keys-only names an SSL bundle without"
                                    + " a trust store"));
        }

        private static final String[] ORIGINS_BUNDLE = {
            "spring.ssl.bundle.jks.origins.truststore.location=classpath:dev/mcpoauth/tests/tls/origin-truststore.p12",
            "spring.ssl.bundle.jks.origins.truststore.password=" + TestTls.PASSWORD,
            "spring.ssl.bundle.jks.origins.truststore.type=PKCS12"};

        private static String[] cimdWithBundle(String bundle) {
            return new String[] {"mcp.oauth.store=memory", "mcp.oauth.cimd.enabled=true",
                "mcp.oauth.cimd.allow-loopback-origins-for-development=true", "mcp.oauth.cimd.ssl-bundle=" + bundle};
        }

        @Test
        @DisplayName("on without mcp-oauth-cimd-jetty fails at start-up and names the module")
        void onWithoutTheFetcher() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.cimd.enabled=true")
                    .withClassLoader(new FilteredClassLoader(JettyMetadataDocumentFetcher.class))
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("mcp-oauth-cimd-jetty"));
        }
    }

    @Nested
    @DisplayName("Spring Authorization Server bridge")
    class Bridge {

        @Test
        @DisplayName("with a JWKSource: the McpAuthorizationServer, its client repository and password encoder")
        void bridgeBeans() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(Jwks.class).run(context -> {
                assertThat(context).hasSingleBean(McpAuthorizationServer.class)
                        .hasSingleBean(RegisteredClientRepository.class).hasSingleBean(PasswordEncoder.class);
                assertThat(context.getBean(RegisteredClientRepository.class).findByClientId("unknown")).isNull();
            });
        }

        @Test
        @DisplayName("default-scopes: a client whose metadata names no scope gets them, one with a scope keeps its own")
        void defaultScopes() {
            var scopeless = TestClients.publicClient();
            var noScope = scopeless.metadata(scopeless.build().metadata().toBuilder().scope(Optional.empty()).build())
                    .build();
            var withScope = TestClients.publicClient().build();
            runner.withPropertyValues("mcp.oauth.store=memory",
                    "mcp.oauth.authorization-server.default-scopes=mcp:tools,mcp:resources")
                    .withUserConfiguration(Jwks.class).run(context -> {
                        ClientRegistry registry = context.getBean(ClientRegistry.class);
                        registry.create(noScope);
                        registry.create(withScope);
                        RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
                        assertThat(clients.findByClientId(noScope.clientId()).getScopes())
                                .containsExactlyInAnyOrder("mcp:tools", "mcp:resources");
                        assertThat(clients.findByClientId(withScope.clientId()).getScopes())
                                .containsExactly("mcp:tools");
                    });
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(Jwks.class).run(context -> {
                context.getBean(ClientRegistry.class).create(noScope);
                assertThat(context.getBean(RegisteredClientRepository.class).findByClientId(noScope.clientId())
                        .getScopes()).as("unset: no scope, as before").isEmpty();
            });
        }

        @Test
        @DisplayName("default-scopes: one that is not an RFC 6749 scope token fails the start")
        void defaultScopesChecked() {
            runner.withPropertyValues("mcp.oauth.store=memory",
                    "mcp.oauth.authorization-server.default-scopes=mcp:tools,bad\"scope")
                    .withUserConfiguration(Jwks.class)
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad\"scope"));
        }

        @Test
        @DisplayName("without the bridge on the class path: none of its beans")
        void noBridge() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(Jwks.class)
                    .withClassLoader(new FilteredClassLoader(McpAuthorizationServer.class))
                    .run(context -> assertThat(context).doesNotHaveBean(RegisteredClientRepository.class)
                            .doesNotHaveBean(PasswordEncoder.class));
        }
    }

    /**
     * An HTTPS origin on loopback presenting the test certificate for {@code client.example}
     * ({@link TestTls}), serving one metadata document; counts the requests its handler saw.
     */
    private static final class HttpsOrigin implements AutoCloseable {

        static final String DOCUMENT = "{\"client_id\":\"served\"}";

        private final HttpsServer server;
        private final AtomicInteger requests = new AtomicInteger();

        private HttpsOrigin(HttpsServer server) {
            this.server = server;
        }

        static HttpsOrigin start() throws IOException {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.originServerContext()));
            HttpsOrigin origin = new HttpsOrigin(server);
            server.createContext("/client.json", exchange -> {
                origin.requests.incrementAndGet();
                byte[] body = DOCUMENT.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return origin;
        }

        /** A fetch of its document as core asks for it: the URL on the certificate's host, the checked address. */
        FetchRequest request() {
            String url = "https://" + TestTls.HOST + ":" + server.getAddress().getPort() + "/client.json";
            return new FetchRequest(MetadataDocumentUrl.parse(url).orElseThrow(),
                    List.of(InetAddress.getLoopbackAddress()), Duration.ofSeconds(10), 5 * 1024);
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationJedis {
        @Bean(destroyMethod = "close")
        UnifiedJedis applicationJedis() {
            return RedisClient.create("redis://127.0.0.1:6379");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        ClientRegistry ownRegistry() {
            return new InMemoryClientRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPolicy {
        @Bean
        RegistrationPolicy ownPolicy() {
            return RegistrationPolicy.builder().enabled(false).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Jwks {
        @Bean
        JWKSource<SecurityContext> jwkSource() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }
    }
}
