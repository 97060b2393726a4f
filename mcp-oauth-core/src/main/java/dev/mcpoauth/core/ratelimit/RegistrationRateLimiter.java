package dev.mcpoauth.core.ratelimit;

import java.util.Optional;

/**
 * The rate-limiting port: takes one permit for a caller's key, or says how long until one is
 * free. Every adapter passes {@code RegistrationRateLimiterContract} from {@code mcp-oauth-tests}.
 *
 * <p>Implementations enforce one {@link RateLimit} as a token bucket per key, keep time from an
 * injected {@link java.time.Clock}, and are exact under concurrency: of any number of attempts
 * on one key at one time, exactly as many succeed as the bucket holds. A limiter on a shared
 * store (Redis, a database) enforces the limit across every process that uses the store.
 * Thread-safe.
 */
public interface RegistrationRateLimiter {

    /** The limit this limiter enforces for every key. */
    RateLimit limit();

    /**
     * Tries to take one permit for {@code key}.
     *
     * @param key the caller, as {@code RegistrationService} derives it (an address or a token
     *     digest), as {@link #requireValidKey} checks it
     * @return allowed with the permits left, or refused with the time until the next permit
     * @throws RateLimiterUnavailableException when the backend cannot be reached or does not answer
     */
    RateLimitDecision tryAcquire(String key);

    /**
     * A refusal this limiter can give for {@code key} now without asking its backend, taking
     * nothing: present only when {@link #tryAcquire} would refuse too, with the same
     * {@link RateLimitDecision#retryAfter()} (a limiter may remember a key it refused until the
     * next permit is due, because no other process can add permits before then). Empty when it
     * does not know, which is always allowed; empty by default.
     *
     * <p>{@code RegistrationService} asks this before it reads a body when the permit itself is
     * taken later, in the write that stores the client
     * ({@link dev.mcpoauth.core.registry.ClientRegistry#takesPermitsOf}).
     *
     * @param key as for {@link #tryAcquire}
     */
    default Optional<RateLimitDecision> knownRefusal(String key) {
        requireValidKey(key);
        return Optional.empty();
    }

    /** The longest key a limiter must accept. */
    int MAX_KEY_LENGTH = 200;

    /**
     * Checks a key as every implementation must: not empty, at most {@value #MAX_KEY_LENGTH}
     * characters, printable ASCII only (so it is safe in a Redis key, a database column and a log).
     *
     * @return the key
     * @throws IllegalArgumentException for any other key
     */
    static String requireValidKey(String key) {
        boolean valid = key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
        for (int i = 0; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = c > 0x20 && c < 0x7f;
        }
        if (!valid) {
            throw new IllegalArgumentException("a rate limit key is 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return key;
    }
}
