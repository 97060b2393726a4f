package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key, given an invalid value, stops the start through the entry point's own path
 * ({@link McpOAuthServer#launch}, which {@code main} exits with): status 2 and one message that
 * names the key and never repeats a value of a key that may hold a credential.
 */
class InvalidConfigurationTest {

    /** Arguments that would start a server on a free port with no backend, were the rest valid. */
    private static final List<String> BASE = List.of("--server.port=0", "--store=memory");

    /**
     * At least one invalid setting per key: the arguments after {@link #BASE}, the last one setting
     * the key. A key whose every text is valid (a user name, a password) is shown invalid by a
     * {@code ${...}} reference to an unset variable.
     */
    private static final Map<ConfigurationKey, List<List<String>>> INVALID = table();

    private static Map<ConfigurationKey, List<List<String>>> table() {
        Map<ConfigurationKey, List<List<String>>> t = new EnumMap<>(ConfigurationKey.class);
        t.put(ConfigurationKey.SERVER_HOST, List.of(List.of("--server.host= ")));
        t.put(ConfigurationKey.SERVER_PORT, List.of(List.of("--server.port=65536"), List.of("--server.port=http")));
        t.put(ConfigurationKey.ISSUER, List.of(List.of("--issuer=https://user@auth.example.com"),
                List.of("--issuer=auth.example.com")));
        t.put(ConfigurationKey.AUTHORIZATION_ENDPOINT, List.of(List.of("--authorization-endpoint=/authorize")));
        t.put(ConfigurationKey.TOKEN_ENDPOINT, List.of(List.of("--token-endpoint=https://a.example.com/token#x")));
        t.put(ConfigurationKey.STORE, List.of(List.of("--store=mongodb")));
        t.put(ConfigurationKey.STORE_H2_PATH, List.of(List.of("--store.h2.path= ")));
        t.put(ConfigurationKey.STORE_JDBC_URL, List.of(List.of("--store=jdbc"),
                List.of("--store=jdbc", "--store.jdbc.url=jdbc:oracle:thin:@db:1521:x?password=pw-oracle-123"),
                List.of("--store.jdbc.url=postgresql://u:pw-in-url-456@db/x")));
        t.put(ConfigurationKey.STORE_JDBC_USERNAME, List.of(List.of("--store.jdbc.username=${MCP_UNSET_USER}")));
        t.put(ConfigurationKey.STORE_JDBC_PASSWORD, List.of(List.of("--store.jdbc.password=${MCP_UNSET_PASSWORD}")));
        t.put(ConfigurationKey.STORE_JDBC_POOL_SIZE, List.of(List.of("--store.jdbc.pool-size=0"),
                List.of("--store.jdbc.pool-size=1001"), List.of("--store.jdbc.pool-size=ten")));
        t.put(ConfigurationKey.STORE_REDIS_URL, List.of(List.of("--store.redis.url=http://:pw-redis-789@127.0.0.1:6379")));
        t.put(ConfigurationKey.STORE_REDIS_POOL_SIZE, List.of(List.of("--store.redis.pool-size=0"),
                List.of("--store.redis.pool-size=1001"), List.of("--store.redis.pool-size=many")));
        t.put(ConfigurationKey.STORE_REDIS_KEY_PREFIX, List.of(List.of("--store.redis.key-prefix=a b"),
                List.of("--store.redis.key-prefix={tag}:"), List.of("--store.redis.key-prefix= ")));
        t.put(ConfigurationKey.REGISTRATION_ENABLED, List.of(List.of("--registration.enabled=yes")));
        t.put(ConfigurationKey.REGISTRATION_PATH, List.of(List.of("--registration.path=/health"),
                List.of("--registration.path=/.well-known/register"), List.of("--registration.path=/a%20b"),
                List.of("--registration.path=register")));
        t.put(ConfigurationKey.REGISTRATION_INITIAL_ACCESS_TOKENS,
                List.of(List.of("--registration.initial-access-tokens=0123456789abcdef-ok,short-secret")));
        t.put(ConfigurationKey.REGISTRATION_ALLOWED_REDIRECT_HOSTS,
                List.of(List.of("--registration.allowed-redirect-hosts=a.*.example.com")));
        t.put(ConfigurationKey.REGISTRATION_PRIVATE_USE_SCHEMES,
                List.of(List.of("--registration.private-use-schemes=cursor,1bad")));
        t.put(ConfigurationKey.REGISTRATION_SCOPE_POLICY, List.of(List.of("--registration.scope-policy=drop")));
        t.put(ConfigurationKey.REGISTRATION_ALLOWED_SCOPES, List.of(List.of("--registration.scope-policy=reject",
                "--registration.allowed-scopes= ")));
        t.put(ConfigurationKey.REGISTRATION_CLIENT_SECRET_TTL, List.of(List.of("--registration.client-secret-ttl=-1"),
                List.of("--registration.client-secret-ttl=9999999999999")));
        t.put(ConfigurationKey.REGISTRATION_MANAGEMENT, List.of(List.of("--registration.management=1")));
        t.put(ConfigurationKey.REGISTRATION_RATE_LIMIT, List.of(List.of("--registration.rate-limit=20"),
                List.of("--registration.rate-limit=0/1h"), List.of("--registration.rate-limit=20/1w"),
                List.of("--registration.rate-limit=off")));
        t.put(ConfigurationKey.REGISTRATION_RATE_LIMIT_KEY, List.of(List.of("--registration.rate-limit.key=ip")));
        t.put(ConfigurationKey.REGISTRATION_RATE_LIMIT_FAIL_OPEN,
                List.of(List.of("--registration.rate-limit.fail-open=maybe")));
        t.put(ConfigurationKey.REGISTRATION_RATE_LIMIT_PERMIT_IN_WRITE,
                List.of(List.of("--registration.rate-limit.permit-in-write=yes")));
        t.put(ConfigurationKey.SERVER_TRUSTED_PROXIES, List.of(List.of("--server.trusted-proxies=10.0.0.0/33"),
                List.of("--server.trusted-proxies=proxy.example.com")));
        t.put(ConfigurationKey.REGISTRATION_MAX_CLIENTS, List.of(List.of("--registration.max-clients=-1"),
                List.of("--registration.max-clients=many")));
        t.put(ConfigurationKey.REGISTRATION_REAP_UNUSED_AFTER,
                List.of(List.of("--registration.reap-unused-after=90 days"),
                        List.of("--registration.reap-unused-after=-1d")));
        t.put(ConfigurationKey.REGISTRATION_REAP_INTERVAL, List.of(List.of("--registration.reap-interval=0"),
                List.of("--registration.reap-interval=hourly")));
        t.put(ConfigurationKey.HTTP_MAX_BODY_BYTES, List.of(List.of("--http.max-body-bytes=100"),
                List.of("--http.max-body-bytes=16777217")));
        t.put(ConfigurationKey.CORS_ALLOWED_ORIGINS, List.of(List.of("--cors.allowed-origins=https://user@host"),
                List.of("--cors.allowed-origins=https://a.example.com/path")));
        t.put(ConfigurationKey.METRICS_ENABLED, List.of(List.of("--metrics.enabled=on")));
        t.put(ConfigurationKey.LOGGING_FORMAT, List.of(List.of("--logging.format=xml")));
        t.put(ConfigurationKey.ADMIN_TOKENS, List.of(List.of("--admin.tokens=short-admin-token")));
        return t;
    }

    static Stream<Arguments> invalidSettings() {
        return INVALID.entrySet().stream().flatMap(entry -> entry.getValue().stream()
                .map(arguments -> Arguments.of(entry.getKey(), arguments)));
    }

    @Test
    @DisplayName("the table holds an invalid value for every key")
    void tableCoversEveryKey() {
        assertThat(INVALID.keySet()).containsExactlyInAnyOrder(ConfigurationKey.values());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidSettings")
    @DisplayName("an invalid value stops the start with exit status 2 and a message naming the key")
    void invalidValueStopsTheStart(ConfigurationKey key, List<String> arguments) throws Exception {
        List<String> all = new ArrayList<>(BASE);
        all.addAll(arguments);

        McpOAuthServer.Launch launch = McpOAuthServer.launch(all, Map.of());
        if (launch.server().isPresent()) {
            launch.server().get().close();
        }

        assertThat(launch.server()).as("a server started with %s", arguments).isEmpty();
        assertThat(launch.exitStatus()).as(launch.message()).isEqualTo(McpOAuthServer.EXIT_INVALID_CONFIGURATION);
        assertThat(launch.message()).contains(key.key()).doesNotContain("Exception").doesNotContain("\n");
        String last = arguments.get(arguments.size() - 1);
        String value = last.substring(last.indexOf('=') + 1);
        if (key.sensitive() && last.startsWith("--" + key.key() + "=") && !value.startsWith("${")) {
            assertThat(launch.message()).doesNotContain("pw-");
            for (String part : value.split("[,\\s]+")) {
                assertThat(launch.message()).as("message repeats a part of %s", key.key()).doesNotContain(part);
            }
        }
    }

    @Test
    @DisplayName("a valid configuration starts, with status 0 and no message")
    void validConfigurationStarts() throws Exception {
        McpOAuthServer.Launch launch = McpOAuthServer.launch(BASE, Map.of());
        McpOAuthServer server = launch.server().orElseThrow();
        try {
            assertThat(launch.exitStatus()).isZero();
            assertThat(launch.message()).isEmpty();
            assertThat(Http.get(server.uri().resolve("/health")).status()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    @DisplayName("a start that fails for another reason gives exit status 1")
    void otherFailureIsStatusOne() throws Exception {
        McpOAuthServer running = McpOAuthServer.launch(BASE, Map.of()).server().orElseThrow();
        try {
            McpOAuthServer.Launch second = McpOAuthServer.launch(
                    List.of("--server.port=" + running.uri().getPort(), "--store=memory"), Map.of());
            assertThat(second.server()).isEmpty();
            assertThat(second.exitStatus()).isEqualTo(McpOAuthServer.EXIT_START_FAILED);
            assertThat(second.message()).startsWith("Cannot start the server");
        } finally {
            running.close();
        }
    }
}
