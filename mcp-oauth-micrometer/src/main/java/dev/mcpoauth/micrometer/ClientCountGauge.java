package dev.mcpoauth.micrometer;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value MeterNames#CLIENTS} gauge: how many clients the registry holds, counted on a
 * background thread every interval, so a scrape never waits on the store (a count can be a full
 * scan). The gauge shows the last count that succeeded, {@code NaN} before the first; a failed
 * count is logged at WARN and the previous value stays. Close it to stop the thread.
 */
public final class ClientCountGauge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCountGauge.class);

    private final ClientRegistry registry;
    private final AtomicLong count = new AtomicLong(-1);
    private volatile ScheduledExecutorService scheduler;

    private ClientCountGauge(ClientRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        Gauge.builder(MeterNames.CLIENTS, count, c -> c.get() < 0 ? Double.NaN : c.get())
                .description("Clients stored in the registry, counted in the background")
                .register(meters);
    }

    /**
     * Registers the gauge without a thread: it shows what the last {@link #refresh()} counted,
     * for callers that schedule the counts themselves.
     */
    public static ClientCountGauge register(ClientRegistry registry, MeterRegistry meters) {
        return new ClientCountGauge(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(meters, "meters"));
    }

    /**
     * Registers the gauge and starts counting now and then every {@code interval}.
     *
     * @throws IllegalArgumentException if the interval is not positive
     */
    public static ClientCountGauge start(ClientRegistry registry, MeterRegistry meters, Duration interval) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        ClientCountGauge gauge = register(registry, meters);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mcp-oauth-client-count");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(gauge::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        gauge.scheduler = scheduler;
        return gauge;
    }

    /** Counts now, on the caller's thread; the scheduled counts call this too. */
    public void refresh() {
        try {
            count.set(registry.count());
        } catch (ClientRegistryException e) {
            LOG.warn("counting the stored clients for the {} gauge failed: {}", MeterNames.CLIENTS, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("counting the stored clients for the {} gauge failed", MeterNames.CLIENTS, e);
        }
    }

    /** Stops the background counts, if any. */
    @Override
    public void close() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
        }
    }
}
