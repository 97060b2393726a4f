package dev.mcpoauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.DuplicateClientException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import dev.mcpoauth.tests.TestClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
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

    @Test
    @DisplayName("passes on the wrapped registry's permit-taking create, timed as create")
    void permitInTheWrite() {
        InMemoryClientRegistry clients = new InMemoryClientRegistry();
        RegistrationRateLimiter limiter = new InMemoryRegistrationRateLimiter(RateLimit.parse("1/1h"));
        // a registry that takes this limiter's permits in its create, as the Redis store does its own
        ClientRegistry permitTaking = (ClientRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClientRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "takesPermitsOf" -> args[0] == limiter;
                    case "createWithPermit" -> {
                        RateLimitDecision decision = limiter.tryAcquire((String) args[2]);
                        if (decision.allowed()) {
                            clients.create((RegisteredClient) args[0]);
                        }
                        yield decision;
                    }
                    default -> method.invoke(clients, args);
                });
        MeteredClientRegistry metered = new MeteredClientRegistry(permitTaking, meters, "memory");
        RegisteredClient first = TestClients.publicClient().build();
        RegisteredClient second = TestClients.publicClient().build();

        assertThat(metered.takesPermitsOf(limiter)).isTrue();
        assertThat(metered.takesPermitsOf(new InMemoryRegistrationRateLimiter(RateLimit.parse("1/1h")))).isFalse();
        assertThat(metered.createWithPermit(first, limiter, "address:192.0.2.1").allowed()).isTrue();
        assertThat(metered.createWithPermit(second, limiter, "address:192.0.2.1").allowed()).isFalse();

        assertThat(clients.findById(first.clientId())).isPresent();
        assertThat(clients.findById(second.clientId())).isEmpty();
        assertThat(timed("create", "success")).isEqualTo(2);
        assertThat(new MeteredClientRegistry(clients, meters, "memory").takesPermitsOf(limiter)).isFalse();
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
