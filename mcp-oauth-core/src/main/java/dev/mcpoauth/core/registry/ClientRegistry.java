package dev.mcpoauth.core.registry;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.time.Instant;
import java.util.Optional;

/**
 * The persistence port: where registered clients live. Every store implements it and passes
 * {@code ClientRegistryContract} from {@code mcp-oauth-tests}.
 *
 * <p>Implementations are thread-safe. Infrastructure failures throw
 * {@link ClientRegistryException}; an unreachable backend throws its subtype
 * {@link ClientRegistryUnavailableException}. "Not found" is never an exception.
 */
public interface ClientRegistry {

    /**
     * Stores a new client, atomically.
     *
     * @throws DuplicateClientException if a client with the same id exists; nothing is overwritten
     */
    void create(RegisteredClient client);

    /**
     * Whether {@link #createWithPermit} can take {@code limiter}'s permits in the same atomic
     * write that stores a client: true only when this registry and the limiter share one
     * backend that does both at once (the Redis store with its own limiter, on one node or
     * Sentinel). {@code RegistrationService} then makes one store round trip per registration
     * instead of two. False by default; a registry that wraps another answers for it.
     */
    default boolean takesPermitsOf(RegistrationRateLimiter limiter) {
        return false;
    }

    /**
     * Stores a new client only if {@code limiter} has a permit for {@code key}, taking it, in
     * one atomic write: a refused attempt stores nothing, and an attempt whose id is taken
     * takes no permit. Exact across every process on the backend, as
     * {@link RegistrationRateLimiter#tryAcquire} is.
     *
     * @param limiter a limiter this registry {@linkplain #takesPermitsOf takes permits of}
     * @param key the caller's key, as for {@link RegistrationRateLimiter#tryAcquire}
     * @return the limiter's decision: allowed when the client was stored, refused (nothing
     *     stored) when no permit was left
     * @throws DuplicateClientException if a client with the same id exists; no permit is taken
     * @throws UnsupportedOperationException when {@link #takesPermitsOf} is false for {@code limiter}
     */
    default RateLimitDecision createWithPermit(RegisteredClient client, RegistrationRateLimiter limiter, String key) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot take the permits of " + limiter);
    }

    /** The client with this id, or empty when there is none. */
    Optional<RegisteredClient> findById(String clientId);

    /**
     * Replaces a stored client if its stored version equals {@code expectedVersion}. The new
     * value is stored as given, including its {@link RegisteredClient#version()}, which the
     * caller sets (normally {@code expectedVersion + 1}).
     *
     * @return false when the client is gone or its stored version differs
     */
    boolean replace(RegisteredClient client, long expectedVersion);

    /** Deletes a client; true when something was deleted. */
    boolean delete(String clientId);

    /**
     * Records that the client was used at {@code when}. Cheap; does not change the version.
     * Does nothing when the client does not exist.
     */
    void touch(String clientId, Instant when);

    /**
     * Deletes up to {@code limit} clients whose last use (or, if never used, issue time) is
     * before {@code cutoff}.
     *
     * @return how many were deleted
     */
    int deleteUnusedSince(Instant cutoff, int limit);

    /** How many clients are stored. */
    long count();

    /**
     * One page of a filtered, ordered listing, for operators (DESIGN §12). Pass the page's
     * {@link ClientPage#nextCursor()} back through {@link ClientQuery.Builder#cursor} for the
     * next one. A client that exists from the first page to the last, and whose sort key does
     * not change meanwhile, is listed exactly once, whatever is created or deleted meanwhile.
     * Pages may be shorter than the limit; the listing ends when no cursor is returned.
     *
     * @return the page; never contains a client twice
     */
    ClientPage list(ClientQuery query);
}
