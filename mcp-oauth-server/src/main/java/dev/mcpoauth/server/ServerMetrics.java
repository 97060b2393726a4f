package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.micrometer.ClientCountGauge;
import dev.mcpoauth.micrometer.MeteredClientRegistry;
import dev.mcpoauth.micrometer.MicrometerEventListener;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;

/**
 * The server's meters when {@code metrics.enabled} is on: a Prometheus registry with the JVM,
 * process and Jetty meters, the registry's event counters, store timers and the client gauge.
 */
final class ServerMetrics implements AutoCloseable {

    /** How often the client gauge counts the store. */
    static final Duration CLIENT_COUNT_INTERVAL = Duration.ofSeconds(60);

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private ClientCountGauge clients;

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(meters);
        gc.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    PrometheusMeterRegistry registry() {
        return meters;
    }

    MicrometerEventListener listener() {
        return new MicrometerEventListener(meters);
    }

    /** The store, timed, with the client gauge counting it in the background. */
    ClientRegistry meter(ClientRegistry store, String storeName) {
        clients = ClientCountGauge.start(store, meters, CLIENT_COUNT_INTERVAL);
        return new MeteredClientRegistry(store, meters, storeName);
    }

    void bindJetty(Server jetty) {
        new JettyServerThreadPoolMetrics(jetty.getThreadPool(), List.of()).bindTo(meters);
        JettyConnectionMetrics.addToAllConnectors(jetty, meters);
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
        gc.close();
        meters.close();
    }
}
