package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registration.RegistrationPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code mcp.oauth.*} properties: the same names as the standalone server's keys
 * ({@code docs/configuration.md}). The store is chosen by {@code mcp.oauth.store}
 * ({@code jdbc}, the default, {@code redis} or {@code memory}); its settings live in
 * {@link JdbcStoreProperties} and {@link RedisStoreProperties}.
 */
@ConfigurationProperties(prefix = "mcp.oauth")
public class McpOAuthProperties {

    /** Whether the auto-configuration runs at all. */
    private boolean enabled = true;

    /**
     * The authorization server's issuer URL (RFC 8414), also the external base of links in
     * registration responses. Unset: derived from each request's Host header (set it in production).
     */
    private String issuer;

    /** The authorization_endpoint advertised in the metadata document. */
    private String authorizationEndpoint;

    /** The token_endpoint advertised in the metadata document. */
    private String tokenEndpoint;

    private final Server server = new Server();

    private final Metrics metrics = new Metrics();

    private final Registration registration = new Registration();

    private final Http http = new Http();

    private final Cors cors = new Cors();

    private final AuthorizationServer authorizationServer = new AuthorizationServer();

    private final Cimd cimd = new Cimd();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAuthorizationEndpoint() {
        return authorizationEndpoint;
    }

    public void setAuthorizationEndpoint(String authorizationEndpoint) {
        this.authorizationEndpoint = authorizationEndpoint;
    }

    public String getTokenEndpoint() {
        return tokenEndpoint;
    }

