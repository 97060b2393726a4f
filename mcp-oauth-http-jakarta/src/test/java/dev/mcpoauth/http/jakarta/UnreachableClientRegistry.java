package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store whose every call fails the way the given exception says: an unreachable backend
 * ({@code ClientRegistryUnavailableException}) or an unexpected fault. A seam the binding's
 * tests own, since a real store cannot be made to fail on cue from here.
 */
final class UnreachableClientRegistry implements ClientRegistry {

    private final Supplier<RuntimeException> failure;

    UnreachableClientRegistry(Supplier<RuntimeException> failure) {
        this.failure = failure;
    }

    @Override
    public void create(RegisteredClient client) {
        throw failure.get();
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        throw failure.get();
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        throw failure.get();
    }

    @Override
    public boolean delete(String clientId) {
        throw failure.get();
    }

    @Override
    public void touch(String clientId, Instant when) {
        throw failure.get();
    }

    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        throw failure.get();
    }

    @Override
    public long count() {
        throw failure.get();
    }

    @Override
    public ClientPage list(ClientQuery query) {
        throw failure.get();
    }
}
