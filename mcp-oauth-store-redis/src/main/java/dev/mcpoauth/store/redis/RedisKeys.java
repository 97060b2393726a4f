package dev.mcpoauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The key layout, in one place. A client lives in one of a fixed number of shards chosen by a
 * stable hash of its id; the shard's tag is the hash tag of every key the client touches (its
 * hash and its shard's index), so one Lua script can change both atomically, even in Cluster.
 *
 * <pre>
 *   {prefix}{&lt;tag&gt;}:client:&lt;clientId&gt;   hash: the client, field by field
 *   {prefix}{&lt;tag&gt;}:index                  sorted set: "&lt;activity&gt;|&lt;clientId&gt;", all scores 0
 *   {prefix}{&lt;tag&gt;}:created                sorted set: "&lt;created at&gt;|&lt;clientId&gt;", all scores 0
 * </pre>
 *
 * <p>Shard {@code i}'s tag is the first of {@code 0, 1, 2, …} (written in base 36) whose cluster
 * slot falls in the {@code i}-th of {@code shards} equal slices of the 16,384 slots, so shards
 * spread evenly over masters that own equal ranges of slots. This rule is part of the stored
 * format: changing it would hide existing clients.
 */
final class RedisKeys {

    static final int CLUSTER_SLOTS = 16_384;
    /** Far more candidates than the most shards ever need (about 200,000 for 16,384 shards). */
    private static final long MAX_CANDIDATES = 100_000_000L;

    private final String prefix;
    private final String[] tags;

    RedisKeys(String prefix, int shards) {
        this.prefix = prefix;
        this.tags = shardTags(shards);
    }

    static String[] shardTags(int shards) {
        String[] tags = new String[shards];
        int found = 0;
        for (long candidate = 0; found < shards; candidate++) {
            if (candidate > MAX_CANDIDATES) {
                throw new IllegalStateException("no hash tag found for every one of " + shards + " shards");
            }
            String tag = Long.toString(candidate, 36);
            int shard = (int) ((long) JedisClusterCRC16.getSlot(tag) * shards / CLUSTER_SLOTS);
            if (tags[shard] == null) {
                tags[shard] = tag;
                found++;
            }
        }
        return tags;
    }

    int shards() {
        return tags.length;
    }

    int shardOf(String clientId) {
        CRC32 crc = new CRC32();
        crc.update(clientId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % tags.length);
    }

    String clientKey(String clientId) {
        return clientKey(shardOf(clientId), clientId);
    }

    String clientKey(int shard, String clientId) {
        return prefix + "{" + tags[shard] + "}:client:" + clientId;
    }

    String indexKey(String clientId) {
        return indexKey(shardOf(clientId));
    }

    String indexKey(int shard) {
        return prefix + "{" + tags[shard] + "}:index";
    }

    String createdKey(String clientId) {
        return createdKey(shardOf(clientId));
    }

    String createdKey(int shard) {
        return prefix + "{" + tags[shard] + "}:created";
    }
}
