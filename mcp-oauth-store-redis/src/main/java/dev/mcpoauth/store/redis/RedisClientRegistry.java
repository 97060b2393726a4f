package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.DuplicateClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * A {@link ClientRegistry} on Redis through Jedis's {@link UnifiedJedis}, so one adapter serves a
 * single node ({@code RedisClient}, {@code JedisPooled}), Sentinel ({@code RedisSentinelClient},
 * {@code JedisSentineled}) and Cluster ({@code RedisClusterClient}, {@code JedisCluster}).
 *
 * <p>Each client is one hash; a fixed number of shard indexes (sorted sets) hold one entry per
 * client for {@link #count()} and {@link #deleteUnusedSince(Instant, int)}. A client's hash and
 * its index entry share a hash tag and change together in one Lua script, so every write is
 * atomic on a single node and in Cluster alike. Clients never expire on their own (no TTL).
 * See {@code docs/stores/redis.md} for the key layout and its trade-offs.
 *
 * <p>Thread-safe. The registry does not own the {@code UnifiedJedis}: the caller closes it.
 * Connection failures, timeouts, an exhausted pool and a cluster that cannot serve the slot
 * throw {@link ClientRegistryUnavailableException}; every other Redis failure throws
 * {@link ClientRegistryException}. Nothing is cached, so the registry works again as soon as
 * Redis answers.
 */
public final class RedisClientRegistry implements ClientRegistry {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "mcp-oauth:";
    /** The default number of index shards. */
    public static final int DEFAULT_INDEX_SHARDS = 256;
    /** Redis Cluster has this many hash slots; more shards than slots would spread nothing further. */
    private static final int MAX_INDEX_SHARDS = 16_384;
    /** Candidates deleted per script call while reaping, so no single script runs long. */
    private static final int REAP_BATCH = 100;

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final RedisClientCodec codec = new RedisClientCodec();

    private RedisClientRegistry(Builder b) {
        this.jedis = b.jedis;
        this.keys = new RedisKeys(b.keyPrefix, b.indexShards);
    }

    /**
     * Starts a registry on {@code jedis} with the default key prefix {@value #DEFAULT_KEY_PREFIX}
     * and {@value #DEFAULT_INDEX_SHARDS} index shards.
     */
    public static Builder builder(UnifiedJedis jedis) {
        return new Builder(jedis);
    }

    @Override
    public void create(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        String id = client.clientId();
        List<String> args = scriptArgs(List.of(RedisClientCodec.indexEntry(client)), codec.toHash(client));
        long created = call("create", () -> RedisScripts.CREATE.run(jedis,
                List.of(keys.clientKey(id), keys.indexKey(id)), args));
        if (created == 0) {
            throw new DuplicateClientException(id);
        }
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        Map<String, String> hash = call("findById", () -> jedis.hgetAll(keys.clientKey(clientId)));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(codec.fromHash(clientId, hash));
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        Objects.requireNonNull(client, "client");
        String id = client.clientId();
        List<String> args = scriptArgs(List.of(Long.toString(expectedVersion), RedisClientCodec.indexEntry(client)),
                codec.toHash(client));
        return call("replace", () -> RedisScripts.REPLACE.run(jedis,
                List.of(keys.clientKey(id), keys.indexKey(id)), args)) == 1;
    }

    @Override
    public boolean delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return call("delete", () -> RedisScripts.DELETE.run(jedis,
                List.of(keys.clientKey(clientId), keys.indexKey(clientId)), List.of())) == 1;
    }

    @Override
    public void touch(String clientId, Instant when) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(when, "when");
        // after a use, the last activity is the use (RegisteredClient#lastActivity), so the entry is built from it
        call("touch", () -> RedisScripts.TOUCH.run(jedis,
                List.of(keys.clientKey(clientId), keys.indexKey(clientId)),
                List.of(when.toString(), RedisClientCodec.indexEntry(clientId, when))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Walks the shard indexes in order and deletes, per shard, the entries that sort before
     * the cutoff; a client touched between the read and the delete is kept.
     */
    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        String before = "(" + RedisClientCodec.activityKey(cutoff);
        int deleted = 0;
        for (int shard = 0; shard < keys.shards() && deleted < limit; shard++) {
            String index = keys.indexKey(shard);
            while (deleted < limit) {
                int wanted = Math.min(limit - deleted, REAP_BATCH);
                List<String> entries = call("deleteUnusedSince", () -> rangeByLex(index, before, wanted));
                int reaped = entries.isEmpty() ? 0 : reap(shard, index, entries);
                deleted += reaped;
                if (reaped == 0 || entries.size() < wanted) {
                    break;
                }
            }
        }
        return deleted;
    }

    /**
     * Up to {@code count} members of the index below {@code before}, in order. Jedis deprecates
     * {@code ZRANGEBYLEX} for {@code ZRANGE … BYLEX}, which needs Redis 6.2; the store keeps to
     * what Redis 6.0 has (docs/stores/redis.md).
     */
    @SuppressWarnings("deprecation")
    private List<String> rangeByLex(String index, String before, int count) {
        return jedis.zrangeByLex(index, "-", before, 0, count);
    }

    private int reap(int shard, String index, List<String> entries) {
        List<String> scriptKeys = new ArrayList<>(entries.size() + 1);
        scriptKeys.add(index);
        for (String entry : entries) {
            scriptKeys.add(keys.clientKey(shard, entry.substring(entry.indexOf('|') + 1)));
        }
        long reaped = call("deleteUnusedSince", () -> RedisScripts.REAP.run(jedis, scriptKeys, entries));
        return (int) reaped;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sums the sizes of the shard indexes, pipelined (one round trip per node).
     */
    @Override
    public long count() {
        return call("count", () -> {
            try {
                return countPipelined();
            } catch (JedisRedirectionException e) {
                // a plain UnifiedJedis over a cluster provider pipelines to one node only
                return countOneByOne();
            }
        });
    }

    private long countPipelined() {
        List<Response<Long>> sizes = new ArrayList<>(keys.shards());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int shard = 0; shard < keys.shards(); shard++) {
                sizes.add(pipeline.zcard(keys.indexKey(shard)));
            }
            pipeline.sync();
        }
        long total = 0;
        for (Response<Long> size : sizes) {
            total += size.get();
        }
        return total;
    }

    private long countOneByOne() {
        long total = 0;
        for (int shard = 0; shard < keys.shards(); shard++) {
            total += jedis.zcard(keys.indexKey(shard));
        }
        return total;
    }

    private static List<String> scriptArgs(List<String> head, Map<String, String> fields) {
        List<String> args = new ArrayList<>(head.size() + 2 * fields.size());
        args.addAll(head);
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args;
    }

    private static <T> T call(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw RedisFailures.translate(operation, e);
        }
    }

    @Override
    public String toString() {
        return "RedisClientRegistry{shards=" + keys.shards() + ", index=" + keys.indexKey(0) + "}";
    }

    /**
     * The rule {@link Builder#keyPrefix(String)} applies, for a host that judges its configuration
     * before it has a Redis connection: not empty, no white space (keys are passed to tools and
     * scripts), no <code>{</code> or <code>}</code> (which would change the keys' hash tag).
     *
     * @return {@code keyPrefix}
     * @throws IllegalArgumentException saying which of these the prefix breaks
     */
    public static String requireValidKeyPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix must not be empty");
        }
        if (keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("keyPrefix must not contain white space");
        }
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("keyPrefix must not contain '{' or '}': " + keyPrefix);
        }
        return keyPrefix;
    }

    /** Configures a {@link RedisClientRegistry}. */
    public static final class Builder {
        private final UnifiedJedis jedis;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private int indexShards = DEFAULT_INDEX_SHARDS;

        private Builder(UnifiedJedis jedis) {
            this.jedis = Objects.requireNonNull(jedis, "jedis");
        }

        /**
         * The text every key starts with, default {@value #DEFAULT_KEY_PREFIX}. Lets several
         * registries share one Redis. See {@link RedisClientRegistry#requireValidKeyPrefix(String)}
         * for what a prefix may hold.
         *
         * @throws IllegalArgumentException if the prefix is empty or holds white space or a brace
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = requireValidKeyPrefix(keyPrefix);
            return this;
        }

        /**
         * How many index shards (and so hash tags) clients are spread over, default
         * {@value #DEFAULT_INDEX_SHARDS}, at most 16,384. More shards spread a cluster more
         * evenly; fewer make {@code count} and reaping cheaper. <strong>Fixed for the life of
         * the data:</strong> a client's keys are found through its shard, so a registry with
         * another shard count under the same prefix does not see existing clients.
         *
         * @throws IllegalArgumentException if not between 1 and 16,384
         */
        public Builder indexShards(int indexShards) {
            if (indexShards < 1 || indexShards > MAX_INDEX_SHARDS) {
                throw new IllegalArgumentException("indexShards must be between 1 and 16384: " + indexShards);
            }
            this.indexShards = indexShards;
            return this;
        }

        public RedisClientRegistry build() {
            return new RedisClientRegistry(this);
        }
    }
}
