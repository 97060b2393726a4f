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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>A refused key is remembered in this process until its next permit is due (at most
 * {@value #REMEMBERED_REFUSALS} keys): until then no process can make a permit appear, so
 * {@link #knownRefusal} and {@link #tryAcquire} answer it without a round trip, exactly as Redis
 * would. The {@link RedisClientRegistry} on the same {@code UnifiedJedis} can take this
 * limiter's permits in its create script ({@link RedisClientRegistry#takesPermitsOf}).
 *
 * <p>Every Redis failure (unreachable, timed out, cluster down, an error reply) throws
 * {@link RateLimiterUnavailableException}: the limiter cannot decide, and never answers
 * "allowed" instead. Thread-safe; the caller owns and closes the {@code UnifiedJedis}.
 */
public final class RedisRegistrationRateLimiter implements RegistrationRateLimiter {

    /**
     * The bucket as a Lua function, for this limiter's script and the registry's create script:
     * takes a permit from the bucket at key {@code bucket} at {@code now} (interval and tolerance
     * as {@link RateLimit} has them, all in microseconds); returns whether it did and the
     * bucket's arrival time afterwards. The key expires when the bucket would be full again.
     */
    static final String TAKE_PERMIT_FUNCTION = """
            local function take_permit(bucket, now, interval, tolerance)
              local tat = tonumber(redis.call('GET', bucket) or now)
              if tat < now then tat = now end
              if tat - now > tolerance then return false, tat end
              local next = tat + interval
              redis.call('SET', bucket, string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000))
              return true, next
            end
            """;

    /** KEYS: bucket. ARGV: now, interval, tolerance, in microseconds. Returns {allowed, arrival time}. */
    static final String SCRIPT = TAKE_PERMIT_FUNCTION + """
            local allowed, tat = take_permit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
            if allowed then return {1, tat} end
            return {0, tat}
            """;
    private static final String SHA1 = sha1(SCRIPT);
    /** At most this many refused keys are remembered; beyond it a refusal costs a round trip again. */
    static final int REMEMBERED_REFUSALS = 10_000;

    private final UnifiedJedis jedis;
    private final RateLimit limit;
    private final Clock clock;
    private final String keyPrefix;
    /** Refused keys and the arrival time Redis answered; an entry counts only while it still refuses. */
    private final ConcurrentHashMap<String, Long> refusals = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE / 2);

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
        long now = nowMicros();
        Optional<RateLimitDecision> known = knownRefusal(key, now);
        if (known.isPresent()) {
            return known.get();
        }
        List<String> keys = List.of(bucketKey(key));
        List<String> args = bucketArgs(now);
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
        return decision(key, now, (Long) result.get(1), ((Long) result.get(0)) == 1L);
    }

    @Override
    public Optional<RateLimitDecision> knownRefusal(String key) {
        RegistrationRateLimiter.requireValidKey(key);
        return knownRefusal(key, nowMicros());
    }

    private Optional<RateLimitDecision> knownRefusal(String key, long now) {
        Long arrival = refusals.get(key);
        if (arrival == null) {
            return Optional.empty();
        }
        if (arrival - now > limit.toleranceMicros()) {
            return Optional.of(RateLimitDecision.fromArrivalTime(limit, now, arrival, false));
        }
        refusals.remove(key, arrival);
        return Optional.empty();
    }

    /**
     * The decision for Redis's answer about {@code key} at {@code now}; a refusal is remembered
     * until the next permit is due. For this limiter's script and the registry's create script.
     */
    RateLimitDecision decision(String key, long now, long arrival, boolean allowed) {
        if (!allowed) {
            remember(key, arrival, now);
        }
        return RateLimitDecision.fromArrivalTime(limit, now, arrival, allowed);
    }

    private void remember(String key, long arrival, long now) {
        if (refusals.size() >= REMEMBERED_REFUSALS) {
            long last = lastPurge.get();
            // a sweep of the full map at most once a second, so that many refused keys cost no more
            if (now - last < 1_000_000L || !lastPurge.compareAndSet(last, now)) {
                return;
            }
            refusals.values().removeIf(known -> known - now <= limit.toleranceMicros());
            if (refusals.size() >= REMEMBERED_REFUSALS) {
                return;
            }
        }
        refusals.put(key, arrival);
    }

    /** The time of an attempt, from the injected clock, in epoch microseconds. */
    long nowMicros() {
        return RateLimit.epochMicros(clock.instant());
    }

    /** The script arguments for an attempt at {@code now}: now, interval, tolerance. */
    List<String> bucketArgs(long now) {
        return List.of(Long.toString(now), Long.toString(limit.intervalMicros()), Long.toString(limit.toleranceMicros()));
    }

    /** The connection this limiter uses; the registry takes its permits only on the same one. */
    UnifiedJedis jedis() {
        return jedis;
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
