package dev.mcpoauth.core.ratelimit;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RegistrationRateLimiter} in this process's memory: per key one number, the token
 * bucket's theoretical arrival time (the generic cell rate algorithm, GCRA). An attempt is
 * allowed when the arrival time is less than {@code window - interval} ahead of now, and then
 * moves it one interval on; a refused attempt changes nothing.
 *
 * <p>Why a token bucket kept this way rather than a sliding window: one number per key (a
 * sliding window log keeps one entry per permit), an update that a database or a Lua script
 * can do in one conditional write, and a caller who was refused gets a permit back after one
 * interval instead of waiting for a whole window to pass.
 *
 * <p>Good for one process; several processes need a limiter on their shared store. Keys whose
 * buckets are full again are dropped in a sweep at most once per window. Thread-safe.
 */
public final class InMemoryRegistrationRateLimiter implements RegistrationRateLimiter {

    private final RateLimit limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMicros = new AtomicLong(Long.MIN_VALUE);

    /** A limiter enforcing {@code limit}, reading time from {@code clock}. */
    public InMemoryRegistrationRateLimiter(RateLimit limit, Clock clock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A limiter enforcing {@code limit} on the system clock. */
    public InMemoryRegistrationRateLimiter(RateLimit limit) {
        this(limit, Clock.systemUTC());
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public RateLimitDecision tryAcquire(String key) {
        RegistrationRateLimiter.requireValidKey(key);
        long now = RateLimit.epochMicros(clock.instant());
        sweepIfDue(now);
        boolean[] allowed = new boolean[1];
        long arrival = arrivals.compute(key, (k, stored) -> {
            long base = stored == null ? now : Math.max(stored, now);
            if (base - now <= limit.toleranceMicros()) {
                allowed[0] = true;
                return base + limit.intervalMicros();
            }
            return stored;
        });
        return RateLimitDecision.fromArrivalTime(limit, now, arrival, allowed[0]);
    }

    @Override
    public String toString() {
        return "InMemoryRegistrationRateLimiter{limit=" + limit + "}";
    }

    /** How many keys are held; for tests and diagnostics. */
    int size() {
        return arrivals.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweepMicros.get();
        if (now >= due && nextSweepMicros.compareAndSet(due, now + limit.windowMicros())) {
            arrivals.values().removeIf(arrival -> arrival <= now);
        }
    }
}
