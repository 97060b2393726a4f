package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registry.ClientRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The store's health contributor ({@code mcpOAuth}) when Actuator's health support is on the class
 * path; {@code management.health.mcp-oauth.enabled=false} turns it off.
 */
@AutoConfiguration(after = McpOAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ClientRegistry.class)
@ConditionalOnEnabledHealthIndicator("mcp-oauth")
public class McpOAuthHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mcpOAuthHealthIndicator")
    ClientRegistryHealthIndicator mcpOAuthHealthIndicator(ClientRegistry registry) {
        return new ClientRegistryHealthIndicator(registry);
    }
}
