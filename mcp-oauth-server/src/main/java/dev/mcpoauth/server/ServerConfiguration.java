package dev.mcpoauth.server;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.registration.RateLimitKey;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.store.jdbc.JdbcDataSources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's configuration (DESIGN §6), read once at start: the typed values of every
 * {@link ConfigurationKey}, with the library objects they build.
 *
 * <p>{@link ConfigurationSources} reads the raw text (file, environment, arguments, {@code ${...}});
 * each key's binding parses it and feeds the builder that judges it; this class runs the bindings,
 * then the few rules that span keys, and turns every refusal into an
 * {@link InvalidConfigurationException} naming the key and where it was set.
 */
public final class ServerConfiguration {

    /** Where registrations are kept. */
    public enum Store {
        H2, JDBC, REDIS, MEMORY;

        /** The name used in the {@code store} key. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern URL_PASSWORD_PARAMETER = Pattern.compile("(?i)password=([^&;]+)");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@:]*:([^/@]*)@");

    private final String host;
    private final int port;
    private final Optional<URI> issuer;
    private final Optional<URI> authorizationEndpoint;
    private final Optional<URI> tokenEndpoint;
    private final Store store;
    private final Path h2Path;
    private final Optional<String> jdbcUrl;
    private final Optional<String> jdbcUsername;
    private final Optional<String> jdbcPassword;
    private final int jdbcPoolSize;
    private final URI redisUrl;
    private final int redisPoolSize;
    private final String redisKeyPrefix;
    private final RegistrationPolicy policy;
    private final HttpBindingOptions http;
    private final boolean metricsEnabled;
    private final LogFormat logFormat;
    private final List<String> adminTokens;
    private final Optional<RateLimit> rateLimit;
    private final RateLimitKey rateLimitKey;
    private final boolean rateLimitFailOpen;
    private final boolean rateLimitPermitInWrite;
    private final Duration reapUnusedAfter;
    private final Duration reapInterval;

    private ServerConfiguration(Builder b, RegistrationPolicy policy, HttpBindingOptions http) {
        this.host = b.host;
        this.port = b.port;
        this.issuer = b.issuer;
        this.authorizationEndpoint = b.authorizationEndpoint;
        this.tokenEndpoint = b.tokenEndpoint;
        this.store = b.store;
        this.h2Path = b.h2Path;
        this.jdbcUrl = b.jdbcUrl;
        this.jdbcUsername = b.jdbcUsername;
        this.jdbcPassword = b.jdbcPassword;
        this.jdbcPoolSize = b.jdbcPoolSize;
        this.redisUrl = b.redisUrl;
        this.redisPoolSize = b.redisPoolSize;
        this.redisKeyPrefix = b.redisKeyPrefix;
        this.policy = policy;
        this.http = http;
        this.metricsEnabled = b.metricsEnabled;
        this.logFormat = b.logFormat;
        this.adminTokens = List.copyOf(b.adminTokens);
        this.rateLimit = b.rateLimit;
        this.rateLimitKey = b.rateLimitKey;
        this.rateLimitFailOpen = b.rateLimitFailOpen;
        this.rateLimitPermitInWrite = b.rateLimitPermitInWrite;
        this.reapUnusedAfter = b.reapUnusedAfter;
        this.reapInterval = b.reapInterval;
    }

    /**
     * Reads the configuration from arguments and the environment (and the file named by
     * {@code --config}).
     *
     * @param arguments the command line: {@code --key=value} and {@code --config FILE} (or {@code --config=FILE})
     * @param environment the process environment, consulted for {@code MCP_OAUTH_*} keys and {@code ${NAME}}
     * @throws InvalidConfigurationException naming the key, argument or file at fault
     */
    public static ServerConfiguration load(List<String> arguments, Map<String, String> environment) {
        ConfigurationSources sources = ConfigurationSources.read(arguments, environment);
        Builder builder = new Builder();
        for (ConfigurationKey key : ConfigurationKey.values()) {
            sources.value(key).ifPresent(text -> judge(sources, key, () -> {
                key.bind(new ConfigurationValue(text), builder);
                return key;
            }));
        }
        return builder.build(sources);
    }

    /** Runs one builder step; a refusal becomes an {@link InvalidConfigurationException} naming {@code key}. */
    private static <T> T judge(ConfigurationSources sources, ConfigurationKey key, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw sources.refused(key, e);
        }
    }

