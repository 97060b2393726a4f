package dev.mcpoauth.micrometer;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.DuplicateClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link ClientRegistry} that times every call of the registry it wraps:
 * {@value MeterNames#STORE} with tags {@code store} (a name the application gives, such as
 * {@code jdbc} or {@code redis}), {@code operation} (the method: {@code create},
 * {@code findById}, {@code replace}, {@code delete}, {@code touch}, {@code deleteUnusedSince},
 * {@code count}, {@code list}) and {@code outcome} ({@code success}, {@code duplicate} for a
 * create that found the id taken, {@code unavailable} for
 * {@link ClientRegistryUnavailableException}, {@code error} for any other exception). Every
 * result and exception passes through unchanged.
 */
public final class MeteredClientRegistry implements ClientRegistry {

    private final ClientRegistry delegate;
    private final MeterRegistry meters;
    private final String store;
    /** Timers by operation and outcome, looked up once: a store call should not pay a registry lookup. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * Wraps {@code delegate}, recording into {@code meters} under the tag {@code store}.
     *
     * @throws IllegalArgumentException if {@code store} is blank
     */
    public MeteredClientRegistry(ClientRegistry delegate, MeterRegistry meters, String store) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.store = Objects.requireNonNull(store, "store");
        if (store.isBlank()) {
            throw new IllegalArgumentException("store name must not be blank");
        }
    }

    @Override
    public void create(RegisteredClient client) {
        timed("create", () -> {
            delegate.create(client);
            return null;
        });
    }

    /** The wrapped registry's answer: wrapping it changes nothing about what it can do. */
    @Override
    public boolean takesPermitsOf(RegistrationRateLimiter limiter) {
        return delegate.takesPermitsOf(limiter);
    }

    /** Timed as {@code create}; a refused attempt, which stores nothing, counts as {@code success} of the call. */
    @Override
    public RateLimitDecision createWithPermit(RegisteredClient client, RegistrationRateLimiter limiter, String key) {
        return timed("create", () -> delegate.createWithPermit(client, limiter, key));
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        return timed("findById", () -> delegate.findById(clientId));
    }

    @Override
    public boolean replace(RegisteredClient client, long expectedVersion) {
        return timed("replace", () -> delegate.replace(client, expectedVersion));
    }

    @Override
    public boolean delete(String clientId) {
        return timed("delete", () -> delegate.delete(clientId));
    }

    @Override
    public void touch(String clientId, Instant when) {
        timed("touch", () -> {
            delegate.touch(clientId, when);
            return null;
        });
    }

    @Override
    public int deleteUnusedSince(Instant cutoff, int limit) {
        return timed("deleteUnusedSince", () -> delegate.deleteUnusedSince(cutoff, limit));
    }

    @Override
    public long count() {
        return timed("count", delegate::count);
    }

    @Override
    public ClientPage list(ClientQuery query) {
        return timed("list", () -> delegate.list(query));
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = meters.config().clock().monotonicTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } catch (DuplicateClientException e) {
            outcome = "duplicate";
            throw e;
        } catch (ClientRegistryUnavailableException e) {
            outcome = "unavailable";
            throw e;
        } finally {
            timer(operation, outcome).record(meters.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + ' ' + outcome, key -> Timer.builder(MeterNames.STORE)
                .description("Client registry operations")
                .tag(MeterNames.STORE_TAG, store)
                .tag(MeterNames.OPERATION, operation)
                .tag(MeterNames.OUTCOME, outcome)
                .register(meters));
    }

    @Override
    public String toString() {
        return "MeteredClientRegistry{store=" + store + ", " + delegate + "}";
    }
}
