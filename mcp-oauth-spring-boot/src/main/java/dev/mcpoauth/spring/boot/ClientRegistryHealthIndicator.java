package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registry.ClientRegistry;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of the client store: up when the store answers a count, down with the failure's
 * class name (never its message, which may carry a URL or a credential) when it does not.
 */
public class ClientRegistryHealthIndicator implements HealthIndicator {

    private final ClientRegistry registry;

    /** Reports on {@code registry}. */
    public ClientRegistryHealthIndicator(ClientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** {@code UP} when the store answers a count, {@code DOWN} otherwise; never throws. */
    @Override
    public Health health() {
        String store = registry.getClass().getSimpleName();
        try {
            registry.count();
            return Health.up().withDetail("store", store).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("store", store).withDetail("error", e.getClass().getName()).build();
        }
    }
}
