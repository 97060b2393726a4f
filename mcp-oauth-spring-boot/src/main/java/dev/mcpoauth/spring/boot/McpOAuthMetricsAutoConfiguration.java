package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.micrometer.ClientCountGauge;
import dev.mcpoauth.micrometer.MeteredClientRegistry;
import dev.mcpoauth.micrometer.MicrometerEventListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mcp.oauth.*} meters (DESIGN §11, {@code docs/operations.md}) when Micrometer and
 * {@code mcp-oauth-micrometer} are on the class path and the application has a
 * {@link MeterRegistry} bean (Spring Boot Actuator provides one): registration, management and
 * CIMD outcome counters from a {@link MicrometerEventListener} bean, timers of the store calls the
 * registration endpoint and the client directory make, and the {@code mcp.oauth.clients} gauge,
 * counted every minute on a background thread that starts and stops with the context.
 * {@code mcp.oauth.metrics.enabled=false} turns it off.
 */
@AutoConfiguration(after = McpOAuthAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MicrometerEventListener.class})
@ConditionalOnBean({MeterRegistry.class, ClientRegistry.class})
@ConditionalOnBooleanProperty(name = "mcp.oauth.metrics.enabled", matchIfMissing = true)
public class McpOAuthMetricsAutoConfiguration {

    /** How often the client gauge counts the store, as in the standalone server. */
    static final Duration CLIENT_COUNT_INTERVAL = Duration.ofSeconds(60);

    /** Bean name of the background task that refreshes the client gauge. */
    public static final String CLIENT_COUNT_REFRESH = "mcpOAuthClientCountRefresh";

    @Bean
    @ConditionalOnMissingBean
    MicrometerEventListener mcpOAuthMicrometerEventListener(MeterRegistry meters) {
        return new MicrometerEventListener(meters);
    }

    @Bean
    ClientRegistryDecorator mcpOAuthMeteredClientRegistry(MeterRegistry meters) {
        return registry -> registry instanceof MeteredClientRegistry ? registry
                : new MeteredClientRegistry(registry, meters, storeTag(registry));
    }

    /** The {@code store} tag: the {@code mcp.oauth.store} value of our stores, the class name of another. */
    static String storeTag(ClientRegistry registry) {
        return switch (registry.getClass().getName()) {
            case "dev.mcpoauth.store.jdbc.JdbcClientRegistry" -> "jdbc";
            case "dev.mcpoauth.store.redis.RedisClientRegistry" -> "redis";
            case "dev.mcpoauth.core.registry.InMemoryClientRegistry" -> "memory";
            default -> registry.getClass().getSimpleName().isEmpty() ? "custom" : registry.getClass().getSimpleName();
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ClientCountGauge mcpOAuthClientCountGauge(ClientRegistry registry, MeterRegistry meters) {
        return ClientCountGauge.register(registry, meters);
    }

    @Bean(CLIENT_COUNT_REFRESH)
    @ConditionalOnMissingBean(name = CLIENT_COUNT_REFRESH)
    PeriodicTask mcpOAuthClientCountRefresh(ClientCountGauge gauge) {
        return new PeriodicTask("mcp-oauth-client-count", Duration.ZERO, CLIENT_COUNT_INTERVAL, gauge::refresh);
    }
}