    /** The defaults alone, as if started with no file, no environment and no arguments. */
    public static ServerConfiguration defaults() {
        return load(List.of(), Map.of());
    }

    public String host() {
        return host;
    }

    /** The port to bind; {@code 0} picks a free one. */
    public int port() {
        return port;
    }

    /** The configured issuer, or {@code http://<host>:<port>} of the bound port. */
    public URI issuer(int boundPort) {
        return issuer.orElseGet(() -> URI.create("http://" + hostForUrl(host) + ":" + boundPort));
    }

    /** The configured authorization endpoint, or {@code <issuer>/authorize}. */
    public URI authorizationEndpoint(int boundPort) {
        return authorizationEndpoint.orElseGet(() -> resolve(issuer(boundPort), "/authorize"));
    }

    /** The configured token endpoint, or {@code <issuer>/token}. */
    public URI tokenEndpoint(int boundPort) {
        return tokenEndpoint.orElseGet(() -> resolve(issuer(boundPort), "/token"));
    }

    /** Whether {@code issuer} was set explicitly. */
    public boolean issuerConfigured() {
        return issuer.isPresent();
    }

    public Store store() {
        return store;
    }

    public Path h2Path() {
        return h2Path;
    }

    /** The JDBC URL (present whenever {@link #store()} is {@link Store#JDBC}). Never log it: it may carry a password. */
    public Optional<String> jdbcUrl() {
        return jdbcUrl;
    }

    public Optional<String> jdbcUsername() {
        return jdbcUsername;
    }

    /** Never log it. */
    public Optional<String> jdbcPassword() {
        return jdbcPassword;
    }

    public int jdbcPoolSize() {
        return jdbcPoolSize;
    }

    /** The Redis URL. Never log it whole: it may carry a password. */
    public URI redisUrl() {
        return redisUrl;
    }

    /** The most connections the server keeps open to Redis. */
    public int redisPoolSize() {
        return redisPoolSize;
    }

    public String redisKeyPrefix() {
        return redisKeyPrefix;
    }

    /** The registration endpoint's path, such as {@code /register}. */
    public String registrationPath() {
        return http.basePath();
    }

    /** The registration policy built from the {@code registration.*} keys. */
    public RegistrationPolicy policy() {
        return policy;
    }

    /** Whether {@code GET /metrics} serves the meters ({@code metrics.enabled}). */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    /** The log output format ({@code logging.format}). */
    LogFormat logFormat() {
        return logFormat;
    }

    /** The admin API's bearer tokens ({@code admin.tokens}); empty when the admin API is off. Never log them. */
    List<String> adminTokens() {
        return adminTokens;
    }

    /** The registration rate limit per caller; empty when {@code registration.rate-limit=0}. */
    public Optional<RateLimit> rateLimit() {
        return rateLimit;
    }

    /** What a registration attempt is counted against. */
    public RateLimitKey rateLimitKey() {
        return rateLimitKey;
    }

    /** Whether registrations go through while the rate limiter's store is down. */
    public boolean rateLimitFailOpen() {
        return rateLimitFailOpen;
    }

    /**
     * Whether the rate limit's permit is taken in the store's write when the store can (Redis with
     * its own limiter): one round trip per registration, at the price of reading the body of a
     * caller this process has not yet seen refused.
     */
    public boolean rateLimitPermitInWrite() {
        return rateLimitPermitInWrite;
    }

    /** The trusted reverse proxies, in normal CIDR form. */
    public List<String> trustedProxies() {
        return http.clientAddresses().trustedProxies();
    }

    /** How long a client may stay unused before the reaper deletes it; zero when reaping is off. */
    public Duration reapUnusedAfter() {
        return reapUnusedAfter;
    }

    /** The time between reaping runs. */
    public Duration reapInterval() {
        return reapInterval;
    }

    /** The largest request body read, in bytes. */
    public int maxBodyBytes() {
        return http.maxBodyBytes();
    }

    /** Allowed CORS origins; {@code *} means any; empty means no cross-origin access. */
    public List<String> corsAllowedOrigins() {
        return List.copyOf(http.corsAllowedOrigins());
    }

