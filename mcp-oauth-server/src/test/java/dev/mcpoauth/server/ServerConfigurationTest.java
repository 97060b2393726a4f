package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.registration.RegistrationPolicy.ScopePolicy;
import java.io.IOException;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.registration.RateLimitKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigurationTest {

    private static ServerConfiguration args(String... arguments) {
        return ServerConfiguration.load(List.of(arguments), Map.of());
    }

    private static ServerConfiguration env(Map<String, String> environment, String... arguments) {
        return ServerConfiguration.load(List.of(arguments), environment);
    }

    @Nested
    @DisplayName("with nothing configured")
    class Defaults {

        private final ServerConfiguration config = ServerConfiguration.defaults();

        @Test
        @DisplayName("listens on 127.0.0.1:8080 with issuer and endpoints derived from it")
        void listensOnLoopback() {
            assertThat(config.host()).isEqualTo("127.0.0.1");
            assertThat(config.port()).isEqualTo(8080);
            assertThat(config.issuerConfigured()).isFalse();
            assertThat(config.issuer(8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
            assertThat(config.authorizationEndpoint(8080)).isEqualTo(URI.create("http://127.0.0.1:8080/authorize"));
            assertThat(config.tokenEndpoint(8080)).isEqualTo(URI.create("http://127.0.0.1:8080/token"));
        }

        @Test
        @DisplayName("derives the issuer from the bound port when the port is chosen at start")
        void issuerUsesBoundPort() {
            ServerConfiguration ephemeral = args("--server.port=0");
            assertThat(ephemeral.issuer(43210)).isEqualTo(URI.create("http://127.0.0.1:43210"));
        }

        @Test
        @DisplayName("stores in embedded H2 under ./data/, with the documented store defaults")
        void storesInH2() {
            assertThat(config.store()).isEqualTo(ServerConfiguration.Store.H2);
            assertThat(config.h2Path()).isEqualTo(Path.of("./data/mcp-oauth"));
            assertThat(config.jdbcUrl()).isEmpty();
            assertThat(config.jdbcUsername()).isEmpty();
            assertThat(config.jdbcPassword()).isEmpty();
            assertThat(config.jdbcPoolSize()).isEqualTo(10);
            assertThat(config.redisUrl()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
            assertThat(config.redisKeyPrefix()).isEqualTo("mcp-oauth:");
            assertThat(config.redisPoolSize()).isEqualTo(32);
        }

        @Test
        @DisplayName("opens registration with management, private-use schemes and any redirect host")
        void opensRegistration() {
            assertThat(config.policy().enabled()).isTrue();
            assertThat(config.policy().openRegistration()).isTrue();
            assertThat(config.policy().managementEnabled()).isTrue();
            assertThat(config.policy().privateUseSchemesAllowed()).isTrue();
            assertThat(config.policy().allowedPrivateUseSchemes()).isEmpty();
            assertThat(config.policy().allowedRedirectHosts()).isEmpty();
            assertThat(config.policy().scopePolicy()).isEqualTo(ScopePolicy.ACCEPT);
            assertThat(config.policy().clientSecretLifetime()).isEqualTo(Duration.ZERO);
            assertThat(config.registrationPath()).isEqualTo("/register");
        }

        @Test
        @DisplayName("caps bodies at 64 KiB and allows any CORS origin")
        void httpDefaults() {
            assertThat(config.maxBodyBytes()).isEqualTo(65536);
            assertThat(config.corsAllowedOrigins()).containsExactly("*");
        }
    }

    @Nested
    @DisplayName("every key")
    class EveryKey {

        @Test
        @DisplayName("is read from --key=value arguments")
        void everyKeyFromArguments() {
            ServerConfiguration config = args(
                    "--server.host=0.0.0.0",
                    "--server.port=9090",
                    "--issuer=https://auth.example.com",
                    "--authorization-endpoint=https://auth.example.com/oauth/authorize",
                    "--token-endpoint=https://auth.example.com/oauth/token",
                    "--store=jdbc",
                    "--store.h2.path=/var/lib/mcp-oauth/db",
                    "--store.jdbc.url=jdbc:postgresql://db:5432/oauth",
                    "--store.jdbc.username=oauth",
                    "--store.jdbc.password=pw-" + UUID.randomUUID(),
                    "--store.jdbc.pool-size=4",
                    "--store.redis.url=rediss://cache:6380/2",
                    "--store.redis.key-prefix=tenant-a:",
                    "--registration.enabled=false",
                    "--registration.path=/oauth/register",
                    "--registration.initial-access-tokens=aaaaaaaaaaaaaaaa1,bbbbbbbbbbbbbbbb2",
                    "--registration.allowed-redirect-hosts=app.example.com,*.example.org",
                    "--registration.private-use-schemes=cursor,vscode",
                    "--registration.scope-policy=filter",
                    "--registration.allowed-scopes=mcp:read mcp:write",
                    "--registration.client-secret-ttl=86400",
                    "--registration.management=false",
                    "--http.max-body-bytes=131072",
                    "--cors.allowed-origins=https://inspector.example.com, http://localhost:6274",
                    "--registration.rate-limit=100/d",
                    "--registration.rate-limit.key=token",
                    "--registration.rate-limit.fail-open=true",
                    "--server.trusted-proxies=10.0.0.0/8,192.0.2.7",
                    "--registration.max-clients=5000",
                    "--registration.reap-unused-after=90d",
                    "--registration.reap-interval=15m");

            assertThat(config.host()).isEqualTo("0.0.0.0");
            assertThat(config.port()).isEqualTo(9090);
            assertThat(config.issuerConfigured()).isTrue();
            assertThat(config.issuer(1)).isEqualTo(URI.create("https://auth.example.com"));
            assertThat(config.authorizationEndpoint(1)).isEqualTo(URI.create("https://auth.example.com/oauth/authorize"));
            assertThat(config.tokenEndpoint(1)).isEqualTo(URI.create("https://auth.example.com/oauth/token"));
            assertThat(config.store()).isEqualTo(ServerConfiguration.Store.JDBC);
            assertThat(config.h2Path()).isEqualTo(Path.of("/var/lib/mcp-oauth/db"));
            assertThat(config.jdbcUrl()).contains("jdbc:postgresql://db:5432/oauth");
            assertThat(config.jdbcUsername()).contains("oauth");
            assertThat(config.jdbcPassword()).get().asString().startsWith("pw-");
            assertThat(config.jdbcPoolSize()).isEqualTo(4);
            assertThat(config.redisUrl()).isEqualTo(URI.create("rediss://cache:6380/2"));
            assertThat(config.redisKeyPrefix()).isEqualTo("tenant-a:");
            assertThat(config.policy().enabled()).isFalse();
            assertThat(config.registrationPath()).isEqualTo("/oauth/register");
            assertThat(config.policy().initialAccessTokens()).containsExactly("aaaaaaaaaaaaaaaa1", "bbbbbbbbbbbbbbbb2");
            assertThat(config.policy().allowedRedirectHosts()).containsExactly("app.example.com", "*.example.org");
            assertThat(config.policy().privateUseSchemesAllowed()).isTrue();
            assertThat(config.policy().allowedPrivateUseSchemes()).containsExactly("cursor", "vscode");
            assertThat(config.policy().scopePolicy()).isEqualTo(ScopePolicy.FILTER);
            assertThat(config.policy().allowedScopes()).containsExactly("mcp:read", "mcp:write");
            assertThat(config.policy().clientSecretLifetime()).isEqualTo(Duration.ofDays(1));
            assertThat(config.policy().managementEnabled()).isFalse();
            assertThat(config.maxBodyBytes()).isEqualTo(131072);
            assertThat(config.corsAllowedOrigins()).containsExactly("https://inspector.example.com",
                    "http://localhost:6274");
            assertThat(config.rateLimit()).contains(RateLimit.of(100, Duration.ofDays(1)));
            assertThat(config.rateLimitKey()).isEqualTo(RateLimitKey.TOKEN);
            assertThat(config.rateLimitFailOpen()).isTrue();
            assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.7/32");
            assertThat(config.policy().maxClients()).isEqualTo(5000);
            assertThat(config.reapUnusedAfter()).isEqualTo(Duration.ofDays(90));
            assertThat(config.reapInterval()).isEqualTo(Duration.ofMinutes(15));
        }

        @Test
        @DisplayName("abuse controls default to 20/1h per address, no proxies, no cap, no reaping, hourly runs")
        void abuseControlDefaults() {
            ServerConfiguration config = args();
            assertThat(config.rateLimit()).contains(RateLimit.parse("20/1h"));
            assertThat(config.rateLimitKey()).isEqualTo(RateLimitKey.ADDRESS);
            assertThat(config.rateLimitFailOpen()).isFalse();
            assertThat(config.rateLimitPermitInWrite()).isTrue();
            assertThat(args("--registration.rate-limit.permit-in-write=false").rateLimitPermitInWrite()).isFalse();
            assertThat(config.trustedProxies()).isEmpty();
            assertThat(config.policy().maxClients()).isZero();
            assertThat(config.reapUnusedAfter()).isZero();
            assertThat(config.reapInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(args("--registration.rate-limit=0").rateLimit()).isEmpty();
            assertThat(args("--registration.reap-unused-after=2s").reapUnusedAfter()).isEqualTo(Duration.ofSeconds(2));
            assertThat(args("--registration.reap-interval=500ms").reapInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(args("--registration.reap-interval=60").reapInterval()).isEqualTo(Duration.ofMinutes(1));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ConfigurationKey.class)
        @DisplayName("is read from its MCP_OAUTH_ environment variable")
        void everyKeyFromEnvironment(ConfigurationKey key) {
            String value = VALID_NON_DEFAULT.get(key);
            ServerConfiguration fromEnvironment = env(Map.of(key.environmentName(), value), required(key));
            ServerConfiguration fromArgument = args(required(key, "--" + key.key() + "=" + value));
            assertThat(fromEnvironment).usingRecursiveComparison().isEqualTo(fromArgument);
            assertThat(fromEnvironment).usingRecursiveComparison().isNotEqualTo(args(required(key)));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "store.jdbc.url, MCP_OAUTH_STORE_JDBC_URL",
            "store.jdbc.pool-size, MCP_OAUTH_STORE_JDBC_POOL_SIZE",
            "registration.initial-access-tokens, MCP_OAUTH_REGISTRATION_INITIAL_ACCESS_TOKENS",
            "authorization-endpoint, MCP_OAUTH_AUTHORIZATION_ENDPOINT",
            "server.host, MCP_OAUTH_SERVER_HOST",
        })
        @DisplayName("has the environment name: upper case, '.' and '-' as '_', prefix MCP_OAUTH_")
        void environmentNames(String key, String environmentName) {
            assertThat(ConfigurationKey.byKey(key)).get().extracting(ConfigurationKey::environmentName)
                    .isEqualTo(environmentName);
        }

        @Test
        @DisplayName("is documented in docs/configuration.md: a table row with its environment name and default")
        void everyKeyDocumented() throws IOException {
            String docs = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
            for (ConfigurationKey key : ConfigurationKey.values()) {
                String row = "| `" + key.key() + "` | `" + key.environmentName() + "` | ";
                assertThat(docs).as(key.key()).contains(row);
                key.defaultValue().filter(value -> !value.isEmpty()).ifPresent(value -> assertThat(docs)
                        .as("default of %s", key.key()).contains(row + "`" + value + "`"));
            }
        }
    }

    /** For each key a valid value that differs from its default. */
    private static final Map<ConfigurationKey, String> VALID_NON_DEFAULT = Map.ofEntries(
            Map.entry(ConfigurationKey.SERVER_HOST, "0.0.0.0"),
            Map.entry(ConfigurationKey.SERVER_PORT, "9999"),
            Map.entry(ConfigurationKey.ISSUER, "https://issuer.example.com"),
            Map.entry(ConfigurationKey.AUTHORIZATION_ENDPOINT, "https://a.example.com/authorize"),
            Map.entry(ConfigurationKey.TOKEN_ENDPOINT, "https://a.example.com/token"),
            Map.entry(ConfigurationKey.STORE, "memory"),
            Map.entry(ConfigurationKey.STORE_H2_PATH, "/tmp/other"),
            Map.entry(ConfigurationKey.STORE_JDBC_URL, "jdbc:mysql://127.0.0.1:3306/test"),
            Map.entry(ConfigurationKey.STORE_JDBC_USERNAME, "someone"),
            Map.entry(ConfigurationKey.STORE_JDBC_PASSWORD, "secret-password"),
            Map.entry(ConfigurationKey.STORE_JDBC_POOL_SIZE, "3"),
            Map.entry(ConfigurationKey.STORE_REDIS_URL, "redis://10.0.0.1:7000"),
            Map.entry(ConfigurationKey.STORE_REDIS_POOL_SIZE, "64"),
            Map.entry(ConfigurationKey.STORE_REDIS_KEY_PREFIX, "other:"),
            Map.entry(ConfigurationKey.REGISTRATION_ENABLED, "false"),
            Map.entry(ConfigurationKey.REGISTRATION_PATH, "/clients"),
            Map.entry(ConfigurationKey.REGISTRATION_INITIAL_ACCESS_TOKENS, "0123456789abcdef-token"),
            Map.entry(ConfigurationKey.REGISTRATION_ALLOWED_REDIRECT_HOSTS, "*.example.com"),
            Map.entry(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES, "false"),
            Map.entry(ConfigurationKey.REGISTRATION_SCOPE_POLICY, "reject"),
            Map.entry(ConfigurationKey.REGISTRATION_ALLOWED_SCOPES, "mcp"),
            Map.entry(ConfigurationKey.REGISTRATION_CLIENT_SECRET_TTL, "60"),
            Map.entry(ConfigurationKey.REGISTRATION_MANAGEMENT, "false"),
            Map.entry(ConfigurationKey.REGISTRATION_RATE_LIMIT, "5/10m"),
            Map.entry(ConfigurationKey.REGISTRATION_RATE_LIMIT_KEY, "token"),
            Map.entry(ConfigurationKey.REGISTRATION_RATE_LIMIT_FAIL_OPEN, "true"),
            Map.entry(ConfigurationKey.REGISTRATION_RATE_LIMIT_PERMIT_IN_WRITE, "false"),
            Map.entry(ConfigurationKey.SERVER_TRUSTED_PROXIES, "10.0.0.0/8, ::1"),
            Map.entry(ConfigurationKey.REGISTRATION_MAX_CLIENTS, "1000"),
            Map.entry(ConfigurationKey.REGISTRATION_REAP_UNUSED_AFTER, "90d"),
            Map.entry(ConfigurationKey.REGISTRATION_REAP_INTERVAL, "30m"),
            Map.entry(ConfigurationKey.HTTP_MAX_BODY_BYTES, "2048"),
            Map.entry(ConfigurationKey.CORS_ALLOWED_ORIGINS, "https://x.example.com"),
            Map.entry(ConfigurationKey.METRICS_ENABLED, "false"),
            Map.entry(ConfigurationKey.LOGGING_FORMAT, "json"),
            Map.entry(ConfigurationKey.ADMIN_TOKENS, "admin-token-0123456789abcdefghijklmnop"));

    /** Arguments that another key's value needs to be valid (a scope policy needs scopes), plus the extra ones. */
    private static String[] required(ConfigurationKey key, String... extra) {
        List<String> list = new java.util.ArrayList<>(Arrays.asList(extra));
        if (key == ConfigurationKey.REGISTRATION_SCOPE_POLICY) {
            list.add("--registration.allowed-scopes=mcp");
        }
        return list.toArray(String[]::new);
    }

    @Nested
    @DisplayName("sources")
    class Sources {

        @Test
        @DisplayName("a properties file is overridden by the environment, which is overridden by arguments")
        void laterSourcesWin(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("server.properties");
            Files.writeString(file, "server.port=1111\nstore=memory\nstore.redis.key-prefix=file:\n"
                    + "registration.path=/from-file\n");
            Map<String, String> environment = Map.of("MCP_OAUTH_SERVER_PORT", "2222",
                    "MCP_OAUTH_STORE_REDIS_KEY_PREFIX", "env:");

            ServerConfiguration config = env(environment, "--config", file.toString(), "--server.port=3333");

            assertThat(config.port()).isEqualTo(3333);
            assertThat(config.redisKeyPrefix()).isEqualTo("env:");
            assertThat(config.registrationPath()).isEqualTo("/from-file");
            assertThat(config.store()).isEqualTo(ServerConfiguration.Store.MEMORY);
        }

        @Test
        @DisplayName("--config=FILE is the same as --config FILE")
        void configEqualsForm(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("server.properties");
            Files.writeString(file, "server.port=4444\n");
            assertThat(args("--config=" + file).port()).isEqualTo(4444);
        }

        @Test
        @DisplayName("a later argument for the same key wins")
        void laterArgumentWins() {
            assertThat(args("--server.port=1", "--server.port=2").port()).isEqualTo(2);
        }

        @Test
        @DisplayName("a missing config file is refused with its name")
        void missingFile(@TempDir Path dir) {
            Path missing = dir.resolve("nope-" + UUID.randomUUID() + ".properties");
            assertThatThrownBy(() -> args("--config", missing.toString()))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(missing.toString());
        }

        @Test
        @DisplayName("--config without a file name is refused")
        void configWithoutFile() {
            assertThatThrownBy(() -> args("--config")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("--config");
        }
    }

    @Nested
    @DisplayName("${NAME} expansion")
    class Expansion {

        @Test
        @DisplayName("replaces ${NAME} with the environment variable, in files, environment and arguments")
        void expandsEverywhere(@TempDir Path dir) throws IOException {
            String token = "tok-" + UUID.randomUUID();
            Path file = dir.resolve("server.properties");
            Files.writeString(file, "registration.initial-access-tokens=${IAT}\n");
            Map<String, String> environment = Map.of("IAT", token, "PORT", "7070",
                    "MCP_OAUTH_STORE_REDIS_KEY_PREFIX", "${TENANT:-t0}:");

            ServerConfiguration config = env(environment, "--config", file.toString(), "--server.port=${PORT}");

            assertThat(config.policy().initialAccessTokens()).containsExactly(token);
            assertThat(config.port()).isEqualTo(7070);
            assertThat(config.redisKeyPrefix()).isEqualTo("t0:");
        }

        @Test
        @DisplayName("uses the default of ${NAME:-default} when NAME is unset or empty")
        void usesDefault() {
            assertThat(env(Map.of(), "--server.port=${P:-8181}").port()).isEqualTo(8181);
            assertThat(env(Map.of("P", ""), "--server.port=${P:-8282}").port()).isEqualTo(8282);
            assertThat(env(Map.of("P", "8383"), "--server.port=${P:-8282}").port()).isEqualTo(8383);
        }

        @Test
        @DisplayName("expands several references and keeps the text around them")
        void expandsSeveral() {
            ServerConfiguration config = env(Map.of("HOST", "auth.example.com", "SCHEME", "https"),
                    "--issuer=${SCHEME}://${HOST}/tenant");
            assertThat(config.issuer(1)).isEqualTo(URI.create("https://auth.example.com/tenant"));
        }

        @Test
        @DisplayName("reads $${ as a literal ${")
        void escapes() {
            ServerConfiguration config = args("--store.jdbc.password=a$${b}c");
            assertThat(config.jdbcPassword()).contains("a${b}c");
        }

        @Test
        @DisplayName("refuses a reference to an unset variable, naming the key and the variable")
        void unsetVariable() {
            assertThatThrownBy(() -> args("--store.jdbc.password=${NOT_SET_" + "X}"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("store.jdbc.password").hasMessageContaining("NOT_SET_X");
        }

        @Test
        @DisplayName("refuses an unclosed ${")
        void unclosed() {
            assertThatThrownBy(() -> args("--store.redis.key-prefix=${OOPS"))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("store.redis.key-prefix");
        }

        @Test
        @DisplayName("refuses a reference that is not a variable name")
        void badName() {
            assertThatThrownBy(() -> args("--store.redis.key-prefix=${1-x}"))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("store.redis.key-prefix");
        }
    }

    @Nested
    @DisplayName("unknown keys")
    class UnknownKeys {

        @Test
        @DisplayName("in an argument are refused with the key named")
        void inArgument() {
            assertThatThrownBy(() -> args("--server.prot=8080"))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'server.prot'");
        }

        @Test
        @DisplayName("in a file are refused with the key and the file named")
        void inFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("server.properties");
            Files.writeString(file, "store.jdbc.uri=jdbc:h2:mem:x\n");
            assertThatThrownBy(() -> args("--config", file.toString()))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("'store.jdbc.uri'").hasMessageContaining(file.toString());
        }

        @Test
        @DisplayName("in an MCP_OAUTH_ environment variable are refused with the variable named")
        void inEnvironment() {
            assertThatThrownBy(() -> env(Map.of("MCP_OAUTH_STORE_JDBC_URI", "jdbc:h2:mem:x")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("MCP_OAUTH_STORE_JDBC_URI");
        }

        @Test
        @DisplayName("an MCP_OAUTH_ variable used only through ${...} is allowed")
        void referencedVariableAllowed() {
            ServerConfiguration config = env(Map.of("MCP_OAUTH_DB_SECRET", "s3cret"),
                    "--store.jdbc.password=${MCP_OAUTH_DB_SECRET}");
            assertThat(config.jdbcPassword()).contains("s3cret");
        }

        @Test
        @DisplayName("the test suite's MCP_OAUTH_TEST_ variables are ignored")
        void testVariablesIgnored() {
            assertThat(env(Map.of("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379")).port()).isEqualTo(8080);
        }

        @Test
        @DisplayName("variables without the MCP_OAUTH_ prefix are ignored")
        void otherVariablesIgnored() {
            assertThat(env(Map.of("PATH", "/usr/bin", "SERVER_PORT", "1")).port()).isEqualTo(8080);
        }

        @ParameterizedTest
        @ValueSource(strings = {"server.port=1", "-server.port=1", "--server.port", "--=x"})
        @DisplayName("arguments not of the form --key=value are refused")
        void malformedArguments(String argument) {
            assertThatThrownBy(() -> args(argument)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("--key=value");
        }
    }

    @Nested
    @DisplayName("bad values are refused with the key named")
    class BadValues {

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
            "server.host|' '",
            "server.port|http",
            "server.port|-1",
            "server.port|65536",
            "issuer|auth.example.com",
            "issuer|ftp://auth.example.com",
            "issuer|https://auth.example.com/?tenant=a",
            "issuer|https://auth.example.com/#x",
            "authorization-endpoint|/authorize",
            "token-endpoint|not a url",
            "store|mongodb",
            "store.h2.path|' '",
            "store.jdbc.pool-size|0",
            "store.jdbc.pool-size|ten",
            "store.redis.url|http://127.0.0.1:6379",
            "store.redis.url|127.0.0.1:6379",
            "store.redis.key-prefix|a b",
            "store.redis.key-prefix|{tag}:",
            "registration.enabled|yes",
            "registration.path|register",
            "registration.path|/register/",
            "registration.path|/health",
            "registration.path|/.well-known/register",
            "registration.path|/re*ister",
            "registration.initial-access-tokens|short",
            "registration.initial-access-tokens|'0123456789abcdef,,0123456789abcdeg'",
            "registration.allowed-redirect-hosts|example.com/path",
            "registration.allowed-redirect-hosts|a.*.example.com",
            "registration.private-use-schemes|'cursor,1bad'",
            "registration.scope-policy|drop",
            "registration.client-secret-ttl|-5",
            "registration.client-secret-ttl|1d",
            "registration.management|1",
            "http.max-body-bytes|100",
            "http.max-body-bytes|big",
            "cors.allowed-origins|inspector.example.com",
            "cors.allowed-origins|https://a.example.com/path",
        })
        void refused(String key, String value) {
            assertThatThrownBy(() -> args("--" + key + "=" + value))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(key);
        }

        @Test
        @DisplayName("store=jdbc without store.jdbc.url names store.jdbc.url")
        void jdbcNeedsUrl() {
            assertThatThrownBy(() -> args("--store=jdbc")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("store.jdbc.url").hasMessageContaining("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"jdbc:oracle:thin:@db:1521:x", "postgresql://db/x", "jdbc:mariadb://db:3306/x"})
        @DisplayName("store=jdbc with an unsupported URL names store.jdbc.url")
        void jdbcUrlKinds(String url) {
            assertThatThrownBy(() -> args("--store=jdbc", "--store.jdbc.url=" + url))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("store.jdbc.url");
        }

        @ParameterizedTest
        @ValueSource(strings = {"jdbc:mysql://127.0.0.1:3306/test", "jdbc:postgresql://127.0.0.1:5432/test",
            "jdbc:h2:tcp://127.0.0.1/db"})
        @DisplayName("store=jdbc accepts MySQL/MariaDB, PostgreSQL and H2 URLs")
        void jdbcUrlsAccepted(String url) {
            assertThat(args("--store=jdbc", "--store.jdbc.url=" + url).jdbcUrl()).contains(url);
        }

        @ParameterizedTest
        @ValueSource(strings = {"filter", "reject"})
        @DisplayName("a filtering or rejecting scope policy without scopes names registration.allowed-scopes")
        void scopePolicyNeedsScopes(String policy) {
            assertThatThrownBy(() -> args("--registration.scope-policy=" + policy))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("registration.allowed-scopes");
        }

        @Test
        @DisplayName("the message says where the bad value came from")
        void namesTheSource() {
            assertThatThrownBy(() -> env(Map.of("MCP_OAUTH_SERVER_PORT", "eighty")))
                    .hasMessageContaining("server.port").hasMessageContaining("'eighty'")
                    .hasMessageContaining("MCP_OAUTH_SERVER_PORT");
        }

        @Test
        @DisplayName("never repeats the value of a key that may hold a credential")
        void hidesSensitiveValues() {
            String secret = "tok" + UUID.randomUUID().toString().substring(0, 8);
            assertThatThrownBy(() -> args("--registration.initial-access-tokens=" + secret))
                    .hasMessageContaining("registration.initial-access-tokens").hasMessageNotContaining(secret);
            String url = "redis://:" + secret + "@";
            assertThatThrownBy(() -> args("--store.redis.url=" + url))
                    .hasMessageContaining("store.redis.url").hasMessageNotContaining(secret);
            assertThatThrownBy(() -> args("--store=jdbc", "--store.jdbc.url=jdbc:oracle:x?password=" + secret))
                    .hasMessageContaining("store.jdbc.url").hasMessageNotContaining(secret);
            assertThatThrownBy(() -> args("--store.jdbc.password=${" + secret + "-}"))
                    .hasMessageContaining("store.jdbc.password").hasMessageNotContaining(secret + "-}");
        }
    }

    @Nested
    @DisplayName("private-use schemes")
    class PrivateUseSchemes {

        @Test
        @DisplayName("false turns them off")
        void off() {
            assertThat(args("--registration.private-use-schemes=false").policy().privateUseSchemesAllowed()).isFalse();
        }

        @Test
        @DisplayName("a list allows only those schemes, case-insensitively")
        void list() {
            ServerConfiguration config = args("--registration.private-use-schemes=Cursor, vscode");
            assertThat(config.policy().privateUseSchemesAllowed()).isTrue();
            assertThat(config.policy().allowedPrivateUseSchemes()).containsExactly("cursor", "vscode");
        }
    }

    @Nested
    @DisplayName("credentials")
    class Credentials {

        @Test
        @DisplayName("lists every configured secret so that log lines can mask them")
        void listsSecrets() {
            String token = "iat-" + UUID.randomUUID();
            Map<String, String> environment = new HashMap<>();
            environment.put("MCP_OAUTH_STORE_JDBC_PASSWORD", "db-pw-1");
            ServerConfiguration config = env(environment,
                    "--registration.initial-access-tokens=" + token,
                    "--store.jdbc.url=jdbc:mysql://u:url-pw-2@db/x?password=param-pw-3&x=1",
                    "--store.redis.url=redis://user:redis-pw-4@cache:6379");
            assertThat(Set.copyOf(config.credentials()))
                    .contains(token, "db-pw-1", "url-pw-2", "param-pw-3", "redis-pw-4");
        }

        @Test
        @DisplayName("are not in toString")
        void notInToString() {
            ServerConfiguration config = args("--store.jdbc.password=hidden-pw-9",
                    "--registration.initial-access-tokens=hidden-token-0123456789");
            assertThat(config.toString()).doesNotContain("hidden");
        }
    }
}
