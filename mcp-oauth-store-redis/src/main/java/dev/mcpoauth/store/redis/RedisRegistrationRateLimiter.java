package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A {@link RegistrationRateLimiter} on Redis, shared by every process that uses the same Redis
 * and key prefix: single node, Sentinel or Cluster, through Jedis's {@link UnifiedJedis}.
 *
 * <p>Each caller key is one string key, {@code <prefix>ratelimit:{<caller key>}}, holding the
 * token bucket's theoretical arrival time in epoch microseconds (the GCRA, as
 * {@link dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter} describes it). One Lua
 * script per attempt reads it, decides and writes it back atomically; the key is set to expire
 * when the bucket would be full again, so idle callers leave nothing behind. A script touches
 * one key only, and the hash tag puts it in the caller's slot, so it runs on one node in
 * Cluster. The time is the injected clock's, sent as an argument, never Redis's {@code TIME}.
 *
 * <p>Every Redis failure (unreachable, timed out, cluster down, an error reply) throws
 * {@link RateLimiterUnavailableException}: the limiter cannot decide, and never answers
 * "allowed" instead. Thread-safe; the caller owns and closes the {@code UnifiedJedis}.
 */
public final class RedisRegistrationRateLimiter implements RegistrationRateLimiter {

    /** KEYS: bucket. ARGV: now, interval, tolerance, in microseconds. Returns {allowed, arrival time}. */
    static final String SCRIPT = """
            local now = tonumber(ARGV[1])
            local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
            if tat < now then tat = now end
            if tat - now > tonumber(ARGV[3]) then return {0, tat} end
            local next = tat + tonumber(ARGV[2])
            redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000))
            return {1, next}
            """;
    private static final String SHA1 = sha1(SCRIPT);

    private final UnifiedJedis jedis;
    private final RateLimit limit;
    private final Clock clock;
    private final String keyPrefix;

    private RedisRegistrationRateLimiter(Builder b) {
        this.jedis = b.jedis;
        this.limit = b.limit;
        this.clock = b.clock;
        this.keyPrefix = b.keyPrefix + "ratelimit:";
    }

    /**
     * Starts a limiter enforcing {@code limit} on {@code jedis}; defaults: key prefix
     * {@value RedisClientRegistry#DEFAULT_KEY_PREFIX} (the registry's), system clock.
     */
    public static Builder builder(UnifiedJedis jedis, RateLimit limit) {
        return new Builder(jedis, limit);
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public RateLimitDecision tryAcquire(String key) {
        RegistrationRateLimiter.requireValidKey(key);
        long now = RateLimit.epochMicros(clock.instant());
        List<String> keys = List.of(bucketKey(key));
        List<String> args = List.of(Long.toString(now), Long.toString(limit.intervalMicros()),
                Long.toString(limit.toleranceMicros()));
        Object reply;
        try {
            try {
                reply = jedis.evalsha(SHA1, keys, args);
            } catch (JedisNoScriptException e) {
                reply = jedis.eval(SCRIPT, keys, args);
            }
        } catch (RuntimeException e) {
            RedisFailures.dropIdleConnectionsAfter(e, jedis);
            throw new RateLimiterUnavailableException("Redis rate limiter failed: " + e.getClass().getSimpleName()
                    + (RedisFailures.isUnavailable(e) ? " (Redis unavailable)" : ""), e);
        }
        List<?> result = (List<?>) reply;
        boolean allowed = ((Long) result.get(0)) == 1L;
        return RateLimitDecision.fromArrivalTime(limit, now, (Long) result.get(1), allowed);
    }

    /** The Redis key of a caller's bucket. */
    String bucketKey(String key) {
        return keyPrefix + "{" + key + "}";
    }

    @Override
    public String toString() {
        return "RedisRegistrationRateLimiter{limit=" + limit + ", keyPrefix=" + keyPrefix + "}";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** Configures a {@link RedisRegistrationRateLimiter}. */
    public static final class Builder {
        private final UnifiedJedis jedis;
        private final RateLimit limit;
        private String keyPrefix = RedisClientRegistry.DEFAULT_KEY_PREFIX;
        private Clock clock = Clock.systemUTC();

        private Builder(UnifiedJedis jedis, RateLimit limit) {
            this.jedis = Objects.requireNonNull(jedis, "jedis");
            this.limit = Objects.requireNonNull(limit, "limit");
        }

        /**
         * The key prefix, default {@value RedisClientRegistry#DEFAULT_KEY_PREFIX}; buckets live
         * under {@code <prefix>ratelimit:}. No {@code {} or {@code }}, like the registry's.
         */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
                throw new IllegalArgumentException("keyPrefix must not contain '{' or '}': " + keyPrefix);
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** Where the limiter reads time; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RedisRegistrationRateLimiter build() {
            return new RedisRegistrationRateLimiter(this);
        }
    }
}
