package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.ClientSort;
import dev.mcpoauth.core.registry.DuplicateClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * A {@link ClientRegistry} on Redis through Jedis's {@link UnifiedJedis}, so one adapter serves a
 * single node ({@code RedisClient}, {@code JedisPooled}), Sentinel ({@code RedisSentinelClient},
 * {@code JedisSentineled}) and Cluster ({@code RedisClusterClient}, {@code JedisCluster}).
 *
 * <p>Each client is one hash; a fixed number of shard indexes (sorted sets) hold one entry per
 * client for {@link #count()}, {@link #deleteUnusedSince(Instant, int)} and listings by last
 * activity, and as many creation indexes one entry per client for listings by creation. A
 * client's hash and its index entries share a hash tag and change together in one Lua script, so every write is
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
    /** Rounds of index reads one listing page may take to fill up when filters skip clients. */
    private static final int LIST_ROUNDS = 8;
    /** Clients read per round, and given their creation entry per script call, while backfilling. */
    private static final int BACKFILL_BATCH = 200;

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    /** Whether a create script may also take a rate-limit permit: not in Cluster (see {@link #takesPermitsOf}). */
    private volatile boolean permitsInCreate;
    private final RedisClientCodec codec = new RedisClientCodec();

    private RedisClientRegistry(Builder b) {
        this.jedis = b.jedis;
        this.keys = new RedisKeys(b.keyPrefix, b.indexShards);
        // another Cluster client (the deprecated JedisCluster, a UnifiedJedis over a cluster provider)
        // is found out at its first cross-slot refusal, see createWithPermit
        this.permitsInCreate = !(jedis instanceof RedisClusterClient);
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
        List<String> args = scriptArgs(List.of(RedisClientCodec.indexEntry(client), RedisClientCodec.createdEntry(client)),
                codec.toHash(client));
        long created = call("create", () -> RedisScripts.CREATE.run(jedis,
                List.of(keys.clientKey(id), keys.indexKey(id), keys.createdKey(id)), args));
        if (created == 0) {
            throw new DuplicateClientException(id);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True for a {@link RedisRegistrationRateLimiter} on this registry's own
     * {@code UnifiedJedis}, unless that is a Cluster client: the client's keys and the caller's
     * bucket have different hash tags, and one script may touch one slot only in Cluster.
     */
    @Override
    public boolean takesPermitsOf(RegistrationRateLimiter limiter) {
        return permitsInCreate && limiter instanceof RedisRegistrationRateLimiter redis && redis.jedis() == jedis;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One script ({@code CREATE_WITH_PERMIT}): one round trip for the permit and the write.
     * Should Redis turn out to be a Cluster behind a plain {@code UnifiedJedis} (a cross-slot
     * refusal, which runs nothing), this and later calls take the permit with the limiter's own
     * script first, then create.
     */
    @Override
    public RateLimitDecision createWithPermit(RegisteredClient client, RegistrationRateLimiter limiter, String key) {
        Objects.requireNonNull(client, "client");
        RegistrationRateLimiter.requireValidKey(key);
        if (!(limiter instanceof RedisRegistrationRateLimiter redisLimiter) || redisLimiter.jedis() != jedis) {
            throw new UnsupportedOperationException("only a RedisRegistrationRateLimiter on this registry's"
                    + " UnifiedJedis: " + limiter);
        }
        if (!permitsInCreate) {
            return permitThenCreate(client, redisLimiter, key);
        }
        String id = client.clientId();
        long now = redisLimiter.nowMicros();
        List<String> args = new ArrayList<>(redisLimiter.bucketArgs(now));
        args.addAll(scriptArgs(List.of(RedisClientCodec.indexEntry(client), RedisClientCodec.createdEntry(client)),
                codec.toHash(client)));
        List<String> scriptKeys = List.of(keys.clientKey(id), keys.indexKey(id), keys.createdKey(id),
                redisLimiter.bucketKey(key));
        List<?> reply;
        try {
            reply = call("create", () -> (List<?>) RedisScripts.CREATE_WITH_PERMIT.reply(jedis, scriptKeys, args));
        } catch (ClientRegistryException e) {
            if (!RedisFailures.isCrossSlot(e.getCause())) {
                throw e;
            }
            permitsInCreate = false;
            return permitThenCreate(client, redisLimiter, key);
        }
        long outcome = (Long) reply.get(0);
        if (outcome == 0) {
            throw new DuplicateClientException(id);
        }
        return redisLimiter.decision(key, now, (Long) reply.get(1), outcome == 1);
    }

    /** Two round trips, for a Cluster: the permit, then (if allowed) the write. */
    private RateLimitDecision permitThenCreate(RegisteredClient client, RedisRegistrationRateLimiter limiter, String key) {
        RateLimitDecision decision;
        try {
            decision = limiter.tryAcquire(key);
        } catch (RateLimiterUnavailableException e) {
            throw new ClientRegistryUnavailableException("create: " + e.getMessage(), e);
        }
        if (decision.allowed()) {
            create(client);
        }
        return decision;
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
        List<String> args = scriptArgs(List.of(Long.toString(expectedVersion), RedisClientCodec.indexEntry(client),
                RedisClientCodec.createdEntry(client)), codec.toHash(client));
        return call("replace", () -> RedisScripts.REPLACE.run(jedis,
                List.of(keys.clientKey(id), keys.indexKey(id), keys.createdKey(id)), args)) == 1;
    }

    @Override
    public boolean delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return call("delete", () -> RedisScripts.DELETE.run(jedis,
                List.of(keys.clientKey(clientId), keys.indexKey(clientId), keys.createdKey(clientId)), List.of())) == 1;
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
                List<String> entries = call("deleteUnusedSince", () -> rangeByLex(index, "-", before, wanted));
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
     * Up to {@code count} members of the index between the bounds, in order. Jedis deprecates
     * {@code ZRANGEBYLEX} for {@code ZRANGE … BYLEX}, which needs Redis 6.2; the store keeps to
     * what Redis 6.0 has (docs/stores/redis.md).
     */
    @SuppressWarnings("deprecation")
    private List<String> rangeByLex(String index, String min, String max, int count) {
        return jedis.zrangeByLex(index, min, max, 0, count);
    }

    private int reap(int shard, String index, List<String> entries) {
        List<String> scriptKeys = new ArrayList<>(entries.size() + 2);
        scriptKeys.add(index);
        scriptKeys.add(keys.createdKey(shard));
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

    /**
     * Gives every client stored before the creation index existed (by a version of this store
     * without it) its entry there, so that listings by creation include it; listings by last
     * activity always did. Safe to run at any time, on a live registry, as often as wanted: a
     * shard whose two indexes hold as many entries as each other is skipped after two
     * {@code ZCARD}s (pipelined, like {@link #count()}); in the others every client is read once,
     * {@value #BACKFILL_BATCH} at a time, and those without a creation entry get one in a script
     * that checks the client still exists and still lacks it, so a client deleted, replaced or
     * created meanwhile is never given a stale or second entry. A client touched while its shard
     * is walked may be passed over; a second run finds it.
     *
     * @return how many clients were given their creation entry; 0 when none lacked one
     * @throws ClientRegistryUnavailableException when Redis cannot be reached (what was added stays)
     */
    public int backfillCreationIndex() {
        List<Integer> shards = call("backfillCreationIndex", () -> {
            try {
                return shardsLackingCreationEntriesPipelined();
            } catch (JedisRedirectionException e) {
                return shardsLackingCreationEntriesOneByOne();
            }
        });
        int added = 0;
        for (int shard : shards) {
            added += backfillShard(shard);
        }
        return added;
    }

    private List<Integer> shardsLackingCreationEntriesPipelined() {
        List<Response<Long>> sizes = new ArrayList<>(2 * keys.shards());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int shard = 0; shard < keys.shards(); shard++) {
                sizes.add(pipeline.zcard(keys.indexKey(shard)));
                sizes.add(pipeline.zcard(keys.createdKey(shard)));
            }
            pipeline.sync();
        }
        List<Integer> lacking = new ArrayList<>();
        for (int shard = 0; shard < keys.shards(); shard++) {
            if (!sizes.get(2 * shard).get().equals(sizes.get(2 * shard + 1).get())) {
                lacking.add(shard);
            }
        }
        return lacking;
    }

    private List<Integer> shardsLackingCreationEntriesOneByOne() {
        List<Integer> lacking = new ArrayList<>();
        for (int shard = 0; shard < keys.shards(); shard++) {
            if (jedis.zcard(keys.indexKey(shard)) != jedis.zcard(keys.createdKey(shard))) {
                lacking.add(shard);
            }
        }
        return lacking;
    }

    /** Walks the shard's last-activity index and adds the creation entries its clients lack. */
    private int backfillShard(int shard) {
        String index = keys.indexKey(shard);
        String from = "-";
        int added = 0;
        while (true) {
            String after = from;
            List<String> entries = call("backfillCreationIndex", () -> rangeByLex(index, after, "+", BACKFILL_BATCH));
            if (entries.isEmpty()) {
                return added;
            }
            List<String> ids = entries.stream().map(RedisClientCodec::clientIdOfEntry).toList();
            List<List<String>> stored = call("backfillCreationIndex", () -> creationFields(shard, ids));
            List<String> scriptKeys = new ArrayList<>();
            List<String> createdEntries = new ArrayList<>();
            scriptKeys.add(keys.createdKey(shard));
            for (int i = 0; i < ids.size(); i++) {
                String createdAt = stored.get(i).get(0);
                if (createdAt != null && stored.get(i).get(1) == null) {
                    scriptKeys.add(keys.clientKey(shard, ids.get(i)));
                    createdEntries.add(RedisClientCodec.activityKey(IsoInstants.parse(createdAt)) + "|" + ids.get(i));
                }
            }
            if (!createdEntries.isEmpty()) {
                added += (int) (long) call("backfillCreationIndex",
                        () -> RedisScripts.BACKFILL_CREATED.run(jedis, scriptKeys, createdEntries));
            }
            if (entries.size() < BACKFILL_BATCH) {
                return added;
            }
            from = "(" + entries.get(entries.size() - 1);
        }
    }

    /** {@code created_at} and {@code created_entry} of each client, in order; nulls where absent. */
    private List<List<String>> creationFields(int shard, List<String> ids) {
        try {
            List<Response<List<String>>> responses = new ArrayList<>(ids.size());
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                for (String id : ids) {
                    responses.add(pipeline.hmget(keys.clientKey(shard, id), RedisClientCodec.CREATED_AT,
                            RedisClientCodec.CREATED_ENTRY));
                }
                pipeline.sync();
            }
            List<List<String>> out = new ArrayList<>(ids.size());
            for (Response<List<String>> response : responses) {
                out.add(response.get());
            }
            return out;
        } catch (JedisRedirectionException e) {
            List<List<String>> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                out.add(jedis.hmget(keys.clientKey(shard, id), RedisClientCodec.CREATED_AT,
                        RedisClientCodec.CREATED_ENTRY));
            }
            return out;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Merges the shard indexes of the sort (last activity: {@code :index}; creation:
     * {@code :created}): each round reads the next {@code limit} entries of every shard within
     * the bounds (pipelined, one round trip per node), keeps the first {@code limit} of the
     * merge, and reads those clients. The sort key's range filter narrows the index reads; the
     * other filters are applied to the clients read, so a filtered page may be short (at most
     * {@value #LIST_ROUNDS} rounds of work per page) while a cursor still follows. An entry whose
     * client has changed its position or is gone since the index was read is skipped: the client
     * is listed at its current position.
     *
     * <p>Clients stored before the creation index existed are missing from listings by creation
     * until {@link #backfillCreationIndex()} has run (or they are replaced).
     */
    @Override
    public ClientPage list(ClientQuery query) {
        Objects.requireNonNull(query, "query");
        boolean byCreation = query.sort() == ClientSort.CREATED;
        List<RegisteredClient> page = new ArrayList<>(query.limit());
        Optional<ClientQuery.Position> position = query.after();
        for (int round = 0; round < LIST_ROUNDS; round++) {
            Batch batch = nextEntries(query, byCreation, position);
            List<RegisteredClient> read = readClients(batch.entries());
            for (int i = 0; i < batch.entries().size(); i++) {
                String entry = batch.entries().get(i);
                if (page.size() == query.limit()) {
                    return ClientPage.of(query, page, position);
                }
                position = Optional.of(new ClientQuery.Position(
                        RedisClientCodec.instantOfEntry(entry), RedisClientCodec.clientIdOfEntry(entry)));
                RegisteredClient client = read.get(i);
                if (client != null && query.matches(client) && query.positionOf(client).equals(position.get())) {
                    page.add(client);
                }
            }
            if (!batch.more()) {
                return ClientPage.of(query, page, Optional.empty());
            }
        }
        return ClientPage.of(query, page, position);
    }

    /** The next entries after {@code after}, in the query's order, and whether any shard may hold more. */
    private Batch nextEntries(ClientQuery query, boolean byCreation, Optional<ClientQuery.Position> after) {
        int wanted = query.limit();
        String[] bounds = lexBounds(query, after);
        List<List<String>> perShard = call("list", () -> {
            try {
                return rangesPipelined(query.descending(), byCreation, bounds, wanted);
            } catch (JedisRedirectionException e) {
                return rangesOneByOne(query.descending(), byCreation, bounds, wanted);
            }
        });
        List<String> merged = new ArrayList<>();
        boolean more = false;
        for (List<String> entries : perShard) {
            merged.addAll(entries);
            more |= entries.size() == wanted;
        }
        Comparator<String> order = RedisClientRegistry::compareBytes;
        merged.sort(query.descending() ? order.reversed() : order);
        if (merged.size() > wanted) {
            return new Batch(merged.subList(0, wanted), true);
        }
        return new Batch(merged, more);
    }

    private List<List<String>> rangesPipelined(boolean descending, boolean byCreation, String[] bounds, int wanted) {
        List<Response<List<String>>> responses = new ArrayList<>(keys.shards());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int shard = 0; shard < keys.shards(); shard++) {
                String key = byCreation ? keys.createdKey(shard) : keys.indexKey(shard);
                responses.add(descending
                        ? pipeline.zrevrangeByLex(key, bounds[1], bounds[0], 0, wanted)
                        : pipeline.zrangeByLex(key, bounds[0], bounds[1], 0, wanted));
            }
            pipeline.sync();
        }
        List<List<String>> out = new ArrayList<>(responses.size());
        for (Response<List<String>> response : responses) {
            out.add(response.get());
        }
        return out;
    }

    /** ZRANGEBYLEX rather than ZRANGE … BYLEX, as in {@link #rangeByLex}: Redis 6.0 has only the former. */
    @SuppressWarnings("deprecation")
    private List<List<String>> rangesOneByOne(boolean descending, boolean byCreation, String[] bounds, int wanted) {
        List<List<String>> out = new ArrayList<>(keys.shards());
        for (int shard = 0; shard < keys.shards(); shard++) {
            String key = byCreation ? keys.createdKey(shard) : keys.indexKey(shard);
            out.add(descending
                    ? jedis.zrevrangeByLex(key, bounds[1], bounds[0], 0, wanted)
                    : jedis.zrangeByLex(key, bounds[0], bounds[1], 0, wanted));
        }
        return out;
    }

    /** The clients of the entries, in the same order; {@code null} where a client is gone. */
    private List<RegisteredClient> readClients(List<String> entries) {
        List<Map<String, String>> hashes = call("list", () -> {
            try {
                return hashesPipelined(entries);
            } catch (JedisRedirectionException e) {
                List<Map<String, String>> out = new ArrayList<>(entries.size());
                for (String entry : entries) {
                    out.add(jedis.hgetAll(keys.clientKey(RedisClientCodec.clientIdOfEntry(entry))));
                }
                return out;
            }
        });
        List<RegisteredClient> clients = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> hash = hashes.get(i);
            clients.add(hash.isEmpty() ? null : codec.fromHash(RedisClientCodec.clientIdOfEntry(entries.get(i)), hash));
        }
        return clients;
    }

    private List<Map<String, String>> hashesPipelined(List<String> entries) {
        List<Response<Map<String, String>>> responses = new ArrayList<>(entries.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (String entry : entries) {
                responses.add(pipeline.hgetAll(keys.clientKey(RedisClientCodec.clientIdOfEntry(entry))));
            }
            pipeline.sync();
        }
        List<Map<String, String>> out = new ArrayList<>(responses.size());
        for (Response<Map<String, String>> response : responses) {
            out.add(response.get());
        }
        return out;
    }

    /**
     * The {@code ZRANGEBYLEX} bounds {min, max} of the rest of the listing: the sort key's range
     * filter, narrowed by the position already passed. Entries are "key|id", and a key alone
     * sorts before every entry that starts with it.
     */
    private static String[] lexBounds(ClientQuery query, Optional<ClientQuery.Position> after) {
        String min = query.sortKeyFrom().map(from -> "[" + RedisClientCodec.activityKey(from)).orElse("-");
        String max = query.sortKeyBefore().map(before -> "(" + RedisClientCodec.activityKey(before)).orElse("+");
        if (after.isPresent()) {
            String passed = RedisClientCodec.activityKey(after.get().key()) + "|" + after.get().clientId();
            if (query.descending()) {
                if (max.equals("+") || compareBytes(passed, max.substring(1)) < 0) {
                    max = "(" + passed;
                }
            } else if (min.equals("-") || compareBytes(passed, min.substring(1)) >= 0) {
                min = "(" + passed;
            }
        }
        return new String[] {min, max};
    }

    /** Redis orders members by their bytes. */
    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Index entries read in one round, and whether a shard may hold more after them. */
    private record Batch(List<String> entries, boolean more) {
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

    private <T> T call(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            RedisFailures.dropIdleConnectionsAfter(e, jedis);
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
