package dev.mcpoauth.server;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcRegistrationRateLimiter;
import dev.mcpoauth.store.redis.RedisRegistrationRateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The store chosen by the {@code store} key: its {@link ClientRegistry}, a rate limiter on the
 * same store (so every server process using it shares the limits), a description that is safe
 * to log, and whatever must be closed at shutdown (a connection pool).
 */
final class StoreBackend implements AutoCloseable {

    private final ClientRegistry registry;
    private final String description;
    private final AutoCloseable resources;
    private final BiFunction<RateLimit, Clock, RegistrationRateLimiter> limiters;

    StoreBackend(ClientRegistry registry, String description, AutoCloseable resources) {
        this(registry, description, resources, InMemoryRegistrationRateLimiter::new);
    }

    StoreBackend(ClientRegistry registry, String description, AutoCloseable resources,
            BiFunction<RateLimit, Clock, RegistrationRateLimiter> limiters) {
        this.registry = registry;
        this.description = description;
        this.resources = resources;
        this.limiters = limiters;
    }

    static StoreBackend open(ServerConfiguration config) {
        switch (config.store()) {
            case MEMORY:
                return new StoreBackend(new InMemoryClientRegistry(), "memory (registrations are lost at shutdown)",
                        () -> { });
            case H2:
                Path file = config.h2Path().toAbsolutePath().normalize();
                createParentDirectory(file);
                return jdbc(JdbcStores.open(h2Url(file), "sa", "", config.jdbcPoolSize()), "h2 (" + file + ".mv.db)");
            case JDBC:
                String jdbcUrl = config.jdbcUrl().orElseThrow();
                return jdbc(JdbcStores.open(jdbcUrl, config.jdbcUsername().orElse(null),
                        config.jdbcPassword().orElse(null), config.jdbcPoolSize()), "jdbc (" + safeJdbcUrl(jdbcUrl) + ")");
            case REDIS:
                RedisStores.Opened redis = RedisStores.open(config.redisUrl(), config.redisPoolSize(),
                        config.redisKeyPrefix());
                return new StoreBackend(redis.registry(), "redis (" + safeRedisUrl(config.redisUrl())
                        + ", key prefix " + config.redisKeyPrefix() + ")", redis.resources(),
                        (limit, clock) -> RedisRegistrationRateLimiter.builder(redis.jedis(), limit)
                                .keyPrefix(config.redisKeyPrefix()).clock(clock).build());
            default:
                throw new IllegalStateException("unknown store " + config.store());
        }
    }

    /** The JDBC URL of the embedded H2 store at {@code path} (without the {@code .mv.db} suffix). */
    static String h2Url(Path path) {
        // the server closes the pool itself; H2's own exit hook would race with the drain.
        // WRITE_DELAY=0: a commit reaches the file before the 201, so a crash loses no
        // acknowledged registration (H2's default holds commits in memory for 500 ms)
        return "jdbc:h2:file:" + path.toAbsolutePath().normalize() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    private static StoreBackend jdbc(JdbcStores.Opened opened, String description) {
        return new StoreBackend(opened.registry(), description, opened.resources(), (limit, clock) -> {
            JdbcRegistrationRateLimiter limiter = JdbcRegistrationRateLimiter.builder(opened.dataSource(), limit)
                    .clock(clock).build();
            limiter.createSchemaIfMissing();
            return limiter;
        });
    }

    /**
     * A registration rate limiter enforcing {@code limit} on this store: in memory for the
     * memory store, a table beside the clients' for H2 and JDBC, keys under the prefix for Redis.
     */
    RegistrationRateLimiter rateLimiter(RateLimit limit, Clock clock) {
        return limiters.apply(limit, clock);
    }

    ClientRegistry registry() {
        return registry;
    }

    /** What and where the store is, without user names, passwords or URL parameters. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the store", e);
        } catch (Exception e) {
            throw new IllegalStateException("the store did not close cleanly", e);
        }
    }

    /** The JDBC URL up to its parameters, without any {@code user:password@}. */
    static String safeJdbcUrl(String url) {
        int end = url.length();
        for (char c : new char[] {'?', ';', '&'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return url.substring(0, end).replaceAll("//[^/@]*@", "//");
    }

    static String safeRedisUrl(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + ServerConfiguration.hostForUrl(url.getHost())
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }

    private static void createParentDirectory(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the H2 directory " + file.getParent(), e);
        }
    }
}
