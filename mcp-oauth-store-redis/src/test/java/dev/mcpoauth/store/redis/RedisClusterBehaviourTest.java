package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.tests.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.exceptions.JedisMovedDataException;

@DisplayName("RedisClientRegistry on Redis Cluster")
class RedisClusterBehaviourTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private final String prefix = RedisTestBackend.prefix("cluster-behaviour-" + UUID.randomUUID());

    @Test
    @DisplayName("spreads clients over all three masters")
    void clientsSpreadOverMasters() {
        try (RedisClusterClient client = CLUSTER.cluster().newClient()) {
            RedisClientRegistry registry = RedisClientRegistry.builder(client).keyPrefix(prefix).build();
            for (int i = 0; i < 60; i++) {
                registry.create(TestClients.publicClient().build());
            }
            Map<HostAndPort, Integer> keysPerNode = new HashMap<>();
            for (HostAndPort node : CLUSTER.cluster().nodes()) {
                try (Jedis jedis = new Jedis(node, LocalRedisCluster.clientConfig())) {
                    keysPerNode.put(node, jedis.scan(ScanParams.SCAN_POINTER_START,
                            new ScanParams().match(prefix + "*:client:*").count(10_000)).getResult().size());
                }
            }

            assertThat(keysPerNode).hasSize(3).allSatisfy((node, keys) -> assertThat(keys).isPositive());
            assertThat(registry.count()).isEqualTo(60);
        }
    }

    @Test
    @DisplayName("counts correctly on a plain UnifiedJedis over a cluster provider, whose pipeline reaches one node only")
    @SuppressWarnings("deprecation") // the deprecated constructor is the case under test
    void countOnPlainUnifiedJedis() {
        try (UnifiedJedis plain = new UnifiedJedis(
                new ClusterConnectionProvider(CLUSTER.cluster().nodes(), LocalRedisCluster.clientConfig()),
                3, Duration.ofSeconds(5))) {
            RedisClientRegistry registry = RedisClientRegistry.builder(plain).keyPrefix(prefix).build();
            List<RegisteredClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RegisteredClient client = TestClients.publicClient().build();
                registry.create(client);
                clients.add(client);
            }

            assertThat(registry.count()).isEqualTo(20);
            assertThat(registry.findById(clients.get(7).clientId())).contains(clients.get(7));
        }
    }

    @Test
    @DisplayName("with the master of a client's slot killed, calls are unavailable; once it is back (AOF), the same registry finds the client")
    void masterDownThenBack() {
        try (LocalRedisCluster own = LocalRedisCluster.startDurable();
                RedisClusterClient client = RedisClusterClient.builder()
                        .nodes(own.nodes())
                        .clientConfig(LocalRedisCluster.clientConfig())
                        .maxAttempts(3)
                        .maxTotalRetriesDuration(Duration.ofSeconds(5))
                        .build()) {
            RedisClientRegistry registry = RedisClientRegistry.builder(client).keyPrefix(prefix).build();
            RegisteredClient stored = TestClients.publicClient().build();
            registry.create(stored);
            int port = masterOf(own, new RedisKeys(prefix, RedisClientRegistry.DEFAULT_INDEX_SHARDS)
                    .clientKey(stored.clientId()));

            own.stopNode(port);

            assertThatThrownBy(() -> registry.findById(stored.clientId()))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
            assertThatThrownBy(() -> registry.touch(stored.clientId(), TestClients.now()))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
            assertThatThrownBy(registry::count).isInstanceOf(ClientRegistryUnavailableException.class);

            own.restartNode(port);

            assertThat(eventually(() -> registry.findById(stored.clientId()))).contains(stored);
            RegisteredClient after = TestClients.confidentialClient().build();
            registry.create(after);
            assertThat(registry.findById(after.clientId())).contains(after);
        }
    }

    /** Asks any node for the key; a node that does not own its slot redirects to the one that does. */
    private static int masterOf(LocalRedisCluster cluster, String key) {
        HostAndPort any = cluster.nodes().iterator().next();
        try (Jedis jedis = new Jedis(any, LocalRedisCluster.clientConfig())) {
            jedis.exists(key);
            return any.getPort();
        } catch (JedisMovedDataException moved) {
            return moved.getTargetNode().getPort();
        }
    }

    private static <T> T eventually(Supplier<T> operation) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return operation.get();
            } catch (ClientRegistryUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the registry did not recover within 60 s", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
