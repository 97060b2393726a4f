package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

@DisplayName("The Redis key layout")
class RedisKeyLayoutTest {

    private final RedisClient redis = RedisTestBackend.client();
    private final String prefix = RedisTestBackend.prefix("layout-" + UUID.randomUUID());
    private final RedisClientRegistry registry = RedisClientRegistry.builder(redis).keyPrefix(prefix).build();

    private Set<String> keysUnderPrefix() {
        Set<String> keys = new HashSet<>();
        ScanParams params = new ScanParams().match(prefix + "*").count(1_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Nested
    @DisplayName("for one stored client")
    class OneClient {

        @Test
        @DisplayName("is a hash and two index entries whose keys share one hash slot, under the prefix")
        void keysShareOneSlot() {
            RegisteredClient client = TestClients.confidentialClient().build();
            registry.create(client);

            Set<String> keys = keysUnderPrefix();

            assertThat(keys).hasSize(3)
                    .allSatisfy(k -> assertThat(k).startsWith(prefix))
                    .anySatisfy(k -> assertThat(k).endsWith(":client:" + client.clientId()))
                    .anySatisfy(k -> assertThat(k).endsWith(":index"))
                    .anySatisfy(k -> assertThat(k).endsWith(":created"));
            assertThat(keys.stream().map(JedisClusterCRC16::getSlot).distinct()).hasSize(1);
            String hashKey = keys.stream().filter(k -> k.contains(":client:")).findFirst().orElseThrow();
            assertThat(redis.type(hashKey)).isEqualTo("hash");
        }

        @Test
        @DisplayName("never expires: no TTL on the client or its index")
        void noTtl() {
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);
            registry.touch(client.clientId(), TestClients.now());
            registry.replace(client.toBuilder().version(client.version() + 1).build(), client.version());

            assertThat(keysUnderPrefix()).isNotEmpty().allSatisfy(k -> assertThat(redis.ttl(k)).isEqualTo(-1L));
        }

        @Test
        @DisplayName("stores fields one by one, with no field for an absent member and no plain-text secret")
        void fieldsAreExplicit() {
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);
            String hashKey = keysUnderPrefix().stream().filter(k -> k.contains(":client:")).findFirst().orElseThrow();

            var fields = redis.hgetAll(hashKey);

            assertThat(fields).containsEntry("client_id", client.clientId())
                    .containsEntry("client_id_issued_at", Long.toString(client.clientIdIssuedAt().getEpochSecond()))
                    .containsEntry("redirect_uris", "[\"http://localhost:58621/callback\"]")
                    .containsEntry("client_name", "Claude Code (test)")
                    .containsEntry("version", "1")
                    .containsEntry("registration_access_token_hash", client.registrationAccessTokenHash().orElseThrow())
                    .doesNotContainKeys("client_secret_hash", "contacts", "jwks", "last_used_at", "logo_uri");
        }

        @Test
        @DisplayName("with hundreds of language-tagged values is written whole, past one HSET's worth of fields")
        void manyFields() {
            Map<String, String> localized = new TreeMap<>();
            for (int i = 0; i < 400; i++) {
                localized.put("client_name#x-" + i, "name " + i);
            }
            RegisteredClient base = TestClients.confidentialClient().build();
            RegisteredClient client = base.toBuilder()
                    .metadata(base.metadata().toBuilder().localizedValues(localized).build()).build();
            registry.create(client);
            assertThat(registry.findById(client.clientId())).contains(client);

            RegisteredClient updated = client.toBuilder().version(client.version() + 1)
                    .metadata(client.metadata().toBuilder().localizedValues(Map.of("client_name#ja", "x")).build())
                    .build();
            assertThat(registry.replace(updated, client.version())).isTrue();
            assertThat(registry.findById(client.clientId())).contains(updated);
        }

        @Test
        @DisplayName("leaves nothing behind once deleted")
        void deleteLeavesNothing() {
            RegisteredClient client = TestClients.fullyPopulatedClient().build();
            registry.create(client);
            registry.touch(client.clientId(), TestClients.now());

            registry.delete(client.clientId());

            assertThat(keysUnderPrefix()).isEmpty();
        }

        @Test
        @DisplayName("leaves nothing behind once reaped")
        void reapLeavesNothing() {
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);

            assertThat(registry.deleteUnusedSince(client.clientIdIssuedAt().plusSeconds(1), 10)).isEqualTo(1);

            assertThat(keysUnderPrefix()).isEmpty();
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("registries under different prefixes do not see each other's clients")
        void prefixesSeparate() {
            RedisClientRegistry other = RedisClientRegistry.builder(redis).keyPrefix(prefix + "other:").build();
            RegisteredClient client = TestClients.publicClient().build();
            registry.create(client);

            assertThat(other.findById(client.clientId())).isEmpty();
            assertThat(other.count()).isZero();
            other.create(client);
            assertThat(registry.count()).isEqualTo(1);
            assertThat(other.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("spreads clients over the configured number of shards")
        void shardsSpread() {
            RedisClientRegistry fourShards = RedisClientRegistry.builder(redis).keyPrefix(prefix).indexShards(4).build();
            for (int i = 0; i < 100; i++) {
                fourShards.create(TestClients.publicClient().build());
            }
            List<String> indexes = keysUnderPrefix().stream().filter(k -> k.endsWith(":index")).toList();

            assertThat(indexes).hasSize(4);
            assertThat(fourShards.count()).isEqualTo(100);
        }

        @Test
        @DisplayName("a prefix with a brace is refused, since it would change the hash tag")
        void braceInPrefixRefused() {
            assertThatThrownBy(() -> RedisClientRegistry.builder(redis).keyPrefix("app{1}:"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{");
        }

        @Test
        @DisplayName("an empty prefix, or one with white space, is refused, by the builder and the rule it applies")
        void emptyOrSpacedPrefixRefused() {
            for (String prefix : List.of("", "app 1:", "app\t1:")) {
                assertThatThrownBy(() -> RedisClientRegistry.builder(redis).keyPrefix(prefix))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> RedisClientRegistry.requireValidKeyPrefix(prefix))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(RedisClientRegistry.requireValidKeyPrefix("tenant-a:")).isEqualTo("tenant-a:");
        }

        @Test
        @DisplayName("a shard count outside 1..16384 is refused")
        void shardBounds() {
            assertThatThrownBy(() -> RedisClientRegistry.builder(redis).indexShards(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RedisClientRegistry.builder(redis).indexShards(16_385))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("the default prefix is mcp-oauth:")
        void defaultPrefix() {
            assertThat(RedisClientRegistry.DEFAULT_KEY_PREFIX).isEqualTo("mcp-oauth:");
            assertThat(RedisClientRegistry.builder(redis).build().toString()).contains("index=mcp-oauth:{");
        }
    }
}
