package dev.mcpoauth.core.registry;

import dev.mcpoauth.core.client.RegisteredClient;
import java.time.Instant;

/**
 * What a {@link ClientQuery listing} is ordered by. Clients with the same instant are ordered
 * by client id (compared as strings of their UTF-8 bytes; issued ids are ASCII), so the order is
 * total and stable, which keyset paging needs.
 */
public enum ClientSort {

    /** By {@link RegisteredClient#createdAt()}, which never changes: paging is exact. */
    CREATED {
        @Override
        public Instant keyOf(RegisteredClient client) {
            return client.createdAt();
        }
    },

    /**
     * By {@link RegisteredClient#lastActivity()}: the last recorded use, or the issue time of a
     * client never used — the same instant reaping judges by. A client used while a listing pages
     * through may move past the cursor and be seen twice or not at all.
     */
    LAST_ACTIVITY {
        @Override
        public Instant keyOf(RegisteredClient client) {
            return client.lastActivity();
        }
    };

    /** The instant this sort orders {@code client} by. */
    public abstract Instant keyOf(RegisteredClient client);
}
