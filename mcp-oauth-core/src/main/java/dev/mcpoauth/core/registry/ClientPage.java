package dev.mcpoauth.core.registry;

import dev.mcpoauth.core.client.RegisteredClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link ClientRegistry#list(ClientQuery) listing}: the clients in the query's
 * order and, when more may follow, an opaque cursor that continues right after the last
 * position the store examined.
 *
 * <p>A page may hold fewer clients than the query's limit, even none, while a cursor is
 * present (a store that filters after reading an index stops after a bounded amount of work);
 * a listing is complete only when {@link #nextCursor()} is empty.
 */
public final class ClientPage {

    private final List<RegisteredClient> clients;
    private final Optional<String> nextCursor;

    private ClientPage(List<RegisteredClient> clients, Optional<String> nextCursor) {
        this.clients = List.copyOf(clients);
        this.nextCursor = nextCursor;
    }

    /**
     * A page of {@code clients} for {@code query}; {@code next} is the last position examined
     * when more may follow, empty when the listing is complete.
     */
    public static ClientPage of(ClientQuery query, List<RegisteredClient> clients, Optional<ClientQuery.Position> next) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(next, "next");
        return new ClientPage(clients, next.map(query::cursorAt));
    }

    /** The clients of this page, in the query's order; possibly empty. */
    public List<RegisteredClient> clients() {
        return clients;
    }

    /** The cursor of the next page ({@link ClientQuery.Builder#cursor(Optional)}); empty when none follows. */
    public Optional<String> nextCursor() {
        return nextCursor;
    }

    @Override
    public String toString() {
        return "ClientPage{clients=" + clients.size() + ", more=" + nextCursor.isPresent() + "}";
    }
}