    /**
     * The HTTP binding's options for a server bound to {@code boundPort}: the configured path,
     * limits and CORS, with the issuer as public base URL and the metadata's issuer and endpoints.
     */
    HttpBindingOptions httpOptions(int boundPort) {
        String issuerUrl = issuer(boundPort).toString();
        return HttpBindingOptions.builder()
                .basePath(http.basePath())
                // the issuer is the server's external URL: links never come from a request's Host header
                .publicBaseUrl(issuerUrl)
                .maxBodyBytes(http.maxBodyBytes())
                .corsAllowedOrigins(http.corsAllowedOrigins())
                .trustedProxies(http.clientAddresses().trustedProxies())
                .issuer(issuerUrl)
                .authorizationEndpoint(authorizationEndpoint(boundPort).toString())
                .tokenEndpoint(tokenEndpoint(boundPort).toString())
                .build();
    }

    /**
     * Every credential in the configuration (initial access tokens, database and Redis passwords,
     * whether set as keys or inside URLs), so that messages can be masked before they are logged.
     */
    List<String> credentials() {
        List<String> found = new ArrayList<>(policy.initialAccessTokens());
        found.addAll(adminTokens);
        jdbcPassword.ifPresent(found::add);
        jdbcUrl.ifPresent(url -> {
            Matcher password = URL_PASSWORD_PARAMETER.matcher(url);
            while (password.find()) {
                found.add(password.group(1));
            }
            Matcher userInfo = URL_USER_INFO.matcher(url);
            if (userInfo.find()) {
                found.add(userInfo.group(1));
            }
        });
        if (redisUrl.getRawUserInfo() != null) {
            String userInfo = redisUrl.getRawUserInfo();
            found.add(userInfo.substring(userInfo.indexOf(':') + 1));
            if (redisUrl.getUserInfo() != null) {
                String decoded = redisUrl.getUserInfo();
                found.add(decoded.substring(decoded.indexOf(':') + 1));
            }
        }
        found.removeIf(String::isEmpty);
        found.sort((a, b) -> b.length() - a.length());
        return List.copyOf(found);
    }

    /** Never includes a credential. */
    @Override
    public String toString() {
        return "ServerConfiguration[" + host + ":" + port + ", store=" + store.configName()
                + ", registrationPath=" + registrationPath() + "]";
    }

    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    /**
     * The targets the key bindings feed: the library builders, which judge what they are given,
     * and the server's own values. Package-private for {@link ConfigurationKey}'s bindings only.
     */
    static final class Builder {
        final RegistrationPolicy.Builder policy = RegistrationPolicy.builder();
        final HttpBindingOptions.Builder http = HttpBindingOptions.builder();
        String host;
        int port;
        Optional<URI> issuer = Optional.empty();
        Optional<URI> authorizationEndpoint = Optional.empty();
        Optional<URI> tokenEndpoint = Optional.empty();
        Store store;
        Path h2Path;
        Optional<String> jdbcUrl = Optional.empty();
        Optional<String> jdbcUsername = Optional.empty();
        Optional<String> jdbcPassword = Optional.empty();
        int jdbcPoolSize;
        URI redisUrl;
        int redisPoolSize;
        String redisKeyPrefix;
        boolean metricsEnabled;
        LogFormat logFormat;
        List<String> adminTokens = List.of();
        Optional<RateLimit> rateLimit = Optional.empty();
        RateLimitKey rateLimitKey = RateLimitKey.ADDRESS;
        boolean rateLimitFailOpen;
        boolean rateLimitPermitInWrite = true;
        Duration reapUnusedAfter = Duration.ZERO;
        Duration reapInterval = Duration.ofHours(1);

        private Builder() {
        }

        /** The rules that span keys, each reported under the key a user would change. */
        private ServerConfiguration build(ConfigurationSources sources) {
            RegistrationPolicy builtPolicy = judge(sources, ConfigurationKey.REGISTRATION_ALLOWED_SCOPES, policy::build);
            String poolUrl;
            if (store == Store.JDBC) {
                poolUrl = jdbcUrl.orElseThrow(() -> sources.invalid(ConfigurationKey.STORE_JDBC_URL,
                        "is required when store=jdbc (for example jdbc:postgresql://127.0.0.1:5432/mcp_oauth)"));
                judge(sources, ConfigurationKey.STORE_JDBC_URL, () -> JdbcDataSources.pool(poolUrl));
            } else {
                poolUrl = StoreBackend.h2Url(h2Path);
            }
            judge(sources, ConfigurationKey.STORE_JDBC_POOL_SIZE, () -> JdbcStores.pool(poolUrl, jdbcPoolSize));
            return new ServerConfiguration(this, builtPolicy, http.build());
        }
    }
}
