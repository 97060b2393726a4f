package dev.mcpoauth.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key the server accepts (DESIGN §6), with its default and environment
 * variable name. The one list of keys: parsing, validation and the docs test all read it.
 */
public enum ConfigurationKey {
    SERVER_HOST("server.host", "127.0.0.1", false),
    SERVER_PORT("server.port", "8080", false),
    ISSUER("issuer", null, false),
    AUTHORIZATION_ENDPOINT("authorization-endpoint", null, false),
    TOKEN_ENDPOINT("token-endpoint", null, false),
    STORE("store", "h2", false),
    STORE_H2_PATH("store.h2.path", "./data/mcp-oauth", false),
    STORE_JDBC_URL("store.jdbc.url", null, true),
    STORE_JDBC_USERNAME("store.jdbc.username", null, false),
    STORE_JDBC_PASSWORD("store.jdbc.password", null, true),
    STORE_JDBC_POOL_SIZE("store.jdbc.pool-size", "10", false),
    STORE_REDIS_URL("store.redis.url", "redis://127.0.0.1:6379", true),
    STORE_REDIS_KEY_PREFIX("store.redis.key-prefix", "mcp-oauth:", false),
    REGISTRATION_ENABLED("registration.enabled", "true", false),
    REGISTRATION_PATH("registration.path", "/register", false),
    REGISTRATION_INITIAL_ACCESS_TOKENS("registration.initial-access-tokens", "", true),
    REGISTRATION_ALLOWED_REDIRECT_HOSTS("registration.allowed-redirect-hosts", "", false),
    REGISTRATION_PRIVATE_USE_SCHEMES("registration.private-use-schemes", "true", false),
    REGISTRATION_SCOPE_POLICY("registration.scope-policy", "accept", false),
    REGISTRATION_ALLOWED_SCOPES("registration.allowed-scopes", "", false),
    REGISTRATION_CLIENT_SECRET_TTL("registration.client-secret-ttl", "0", false),
    REGISTRATION_MANAGEMENT("registration.management", "true", false),
    HTTP_MAX_BODY_BYTES("http.max-body-bytes", "65536", false),
    CORS_ALLOWED_ORIGINS("cors.allowed-origins", "*", false);

    /** Prefix of every environment variable that sets a key. */
    public static final String ENVIRONMENT_PREFIX = "MCP_OAUTH_";

    /** Environment variables the project's test suite reads for backend coordinates; the server ignores them. */
    public static final String TEST_ENVIRONMENT_PREFIX = "MCP_OAUTH_TEST_";

    private final String key;
    private final String defaultValue;
    private final boolean sensitive;

    ConfigurationKey(String key, String defaultValue, boolean sensitive) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.sensitive = sensitive;
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

    /** {@code MCP_OAUTH_} + the key upper-cased with {@code .} and {@code -} turned into {@code _}. */
    public String environmentName() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key with this name, if any. */
    public static Optional<ConfigurationKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
