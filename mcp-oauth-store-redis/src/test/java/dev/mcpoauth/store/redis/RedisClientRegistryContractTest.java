package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import dev.mcpoauth.tests.ClientRegistryOutageContract;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import redis.clients.jedis.RedisClient;

@DisplayName("RedisClientRegistry on a single Redis node")
class RedisClientRegistryContractTest extends ClientRegistryContract {

    private static final RedisClientRegistry REGISTRY = RedisClientRegistry.builder(RedisTestBackend.client())
            .keyPrefix(RedisTestBackend.prefix("contract"))
            .build();

    @Override
    protected ClientRegistry registry() {
        return REGISTRY;
    }

    @Nested
    @DisplayName("when the connection to Redis is cut")
    class BackendOutage extends ClientRegistryOutageContract {

        private final Map<ClientRegistry, RedisClient> clients = new IdentityHashMap<>();

        @Override
        protected InetSocketAddress backendAddress() {
            return RedisTestBackend.address();
        }

        @Override
        protected ClientRegistry registryThrough(InetSocketAddress proxyAddress) {
            RedisClient client = RedisTestBackend.clientAt(proxyAddress, 1_000);
            RedisClientRegistry registry = RedisClientRegistry.builder(client)
                    .keyPrefix(RedisTestBackend.prefix("outage"))
                    .build();
            clients.put(registry, client);
            return registry;
        }

        @Override
        protected void closeRegistry(ClientRegistry registry) {
            RedisClient client = clients.remove(registry);
            if (client != null) {
                client.close();
            }
        }
    }
}
