package dev.mcpoauth.server;

import dev.mcpoauth.core.registration.ClientReaper;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background task of {@code registration.reap-unused-after} (DESIGN §10): every
 * {@code registration.reap-interval}, runs the core's {@link ClientReaper} (bounded batches, one
 * {@code ClientsReaped} event to the server's listeners, so the count shows in {@code /metrics})
 * and logs one INFO line with the count. It also runs the rate limiter's housekeeping when the
 * store needs it (expired rows of the JDBC limiter). A failed run is logged and the next one tries
 * again; {@link #close()} stops it and waits for a run in progress.
 */
final class Reaper implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    private final Optional<ClientReaper> reaper;
    private final Duration unusedAfter;
    private final Optional<Runnable> housekeeping;
    private final ScheduledExecutorService executor;

    private Reaper(Optional<ClientReaper> reaper, Duration unusedAfter, Duration interval,
            Optional<Runnable> housekeeping) {
        this.reaper = reaper;
        this.unusedAfter = unusedAfter;
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
     * Starts reaping with {@code reaper} when {@code unusedAfter} is positive, or the schedule for
     * {@code housekeeping} alone; empty when there is nothing to schedule.
     */
    static Optional<Reaper> start(ClientReaper reaper, Duration unusedAfter, Duration interval,
            Optional<Runnable> housekeeping) {
        Objects.requireNonNull(reaper, "reaper");
        if (unusedAfter.isZero() && housekeeping.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reaper(unusedAfter.isZero() ? Optional.empty() : Optional.of(reaper), unusedAfter,
                interval, housekeeping));
    }

    /** One run: reap, log the count, then housekeeping. Never throws. */
    void runOnce() {
        reaper.ifPresent(clients -> {
            try {
                ClientReaper.Reaping reaping = clients.reap(unusedAfter);
                LOG.info("reaping: deleted {} clients unused since {}{}", reaping.count(), reaping.cutoff(),
                        reaping.complete() ? "" : ", more left for the next run");
            } catch (RuntimeException e) {
                LOG.warn("reaping: failed, the next run tries again: {}: {}{}", e.getClass().getSimpleName(),
                        e.getMessage(), e.getCause() == null ? "" : " <- " + e.getCause().getMessage());
            }
        });
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
