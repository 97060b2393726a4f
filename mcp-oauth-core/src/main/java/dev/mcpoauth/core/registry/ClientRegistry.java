package dev.mcpoauth.core.registry;

import dev.mcpoauth.core.client.RegisteredClient;
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
