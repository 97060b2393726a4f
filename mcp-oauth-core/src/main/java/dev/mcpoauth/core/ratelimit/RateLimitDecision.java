package dev.mcpoauth.core.ratelimit;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link RegistrationRateLimiter} to one attempt: allowed or refused, with what a
 * caller needs to know for the {@code RateLimit} and {@code Retry-After} headers
 * (<a href="https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/">draft-ietf-httpapi-ratelimit-headers</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110 §10.2.3</a>). Immutable.
 */
public final class RateLimitDecision {

    private final RateLimit limit;
    private final boolean allowed;
    private final int remaining;
    private final Duration retryAfter;
    private final Duration resetAfter;

    private RateLimitDecision(RateLimit limit, boolean allowed, int remaining, Duration retryAfter,
            Duration resetAfter) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.allowed = allowed;
        this.remaining = remaining;
        this.retryAfter = retryAfter;
        this.resetAfter = resetAfter;
    }

    /**
     * The decision for a token bucket kept as a theoretical arrival time (the GCRA): the instant,
     * in epoch microseconds, at which the bucket would be full again.
     *
     * @param limit the limit the bucket enforces
     * @param nowMicros the time of the attempt, epoch microseconds
     * @param arrivalMicros the bucket's arrival time after the attempt: the new one when allowed,
     *     the unchanged one when refused
     * @param allowed whether the attempt took a permit
     * @return the decision, with the permits left now, the wait for the next permit when refused
     *     and the time until the bucket is full again
     */
    public static RateLimitDecision fromArrivalTime(RateLimit limit, long nowMicros, long arrivalMicros,
            boolean allowed) {
        Objects.requireNonNull(limit, "limit");
        long ahead = Math.max(0, arrivalMicros - nowMicros);
        Duration reset = Duration.ofNanos(Math.multiplyExact(ahead, 1_000L));
        if (allowed) {
            long remaining = (limit.windowMicros() - ahead) / limit.intervalMicros();
            return new RateLimitDecision(limit, true, (int) Math.max(0, Math.min(limit.permits(), remaining)),
                    Duration.ZERO, reset);
        }
        long wait = Math.max(1, ahead + limit.intervalMicros() - limit.windowMicros());
        return new RateLimitDecision(limit, false, 0, Duration.ofNanos(Math.multiplyExact(wait, 1_000L)), reset);
    }

    /** An attempt that no limiter judged (rate limiting off, or failing open); the full limit remains. */
    public static RateLimitDecision unlimited(RateLimit limit) {
        return new RateLimitDecision(limit, true, limit.permits(), Duration.ZERO, Duration.ZERO);
    }

    /** The limit that decided. */
    public RateLimit limit() {
        return limit;
    }

    /** Whether the attempt took a permit and may go on. */
    public boolean allowed() {
        return allowed;
    }

    /** Permits the caller still has right now; 0 when refused. */
    public int remaining() {
        return remaining;
    }

    /** How long until the next permit when refused; {@link Duration#ZERO} when allowed. Never negative. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** How long until the caller's bucket is full again. Never negative. */
    public Duration resetAfter() {
        return resetAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1 when refused: a {@code Retry-After} value. */
    public long retryAfterSeconds() {
        requireArgument(!allowed, "an allowed attempt has no Retry-After");
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @Override
    public String toString() {
        return (allowed ? "allowed" : "refused") + "{limit=" + limit + ", remaining=" + remaining + ", retryAfter="
                + retryAfter + ", resetAfter=" + resetAfter + "}";
    }
}
