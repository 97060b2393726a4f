package dev.mcpoauth.server;

import dev.mcpoauth.core.registration.RegistrationPolicy;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's configuration (DESIGN §6), read once at start and validated in one place.
 *
 * <p>Sources, later winning: the defaults, an optional properties file ({@code --config FILE}),
 * {@code MCP_OAUTH_*} environment variables, {@code --key=value} arguments. Any value may refer
 * to the environment as {@code ${NAME}} or {@code ${NAME:-default}}; {@code $${} is a literal
 * {@code ${}. An unknown key or an invalid value throws {@link InvalidConfigurationException}
 * naming the key and where it was set.
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

    private static final Pattern REGISTRATION_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s]+");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final Pattern SCOPE_SEPARATOR = Pattern.compile("[\\s,]+");
    private static final List<String> JDBC_URL_PREFIXES = List.of("jdbc:mysql:", "jdbc:postgresql:", "jdbc:h2:");
    private static final Pattern URL_PASSWORD_PARAMETER = Pattern.compile("(?i)password=([^&;]+)");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@:]*:([^/@]*)@");
    private static final int MIN_INITIAL_ACCESS_TOKEN_LENGTH = 16;
    private static final int MIN_BODY_BYTES = 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

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
    private final String redisKeyPrefix;
    private final String registrationPath;
    private final RegistrationPolicy policy;
    private final int maxBodyBytes;
    private final List<String> corsAllowedOrigins;

    private ServerConfiguration(Values v) {
        this.host = v.nonBlank(ConfigurationKey.SERVER_HOST);
        this.port = v.integer(ConfigurationKey.SERVER_PORT, 0, 65535);
        this.issuer = v.optional(ConfigurationKey.ISSUER).map(s -> v.httpUrl(ConfigurationKey.ISSUER, s));
        this.authorizationEndpoint = v.optional(ConfigurationKey.AUTHORIZATION_ENDPOINT)
                .map(s -> v.httpUrl(ConfigurationKey.AUTHORIZATION_ENDPOINT, s));
        this.tokenEndpoint = v.optional(ConfigurationKey.TOKEN_ENDPOINT)
                .map(s -> v.httpUrl(ConfigurationKey.TOKEN_ENDPOINT, s));
        this.store = v.choice(ConfigurationKey.STORE, Store.class);
        this.h2Path = Path.of(v.nonBlank(ConfigurationKey.STORE_H2_PATH));
        this.jdbcUrl = v.optional(ConfigurationKey.STORE_JDBC_URL);
        this.jdbcUsername = v.optional(ConfigurationKey.STORE_JDBC_USERNAME);
        this.jdbcPassword = v.optional(ConfigurationKey.STORE_JDBC_PASSWORD);
        this.jdbcPoolSize = v.integer(ConfigurationKey.STORE_JDBC_POOL_SIZE, 1, 1000);
        if (store == Store.JDBC) {
            String url = jdbcUrl.orElseThrow(() -> v.invalid(ConfigurationKey.STORE_JDBC_URL,
                    "is required when store=jdbc (for example jdbc:postgresql://127.0.0.1:5432/mcp_oauth)"));
            if (url.startsWith("jdbc:mariadb:")) {
                throw v.invalid(ConfigurationKey.STORE_JDBC_URL, "use jdbc:mysql://host:3306/database for MariaDB"
                        + " too; the server ships MySQL Connector/J");
            }
            if (JDBC_URL_PREFIXES.stream().noneMatch(url::startsWith)) {
                throw v.invalid(ConfigurationKey.STORE_JDBC_URL, "must start with one of " + JDBC_URL_PREFIXES);
            }
        }
        this.redisUrl = v.redisUrl(ConfigurationKey.STORE_REDIS_URL);
        this.redisKeyPrefix = v.nonBlank(ConfigurationKey.STORE_REDIS_KEY_PREFIX);
        if (redisKeyPrefix.chars().anyMatch(c -> Character.isWhitespace(c) || c == '{' || c == '}')) {
            throw v.invalid(ConfigurationKey.STORE_REDIS_KEY_PREFIX, "must not contain white space, '{' or '}'");
        }
        this.registrationPath = v.value(ConfigurationKey.REGISTRATION_PATH);
        if (!REGISTRATION_PATH.matcher(registrationPath).matches() || registrationPath.equals("/health")
                || registrationPath.startsWith("/.well-known")) {
            throw v.invalid(ConfigurationKey.REGISTRATION_PATH, "must be a path such as /register: a leading '/',"
                    + " no trailing '/', not /health and not under /.well-known");
        }
        this.policy = buildPolicy(v);
        this.maxBodyBytes = v.integer(ConfigurationKey.HTTP_MAX_BODY_BYTES, MIN_BODY_BYTES, MAX_BODY_BYTES);
        this.corsAllowedOrigins = v.list(ConfigurationKey.CORS_ALLOWED_ORIGINS);
        for (String origin : corsAllowedOrigins) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw v.invalid(ConfigurationKey.CORS_ALLOWED_ORIGINS,
                        "'" + origin + "' is not '*' or an origin such as https://app.example.com");
            }
        }
    }

    private static RegistrationPolicy buildPolicy(Values v) {
        RegistrationPolicy.Builder builder = RegistrationPolicy.builder()
                .enabled(v.bool(ConfigurationKey.REGISTRATION_ENABLED))
                .managementEnabled(v.bool(ConfigurationKey.REGISTRATION_MANAGEMENT));

        List<String> tokens = v.list(ConfigurationKey.REGISTRATION_INITIAL_ACCESS_TOKENS);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).length() < MIN_INITIAL_ACCESS_TOKEN_LENGTH) {
                throw v.invalid(ConfigurationKey.REGISTRATION_INITIAL_ACCESS_TOKENS, "token #" + (i + 1)
                        + " is shorter than " + MIN_INITIAL_ACCESS_TOKEN_LENGTH + " characters");
            }
        }
        builder.initialAccessTokens(tokens);

        List<String> hosts = v.list(ConfigurationKey.REGISTRATION_ALLOWED_REDIRECT_HOSTS);
        v.check(ConfigurationKey.REGISTRATION_ALLOWED_REDIRECT_HOSTS,
                () -> builder.allowedRedirectHosts(new LinkedHashSet<>(hosts)));

        String schemes = v.value(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES).trim();
        if (schemes.equalsIgnoreCase("true")) {
            builder.privateUseSchemesAllowed(true);
        } else if (schemes.equalsIgnoreCase("false")) {
            builder.privateUseSchemesAllowed(false);
        } else {
            List<String> list = v.list(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES);
            if (list.isEmpty()) {
                throw v.invalid(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES,
                        "must be true, false or a comma-separated list of schemes");
            }
            builder.privateUseSchemesAllowed(true);
            v.check(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES,
                    () -> builder.allowedPrivateUseSchemes(new LinkedHashSet<>(list)));
        }

        RegistrationPolicy.ScopePolicy scopePolicy =
                v.choice(ConfigurationKey.REGISTRATION_SCOPE_POLICY, RegistrationPolicy.ScopePolicy.class);
        String scopes = v.value(ConfigurationKey.REGISTRATION_ALLOWED_SCOPES).trim();
        Set<String> allowedScopes = scopes.isEmpty()
                ? Set.of() : new LinkedHashSet<>(Arrays.asList(SCOPE_SEPARATOR.split(scopes)));
        if (scopePolicy != RegistrationPolicy.ScopePolicy.ACCEPT && allowedScopes.isEmpty()) {
            throw v.invalid(ConfigurationKey.REGISTRATION_ALLOWED_SCOPES, "must list at least one scope when "
                    + ConfigurationKey.REGISTRATION_SCOPE_POLICY.key() + " is "
                    + scopePolicy.name().toLowerCase(Locale.ROOT));
        }
        builder.scopePolicy(scopePolicy, allowedScopes);

        long ttl = v.integer(ConfigurationKey.REGISTRATION_CLIENT_SECRET_TTL, 0, Long.MAX_VALUE / 1000);
        builder.clientSecretLifetime(Duration.ofSeconds(ttl));
        return builder.build();
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
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(environment, "environment");
        Values values = new Values(environment);
        Map<ConfigurationKey, String> fromArguments = new EnumMap<>(ConfigurationKey.class);
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--config")) {
                if (i + 1 >= arguments.size()) {
                    throw new InvalidConfigurationException("Invalid arguments: --config needs a file name");
                }
                file = Optional.of(Path.of(arguments.get(++i)));
            } else if (argument.startsWith("--config=")) {
                file = Optional.of(Path.of(argument.substring("--config=".length())));
            } else if (argument.startsWith("--") && argument.indexOf('=') > 2) {
                String name = argument.substring(2, argument.indexOf('='));
                ConfigurationKey key = ConfigurationKey.byKey(name).orElseThrow(() ->
                        new InvalidConfigurationException("Unknown configuration key '" + name
                                + "' in argument --" + name + "=…"));
                fromArguments.put(key, argument.substring(argument.indexOf('=') + 1));
            } else if (argument.startsWith("--")) {
                String name = argument.indexOf('=') < 0 ? argument : argument.substring(0, argument.indexOf('='));
                throw new InvalidConfigurationException("Invalid argument " + name
                        + ": write --key=value or --config FILE");
            } else {
                throw new InvalidConfigurationException("Invalid argument #" + (i + 1)
                        + ": expected --key=value or --config FILE");
            }
        }
        file.ifPresent(values::readFile);
        values.readEnvironment();
        fromArguments.forEach((key, value) -> values.set(key, value, "argument --" + key.key()));
        values.expandAll();
        return new ServerConfiguration(values);
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

    public String redisKeyPrefix() {
        return redisKeyPrefix;
    }

    /** The registration endpoint's path, such as {@code /register}. */
    public String registrationPath() {
        return registrationPath;
    }

    /** The registration policy built from the {@code registration.*} keys. */
    public RegistrationPolicy policy() {
        return policy;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Allowed CORS origins; {@code *} means any; empty means no cross-origin access. */
    public List<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /**
     * Every credential in the configuration (initial access tokens, database and Redis passwords,
     * whether set as keys or inside URLs), so that messages can be masked before they are logged.
     */
    List<String> credentials() {
        List<String> found = new ArrayList<>(policy.initialAccessTokens());
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
                + ", registrationPath=" + registrationPath + "]";
    }

    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    /** The raw values with where each came from, and the typed readers that name the key on failure. */
    private static final class Values {
        private final Map<String, String> environment;
        private final Map<ConfigurationKey, String> raw = new EnumMap<>(ConfigurationKey.class);
        private final Map<ConfigurationKey, String> origin = new EnumMap<>(ConfigurationKey.class);
        private final Set<String> referencedVariables = new HashSet<>();

        Values(Map<String, String> environment) {
            this.environment = environment;
            for (ConfigurationKey key : ConfigurationKey.values()) {
                key.defaultValue().ifPresent(value -> set(key, value, "default"));
            }
        }

        void set(ConfigurationKey key, String value, String from) {
            raw.put(key, value);
            origin.put(key, from);
        }

        void readFile(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidConfigurationException("Cannot read config file " + file + ": "
                        + e.getClass().getSimpleName());
            }
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                ConfigurationKey key = ConfigurationKey.byKey(name).orElseThrow(() ->
                        new InvalidConfigurationException("Unknown configuration key '" + name
                                + "' in config file " + file));
                set(key, properties.getProperty(name), "config file " + file);
            }
        }

        void readEnvironment() {
            for (ConfigurationKey key : ConfigurationKey.values()) {
                String value = environment.get(key.environmentName());
                if (value != null) {
                    set(key, value, "environment variable " + key.environmentName());
                }
            }
        }

        void expandAll() {
            for (ConfigurationKey key : ConfigurationKey.values()) {
                String value = raw.get(key);
                if (value != null) {
                    raw.put(key, expand(key, value));
                }
            }
            Set<String> known = new HashSet<>();
            for (ConfigurationKey key : ConfigurationKey.values()) {
                known.add(key.environmentName());
            }
            for (String name : new TreeSet<>(environment.keySet())) {
                if (name.startsWith(ConfigurationKey.ENVIRONMENT_PREFIX) && !known.contains(name)
                        && !name.startsWith(ConfigurationKey.TEST_ENVIRONMENT_PREFIX)
                        && !referencedVariables.contains(name)) {
                    throw new InvalidConfigurationException("Unknown configuration key in environment variable "
                            + name + ": no key maps to it (variables only referenced as ${...} may use any name)");
                }
            }
        }

        private String expand(ConfigurationKey key, String value) {
            StringBuilder out = new StringBuilder(value.length());
            int i = 0;
            while (i < value.length()) {
                if (value.startsWith("$${", i)) {
                    out.append("${");
                    i += 3;
                } else if (value.startsWith("${", i)) {
                    int end = value.indexOf('}', i + 2);
                    if (end < 0) {
                        throw invalid(key, "has '${' without a closing '}' (write $${ for a literal ${)");
                    }
                    String expression = value.substring(i + 2, end);
                    int separator = expression.indexOf(":-");
                    String name = separator < 0 ? expression : expression.substring(0, separator);
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw invalid(key, "has a ${...} reference that is not an environment variable name");
                    }
                    referencedVariables.add(name);
                    String resolved = environment.get(name);
                    if (resolved == null || (resolved.isEmpty() && separator >= 0)) {
                        if (separator < 0) {
                            throw invalid(key, "refers to ${" + name + "}, which is not set");
                        }
                        resolved = expression.substring(separator + 2);
                    }
                    out.append(resolved);
                    i = end + 1;
                } else {
                    out.append(value.charAt(i++));
                }
            }
            return out.toString();
        }

        InvalidConfigurationException invalid(ConfigurationKey key, String problem) {
            String shown = key.sensitive() || !raw.containsKey(key) ? "" : " = '" + raw.get(key) + "'";
            String from = origin.containsKey(key) ? " (from " + origin.get(key) + ")" : "";
            return new InvalidConfigurationException("Invalid configuration: " + key.key() + shown + from + " "
                    + problem);
        }

        String value(ConfigurationKey key) {
            return raw.getOrDefault(key, "");
        }

        Optional<String> optional(ConfigurationKey key) {
            String value = raw.get(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String nonBlank(ConfigurationKey key) {
            return optional(key).orElseThrow(() -> invalid(key, "must not be empty"));
        }

        long integer(ConfigurationKey key, long min, long max) {
            String text = value(key).trim();
            try {
                long number = Long.parseLong(text);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the allowed range
            }
            throw invalid(key, "must be a whole number from " + min + " to " + max);
        }

        int integer(ConfigurationKey key, int min, int max) {
            return (int) integer(key, (long) min, (long) max);
        }

        boolean bool(ConfigurationKey key) {
            String text = value(key).trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw invalid(key, "must be true or false");
        }

        <E extends Enum<E>> E choice(ConfigurationKey key, Class<E> type) {
            String text = value(key).trim();
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw invalid(key, "must be one of " + String.join(", ", names));
        }

        List<String> list(ConfigurationKey key) {
            String text = value(key).trim();
            if (text.isEmpty()) {
                return List.of();
            }
            List<String> items = Arrays.asList(LIST_SEPARATOR.split(text));
            if (items.stream().anyMatch(String::isEmpty)) {
                throw invalid(key, "has an empty item in its comma-separated list");
            }
            return List.copyOf(new LinkedHashSet<>(items));
        }

        URI httpUrl(ConfigurationKey key, String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(key, "must be an absolute http(s) URL with a host and no user info, query or fragment");
        }

        URI redisUrl(ConfigurationKey key) {
            try {
                URI uri = new URI(value(key).trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(key, "must be a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0");
        }

        void check(ConfigurationKey key, Runnable step) {
            try {
                step.run();
            } catch (IllegalArgumentException e) {
                throw invalid(key, e.getMessage());
            }
        }
    }
}
