package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.TestClients;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.util.JedisClusterCRC16;

@DisplayName("RedisKeys")
class RedisKeysTest {

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 3, 7, 256, 1_000, 16_384})
    @DisplayName("gives every shard a distinct tag whose slot lies in that shard's slice of the slot space")
    void tagsCoverTheSlotSpaceEvenly(int shards) {
        String[] tags = RedisKeys.shardTags(shards);

        assertThat(new HashSet<>(Arrays.asList(tags))).hasSize(shards);
        for (int i = 0; i < shards; i++) {
            int slot = JedisClusterCRC16.getSlot(tags[i]);
            assertThat((long) slot * shards / RedisKeys.CLUSTER_SLOTS).as("shard %s, tag %s", i, tags[i]).isEqualTo(i);
        }
    }

    @Test
    @DisplayName("puts 85 or 86 of the 256 default shards on each master of an evenly split three-master cluster")
    void defaultShardsSpreadEvenlyOverThreeMasters() {
        int[] perMaster = new int[3];
        for (String tag : RedisKeys.shardTags(RedisClientRegistry.DEFAULT_INDEX_SHARDS)) {
            int slot = JedisClusterCRC16.getSlot(tag);
            perMaster[slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2]++;
        }
        assertThat(Arrays.stream(perMaster).boxed()).allSatisfy(n -> assertThat(n).isBetween(85, 86));
    }

    @Test
    @DisplayName("keeps the tags of the stored format: the first default shards are cv, 14, 6y")
    void tagsAreStable() {
        assertThat(Arrays.copyOf(RedisKeys.shardTags(256), 3)).containsExactly("cv", "14", "6y");
        assertThat(new RedisKeys("mcp-oauth:", 256).indexKey(0)).isEqualTo("mcp-oauth:{cv}:index");
    }

    @Test
    @DisplayName("puts a client's hash and its shard index in the same slot, under the prefix")
    void clientKeysShareTheIndexSlot() {
        RedisKeys keys = new RedisKeys("app:", 256);
        Set<Integer> shards = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = TestClients.randomClientId();
            shards.add(keys.shardOf(id));
            assertThat(keys.clientKey(id)).startsWith("app:{").endsWith("}:client:" + id);
            assertThat(JedisClusterCRC16.getSlot(keys.clientKey(id))).isEqualTo(JedisClusterCRC16.getSlot(keys.indexKey(id)));
        }
        assertThat(shards).hasSizeGreaterThan(100);
    }
}
