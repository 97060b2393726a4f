package dev.mcpoauth.spring.boot;

import dev.mcpoauth.cimd.jetty.JettyMetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.TrustPolicy;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registration.SecretGenerator;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.http.jakarta.AuthorizationServerMetadataServlet;
import dev.mcpoauth.http.jakarta.ClientRegistrationServlet;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The mcp-oauth registry and its HTTP endpoints from {@code mcp.oauth.*}: a {@link ClientRegistry}
 * on the store {@code mcp.oauth.store} names, the {@link RegistrationPolicy}, the
 * {@link ClientDirectory} an authorization server uses, and in a servlet web application the
 * registration endpoint (RFC 7591, with RFC 7592 management) and the RFC 8414 metadata document.
 * Every bean steps aside for one of the application's own. No security filter chain is added:
 * permit the endpoints with {@link McpOAuthEndpoints} (see its Javadoc).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@ConditionalOnProperty(prefix = "mcp.oauth", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({McpOAuthProperties.class, RegistrationRateLimitProperties.class})
@Import({McpOAuthStoreConfigurations.Jdbc.class, McpOAuthStoreConfigurations.Redis.class,
        McpOAuthStoreConfigurations.Memory.class, McpOAuthStoreConfigurations.Unavailable.class})
public class McpOAuthAutoConfiguration {

    /** Bean name of the registration servlet's registration, to replace it. */
    public static final String REGISTRATION_SERVLET = "mcpOAuthRegistrationServlet";

    /** Bean name of the metadata servlet's registration, to replace it. */
    public static final String METADATA_SERVLET = "mcpOAuthMetadataServlet";

    @Bean
    @ConditionalOnMissingBean
    RegistrationPolicy mcpOAuthRegistrationPolicy(McpOAuthProperties properties) {
        McpOAuthProperties.Registration r = properties.getRegistration();
        RegistrationPolicy.Builder policy = RegistrationPolicy.builder()
                .enabled(r.isEnabled())
                .managementEnabled(r.isManagement())
                .initialAccessTokens(List.copyOf(r.getInitialAccessTokens()))
                .allowedRedirectHosts(new LinkedHashSet<>(r.getAllowedRedirectHosts()))
                .scopePolicy(r.getScopePolicy(), new LinkedHashSet<>(r.getAllowedScopes()))
                .clientSecretLifetime(r.getClientSecretTtl())
                .maxClients(r.getMaxClients());
        String schemes = r.getPrivateUseSchemes().trim().toLowerCase(Locale.ROOT);
        if (schemes.equals("true") || schemes.equals("false")) {
            policy.privateUseSchemesAllowed(Boolean.parseBoolean(schemes));
        } else {
            policy.privateUseSchemesAllowed(true).allowedPrivateUseSchemes(new LinkedHashSet<>(
                    List.of(schemes.split("\\s*,\\s*"))));
        }
        return policy.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ClientDirectory mcpOAuthClientDirectory(ClientRegistry store,
            ObjectProvider<ClientIdMetadataDocuments> metadataDocuments, ObjectProvider<ClientRegistryDecorator> decorators) {
        ClientRegistry registry = decorated(store, decorators);
        ClientIdMetadataDocuments documents = metadataDocuments.getIfAvailable();
        return documents == null ? new ClientDirectory(registry)
                : new ClientDirectory(registry, documents, Clock.systemUTC());
    }

    /**
     * Registration with every {@link RegistrationEventListener} bean, and the
     * {@link RegistrationRateLimiter} bean when there is one ({@link McpOAuthAbuseControlAutoConfiguration}).
     */
    @Bean
    @ConditionalOnMissingBean
    RegistrationService mcpOAuthRegistrationService(ClientRegistry registry, RegistrationPolicy policy,
            RegistrationRateLimitProperties rateLimit, ObjectProvider<RegistrationRateLimiter> rateLimiters,
            ObjectProvider<RegistrationEventListener> listeners, ObjectProvider<ClientRegistryDecorator> decorators) {
        RegistrationService.Builder service = RegistrationService.builder(decorated(registry, decorators), policy)
                .rateLimitKey(rateLimit.getKey())
                .rateLimiterFailOpen(rateLimit.isFailOpen())
                .permitsInWrite(rateLimit.isPermitInWrite())
                .listeners(listeners.orderedStream().toList());
        rateLimiters.ifAvailable(service::rateLimiter);
        return service.build();
    }

    /** RFC 7592 management with every {@link RegistrationEventListener} bean. */
    @Bean
    @ConditionalOnMissingBean
    ClientConfigurationService mcpOAuthClientConfigurationService(ClientRegistry registry, RegistrationPolicy policy,
            ObjectProvider<RegistrationEventListener> listeners, ObjectProvider<ClientRegistryDecorator> decorators) {
        return new ClientConfigurationService(decorated(registry, decorators), policy, Clock.systemUTC(),
                SecretGenerator.secureRandom(), listeners.orderedStream().toList());
    }

    static ClientRegistry decorated(ClientRegistry store, ObjectProvider<ClientRegistryDecorator> decorators) {
        ClientRegistry registry = store;
        for (ClientRegistryDecorator decorator : decorators.orderedStream().toList()) {
            registry = decorator.decorate(registry);
        }
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    HttpBindingOptions mcpOAuthHttpBindingOptions(McpOAuthProperties properties, ClientDirectory directory) {
        HttpBindingOptions.Builder options = HttpBindingOptions.builder()
                .clientIdMetadataDocumentsSupported(directory.metadataDocumentsEnabled())
                .basePath(properties.getRegistration().getPath())
                .maxBodyBytes(properties.getHttp().getMaxBodyBytes())
                .corsAllowedOrigins(properties.getCors().getAllowedOrigins())
                .trustedProxies(properties.getServer().getTrustedProxies());
        if (properties.getIssuer() != null) {
            options.publicBaseUrl(properties.getIssuer()).issuer(properties.getIssuer());
        }
        if (properties.getAuthorizationEndpoint() != null) {
            options.authorizationEndpoint(properties.getAuthorizationEndpoint());
        }
        if (properties.getTokenEndpoint() != null) {
            options.tokenEndpoint(properties.getTokenEndpoint());
        }
        return options.build();
    }

    /** Client ID Metadata Documents, when {@code mcp.oauth.cimd.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "mcp.oauth.cimd", name = "enabled", havingValue = "true")
    static class MetadataDocuments {

        @Bean
        @ConditionalOnMissingBean
        ClientIdMetadataDocuments mcpOAuthClientIdMetadataDocuments(ObjectProvider<MetadataDocumentFetcher> fetchers,
                RegistrationPolicy policy, McpOAuthProperties properties,
                ObjectProvider<RegistrationEventListener> listeners) {
            MetadataDocumentFetcher fetcher = fetchers.getIfUnique();
            if (fetcher == null) {
                throw new IllegalStateException("mcp.oauth.cimd.enabled=true needs dev.mcpoauth:mcp-oauth-cimd-jetty"
                        + " on the class path (or a MetadataDocumentFetcher bean)");
            }
            McpOAuthProperties.Cimd cimd = properties.getCimd();
            ClientIdMetadataDocuments.Builder documents = ClientIdMetadataDocuments.builder(fetcher)
                    .registrationPolicy(policy)
                    .allowLoopbackOriginsForDevelopment(cimd.isAllowLoopbackOriginsForDevelopment())
                    .listeners(listeners.orderedStream().toList());
            if (!cimd.getTrustedHosts().isEmpty() || !cimd.getTrustedUrlPatterns().isEmpty()) {
                documents.trustPolicy(TrustPolicy.allowlist(new LinkedHashSet<>(cimd.getTrustedHosts()),
                        List.copyOf(cimd.getTrustedUrlPatterns())));
            }
            if (cimd.getTimeout() != null) {
                documents.timeout(cimd.getTimeout());
            }
            if (cimd.getCacheSize() != null) {
                documents.cacheSize(cimd.getCacheSize());
            }
            return documents.build();
        }

        /**
         * The Jetty fetcher, when {@code mcp-oauth-cimd-jetty} is on the class path; it trusts the JDK's anchors, or
         * the trust store of the SSL bundle {@code mcp.oauth.cimd.ssl-bundle} names.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(JettyMetadataDocumentFetcher.class)
        static class Jetty {

            @Bean(destroyMethod = "close")
            @ConditionalOnMissingBean(MetadataDocumentFetcher.class)
            JettyMetadataDocumentFetcher mcpOAuthMetadataDocumentFetcher(McpOAuthProperties properties,
                    ObjectProvider<SslBundles> sslBundles) {
                McpOAuthProperties.Cimd cimd = properties.getCimd();
                JettyMetadataDocumentFetcher.Builder fetcher = JettyMetadataDocumentFetcher.builder()
                        .allowLoopbackForDevelopment(cimd.isAllowLoopbackOriginsForDevelopment());
                if (StringUtils.hasText(cimd.getSslBundle())) {
                    fetcher.trustStore(trustStore(cimd.getSslBundle().trim(), sslBundles.getIfAvailable()));
                }
                return fetcher.build();
            }

            /** The trust store of the named bundle; a name that leads to none stops the start, naming the property. */
            private static KeyStore trustStore(String name, SslBundles bundles) {
                String property = "mcp.oauth.cimd.ssl-bundle=" + name;
                if (bundles == null) {
                    throw new IllegalStateException(property + " needs Spring Boot's SSL bundles (SslAutoConfiguration),"
                            + " and the application has none");
                }
                SslBundle bundle;
                try {
                    bundle = bundles.getBundle(name);
                } catch (NoSuchSslBundleException e) {
                    throw new IllegalStateException(property + " names no SSL bundle: define spring.ssl.bundle.jks."
                            + name + ".truststore.* (or spring.ssl.bundle.pem." + name + ".truststore.*)", e);
                }
                KeyStore trustStore = bundle.getStores().getTrustStore();
                if (trustStore == null) {
                    throw new IllegalStateException(property + " names an SSL bundle without a trust store: define"
                            + " spring.ssl.bundle.jks." + name + ".truststore.* (or spring.ssl.bundle.pem." + name
                            + ".truststore.*)");
                }
                return trustStore;
            }
        }
    }

    /** The endpoints as servlets, in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({Servlet.class, ServletRegistrationBean.class})
    static class Servlets {

        @Bean(REGISTRATION_SERVLET)
        @ConditionalOnMissingBean(name = REGISTRATION_SERVLET)
        ServletRegistrationBean<ClientRegistrationServlet> mcpOAuthRegistrationServlet(RegistrationService registration,
                ClientConfigurationService management, HttpBindingOptions options) {
            ServletRegistrationBean<ClientRegistrationServlet> bean = new ServletRegistrationBean<>(
                    new ClientRegistrationServlet(registration, management, options), options.servletMapping());
            bean.setName(REGISTRATION_SERVLET);
            return bean;
        }

        @Bean(METADATA_SERVLET)
        @ConditionalOnMissingBean(name = METADATA_SERVLET)
        ServletRegistrationBean<AuthorizationServerMetadataServlet> mcpOAuthMetadataServlet(RegistrationPolicy policy,
                HttpBindingOptions options, McpOAuthProperties properties) {
            ServletRegistrationBean<AuthorizationServerMetadataServlet> bean = new ServletRegistrationBean<>(
                    new AuthorizationServerMetadataServlet(policy, options), McpOAuthEndpoints.metadataPaths(
                            properties.getIssuer() == null ? null : URI.create(properties.getIssuer())).toArray(String[]::new));
            bean.setName(METADATA_SERVLET);
            return bean;
        }
    }

    /** The request matcher users permit in their own filter chain, when Spring Security is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RequestMatcher.class)
    static class Security {

        @Bean
        @ConditionalOnMissingBean
        McpOAuthEndpoints mcpOAuthEndpoints(HttpBindingOptions options, McpOAuthProperties properties) {
            return new McpOAuthEndpoints(options.basePath(),
                    properties.getIssuer() == null ? null : URI.create(properties.getIssuer()));
        }
    }
}
