package dev.mcpoauth.store.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives test classes one {@link LocalRedisCluster} per test run: started before the first class
 * that registers this extension, kept in the root extension store, and closed by JUnit (the
 * cluster is {@link AutoCloseable}) when the run ends.
 */
final class RedisClusterExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisClusterExtension.class);

    private volatile LocalRedisCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(LocalRedisCluster.class, k -> LocalRedisCluster.start(), LocalRedisCluster.class);
    }

    LocalRedisCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Redis Cluster is started before all tests of a class");
        }
        return cluster;
    }
}
