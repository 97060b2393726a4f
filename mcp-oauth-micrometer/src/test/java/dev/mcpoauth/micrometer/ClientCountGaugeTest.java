package dev.mcpoauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.tests.TestClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClientCountGauge")
class ClientCountGaugeTest {

    @Test
    @DisplayName("shows the count of the last refresh, not a count taken on scrape")
    void showsLastCount() {
        InMemoryClientRegistry registry = new InMemoryClientRegistry();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.create(TestClients.publicClient().build());
        try (ClientCountGauge gauge = ClientCountGauge.register(registry, meters)) {
            assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).as("before the first count").isNaN();
            gauge.refresh();
            assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).isEqualTo(1);

            registry.create(TestClients.publicClient().build());
            assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).as("until the next refresh").isEqualTo(1);

            gauge.refresh();
            assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("started, counts on its own thread right away")
    void countsInTheBackground() {
        InMemoryClientRegistry registry = new InMemoryClientRegistry();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.create(TestClients.publicClient().build());
        ClientCountGauge gauge = ClientCountGauge.start(registry, meters, Duration.ofDays(1));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Double.isNaN(meters.get(MeterNames.CLIENTS).gauge().value()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).isEqualTo(1);
        } finally {
            gauge.close();
        }
    }
}
