package dev.mcpoauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua scripts that keep a client's hash and its entries in its shard's two indexes (last
 * activity, creation) in step. Each script
 * touches only keys that share the client's hash tag, so it runs atomically on one node in
 * Cluster too. Fields are written 100 pairs per {@code HSET}, within Lua's {@code unpack} limit.
 */
enum RedisScripts {

    /**
     * KEYS: client, index, creation index. ARGV: index entry, creation entry, then field/value
     * pairs. 1 if created, 0 if the id exists.
     */
    CREATE(Lua.STORE_NEW_CLIENT + """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            store_new_client(1)
            return 1
            """),

    /**
     * {@link #CREATE} and one permit of the registration rate limit, atomically: the client is
     * stored only if the caller's bucket has a permit, and a taken id takes no permit. KEYS:
     * client, index, creation index, bucket. ARGV: now, interval, tolerance (microseconds), index
     * entry, creation entry, then field/value pairs. Returns {1, arrival time} if created,
     * {-1, arrival time} if refused (nothing stored), {0, 0} if the id exists. Its keys share no
     * hash tag, so it runs on a single node or Sentinel, not in Cluster.
     */
    CREATE_WITH_PERMIT(Lua.STORE_NEW_CLIENT + RedisRegistrationRateLimiter.TAKE_PERMIT_FUNCTION + """
            if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 0} end
            local allowed, tat = take_permit(KEYS[4], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
            if not allowed then return {-1, tat} end
            store_new_client(4)
            return {1, tat}
            """),

    /** KEYS: client, index, creation index. ARGV: expected version, new index entry, new creation entry, field/value pairs. */
    REPLACE("""
            local stored = redis.call('HMGET', KEYS[1], 'version', 'index_entry', 'created_entry')
            if not stored[1] or stored[1] ~= ARGV[1] then return 0 end
            redis.call('ZREM', KEYS[2], stored[2])
            if stored[3] then redis.call('ZREM', KEYS[3], stored[3]) end
            redis.call('DEL', KEYS[1])
            for i = 4, #ARGV, 200 do
              redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
            end
            redis.call('ZADD', KEYS[2], 0, ARGV[2])
            redis.call('ZADD', KEYS[3], 0, ARGV[3])
            return 1
            """),

    /** KEYS: client, index, creation index. 1 if deleted. */
    DELETE("""
            local stored = redis.call('HMGET', KEYS[1], 'index_entry', 'created_entry')
            if not stored[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], stored[1])
            if stored[2] then redis.call('ZREM', KEYS[3], stored[2]) end
            return 1
            """),

    /** KEYS: client, index. ARGV: last_used_at, new index entry. 1 if the client exists. */
    TOUCH("""
            local entry = redis.call('HGET', KEYS[1], 'index_entry')
            if not entry then return 0 end
            if entry ~= ARGV[2] then
              redis.call('ZREM', KEYS[2], entry)
              redis.call('ZADD', KEYS[2], 0, ARGV[2])
            end
            redis.call('HSET', KEYS[1], 'last_used_at', ARGV[1], 'index_entry', ARGV[2])
            return 1
            """),

    /**
     * KEYS: index, creation index, then one client key per candidate. ARGV: the candidates'
     * index entries, in the same order. A candidate touched since it was read has another
     * entry and is kept.
     */
    REAP("""
            local deleted = 0
            for i = 1, #ARGV do
              if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
                local created = redis.call('HGET', KEYS[i + 2], 'created_entry')
                if created then redis.call('ZREM', KEYS[2], created) end
                redis.call('DEL', KEYS[i + 2])
                deleted = deleted + 1
              end
            end
            return deleted
            """),

    /**
     * KEYS: creation index, then one client key per candidate. ARGV: the candidates' creation
     * entries, in the same order. Gives a client stored before the creation index existed its
     * entry, unless it is gone or has one by now. How many were added.
     */
    BACKFILL_CREATED("""
            local added = 0
            for i = 1, #ARGV do
              local client = KEYS[i + 1]
              if redis.call('EXISTS', client) == 1 and not redis.call('HGET', client, 'created_entry') then
                redis.call('HSET', client, 'created_entry', ARGV[i])
                redis.call('ZADD', KEYS[1], 0, ARGV[i])
                added = added + 1
              end
            end
            return added
            """);

    /** Lua functions the scripts share. */
    private static final class Lua {
        /**
         * Writes a new client: KEYS[1] the client's hash, KEYS[2] and KEYS[3] its index entries
         * ARGV[from] and ARGV[from + 1], the field/value pairs from ARGV[from + 2] on.
         */
        static final String STORE_NEW_CLIENT = """
                local function store_new_client(from)
                  for i = from + 2, #ARGV, 200 do
                    redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
                  end
                  redis.call('ZADD', KEYS[2], 0, ARGV[from])
                  redis.call('ZADD', KEYS[3], 0, ARGV[from + 1])
                end
                """;
    }

    private final String source;
    private final String sha1;

    RedisScripts(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * Runs the script by its digest and sends its source only when the node does not know it
     * yet (first use, after a restart or a failover); {@code EVAL} then caches it there.
     */
    long run(UnifiedJedis jedis, List<String> keys, List<String> args) {
        return (Long) reply(jedis, keys, args);
    }

    /** Runs the script as {@link #run} does and returns its reply as Jedis decodes it. */
    Object reply(UnifiedJedis jedis, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return jedis.eval(source, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
