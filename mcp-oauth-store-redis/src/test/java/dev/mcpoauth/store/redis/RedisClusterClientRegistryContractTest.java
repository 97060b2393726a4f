package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;

@DisplayName("RedisClientRegistry on a 3-master Redis Cluster")
class RedisClusterClientRegistryContractTest extends ClientRegistryContract {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static RedisClusterClient client;
    private static RedisClientRegistry registry;

    @Override
    protected ClientRegistry registry() {
        synchronized (RedisClusterClientRegistryContractTest.class) {
            if (registry == null) {
                client = CLUSTER.cluster().newClient();
                registry = RedisClientRegistry.builder(client).keyPrefix(RedisTestBackend.prefix("cluster")).build();
            }
            return registry;
        }
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