    public void setTokenEndpoint(String tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    public Server getServer() {
        return server;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Registration getRegistration() {
        return registration;
    }

    public Http getHttp() {
        return http;
    }

    public Cors getCors() {
        return cors;
    }

    public AuthorizationServer getAuthorizationServer() {
        return authorizationServer;
    }

    public Cimd getCimd() {
        return cimd;
    }

    /**
     * {@code mcp.oauth.cimd.*}: Client ID Metadata Documents ({@code docs/cimd.md}), clients whose
     * {@code client_id} is an https URL of their metadata. Needs {@code mcp-oauth-cimd-jetty} (or a
     * {@code MetadataDocumentFetcher} bean).
     */
    public static class Cimd {

        /** Whether URL client ids are resolved by fetching their metadata document. */
        private boolean enabled;

        /** Hosts (exact or *.example.com) documents may come from; empty with no URL patterns means any public https host. */
        private List<String> trustedHosts = new ArrayList<>();

        /** Document URLs allowed besides the hosts, * standing for one path segment. */
        private List<String> trustedUrlPatterns = new ArrayList<>();

        /** How long one fetch may take in all; unset is the library's default. */
        private Duration timeout;

        /** Documents kept in the cache; unset is the library's default. */
        private Integer cacheSize;

        /** Development only: also fetch from loopback addresses (a document served on this machine). */
        private boolean allowLoopbackOriginsForDevelopment;

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust store verifies the origins documents come
         * from, such as a private CA's; unset means the JDK's trust anchors.
         */
        private String sslBundle;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getTrustedHosts() {
            return trustedHosts;
        }

        public void setTrustedHosts(List<String> trustedHosts) {
            this.trustedHosts = trustedHosts;
        }

        public List<String> getTrustedUrlPatterns() {
            return trustedUrlPatterns;
        }

        public void setTrustedUrlPatterns(List<String> trustedUrlPatterns) {
            this.trustedUrlPatterns = trustedUrlPatterns;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Integer getCacheSize() {
            return cacheSize;
        }

        public void setCacheSize(Integer cacheSize) {
            this.cacheSize = cacheSize;
        }

        public boolean isAllowLoopbackOriginsForDevelopment() {
            return allowLoopbackOriginsForDevelopment;
        }

        public void setAllowLoopbackOriginsForDevelopment(boolean allowLoopbackOriginsForDevelopment) {
            this.allowLoopbackOriginsForDevelopment = allowLoopbackOriginsForDevelopment;
        }

        public String getSslBundle() {
            return sslBundle;
        }

        public void setSslBundle(String sslBundle) {
            this.sslBundle = sslBundle;
        }
    }

    /** {@code mcp.oauth.registration.*}: the registration policy (RFC 7591, RFC 7592). */
    public static class Registration {

        /** Whether clients may register. */
        private boolean enabled = true;

        /** Path of the registration endpoint. */
        private String path = "/register";

        /** Initial access tokens (RFC 7591 §3); empty means open registration. */
        private List<String> initialAccessTokens = new ArrayList<>();

        /** Hosts (exact or *.example.com) allowed in https redirect URIs; empty means any. */
        private List<String> allowedRedirectHosts = new ArrayList<>();

        /** Private-use URI schemes (cursor://): true, false, or a comma-separated list of allowed schemes. */
        private String privateUseSchemes = "true";

        /** What happens to requested scopes: accept, filter (drop unknown) or reject. */
        private RegistrationPolicy.ScopePolicy scopePolicy = RegistrationPolicy.ScopePolicy.ACCEPT;

        /** Scopes that filter and reject compare against. */
        private List<String> allowedScopes = new ArrayList<>();

        /** Lifetime of issued client secrets; 0 means they never expire. A bare number is seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration clientSecretTtl = Duration.ZERO;

        /** Whether RFC 7592 client management (read, update, delete with a registration access token) is on. */
        private boolean management = true;

        /**
         * Registrations per caller: count/window such as 20/1h, 100/d or 5/30s (a token bucket:
         * the count at once, then one per window/count); 0 turns the limit off.
         */
        private String rateLimit = "20/1h";

        /** The most clients stored; over it, registration answers 403 access_denied. 0 means no cap. */
        private long maxClients;

        /**
         * Delete clients unused (never used: since issued) for this long, on a schedule; 0 turns
         * reaping off. A bare number is seconds; 90d, 12h.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration reapUnusedAfter = Duration.ZERO;

        /** Time between reaping runs (and the JDBC rate limiter's clean-up). A bare number is seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration reapInterval = Duration.ofHours(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public List<String> getInitialAccessTokens() {
            return initialAccessTokens;
        }

        public void setInitialAccessTokens(List<String> initialAccessTokens) {
            this.initialAccessTokens = initialAccessTokens;
        }

        public List<String> getAllowedRedirectHosts() {
            return allowedRedirectHosts;
        }

        public void setAllowedRedirectHosts(List<String> allowedRedirectHosts) {
            this.allowedRedirectHosts = allowedRedirectHosts;
        }

        public String getPrivateUseSchemes() {
            return privateUseSchemes;
        }

        public void setPrivateUseSchemes(String privateUseSchemes) {
            this.privateUseSchemes = privateUseSchemes;
        }

        public RegistrationPolicy.ScopePolicy getScopePolicy() {
            return scopePolicy;
        }

        public void setScopePolicy(RegistrationPolicy.ScopePolicy scopePolicy) {
            this.scopePolicy = scopePolicy;
        }

        public List<String> getAllowedScopes() {
            return allowedScopes;
        }

        public void setAllowedScopes(List<String> allowedScopes) {
            this.allowedScopes = allowedScopes;
        }

        public Duration getClientSecretTtl() {
            return clientSecretTtl;
        }

        public void setClientSecretTtl(Duration clientSecretTtl) {
            this.clientSecretTtl = clientSecretTtl;
        }

        public boolean isManagement() {
            return management;
        }

        public void setManagement(boolean management) {
            this.management = management;
        }

        public String getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(String rateLimit) {
            this.rateLimit = rateLimit;
        }

        public long getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(long maxClients) {
            this.maxClients = maxClients;
        }

        public Duration getReapUnusedAfter() {
            return reapUnusedAfter;
        }

        public void setReapUnusedAfter(Duration reapUnusedAfter) {
            this.reapUnusedAfter = reapUnusedAfter;
        }

        public Duration getReapInterval() {
            return reapInterval;
        }

        public void setReapInterval(Duration reapInterval) {
            this.reapInterval = reapInterval;
        }
    }

    /** {@code mcp.oauth.http.*}. */
    public static class Http {

        /** Largest request body read, in bytes; larger ones get 413. */
        private int maxBodyBytes = 64 * 1024;

        public int getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }
    }

    /** {@code mcp.oauth.cors.*}: browser access to the registration and metadata endpoints. */
    public static class Cors {

        /** Origins allowed to call cross-origin; * means any (without credentials). */
        private List<String> allowedOrigins = new ArrayList<>(List.of("*"));

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }
    }

    /** {@code mcp.oauth.authorization-server.*}: the Spring Authorization Server bridge. */
    public static class AuthorizationServer {

        /** Whether users approve requested scopes on the consent page; a client asking for none is never asked. */
        private boolean requireConsent = true;

        public boolean isRequireConsent() {
            return requireConsent;
        }

        public void setRequireConsent(boolean requireConsent) {
            this.requireConsent = requireConsent;
        }

        /**
         * Scopes given to a client whose metadata names no scope, such as mcp:tools: MCP clients'
         * metadata documents and registrations usually carry none, yet ask for the MCP server's
         * scopes_supported, which Spring refuses (invalid_scope) for a client without them. A client
         * with a scope keeps exactly its own. Empty: such clients have no scope.
         */
        private List<String> defaultScopes = new ArrayList<>();

        public List<String> getDefaultScopes() {
            return defaultScopes;
        }

        public void setDefaultScopes(List<String> defaultScopes) {
            this.defaultScopes = defaultScopes;
        }
    }

    /**
     * {@code mcp.oauth.server.*}: how the registration endpoint sees its callers. Named as the
     * standalone server's {@code server.*} keys; Spring Boot's own {@code server.*} properties
     * are untouched.
     */
    public static class Server {

        /**
         * Reverse proxies whose Forwarded / X-Forwarded-For headers are believed when finding the
         * caller's address for the rate limit: CIDR blocks or addresses such as 10.0.0.0/8,
         * 127.0.0.1. Empty: the socket peer (request.getRemoteAddr()) is the caller.
         */
        private List<String> trustedProxies = new ArrayList<>();

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }
    }

    /** {@code mcp.oauth.metrics.*}: Micrometer meters, when the application has a {@code MeterRegistry}. */
    public static class Metrics {

        /** Whether the mcp.oauth.* meters are recorded (needs Micrometer and a MeterRegistry bean). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
