package dev.mcpoauth.store.redis;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The single-node Redis the tests use: {@code MCP_OAUTH_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}. One client per JVM, and one key prefix per run, so parallel
 * runs and leftovers of earlier runs never meet.
 */
final class RedisTestBackend {

    static final String URL = System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    /** Unique to this JVM; every registry built by the tests writes under it. */
    static final String RUN_PREFIX = "mcp-oauth-test-" + UUID.randomUUID() + ":";

    private static RedisClient shared;

    private RedisTestBackend() {
    }

    static synchronized RedisClient client() {
        if (shared == null) {
            RedisClient client = clientAt(address(), 2_000);
            requireAnswers(client);
            shared = client;
            Runtime.getRuntime().addShutdownHook(new Thread(RedisTestBackend::deleteRunKeys, "redis-test-cleanup"));
        }
        return shared;
    }

    static InetSocketAddress address() {
        URI uri = URI.create(URL);
        return new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    }

    /** A client of its own on another address (a proxy), with the same credentials and database as the URL. */
    static RedisClient clientAt(InetSocketAddress address, int timeoutMillis) {
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(address.getHostString(), address.getPort()))
                .clientConfig(config(timeoutMillis))
                .build();
    }

    /** Short timeouts, plus the password and database of the URL if it has them. */
    static JedisClientConfig config(int timeoutMillis) {
        URI uri = URI.create(URL);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            if (!user.isEmpty()) {
                config.user(user);
            }
            config.password(userInfo.substring(userInfo.indexOf(':') + 1));
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        return config.build();
    }

    static String prefix(String purpose) {
        return RUN_PREFIX + purpose + ":";
    }

    /** Removes what this run wrote, so the shared Redis does not grow run after run. */
    private static void deleteRunKeys() {
        try (RedisClient client = clientAt(address(), 2_000)) {
            ScanParams match = new ScanParams().match(RUN_PREFIX + "*").count(1_000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = client.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    client.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (RuntimeException e) {
            // leftovers live under a prefix no other run uses; they are harmless
        }
    }

    private static void requireAnswers(RedisClient client) {
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            throw new AssertionError("Redis does not answer at " + address() + " (MCP_OAUTH_TEST_REDIS_URL). "
                    + "Start it with scripts/backends.sh, or: redis-server --port 6379 --daemonize yes", e);
        }
    }
}
