package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.store.redis.RedisClientRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link RedisClientRegistry} on a pooled Jedis client for the configured URL, and gives
 * clients stored before the creation index existed their entry there
 * ({@link RedisClientRegistry#backfillCreationIndex()}).
 */
final class RedisStores {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStores.class);

    /** Short enough that an unreachable Redis fails a request (and the health check) within seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    record Opened(ClientRegistry registry, redis.clients.jedis.UnifiedJedis jedis, AutoCloseable resources) {
    }

    private RedisStores() {
    }

    /**
     * The server's rule for {@code store.redis.url}: a {@code redis://} or {@code rediss://} URL
     * with a host, which is what {@link #open} connects to. Never repeats the URL, which may carry
     * a password.
     *
     * @throws IllegalArgumentException for any other text
     */
    static URI url(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, without the text
        }
        throw new IllegalArgumentException("must be a URL such as redis://127.0.0.1:6379"
                + " or rediss://user:password@host:6380/0");
    }

    /**
     * The server's rule for {@code store.redis.pool-size}: 1 to 1000 connections.
     *
     * @throws IllegalArgumentException otherwise
     */
    static int requirePoolSize(int size) {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("must be between 1 and 1000 connections");
        }
        return size;
    }

    /**
     * Opens the registry on a pool of at most {@code poolSize} connections. A registration borrows
     * one for the write (which takes the rate-limit permit too), or two with
     * {@code registration.rate-limit.permit-in-write=false}, so a pool much smaller than the number
     * of requests in flight makes them queue for connections (Jedis's default is 8).
     */
    static Opened open(URI url, int poolSize, String keyPrefix) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName("mcp-oauth-server");
        String user = JedisURIHelper.getUser(url);
        String password = JedisURIHelper.getPassword(url);
        if (user != null) {
            client.user(user);
        }
        if (password != null) {
            client.password(password);
        }
        if (JedisURIHelper.hasDbIndex(url)) {
            client.database(JedisURIHelper.getDBIndex(url));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(requirePoolSize(poolSize));
        pool.setMaxIdle(poolSize);
        RedisClient jedis = RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(url))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
        try {
            RedisClientRegistry registry = RedisClientRegistry.builder(jedis).keyPrefix(keyPrefix).build();
            int backfilled = registry.backfillCreationIndex();
            if (backfilled > 0) {
                LOG.info("redis store: gave {} clients stored by an earlier version their creation-index entry,"
                        + " so listings by creation include them", backfilled);
            }
            return new Opened(registry, jedis, jedis::close);
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }
}
