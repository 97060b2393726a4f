package dev.mcpoauth.core.registry;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.client.RegisteredClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link ClientRegistry} held in memory: the reference implementation of the
 * contract, for tests and single-process development. Everything is lost on restart.
 */
public final class InMemoryClientRegistry implements ClientRegistry {

    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

    /** An empty registry. */
    public InMemoryClientRegistry() {
    }

    @Override
    public void create(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        if (clients.putIfAbsent(client.clientId(), client) != null) {
            throw new DuplicateClientException(client.clientId());
        }
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        Objects.requireNonNull(client, "client");
        boolean[] replaced = {false};
        clients.computeIfPresent(client.clientId(), (id, stored) -> {
            if (stored.version() != expectedVersion) {
                return stored;
            }
            replaced[0] = true;
            return client;
        });
        return replaced[0];
    }

    @Override
    public boolean delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return clients.remove(clientId) != null;
    }

    @Override
    public void touch(String clientId, Instant when) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(when, "when");
        clients.computeIfPresent(clientId,
                (id, stored) -> stored.toBuilder().lastUsedAt(Optional.of(when)).build());
    }

    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        requireArgument(limit > 0, "limit must be positive: %s", limit);
        List<String> candidates = new ArrayList<>();
        for (RegisteredClient client : clients.values()) {
            if (candidates.size() >= limit) {
                break;
            }
            if (client.unusedSince(cutoff)) {
                candidates.add(client.clientId());
            }
        }
        int[] deleted = {0};
        for (String id : candidates) {
            clients.computeIfPresent(id, (k, stored) -> {
                if (stored.unusedSince(cutoff)) {
                    deleted[0]++;
                    return null;
                }
                return stored;
            });
        }
        return deleted[0];
    }

    @Override
    public long count() {
        return clients.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Scans every client; fine for the sizes an in-memory registry holds.
     */
    @Override
    public ClientPage list(ClientQuery query) {
        Objects.requireNonNull(query, "query");
        List<RegisteredClient> page = clients.values().stream()
                .filter(query::matches)
                .filter(client -> query.isAfterCursor(query.positionOf(client)))
                .sorted(query.clientOrder())
                .limit(query.limit() + 1L)
                .toList();
        if (page.size() <= query.limit()) {
            return ClientPage.of(query, page, Optional.empty());
        }
        List<RegisteredClient> shown = page.subList(0, query.limit());
        return ClientPage.of(query, shown, Optional.of(query.positionOf(shown.get(shown.size() - 1))));
    }
}
