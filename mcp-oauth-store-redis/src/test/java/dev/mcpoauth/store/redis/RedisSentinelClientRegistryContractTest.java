package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import redis.clients.jedis.RedisSentinelClient;

@DisplayName("RedisClientRegistry through Redis Sentinel")
class RedisSentinelClientRegistryContractTest extends ClientRegistryContract {

    private static LocalRedisSentinel sentinel;
    private static RedisSentinelClient client;
    private static RedisClientRegistry registry;

    @BeforeAll
    static void startSentinel() {
        sentinel = LocalRedisSentinel.start();
        client = sentinel.newClient();
        registry = RedisClientRegistry.builder(client).keyPrefix(RedisTestBackend.prefix("sentinel")).build();
    }

    @AfterAll
    static void stopSentinel() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (sentinel != null) {
                sentinel.close();
            }
        }
    }

    @Override
    protected ClientRegistry registry() {
        return registry;
    }
}
