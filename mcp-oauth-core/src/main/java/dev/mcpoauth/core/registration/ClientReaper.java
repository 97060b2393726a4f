package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.event.ClientsReaped;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deletes abandoned clients (DESIGN §10, reaping): those whose last use — or, if never used,
 * whose issue time — is before a cutoff, through {@link ClientRegistry#deleteUnusedSince}, in
 * batches of a bounded size and at most a bounded number of batches per call, so one call never
 * holds the store for long. A schedule, an admin API and a command line share it. Thread-safe.
 *
 * <p>Each call publishes one {@link ClientsReaped} event with the count, also when it is zero.
 * When the store fails part-way, the clients already deleted are still published as a
 * {@link ClientsReaped} (when there are any, so counters stay true to what the store lost),
 * followed by a {@link StoreFailed} with operation {@code reap}, and the failure is thrown. A
 * listener that throws is logged and skipped; it never fails the reaping.
 */
public final class ClientReaper {

    /** Clients deleted per store call unless the builder says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Store calls per reaping unless the builder says otherwise: at most 50,000 clients per call. */
    public static final int DEFAULT_MAX_BATCHES = 100;

    private final ClientRegistry registry;
    private final Clock clock;
    private final EventPublisher events;
    private final int batchSize;
    private final int maxBatches;

    private ClientReaper(Builder b) {
        this.registry = b.registry;
        this.clock = b.clock;
        this.events = new EventPublisher(b.listeners);
        this.batchSize = b.batchSize;
        this.maxBatches = b.maxBatches;
    }

    /**
     * A builder for a reaper over {@code registry}; defaults: system clock, no listeners,
     * {@value #DEFAULT_BATCH_SIZE} clients per batch, {@value #DEFAULT_MAX_BATCHES} batches per call.
     */
    public static Builder builder(ClientRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Deletes the clients unused for {@code unusedFor}, counted back from the clock's now.
     *
     * @param unusedFor a positive duration
     * @return what was done
     * @throws IllegalArgumentException when {@code unusedFor} is zero or negative
     * @throws ClientRegistryException when the store fails ({@link ClientRegistryUnavailableException}
     *     when it cannot be reached); its message says how many clients were deleted before
     */
    public Reaping reap(Duration unusedFor) {
        Objects.requireNonNull(unusedFor, "unusedFor");
        requireArgument(!unusedFor.isNegative() && !unusedFor.isZero(), "unusedFor must be positive: %s", unusedFor);
        return reapUnusedSince(clock.instant().minus(unusedFor));
    }

    /**
     * Deletes the clients whose last activity is before {@code cutoff}, in batches, until a batch
     * comes back short, the batch limit is reached or the thread is interrupted (its interrupt
     * status is kept).
     *
     * @return what was done; {@link Reaping#complete()} is false when clients may remain
     * @throws ClientRegistryException when the store fails ({@link ClientRegistryUnavailableException}
     *     when it cannot be reached); its message says how many clients were deleted before
     */
    public Reaping reapUnusedSince(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int deleted = 0;
        boolean complete = false;
        try {
            for (int batch = 0; batch < maxBatches && !Thread.currentThread().isInterrupted(); batch++) {
                int removed = registry.deleteUnusedSince(cutoff, batchSize);
                deleted += removed;
                if (removed < batchSize) {
                    complete = true;
                    break;
                }
            }
        } catch (RuntimeException e) {
            if (deleted > 0) {
                events.publish(new ClientsReaped(clock.instant(), cutoff, deleted));
            }
            if (e instanceof ClientRegistryException failure) {
                boolean unavailable = failure instanceof ClientRegistryUnavailableException;
                events.publish(new StoreFailed(clock.instant(), "reap", unavailable));
                String message = "reaping clients unused since " + cutoff + " stopped after deleting " + deleted;
                throw unavailable ? new ClientRegistryUnavailableException(message, failure)
                        : new ClientRegistryException(message, failure);
            }
            throw e;
        }
        events.publish(new ClientsReaped(clock.instant(), cutoff, deleted));
        return new Reaping(cutoff, deleted, complete);
    }

    /**
     * What one reaping did.
     *
     * @param cutoff clients whose last activity was before this were candidates
     * @param count how many were deleted
     * @param complete false when the batch limit was reached or the thread was interrupted, so
     *     candidates may remain for the next call
     */
    public record Reaping(Instant cutoff, int count, boolean complete) {

        /** Checks the cutoff is present and the count is not negative. */
        public Reaping {
            Objects.requireNonNull(cutoff, "cutoff");
            requireArgument(count >= 0, "count must be >= 0: %s", count);
        }
    }

    /** Configures a {@link ClientReaper}; every setter checks its argument. */
    public static final class Builder {
        private final ClientRegistry registry;
        private Clock clock = Clock.systemUTC();
        private List<RegistrationEventListener> listeners = List.of();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxBatches = DEFAULT_MAX_BATCHES;

        private Builder(ClientRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The clock a {@link ClientReaper#reap(Duration) duration} counts back from. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The listeners told of each reaping ({@link ClientsReaped}, {@link StoreFailed}); none by default. */
        public Builder listeners(List<RegistrationEventListener> listeners) {
            this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
            return this;
        }

        /** Clients deleted per store call, at least 1; default {@value ClientReaper#DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            requireArgument(batchSize >= 1, "batchSize must be >= 1: %s", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Store calls per reaping, at least 1; default {@value ClientReaper#DEFAULT_MAX_BATCHES}. */
        public Builder maxBatches(int maxBatches) {
            requireArgument(maxBatches >= 1, "maxBatches must be >= 1: %s", maxBatches);
            this.maxBatches = maxBatches;
            return this;
        }

        public ClientReaper build() {
            return new ClientReaper(this);
        }
    }
}
