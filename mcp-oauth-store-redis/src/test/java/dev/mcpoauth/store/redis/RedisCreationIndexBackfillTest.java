package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientSort;
import dev.mcpoauth.tests.TestClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link RedisClientRegistry#backfillCreationIndex()}: clients stored by a version without the
 * creation index (simulated by taking their entry away: no {@code created_entry} in the hash,
 * nothing in the shard's {@code :created} set) are missing from listings by creation until it
 * runs, then listed in order. On a single node and on the test-started Redis Cluster.
 */
@DisplayName("Backfilling the Redis creation index")
class RedisCreationIndexBackfillTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static RedisClusterClient clusterClient;

    @AfterAll
    static void closeClusterClient() {
        if (clusterClient != null) {
            clusterClient.close();
        }
    }

    private static synchronized RedisClusterClient cluster() {
        if (clusterClient == null) {
            clusterClient = CLUSTER.cluster().newClient();
        }
        return clusterClient;
    }

    @Test
    @DisplayName("one shard holding more old clients than one batch reads: every one is backfilled")
    void moreThanOneBatch() {
        UnifiedJedis jedis = RedisTestBackend.client();
        String prefix = RedisTestBackend.prefix("backfill-batches-" + UUID.randomUUID());
        RedisKeys keys = new RedisKeys(prefix, 1);
        RedisClientRegistry registry = RedisClientRegistry.builder(jedis).keyPrefix(prefix).indexShards(1).build();
        int old = 0;
        for (int i = 0; i < 450; i++) {
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);
            if (i % 3 != 0) {
                jedis.hdel(keys.clientKey(client.clientId()), RedisClientCodec.CREATED_ENTRY);
                jedis.zrem(keys.createdKey(client.clientId()), RedisClientCodec.createdEntry(client));
                old++;
            }
        }
        assertThat(jedis.zcard(keys.createdKey(0))).isEqualTo(150);

        assertThat(registry.backfillCreationIndex()).isEqualTo(old).isEqualTo(300);

        assertThat(jedis.zcard(keys.createdKey(0))).isEqualTo(450);
        assertThat(registry.backfillCreationIndex()).isZero();
    }

    @Nested
    @DisplayName("on a single node")
    class SingleNode extends Scenarios {
        SingleNode() {
            super(RedisTestBackend.client(), 256);
        }
    }

    @Nested
    @DisplayName("on a single node, with 4 shards (several old clients per shard)")
    class FewShards extends Scenarios {
        FewShards() {
            super(RedisTestBackend.client(), 4);
        }
    }

    @Nested
    @DisplayName("on a 3-master Redis Cluster")
    class Cluster extends Scenarios {
        Cluster() {
            super(cluster(), 256);
        }
    }

    abstract static class Scenarios {

        private final UnifiedJedis jedis;
        private final String prefix = RedisTestBackend.prefix("backfill-" + UUID.randomUUID());
        private final RedisKeys keys;
        private final RedisClientRegistry registry;

        Scenarios(UnifiedJedis jedis, int shards) {
            this.jedis = jedis;
            this.keys = new RedisKeys(prefix, shards);
            this.registry = RedisClientRegistry.builder(jedis).keyPrefix(prefix).indexShards(shards).build();
        }

        /** A client created {@code minutesAgo} minutes ago, stored now. */
        private RegisteredClient stored(int minutesAgo) {
            Instant created = TestClients.now().minusSeconds(60L * minutesAgo);
            RegisteredClient client = TestClients.publicClient().clientIdIssuedAt(created).createdAt(created)
                    .updatedAt(created).build();
            registry.create(client);
            return client;
        }

        /** What a version without the creation index left: no entry in the hash, none in the set. */
        private void asIfStoredBeforeTheCreationIndex(RegisteredClient client) {
            jedis.hdel(keys.clientKey(client.clientId()), RedisClientCodec.CREATED_ENTRY);
            jedis.zrem(keys.createdKey(client.clientId()), RedisClientCodec.createdEntry(client));
        }

        private List<String> listedByCreation() {
            List<String> ids = new ArrayList<>();
            ClientQuery.Builder query = ClientQuery.builder().sort(ClientSort.CREATED, false).limit(7);
            Optional<String> cursor = Optional.empty();
            do {
                var page = registry.list(query.cursor(cursor).build());
                page.clients().forEach(client -> ids.add(client.clientId()));
                cursor = page.nextCursor();
            } while (cursor.isPresent());
            return ids;
        }

        private List<String> listedByActivity() {
            return registry.list(ClientQuery.builder().sort(ClientSort.LAST_ACTIVITY, false).limit(1_000).build())
                    .clients().stream().map(RegisteredClient::clientId).toList();
        }

        private long entries(String kind) {
            long total = 0;
            for (int shard = 0; shard < keys.shards(); shard++) {
                total += jedis.zcard(kind.equals("created") ? keys.createdKey(shard) : keys.indexKey(shard));
            }
            return total;
        }

        @Test
        @DisplayName("old clients are missing by creation until the backfill, then listed in creation order; a second run adds none")
        void backfillsOldClients() {
            List<String> expected = new ArrayList<>();
            List<RegisteredClient> old = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                RegisteredClient client = stored(30 - i);
                expected.add(client.clientId());
                if (i % 3 != 0) {
                    old.add(client);
                }
            }
            old.forEach(this::asIfStoredBeforeTheCreationIndex);
            assertThat(listedByActivity()).hasSize(30);
            assertThat(listedByCreation()).hasSize(10);

            assertThat(registry.backfillCreationIndex()).isEqualTo(20);

            assertThat(listedByCreation()).containsExactlyElementsOf(expected);
            assertThat(entries("created")).isEqualTo(entries("index")).isEqualTo(30);
            for (RegisteredClient client : old) {
                assertThat(jedis.hget(keys.clientKey(client.clientId()), RedisClientCodec.CREATED_ENTRY))
                        .isEqualTo(RedisClientCodec.createdEntry(client));
                assertThat(registry.findById(client.clientId())).contains(client);
            }
            assertThat(registry.backfillCreationIndex()).isZero();
        }

        @Test
        @DisplayName("a registry with nothing missing adds nothing, and an empty one too")
        void nothingMissing() {
            assertThat(registry.backfillCreationIndex()).isZero();
            stored(3);
            stored(2);
            assertThat(registry.backfillCreationIndex()).isZero();
            assertThat(listedByCreation()).hasSize(2);
        }

        @Test
        @DisplayName("an old client deleted, replaced or reaped before the backfill gets no stale entry, and leaves nothing behind")
        void changedBeforeTheBackfill() {
            RegisteredClient deleted = stored(50);
            RegisteredClient replaced = stored(40);
            RegisteredClient reaped = stored(30);
            RegisteredClient kept = stored(20);
            List.of(deleted, replaced, reaped, kept).forEach(this::asIfStoredBeforeTheCreationIndex);

            assertThat(registry.delete(deleted.clientId())).isTrue();
            RegisteredClient renamed = replaced.toBuilder().version(replaced.version() + 1)
                    .metadata(replaced.metadata().toBuilder().clientName("renamed").build()).build();
            assertThat(registry.replace(renamed, replaced.version())).isTrue();
            registry.touch(kept.clientId(), TestClients.now());
            registry.touch(renamed.clientId(), TestClients.now());
            assertThat(registry.deleteUnusedSince(reaped.createdAt().plusSeconds(1), 10)).isEqualTo(1);

            assertThat(registry.backfillCreationIndex()).isEqualTo(1);

            assertThat(listedByCreation()).containsExactly(renamed.clientId(), kept.clientId());
            assertThat(entries("created")).isEqualTo(entries("index")).isEqualTo(2);
            assertThat(jedis.exists(keys.clientKey(deleted.clientId()))).isFalse();
            assertThat(jedis.exists(keys.clientKey(reaped.clientId()))).isFalse();
            assertThat(registry.delete(kept.clientId())).isTrue();
            assertThat(entries("created")).isEqualTo(1);
        }
    }
}
