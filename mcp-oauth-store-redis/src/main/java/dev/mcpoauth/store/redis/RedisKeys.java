package dev.mcpoauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The key layout, in one place. A client lives in one of a fixed number of shards chosen by a
 * stable hash of its id; the shard number is the hash tag of every key the client touches (its
 * hash and its shard's index), so one Lua script can change both atomically, even in Cluster.
 *
 * <pre>
 *   {prefix}{&lt;shard&gt;}:client:&lt;clientId&gt;   hash: the client, field by field
 *   {prefix}{&lt;shard&gt;}:index                  sorted set: "&lt;activity&gt;|&lt;clientId&gt;", all scores 0
 * </pre>
 */
final class RedisKeys {

    private final String prefix;
    private final int shards;

    RedisKeys(String prefix, int shards) {
        this.prefix = prefix;
        this.shards = shards;
    }

    int shards() {
        return shards;
    }

    int shardOf(String clientId) {
        CRC32 crc = new CRC32();
        crc.update(clientId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    String clientKey(String clientId) {
        return prefix + "{" + shardOf(clientId) + "}:client:" + clientId;
    }

    String clientKey(int shard, String clientId) {
        return prefix + "{" + shard + "}:client:" + clientId;
    }

    String indexKey(String clientId) {
        return indexKey(shardOf(clientId));
    }

    String indexKey(int shard) {
        return prefix + "{" + shard + "}:index";
    }
}
