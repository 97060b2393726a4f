package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background task of {@code registration.reap-unused-after} (DESIGN §10): every
 * {@code registration.reap-interval}, deletes the clients whose last use (or issue, if never
 * used) is older than the cutoff, in batches of {@value #BATCH} and at most {@value #MAX_BATCHES}
 * batches per run, and logs one INFO line with the count. It also runs the rate limiter's
 * housekeeping when the store needs it (expired rows of the JDBC limiter). A failed run is
 * logged and the next one tries again; {@link #close()} stops it and waits for a run in progress.
 */
final class Reaper implements AutoCloseable {

    static final int BATCH = 500;
    static final int MAX_BATCHES = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    private final ClientRegistry registry;
    private final Duration unusedAfter;
    private final Clock clock;
    private final Optional<Runnable> housekeeping;
    private final ScheduledExecutorService executor;

    private Reaper(ClientRegistry registry, Duration unusedAfter, Duration interval, Clock clock,
            Optional<Runnable> housekeeping) {
        this.registry = registry;
        this.unusedAfter = unusedAfter;
        this.clock = clock;
        this.housekeeping = housekeeping;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mcp-oauth-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts reaping when {@code unusedAfter} is positive or there is housekeeping to do; empty
     * when there is nothing to schedule.
     */
    static Optional<Reaper> start(ClientRegistry registry, Duration unusedAfter, Duration interval, Clock clock,
            Optional<Runnable> housekeeping) {
        Objects.requireNonNull(registry, "registry");
        if (unusedAfter.isZero() && housekeeping.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reaper(registry, unusedAfter, interval, clock, housekeeping));
    }

    /** One run: reap in bounded batches, log the count, then housekeeping. Never throws. */
    void runOnce() {
        if (!unusedAfter.isZero()) {
            Instant cutoff = clock.instant().minus(unusedAfter);
            int deleted = 0;
            try {
                for (int batch = 0; batch < MAX_BATCHES && !Thread.currentThread().isInterrupted(); batch++) {
                    int removed = registry.deleteUnusedSince(cutoff, BATCH);
                    deleted += removed;
                    if (removed < BATCH) {
                        break;
                    }
                }
                LOG.info("reaping: deleted {} clients unused since {}", deleted, cutoff);
            } catch (RuntimeException e) {
                LOG.warn("reaping: failed after deleting {} clients unused since {}: {}: {}", deleted, cutoff,
                        e.getClass().getSimpleName(), e.getMessage());
            }
        }
        housekeeping.ifPresent(task -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("reaping: rate limiter housekeeping failed: {}: {}", e.getClass().getSimpleName(),
                        e.getMessage());
            }
        });
    }

    /** Stops the schedule and waits a bounded time for a run in progress. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("reaping: a run did not finish within {} of the stop", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
