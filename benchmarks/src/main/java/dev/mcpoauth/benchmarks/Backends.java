package dev.mcpoauth.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcDataSources;
import dev.mcpoauth.store.redis.RedisClientRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The stores the benchmarks run on, at the same loopback coordinates as the tests (overridable
 * with the same {@code MCP_OAUTH_TEST_*} variables). Each opening uses its own table or key
 * prefix, and {@link #close()} removes it.
 */
final class Backends implements AutoCloseable {

    final String store;
    final ClientRegistry registry;
    final HikariDataSource dataSource;
    final String table;
    private final RedisClient jedis;
    private final String keyPrefix;

    private Backends(String store, ClientRegistry registry, HikariDataSource dataSource, String table,
            RedisClient jedis, String keyPrefix) {
        this.store = store;
        this.registry = registry;
        this.dataSource = dataSource;
        this.table = table;
        this.jedis = jedis;
        this.keyPrefix = keyPrefix;
    }

    /** The key prefix of a {@code redis} backend; everything under it is removed by {@link #close()}. */
    String keyPrefix() {
        return keyPrefix;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    static String uniqueName(String prefix) {
        return prefix + Long.toString(System.currentTimeMillis(), 36) + ThreadLocalRandom.current().nextInt(1000);
    }

    static Backends open(String store, int poolSize) {
        switch (store) {
            case "h2":
                return jdbc(store, "jdbc:h2:mem:" + uniqueName("bench") + ";DB_CLOSE_DELAY=-1", "sa", "", poolSize);
            case "mariadb":
                return jdbc(store, env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test"),
                        env("MCP_OAUTH_TEST_MYSQL_USER", "root"), env("MCP_OAUTH_TEST_MYSQL_PASSWORD", ""), poolSize);
            case "postgres":
                return jdbc(store, env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                        env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres"), env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", ""),
                        poolSize);
            case "redis":
                RedisClient jedis = RedisClient.builder()
                        .hostAndPort(redis.clients.jedis.util.JedisURIHelper.getHostAndPort(
                                java.net.URI.create(env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"))))
                        .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder().timeoutMillis(2_000).build())
                        .build();
                jedis.getPool().setMaxTotal(Math.max(8, poolSize));
                jedis.getPool().setMaxIdle(Math.max(8, poolSize));
                String prefix = uniqueName("bench-") + ":";
                return new Backends(store, RedisClientRegistry.builder(jedis).keyPrefix(prefix).build(),
                        null, null, jedis, prefix);
            default:
                throw new IllegalArgumentException("unknown store: " + store);
        }
    }

    private static Backends jdbc(String store, String url, String user, String password, int poolSize) {
        HikariDataSource dataSource = JdbcDataSources.pool(url).user(user).password(password)
                .maximumPoolSize(poolSize).poolName("bench").build();
        String table = uniqueName("bench_");
        JdbcClientRegistry registry = JdbcClientRegistry.builder(dataSource).tableName(table).build();
        registry.createSchemaIfMissing();
        return new Backends(store, registry, dataSource, table, null, null);
    }

    /** Stores {@code n} typical clients and returns their ids, for lookups to pick from. */
    List<String> preload(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RegisteredClient client = StoreBenchmark.typicalClient();
            registry.create(client);
            ids.add(client.clientId());
        }
        return ids;
    }

    /** The Redis connection pool the registry uses, for raw commands beside it. */
    RedisClient jedis() {
        if (jedis == null) {
            throw new IllegalStateException(store + " is not Redis");
        }
        return jedis;
    }

    /** The keys of this opening's prefix that contain {@code part}, found by {@code SCAN}. */
    List<String> redisKeys(String part) {
        List<String> found = new ArrayList<>();
        scanKeys(page -> page.stream().filter(key -> key.contains(part)).forEach(found::add));
        return found;
    }

    /** Hands each page of {@code SCAN} over this opening's prefix to {@code pages}. */
    private void scanKeys(Consumer<List<String>> pages) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(keyPrefix + "*").count(1_000);
        do {
            ScanResult<String> page = jedis().scan(cursor, params);
            pages.accept(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /** Drops the table or deletes the keys this opening made, then closes the pool. */
    @Override
    public void close() {
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop benchmark table " + table, e);
            } finally {
                dataSource.close();
            }
        }
        if (jedis != null) {
            scanKeys(page -> {
                if (!page.isEmpty()) {
                    jedis.del(page.toArray(new String[0]));
                }
            });
            jedis.close();
        }
    }
}
