package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * A registry that passes every call to an in-memory one, for tests that change one or two calls
 * (record them, fail them, interfere with them) and keep the rest as they are.
 */
class ForwardingClientRegistry implements ClientRegistry {

    final InMemoryClientRegistry delegate;

    ForwardingClientRegistry(InMemoryClientRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(RegisteredClient client) {
        delegate.create(client);
    }

    @Override
    public boolean takesPermitsOf(RegistrationRateLimiter limiter) {
        return delegate.takesPermitsOf(limiter);
    }

    @Override
    public RateLimitDecision createWithPermit(RegisteredClient client, RegistrationRateLimiter limiter, String key) {
        return delegate.createWithPermit(client, limiter, key);
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        return delegate.findById(clientId);
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        return delegate.replace(client, expectedVersion);
    }

    @Override
    public boolean delete(String clientId) {
        return delegate.delete(clientId);
    }

    @Override
    public void touch(String clientId, Instant when) {
        delegate.touch(clientId, when);
    }

    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        return delegate.deleteUnusedSince(cutoff, limit);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public ClientPage list(ClientQuery query) {
        return delegate.list(query);
    }
}
