package dev.mcpoauth.spring.boot;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background job on a thread of its own, tied to the application context: it starts when the
 * context starts and stops, waiting a bounded time for a run in progress, when the context stops
 * (before the store's connections are closed). A run that throws is logged; the next one still
 * comes.
 */
final class PeriodicTask implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private final Runnable task;
    private volatile ScheduledExecutorService executor;

    /**
     * @param name the thread's name, also in log lines
     * @param initialDelay the time from the start to the first run
     * @param interval the time from the end of one run to the start of the next; positive
     */
    PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable task) {
        this.name = Objects.requireNonNull(name, "name");
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.task = Objects.requireNonNull(task, "task");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, not " + interval);
        }
    }

    Duration interval() {
        return interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::runOnce, Math.max(0, initialDelay.toMillis()),
                Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
        executor = started;
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the run failed: {}: {}", name, e.getClass().getSimpleName(), e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: a run did not finish within {} of the stop", name, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public String toString() {
        return "PeriodicTask{" + name + " every " + interval + "}";
    }
}
