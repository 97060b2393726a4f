package dev.mcpoauth.server;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.registration.RateLimitKey;
import dev.mcpoauth.core.registration.RegistrationPolicy.ScopePolicy;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.store.redis.RedisClientRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key the server accepts (DESIGN §6), each declared once: its name, default,
 * whether it may hold a credential, what it expects (repeated in error messages), and how its
 * text is parsed and which builder call it feeds. Adding a key is adding a constant here (plus
 * its row in {@code docs/configuration.md} and an invalid example in the table test).
 *
 * <p>A binding parses only the syntax the server owns ({@link ConfigurationValue}) and hands
 * the value to the builder that judges it ({@code RegistrationPolicy}, {@code HttpBindingOptions},
 * the stores' builders). Whatever either throws becomes an {@link InvalidConfigurationException}
 * naming the key.
 */
public enum ConfigurationKey {
    SERVER_HOST("server.host", "127.0.0.1", false, "an address or host name to bind",
            (v, b) -> b.host = v.required()),
    SERVER_PORT("server.port", "8080", false, "0-65535; 0 picks a free port",
            (v, b) -> {
                b.port = v.integer();
                ConfigurationValue.require(b.port >= 0 && b.port <= 65535, "must be from 0 to 65535");
            }),
    ISSUER("issuer", null, false, "an absolute http(s) URL without user info, query or fragment",
            (v, b) -> b.issuer = v.optional().map(url -> {
                // judged now by the calls it feeds at start, once the bound port is known
                HttpBindingOptions.builder().issuer(url).publicBaseUrl(url);
                return URI.create(url);
            })),
    AUTHORIZATION_ENDPOINT("authorization-endpoint", null, false,
            "an absolute http(s) URL without user info, query or fragment",
            (v, b) -> b.authorizationEndpoint = v.optional().map(url -> {
                HttpBindingOptions.builder().authorizationEndpoint(url);
                return URI.create(url);
            })),
    TOKEN_ENDPOINT("token-endpoint", null, false, "an absolute http(s) URL without user info, query or fragment",
            (v, b) -> b.tokenEndpoint = v.optional().map(url -> {
                HttpBindingOptions.builder().tokenEndpoint(url);
                return URI.create(url);
            })),
    STORE("store", "h2", false, "h2, jdbc, redis or memory",
            (v, b) -> b.store = v.choice(ServerConfiguration.Store.class)),
    STORE_H2_PATH("store.h2.path", "./data/mcp-oauth", false, "a file path without the .mv.db suffix",
            (v, b) -> b.h2Path = Path.of(v.required())),
    STORE_JDBC_URL("store.jdbc.url", null, true,
            "jdbc:mysql://... (MySQL and MariaDB), jdbc:postgresql://... or jdbc:h2:...; required for store=jdbc",
            (v, b) -> b.jdbcUrl = v.optional().map(JdbcStores::requireSupportedUrl)),
    STORE_JDBC_USERNAME("store.jdbc.username", null, false, "a database user",
            (v, b) -> b.jdbcUsername = v.optional()),
    STORE_JDBC_PASSWORD("store.jdbc.password", null, true, "a database password",
            (v, b) -> b.jdbcPassword = v.optional()),
    STORE_JDBC_POOL_SIZE("store.jdbc.pool-size", "10", false, "1-1000 connections (also used for h2)",
            (v, b) -> b.jdbcPoolSize = v.integer()),
    STORE_REDIS_URL("store.redis.url", "redis://127.0.0.1:6379", true,
            "redis://[user:password@]host[:port][/db] or rediss://...",
            (v, b) -> b.redisUrl = RedisStores.url(v.required())),
    STORE_REDIS_POOL_SIZE("store.redis.pool-size", "32", false,
            "1-1000 connections to Redis, shared by the clients and the rate limiter",
            (v, b) -> b.redisPoolSize = RedisStores.requirePoolSize(v.integer())),
    STORE_REDIS_KEY_PREFIX("store.redis.key-prefix", "mcp-oauth:", false,
            "a non-empty prefix without white space, '{' or '}'",
            (v, b) -> b.redisKeyPrefix = RedisClientRegistry.requireValidKeyPrefix(v.text())),
    REGISTRATION_ENABLED("registration.enabled", "true", false, "true or false",
            (v, b) -> b.policy.enabled(v.bool())),
    REGISTRATION_PATH("registration.path", "/register", false,
            "a path such as /oauth/register, not /health and not under /.well-known",
            (v, b) -> {
                String path = v.text();
                b.http.basePath(path);
                ConfigurationValue.require(!path.equals(HealthServlet.PATH) && !path.startsWith("/.well-known"),
                        "is a path the server itself serves");
            }),
    REGISTRATION_INITIAL_ACCESS_TOKENS("registration.initial-access-tokens", "", true,
            "comma-separated tokens of at least 16 characters; empty for open registration",
            (v, b) -> b.policy.initialAccessTokens(v.list())),
    REGISTRATION_ALLOWED_REDIRECT_HOSTS("registration.allowed-redirect-hosts", "", false,
            "comma-separated hosts and *.example.com wildcards; empty for any",
            (v, b) -> b.policy.allowedRedirectHosts(v.set())),
    REGISTRATION_PRIVATE_USE_SCHEMES("registration.private-use-schemes", "true", false,
            "true, false or a comma-separated list of schemes",
            (v, b) -> {
                if (v.isBoolean()) {
                    b.policy.privateUseSchemesAllowed(v.bool());
                } else {
                    ConfigurationValue.require(!v.list().isEmpty(), "must be true, false or a list of schemes");
                    b.policy.privateUseSchemesAllowed(true).allowedPrivateUseSchemes(v.set());
                }
            }),
    REGISTRATION_SCOPE_POLICY("registration.scope-policy", "accept", false, "accept, filter or reject",
            (v, b) -> b.policy.scopePolicy(v.choice(ScopePolicy.class))),
    REGISTRATION_ALLOWED_SCOPES("registration.allowed-scopes", "", false,
            "scopes separated by commas or spaces; required when the scope policy is filter or reject",
            (v, b) -> b.policy.allowedScopes(v.words())),
    REGISTRATION_CLIENT_SECRET_TTL("registration.client-secret-ttl", "0", false,
            "seconds until an issued client secret expires, 0 for never",
            (v, b) -> b.policy.clientSecretLifetime(v.seconds())),
    REGISTRATION_MANAGEMENT("registration.management", "true", false, "true or false",
            (v, b) -> b.policy.managementEnabled(v.bool())),
    REGISTRATION_RATE_LIMIT("registration.rate-limit", "20/1h", false,
            "count/window such as 20/1h (window units ms, s, m, h, d), or 0 for no limit",
            (v, b) -> b.rateLimit = v.text().equals("0") ? Optional.empty() : Optional.of(RateLimit.parse(v.text()))),
    REGISTRATION_RATE_LIMIT_KEY("registration.rate-limit.key", "address", false, "address or token",
            (v, b) -> b.rateLimitKey = v.choice(RateLimitKey.class)),
    REGISTRATION_RATE_LIMIT_FAIL_OPEN("registration.rate-limit.fail-open", "false", false,
            "true to let registrations through while the rate limiter's store is down, false to answer 503",
            (v, b) -> b.rateLimitFailOpen = v.bool()),
    REGISTRATION_RATE_LIMIT_PERMIT_IN_WRITE("registration.rate-limit.permit-in-write", "true", false,
            "true to take the permit in the store's write when it can (Redis: one round trip per registration),"
                    + " false to take it before the body on every attempt",
            (v, b) -> b.rateLimitPermitInWrite = v.bool()),
    SERVER_TRUSTED_PROXIES("server.trusted-proxies", "", false,
            "comma-separated CIDR blocks or addresses of reverse proxies, such as 10.0.0.0/8, 127.0.0.1; empty for none",
            (v, b) -> b.http.trustedProxies(v.list())),
    REGISTRATION_MAX_CLIENTS("registration.max-clients", "0", false, "the most clients stored, 0 for no cap",
            (v, b) -> b.policy.maxClients(v.integer())),
    REGISTRATION_REAP_UNUSED_AFTER("registration.reap-unused-after", "0", false,
            "a duration such as 90d after which an unused client is deleted, 0 for never",
            (v, b) -> {
                b.reapUnusedAfter = v.duration();
                ConfigurationValue.require(!b.reapUnusedAfter.isNegative(), "must not be negative");
            }),
    REGISTRATION_REAP_INTERVAL("registration.reap-interval", "1h", false,
            "a positive duration such as 1h between reaping runs",
            (v, b) -> {
                b.reapInterval = v.duration();
                ConfigurationValue.require(!b.reapInterval.isZero(), "must be positive");
            }),
    HTTP_MAX_BODY_BYTES("http.max-body-bytes", "65536", false, "1024-16777216 bytes",
            (v, b) -> b.http.maxBodyBytes(v.integer())),
    CORS_ALLOWED_ORIGINS("cors.allowed-origins", "*", false,
            "*, a comma-separated list of origins such as https://app.example.com, or empty for none",
            (v, b) -> b.http.corsAllowedOrigins(v.list())),
    METRICS_ENABLED("metrics.enabled", "true", false, "true or false: GET /metrics in the Prometheus text format",
            (v, b) -> b.metricsEnabled = v.bool()),
    LOGGING_FORMAT("logging.format", "text", false, "text or json (one JSON object per line)",
            (v, b) -> b.logFormat = v.choice(LogFormat.class)),
    ADMIN_TOKENS("admin.tokens", "", true,
            "comma-separated tokens of at least 32 characters; empty turns the admin API off (every /admin path 404)",
            (v, b) -> {
                b.adminTokens = v.list();
                ConfigurationValue.require(b.adminTokens.stream().allMatch(t -> t.length() >= 32),
                        "each admin token must have at least 32 characters");
            });

    /** Prefix of every environment variable that sets a key. */
    public static final String ENVIRONMENT_PREFIX = "MCP_OAUTH_";

    /** Environment variables the project's test suite reads for backend coordinates; the server ignores them. */
    public static final String TEST_ENVIRONMENT_PREFIX = "MCP_OAUTH_TEST_";

    /** How a key's text reaches the builders: parse what the server owns, feed the builder that judges. */
    @FunctionalInterface
    interface Binding {
        void bind(ConfigurationValue value, ServerConfiguration.Builder into);
    }

    private final String key;
    private final String defaultValue;
    private final boolean sensitive;
    private final String description;
    private final Binding binding;

    ConfigurationKey(String key, String defaultValue, boolean sensitive, String description, Binding binding) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.sensitive = sensitive;
        this.description = description;
        this.binding = binding;
    }

    /** The key as written in a properties file or a {@code --key=value} argument. */
    public String key() {
        return key;
    }

    /** The fixed default, or empty when the key has none or its default is derived from other keys. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the value may hold a credential, so that it is never repeated in a message. */
    public boolean sensitive() {
        return sensitive;
    }

    /** What the key expects, in a few words, as error messages repeat it. */
    public String description() {
        return description;
    }

    /** {@code MCP_OAUTH_} + the key upper-cased with {@code .} and {@code -} turned into {@code _}. */
    public String environmentName() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses {@code value} and feeds it to the builders in {@code into}. */
    void bind(ConfigurationValue value, ServerConfiguration.Builder into) {
        binding.bind(value, into);
    }

    /** The key with this name, if any. */
    public static Optional<ConfigurationKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
