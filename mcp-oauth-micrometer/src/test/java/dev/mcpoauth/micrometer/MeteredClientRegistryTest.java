package dev.mcpoauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.DuplicateClientException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import dev.mcpoauth.tests.TestClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("MeteredClientRegistry")
class MeteredClientRegistryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MeteredClientRegistry registry = new MeteredClientRegistry(new InMemoryClientRegistry(), meters, "memory");

    private long timed(String operation, String outcome) {
        return meters.get(MeterNames.STORE).tags("store", "memory", "operation", operation, "outcome", outcome)
                .timer().count();
    }

    @Test
    @DisplayName("times each operation under store, operation and outcome")
    void timesOperations() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        registry.findById(client.clientId());
        registry.findById(client.clientId());
        registry.touch(client.clientId(), TestClients.now());
        registry.count();
        registry.list(ClientQuery.builder().build());
        assertThatThrownBy(() -> registry.create(client)).isInstanceOf(DuplicateClientException.class);
        registry.delete(client.clientId());

        assertThat(timed("create", "success")).isEqualTo(1);
        assertThat(timed("create", "duplicate")).isEqualTo(1);
        assertThat(timed("findById", "success")).isEqualTo(2);
        assertThat(timed("touch", "success")).isEqualTo(1);
        assertThat(timed("count", "success")).isEqualTo(1);
        assertThat(timed("list", "success")).isEqualTo(1);
        assertThat(timed("delete", "success")).isEqualTo(1);
    }

    @Test
    @DisplayName("passes a misuse exception through and counts it as an error")
    void errors() {
        assertThatThrownBy(() -> registry.deleteUnusedSince(TestClients.now(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(timed("deleteUnusedSince", "error")).isEqualTo(1);
    }

    @Nested
    @DisplayName("passes the registry contract, wrapping the in-memory registry")
    class Contract extends ClientRegistryContract {
        private final ClientRegistry contracted = new MeteredClientRegistry(new InMemoryClientRegistry(),
                new SimpleMeterRegistry(), "memory");

        @Override
        protected ClientRegistry registry() {
            return contracted;
        }
    }
}
